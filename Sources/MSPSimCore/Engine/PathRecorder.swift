/// Keeps one row per path of the uncertain inputs and the outputs the sensitivity
/// analysis ranks them against (per model: NPV of EBITDA, last-year revenue).
/// Rows are written by path index, so workers never touch the same memory.
/// Memory: paths x (inputs + 2 x models) doubles (8 bytes each).
public final class PathRecorder: @unchecked Sendable {
  public let inputs: [UncertainInput]
  public let modelCount: Int
  public let paths: Int
  public let width: Int
  // Each path's row is written by exactly one worker and read only after the run.
  let storage: UnsafeMutablePointer<Double>

  /// Columns after the sensitivity's: each model's summary values, then each pair's
  /// NPV difference (and value difference with `valuation:`), for `--per-path`
  /// (docs/outputs.md, "Per-path export"); 0 without it.
  public let summaryWidth: Int

  public init(plan: ScenarioPlan, capacity: Int, summaries: Bool = false) {
    inputs = plan.uncertainInputs
    modelCount = plan.models.count
    paths = capacity
    summaryWidth = summaries ? Self.summaryWidth(plan) : 0
    width = inputs.count + 2 * modelCount + summaryWidth
    storage = .allocate(capacity: Swift.max(1, paths * width))
    storage.initialize(repeating: 0, count: Swift.max(1, paths * width))
  }

  deinit { storage.deallocate() }

  /// Bytes this recorder holds for `paths` paths of `plan`.
  public static func bytes(plan: ScenarioPlan, paths: Int, summaries: Bool = false) -> Int {
    paths * (plan.uncertainInputs.count + 2 * plan.models.count + (summaries ? summaryWidth(plan) : 0)) * 8
  }

  /// The summary columns of `--per-path`: every model's summary, then per pair the
  /// NPV difference and, with `valuation:`, the value difference.
  static func summaryWidth(_ plan: ScenarioPlan) -> Int {
    plan.models.reduce(0) { $0 + $1.layout.summaryCount } + plan.pairs.count * (plan.hasValuation ? 2 : 1)
  }

  /// Stores path `path`'s row (`width` values: the inputs in `inputs` order, then
  /// per model its NPV of EBITDA and last-year revenue). Paths beyond the capacity
  /// are not kept.
  func record(path: Int, row: borrowing Column<Double>) {
    guard path < paths else { return }
    let base = path * width
    for j in 0..<width {
      checkIndex(base + j, paths * width)
      storage[base + j] = row[j]
    }
  }

  /// Path `path`'s value in column `j`.
  func value(path: Int, column j: Int) -> Double {
    checkIndex(j, width)
    checkIndex(path * width + j, paths * width)
    return storage[path * width + j]
  }

  /// Column `j` over paths 0..<n.
  public func column(_ j: Int, paths n: Int) -> [Double] {
    checkIndex(j, width)
    return (0..<Swift.min(n, paths)).map { path in
      checkIndex(path * width + j, paths * width)
      return storage[path * width + j]
    }
  }
}

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

  public init(plan: ScenarioPlan, capacity: Int) {
    inputs = plan.uncertainInputs
    modelCount = plan.models.count
    paths = capacity
    width = inputs.count + 2 * modelCount
    storage = .allocate(capacity: Swift.max(1, paths * width))
    storage.initialize(repeating: 0, count: Swift.max(1, paths * width))
  }

  deinit { storage.deallocate() }

  /// Bytes this recorder holds for `paths` paths of `plan`.
  public static func bytes(plan: ScenarioPlan, paths: Int) -> Int {
    paths * (plan.uncertainInputs.count + 2 * plan.models.count) * 8
  }

  func record(path: Int, worker: PathWorker) {
    guard path < paths else { return }
    let row = path * width
    func set(_ j: Int, _ x: Double) {
      checkIndex(j, width)
      checkIndex(row + j, paths * width)
      storage[row + j] = x
    }
    for (j, input) in inputs.enumerated() {
      set(j, input.model.map { worker.sims[$0].sim.value[input.index] } ?? worker.marketValues[input.index])
    }
    for (m, slot) in worker.sims.enumerated() {
      let T = slot.sim.months
      var lastYear = 0.0
      let base = slot.sim.plan.layout.revenueTotal * T
      for t in (T - 12)..<T { lastYear += slot.sim.out[base + t] }
      set(inputs.count + 2 * m, slot.sim.summary[MetricLayout.summaryNPV])
      set(inputs.count + 2 * m + 1, lastYear)
    }
  }

  /// Column `j` over paths 0..<n.
  public func column(_ j: Int, paths n: Int) -> [Double] {
    checkIndex(j, width)
    return (0..<Swift.min(n, paths)).map { storage[$0 * width + j] }
  }
}

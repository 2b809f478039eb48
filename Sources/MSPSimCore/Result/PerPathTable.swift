/// `--per-path FILE.csv` (docs/outputs.md, "Per-path export"): one row per path, in
/// path order, of every uncertain input and every summary output, for users who do
/// their own analysis (what @RISK users export) and to check the draws from outside.
public struct PerPathTable: Sendable {
  /// `path`, the inputs' key paths, `MODEL.<summary name>` for every model, then
  /// `BASELINE:ALTERNATIVE.npv_diff` (and `.value_diff` with `valuation:`) per pair.
  public let header: [String]
  /// Row-major, `header.count - 1` values per path (the path number is not stored).
  public let values: [Double]
  public var paths: Int { header.count > 1 ? values.count / (header.count - 1) : 0 }

  /// Estimated bytes per value written (a full-precision decimal and its comma).
  public static let bytesPerValue = 22
  /// The largest file `--per-path` writes: above it the run is refused before it starts.
  public static let maximumBytes = 1 << 30

  /// The table's columns for `plan` (without `path`).
  static func columns(_ plan: ScenarioPlan) -> [String] {
    var names = plan.uncertainInputs.map(\.keyPath)
    for m in plan.models { names += m.layout.summaryNames.map { m.name + "." + $0 } }
    for pair in plan.pairs {
      let label = plan.models[pair.baseline].name + ":" + plan.models[pair.alternative].name
      names.append(label + ".npv_diff")
      if plan.hasValuation { names.append(label + ".value_diff") }
    }
    return names
  }

  /// The recorded rows of paths 0..<paths: the inputs, then the summary columns
  /// (the sensitivity's own two columns per model are skipped).
  init(plan: ScenarioPlan, recorder: PathRecorder, paths: Int) {
    let columns = Self.columns(plan)
    header = ["path"] + columns
    let inputs = recorder.inputs.count
    let skip = 2 * recorder.modelCount
    var values: [Double] = []
    values.reserveCapacity(paths * columns.count)
    for path in 0..<Swift.min(paths, recorder.paths) {
      for j in 0..<inputs { values.append(recorder.value(path: path, column: j)) }
      for j in 0..<recorder.summaryWidth { values.append(recorder.value(path: path, column: inputs + skip + j)) }
    }
    self.values = values
  }

  /// The CSV text: a header, then one row per path, numbered from 1.
  public func csv() -> String {
    var out = CSVFormat.row(header.map(CSVFormat.text))
    let width = header.count - 1
    for p in 0..<paths {
      var row = [String(p + 1)]
      row.reserveCapacity(width + 1)
      for j in 0..<width { row.append(CSVFormat.number(values[p * width + j])) }
      out += CSVFormat.row(row)
    }
    return out
  }
}

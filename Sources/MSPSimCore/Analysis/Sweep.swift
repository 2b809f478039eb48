import Foundation

/// One swept key and its values: `--set KEY=V1,V2,...`.
public struct SweepAxis: Sendable, Equatable {
  public var keyPath: String
  public var values: [Double]
}

/// Parameter sweeps (`mspsim sweep`): the grid of values of one or more keys, each
/// point run with the same seed (common random numbers, so differences between
/// points come from the values, not from noise).
public enum Sweep {
  public static let resultHeader = ["model", "npv_mean", "npv_p5", "npv_p50", "npv_p95", "p_beats_baseline",
                                    "revenue_last_year_p50"]

  static func usage(_ key: String, _ message: String) -> ScenarioError {
    ScenarioError([ScenarioIssue(file: "command line", line: 1, column: 1, keyPath: key, message: message)])
  }

  /// Parses `KEY=V1,V2,...`.
  public static func parseAxis(_ text: String) throws(ScenarioError) -> SweepAxis {
    guard let eq = text.firstIndex(of: "=") else {
      throw usage("--set", "'\(text)' is not KEY=V1,V2,... (e.g. models.msp2.adoption.monthly=0.005,0.01,0.02)")
    }
    let key = String(text[..<eq]).trimmingCharacters(in: .whitespaces)
    let list = text[text.index(after: eq)...].split(separator: ",", omittingEmptySubsequences: false)
    var values: [Double] = []
    for item in list {
      guard let v = YAMLReader.parseNumber(String(item)), v.isFinite else {
        throw usage(key, "'\(item)' is not a finite number (allowed: a comma-separated list of numbers)")
      }
      values.append(v)
    }
    guard !key.isEmpty, !values.isEmpty else { throw usage("--set", "'\(text)' is not KEY=V1,V2,...") }
    return SweepAxis(keyPath: key, values: values)
  }

  /// Every point of the grid, first axis slowest.
  static func grid(_ axes: [SweepAxis]) -> [[Double]] {
    var points: [[Double]] = [[]]
    for a in axes { points = points.flatMap { p in a.values.map { p + [$0] } } }
    return points
  }

  /// Runs every point and returns `sweep.csv` and a short text table.
  public static func run(scenario base: Scenario, axes: [SweepAxis], threads: Int,
                         progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> (csv: String, text: String) {
    // Validate every value before running anything (the override step checks each
    // as the loader would, including every key a market entry feeds).
    for a in axes { for v in a.values { _ = try base.applying([.value(keyPath: a.keyPath, v)]) } }
    let points = grid(axes)
    var csv = CSVFormat.row(axes.map { CSVFormat.text($0.keyPath) } + resultHeader)
    var rows: [[String]] = [axes.map(\.keyPath) + ["model", "NPV P50", "P(beats \(base.models.first?.name ?? "baseline"))", "last-year revenue P50"]]
    for (pi, point) in points.enumerated() {
      let s = try base.applying(zip(axes, point).map { .value(keyPath: $0.keyPath, $1) })
      let plan = ScenarioPlan(s)
      let engine = Engine(plan: plan, threads: threads)
      try engine.advance(to: plan.paths, scenario: s) { done in progress?(pi * plan.paths + done, points.count * plan.paths) }
      let r = engine.result
      let n = Double(Swift.max(1, r.paths))
      for (mi, m) in plan.models.enumerated() {
        let npvCell = r.layout.summary(model: mi, metric: MetricLayout.summaryNPV)
        let q = r.sketches[npvCell].quantiles([0.05, 0.5, 0.95])
        let rev = r.sketches[r.layout.annual(model: mi, metric: m.layout.revenueTotal, year: plan.years)].quantile(0.5)
        var pBeats = ""
        if mi > 0, let pairIndex = plan.pairs.firstIndex(where: { $0.baseline == 0 && $0.alternative == mi }) {
          pBeats = CSVFormat.number(Double(r.pairs[pairIndex].better) / n)
        }
        csv += CSVFormat.row(point.map(CSVFormat.number) + [CSVFormat.text(m.name), CSVFormat.number(r.moments[npvCell].mean),
                             CSVFormat.number(q[0]), CSVFormat.number(q[1]), CSVFormat.number(q[2]), pBeats, CSVFormat.number(rev)])
        rows.append(point.map(CSVFormat.number) + [m.name, TerminalSummary.money(q[1]),
                    pBeats.isEmpty ? "-" : String(format: "%.1f %%", (Double(pBeats) ?? 0) * 100), TerminalSummary.money(rev)])
      }
    }
    let widths = (0..<rows[0].count).map { c in rows.map { $0[c].count }.max() ?? 0 }
    let text = rows.map { r in "  " + r.enumerated().map { TerminalSummary.pad($1, widths[$0], left: $0 == axes.count) }.joined(separator: "  ") }
      .joined(separator: "\n") + "\n"
    return (csv, text)
  }
}

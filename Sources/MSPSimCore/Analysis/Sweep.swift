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

  /// Sets `keyPath` to the constant `value` in the scenario.
  ///
  /// Keys: `discount_rate`, `market.NAME`, `models.MODEL.SECTION.KEY` (any key of
  /// docs/scenario-format.md's model tables, e.g. `models.msp2.adoption.monthly`).
  public static func set(_ keyPath: String, _ value: Double, in s: inout Scenario) throws(ScenarioError) {
    let parts = keyPath.split(separator: ".").map(String.init)
    if keyPath == "discount_rate" {
      guard value > -1, value <= 10 else { throw usage(keyPath, "\(plain(value)) is not a discount rate (allowed: > -1 and <= 10)") }
      s.discountRate = value
      return
    }
    if parts.first == "market", parts.count == 2 {
      guard let i = s.market.firstIndex(where: { $0.name == parts[1] }) else {
        throw usage(keyPath, "no market entry '\(parts[1])' (defined: \(s.market.map { "market." + $0.name }.joined(separator: ", ")))")
      }
      s.market[i].spec = .constant(value)
      return
    }
    guard parts.first == "models", parts.count >= 4 else {
      throw usage(keyPath, "cannot sweep '\(keyPath)' (allowed: discount_rate, market.NAME, models.MODEL.SECTION.KEY)")
    }
    guard let mi = s.models.firstIndex(where: { $0.name == parts[1] }) else {
      throw usage(keyPath, "no model '\(parts[1])' (models: \(s.models.map(\.name).joined(separator: ", ")))")
    }
    let inner = parts[2...].joined(separator: ".")
    let model = s.models[mi]
    if let id = ParameterID.allCases.first(where: { $0.keyPath == inner }) {
      if case .stream(let k) = id.section, !model.has(k) {
        throw usage(keyPath, "model '\(model.name)' has no \(k.rawValue) stream")
      }
      guard id.domain.contains(value) else { throw usage(keyPath, "\(plain(value)) is not allowed (allowed: \(id.domain.allowed))") }
      s.models[mi].parameters[id.rawValue] = .constant(value)
      s.models[mi].given.insert(id.rawValue)
      return
    }
    if let e = EventID.allCases.first(where: { $0.keyPath == inner }) {
      guard s.models[mi].events[e.rawValue] != nil else {
        throw usage(keyPath, "model '\(model.name)' has no \(e.section.path) section")
      }
      guard e.domain.contains(value) else { throw usage(keyPath, "\(plain(value)) is not allowed (allowed: \(e.domain.allowed))") }
      s.models[mi].events[e.rawValue] = .constant(value)
      return
    }
    let known = ParameterID.allCases.map(\.keyPath) + EventID.allCases.map(\.keyPath)
    var msg = "unknown key '\(inner)'"
    if let g = Suggestion.closest(to: inner, in: known) { msg += "; did you mean '\(g)'?" }
    throw usage(keyPath, msg + " (allowed: models.\(model.name).<section.key>, see docs/scenario-format.md)")
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
    // Validate every value before running anything.
    for a in axes { for v in a.values { var s = base; try set(a.keyPath, v, in: &s) } }
    let points = grid(axes)
    var csv = CSVFormat.row(axes.map { CSVFormat.text($0.keyPath) } + resultHeader)
    var rows: [[String]] = [axes.map(\.keyPath) + ["model", "NPV P50", "P(beats \(base.models.first?.name ?? "baseline"))", "last-year revenue P50"]]
    for (pi, point) in points.enumerated() {
      var s = base
      for (a, v) in zip(axes, point) { try set(a.keyPath, v, in: &s) }
      let plan = ScenarioPlan(s)
      let engine = Engine(plan: plan, threads: threads)
      try engine.advance(to: plan.paths) { done in progress?(pi * plan.paths + done, points.count * plan.paths) }
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

import Foundation

/// The short summary printed to stdout after a run (docs/reading-results.md,
/// "The terminal summary"): the answer first (value, valley, payback, cash), then per model year-1 and last-year revenue and NPV of EBITDA (P10/P50/P90)
/// and the last year's revenue mix; per model with a sales funnel its assessments,
/// closes, closes per assessment and cost per close over the horizon (P50); per pair P(alternative's NPV > baseline's) and
/// the median crossover month. Thousands separators here, never in the CSVs.
public struct TerminalSummary {
  let result: RunResult

  public init(_ result: RunResult) { self.result = result }

  /// 1234567.8 -> "1,234,568"; negative with a leading minus. Past 1e15 (beyond any
  /// MSP, but reachable by a scenario compounding growth for decades) in exponent
  /// form, "1.2e+20", so that no amount can trap the conversion to a whole number.
  public static func money(_ x: Double) -> String {
    guard x.isFinite, abs(x) < 1e15 else { return x.isNaN ? "nan" : String(format: "%.1e", x) }
    let r = Int64(x.rounded())
    let digits = String(abs(r))
    var out = ""
    for (i, ch) in digits.enumerated() {
      if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(ch)
    }
    return (r < 0 ? "-" : "") + out
  }

  static func pad(_ s: String, _ w: Int, left: Bool = false) -> String {
    let n = s.count
    if n >= w { return s }
    let fill = String(repeating: " ", count: w - n)
    return left ? s + fill : fill + s
  }

  public func text(
    outputFolder: String?, files: [String] = ["monthly.csv", "annual.csv", "summary.csv", "compare.csv", "run.json"]
  ) -> String {
    let s = result.settings
    let cur = s.currency
    var out = ""
    let title = s.scenarioName.isEmpty ? "scenario" : s.scenarioName
    out += "\(title): \(Self.money(Double(result.paths))) paths x \(result.years) years, seed \(s.seed), \(s.rng)\n\n"
    out += answer()
    let L = result.layout
    var rows: [[String]] = [["model", "measure (\(cur))", "P10", "P50", "P90"]]
    for (mi, m) in result.models.enumerated() {
      let rev = m.layout.revenueTotal
      let q1 = result.sketches[L.annual(model: mi, metric: rev, year: 1)].quantiles([0.1, 0.5, 0.9])
      let qy = result.sketches[L.annual(model: mi, metric: rev, year: result.years)].quantiles([0.1, 0.5, 0.9])
      let qn = result.sketches[L.summary(model: mi, metric: MetricLayout.summaryNPV)].quantiles([0.1, 0.5, 0.9])
      rows.append([m.name, "revenue, year 1"] + q1.map(Self.money))
      rows.append(["", "revenue, year \(result.years)"] + qy.map(Self.money))
      rows.append(["", "NPV of EBITDA"] + qn.map(Self.money))
    }
    out += table(rows, leftColumns: 2)
    let clamped = result.clampedDraws
    if !clamped.isEmpty {
      let list = clamped.map { "\($0.keyPath) \(Self.money(Double($0.count)))" }.joined(separator: ", ")
      out +=
        "\nWarning: draws outside their key's allowed range were clamped to it (count): \(list).\n"
        + "  Prefer a bounded or truncated distribution there (docs/scenario-format.md, \"Allowed values\").\n"
    }

    out += "\nRevenue mix in year \(result.years) (mean share):\n"
    for (mi, m) in result.models.enumerated() {
      let parts = m.layout.streams.enumerated().map { (k, kind) -> String in
        let share = result.moments[L.summary(model: mi, metric: MetricLayout.summaryFirstMix + k)].mean
        return "\(kind.rawValue) \(String(format: "%.1f", share * 100)) %"
      }
      out += "  \(m.name): " + parts.joined(separator: ", ") + "\n"
    }
    out += funnel()

    if !result.modelPairs.isEmpty {
      out += "\n"
      var prow: [[String]] = [["baseline", "alternative", "P(alt NPV > base)", "median crossover month"]]
      let n = Double(Swift.max(1, result.paths))
      for (pi, pair) in result.modelPairs.enumerated() {
        let c = result.pairs[pi]
        let cross =
          c.medianCrossover.map { "\($0) (in \(String(format: "%.0f", Double(c.crossed) / n * 100)) % of paths)" }
          ?? "none"
        prow.append([
          result.models[pair.baseline].name, result.models[pair.alternative].name,
          String(format: "%.1f %%", Double(c.better) / n * 100), cross,
        ])
      }
      out += table(prow, leftColumns: 2)
    }
    if let outputFolder { out += "\nResults: \(outputFolder)/ (\(files.joined(separator: ", ")))\n" }
    if let rows = result.sensitivity { out += "\n" + SensitivityTable.tornado(rows, currency: cur) }
    if let rows = result.sobol { out += "\n" + SobolTable.text(rows) }
    if case .precision(let target, let maxPaths, let converged) = result.stopping {
      let reached = zip(result.models, result.relativeStandardErrorNPV).map { m, se in
        "\(m.name) \(String(format: "%.4f", se))"
      }.joined(separator: ", ")
      out +=
        "\nConvergence: \(Self.money(Double(result.paths))) paths; relative standard error of mean NPV: \(reached) (target \(target))"
        + (converged ? "\n" : " - not reached within --max-paths \(maxPaths)\n")
    }
    return out
  }

  /// The answer first (docs/reading-results.md, "The terminal summary"): per
  /// alternative, P(worth more at the exit) and the median value difference (NPV of
  /// EBITDA without `valuation:`), the valley's depth (P50/P95) and the payback
  /// month; then, with `cash:`, each model's lowest cash and P(below the floor).
  func answer() -> String {
    let cur = result.settings.currency
    var out = ""
    let L = result.layout
    if !result.modelPairs.isEmpty {
      let valued = L.hasValuation
      let n = Double(Swift.max(1, result.paths))
      var rows: [[String]] = [
        [
          "alternative", "vs", valued ? "P(worth more at exit)" : "P(higher NPV)",
          valued ? "median value gain (\(cur))" : "median NPV gain (\(cur))",
          "valley P50 / P95 (\(cur))", "payback month (P50)",
        ]
      ]
      for (pi, pair) in result.modelPairs.enumerated() {
        let c = result.pairs[pi]
        let better = valued ? c.valueBetter : c.better
        let gainCell = L.valueDifference(pi) ?? L.pair(pi)
        let gain = result.sketches[gainCell].quantile(0.5)
        let valley = result.sketches[L.valleyDepth(pi)].quantiles([0.5, 0.95])
        let payback =
          c.medianCrossover.map { "\($0) (\(String(format: "%.0f", Double(c.crossed) / n * 100)) % of paths)" }
          ?? "none"
        rows.append([
          result.models[pair.alternative].name, result.models[pair.baseline].name,
          String(format: "%.1f %%", Double(better) / n * 100), Self.money(gain),
          "\(Self.money(valley[0])) / \(Self.money(valley[1]))", payback,
        ])
      }
      out += "The answer (same paths for every model):\n" + table(rows, leftColumns: 2)
      if !valued { out += "  (no valuation: block, so value is the NPV of EBITDA without an exit)\n" }
      out += "\n"
    }
    if L.hasCash {
      var rows: [[String]] = [["model", "lowest cash P50 (\(cur))", "P5", "P(below floor)"]]
      for (mi, m) in result.models.enumerated() {
        guard let cashRow = m.layout.summaryCashMin else { continue }
        let cell = L.summary(model: mi, metric: cashRow)
        let q = result.sketches[cell].quantiles([0.5, 0.05])
        let below = result.moments[L.summary(model: mi, metric: cashRow + 1)].mean
        rows.append([m.name, Self.money(q[0]), Self.money(q[1]), String(format: "%.1f %%", below * 100)])
      }
      out += "Cash through the horizon:\n" + table(rows, leftColumns: 1) + "\n"
    }
    return out
  }

  /// Per model with `adoption.funnel` (docs/model.md, "The sales funnel"), the
  /// medians over paths of its horizon totals: assessments started, clients closed,
  /// closes per assessment and funnel cost per close. Empty when no model has a funnel.
  func funnel() -> String {
    let L = result.layout
    var rows: [[String]] = [
      ["model", "assessments", "closes", "closes per assessment", "cost per close (\(result.settings.currency))"]
    ]
    for (mi, m) in result.models.enumerated() {
      guard let first = m.layout.summaryFirstFunnel else { continue }
      func median(_ f: FunnelSummary) -> Double {
        result.sketches[L.summary(model: mi, metric: first + f.index)].quantile(0.5)
      }
      rows.append([
        m.name, Self.money(median(.assessments)), Self.money(median(.closed)),
        String(format: "%.1f %%", median(.closeRate) * 100), Self.money(median(.costPerClose)),
      ])
    }
    guard rows.count > 1 else { return "" }
    return "\nSales funnel over the horizon (P50):\n" + table(rows, leftColumns: 1)
  }

  func table(_ rows: [[String]], leftColumns: Int) -> String {
    let cols = rows.map(\.count).max() ?? 0
    var widths = [Int](repeating: 0, count: cols)
    for r in rows { for (i, c) in r.enumerated() { widths[i] = Swift.max(widths[i], c.count) } }
    var out = ""
    for r in rows {
      let cells = r.enumerated().map { (i, c) in Self.pad(c, widths[i], left: i < leftColumns) }
      out += "  " + cells.joined(separator: "  ") + "\n"
    }
    return out
  }
}

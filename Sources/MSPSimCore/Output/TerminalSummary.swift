import Foundation

/// The short summary printed to stdout after a run (docs/reading-results.md,
/// "The terminal summary"): the answer first (value, valley, payback, cash), then per
/// model year-1 and last-year revenue and NPV of EBITDA (P10/P50/P90) and the last
/// year's revenue mix; per model with a sales funnel its assessments, closes, closes
/// per assessment and cost per close over the horizon (P50); with `valuation:`, per
/// pair the answer's figures for NPV of EBITDA alone. Thousands separators here,
/// never in the CSVs.
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

  /// A share as a percentage with one decimal, "96.3 %", rounded as a spreadsheet's
  /// `0.0%` format shows the same cell: half away from zero on the value's decimal
  /// digits (0.9625 -> 96.3 %, 0.0885 -> 8.9 %), where `%.1f` rounds the binary value
  /// (96.2 %, 8.8 %). The one percentage of the terminal, the report, the sweep's
  /// table and the charts, so the same figure never reads two ways (docs/outputs.md,
  /// "Rounding").
  /// `decimals` (0...3, default 1): "93 %" for the share of paths that pay back.
  public static func percent(_ share: Double, decimals: Int = 1) -> String {
    guard share.isFinite else { return share.isNaN ? "nan" : share > 0 ? "inf" : "-inf" }
    let d = Swift.min(Swift.max(decimals, 0), 3)
    let x = share * 100
    // The digits a person sees (a spreadsheet shows 15): 8.849999999999999 is 8.85.
    let shown = Double(String(format: "%.12g", x)) ?? x
    let scale = pow(10, Double(d))
    let units = (shown * scale).rounded(.toNearestOrAwayFromZero)
    return String(format: "%.\(d)f %%", units == 0 ? 0 : units / scale)
  }

  /// An annual rate as every output names it, "10 % a year": the rate in per cent
  /// with at most two decimals, none when they are zero (0.07 reads 7 %, not the
  /// 7.000000000000001 of 0.07 x 100; 0.125 reads 12.5 %), and thousands grouped
  /// (10 reads 1,000 %).
  public static func annualRate(_ rate: Double) -> String {
    let digits = SVGDocument.number(rate * 100)
    let sign = digits.hasPrefix("-") ? "-" : ""
    let unsigned = digits.dropFirst(sign.count)
    let whole = unsigned.prefix { $0 != "." }
    let grouped = Self.money(Double(whole) ?? 0).replacingOccurrences(of: "-", with: "")
    return sign + grouped + unsigned.dropFirst(whole.count) + " % a year"
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
    out +=
      "\(title): \(Self.money(Double(result.paths))) path\(result.paths == 1 ? "" : "s") x \(result.years) "
      + "year\(result.years == 1 ? "" : "s"), seed \(s.seed), \(s.rng), "
      + "discount rate \(Self.annualRate(s.discountRate))\n\n"
    out += answer()
    out += table(modelTable().rows, leftColumns: 2)
    let clamped = result.clampedDraws
    if !clamped.isEmpty {
      let list = clamped.map { "\($0.keyPath) \(Self.money(Double($0.count)))" }.joined(separator: ", ")
      out +=
        "\nWarning: draws outside their key's allowed range were clamped to it (count): \(list).\n"
        + "  Prefer a bounded or truncated distribution there (docs/scenario-format.md, \"Allowed values\").\n"
    }

    out += "\nRevenue mix in year \(result.years) (mean share):\n"
    for mix in mixShares() {
      let parts = mix.shares.map { "\($0.kind.rawValue) \(Self.percent($0.share))" }
      out += "  \(mix.model): " + parts.joined(separator: ", ") + "\n"
    }
    out += funnel()

    if let pairs = pairTable() { out += "\n" + pairs.title + ":\n" + table(pairs.rows, leftColumns: pairs.leftColumns) }
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
  /// alternative, P(worth more at the exit), the median and 5th percentile of the
  /// value difference (NPV of EBITDA without `valuation:`), the valley's depth
  /// (P50/P95) and the payback month, with a warning when both models of a pair lose
  /// money on most paths; then, with `cash:`, each model's lowest cash and P(below
  /// the floor).
  func answer() -> String {
    var out = ""
    if let t = answerTable() {
      out += t.title + ":\n" + table(t.rows, leftColumns: t.leftColumns)
      for line in t.note?.split(separator: "\n") ?? [] { out += "  " + line + "\n" }
      out += "\n"
    }
    if let t = cashTable() { out += t.title + ":\n" + table(t.rows, leftColumns: t.leftColumns) + "\n" }
    return out
  }

  /// The sales funnel table (`funnelTable()`) as text; empty when no model has a funnel.
  func funnel() -> String {
    guard let t = funnelTable() else { return "" }
    return "\n" + t.title + ":\n" + table(t.rows, leftColumns: t.leftColumns)
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

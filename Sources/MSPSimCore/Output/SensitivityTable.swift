import Foundation

/// `sensitivity.csv` and the text tornado of the terminal summary, from the rows of
/// `Sensitivity.analyse` (docs/outputs.md, "Files").
public enum SensitivityTable {
  public static let header = [
    "model", "output", "parameter", "spearman", "median_low_decile", "median_high_decile", "rank",
  ]

  public static func csv(_ rows: [SensitivityRow]) -> String {
    var out = CSVFormat.row(header)
    for r in rows {
      out += CSVFormat.row([
        CSVFormat.text(r.model), r.output, CSVFormat.text(r.parameter), CSVFormat.number(r.spearman),
        CSVFormat.number(r.medianLowDecile), CSVFormat.number(r.medianHighDecile), String(r.rank),
      ])
    }
    return out
  }

  /// A text tornado of the top ten inputs of each model's NPV: bar length ~ |spearman|.
  public static func tornado(_ rows: [SensitivityRow], currency: String) -> String {
    var out =
      "Sensitivity of NPV of EBITDA (Spearman rank correlation; median NPV in the input's bottom -> top decile, \(currency)):\n"
    let models = rows.map(\.model).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
    for m in models {
      out += "  \(m):\n"
      let top = rows.filter { $0.model == m && $0.output == "npv.ebitda" }.prefix(10)
      if top.isEmpty {
        out += "    (no uncertain inputs)\n"
        continue
      }
      let w = top.map(\.parameter.count).max() ?? 0
      for r in top {
        let len = Int((abs(r.spearman) * 30).rounded())
        let bar = String(repeating: r.spearman >= 0 ? "+" : "-", count: len)
        let name = r.parameter.padding(toLength: w, withPad: " ", startingAt: 0)
        let rho = String(format: "%+.2f", r.spearman)
        out +=
          "    \(name)  \(rho)  \(bar.padding(toLength: 30, withPad: " ", startingAt: 0))  \(TerminalSummary.money(r.medianLowDecile)) -> \(TerminalSummary.money(r.medianHighDecile))\n"
      }
    }
    return out
  }
}

import Foundation

/// `sobol.csv` and the terminal summary's Sobol table, from the rows of
/// `SobolAnalysis.analyse` (docs/outputs.md, "Sobol indices").
public enum SobolTable {
  public static let header = ["model", "output", "input", "s1", "s1_lo", "s1_hi", "st", "st_lo", "st_hi"]

  public static func csv(_ rows: [SobolRow]) -> String {
    var out = CSVFormat.row(header)
    for r in rows {
      let e = r.estimate
      out += CSVFormat.row(
        [CSVFormat.text(r.model), r.output, CSVFormat.text(r.input)]
          + [e.s1, e.s1Low, e.s1High, e.st, e.stLow, e.stHigh].map(CSVFormat.number))
    }
    return out
  }

  /// The outputs the summary and the chart show: each pair's difference of value
  /// (of NPV without `valuation:`), then each model's value (its NPV without
  /// `valuation:`), in the rows' order.
  static func headlineOutputs(_ rows: [SobolRow]) -> [(model: String, output: String)] {
    var seen: [(model: String, output: String)] = []
    let hasValue = rows.contains { $0.output == "value" }
    for wanted in [hasValue ? "value_diff" : "npv_diff", hasValue ? "value" : "npv.ebitda"] {
      for r in rows where r.output == wanted && !seen.contains(where: { $0 == (r.model, r.output) }) {
        seen.append((r.model, r.output))
      }
    }
    return seen
  }

  /// The top `limit` inputs of each pair's difference by total index, with intervals.
  public static func text(_ rows: [SobolRow], limit: Int = 8) -> String {
    var out = "Sobol indices (share of the variance; first order S1, total ST, 95 % bootstrap intervals):\n"
    for (model, output) in headlineOutputs(rows) where output.hasSuffix("_diff") {
      let top = rows.filter { $0.model == model && $0.output == output }.prefix(limit)
      out += "  \(model.replacingOccurrences(of: ":", with: " -> ")) \(output):\n"
      let w = Swift.max(5, top.map(\.input.count).max() ?? 0)
      for r in top {
        let e = r.estimate
        let name = r.input.padding(toLength: w, withPad: " ", startingAt: 0)
        out +=
          "    \(name)  ST \(f(e.st)) [\(f(e.stLow)), \(f(e.stHigh))]  S1 \(f(e.s1)) [\(f(e.s1Low)), \(f(e.s1High))]\n"
      }
    }
    return out
  }

  static func f(_ x: Double) -> String { String(format: "%.2f", x) }
}

import Foundation

/// The text `mspsim fit` prints (docs/fit.md, "Reading the report"): the data, the
/// table of candidates (with `--kind auto`), the chosen fit's parameters with
/// standard errors, its goodness of fit, and last the YAML value to paste into a
/// scenario, on a line of its own.
public enum FitReport {
  /// The report of one fitted kind.
  public static func text(_ column: DataColumn, single c: FitCandidate) -> String {
    var lines = header(column)
    lines.append("")
    lines += detail(c, title: c.fit.kind.rawValue)
    return lines.joined(separator: "\n") + "\n"
  }

  /// The report of `--kind auto`: every candidate ranked by AIC, then the best in detail.
  public static func text(
    _ column: DataColumn, ranked: [FitCandidate], failed: [(FitKind, String)]
  ) -> String {
    var lines = header(column)
    lines.append("")
    let table: [[String]] =
      [["kind", "k", "log L", "AIC", "dAIC", "goodness of fit"]]
      + ranked.map { c in
        [
          c.fit.kind.rawValue, String(c.fit.parameterCount), fixed(c.logLikelihood, 2), fixed(c.aic, 2),
          fixed(c.aic - (ranked.first?.aic ?? c.aic), 2), goodness(c.goodness),
        ]
      }
    lines += align(table, rightAligned: [1, 2, 3, 4])
    for (kind, why) in failed { lines.append("  (\(kind.rawValue) not fitted: \(why))") }
    if let best = ranked.first {
      lines.append("")
      lines += detail(best, title: "best by AIC: \(best.fit.kind.rawValue)")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func header(_ column: DataColumn) -> [String] {
    let s = Sample(column.values)
    let n = Double(s.count)
    let sd = s.sdML * (n / (n - 1)).squareRoot()
    var first = "\(column.file), column '\(column.name)': \(s.count) values"
    if column.blankCells > 0 {
      first += " (\(column.blankCells) blank cell\(column.blankCells == 1 ? "" : "s") skipped)"
    }
    var second =
      "  from \(FitFormat.number(s.min)) to \(FitFormat.number(s.max)), mean \(FitFormat.number(s.mean, digits: 4)), "
      + "sd \(FitFormat.number(sd, digits: 4))"
    if Fitter.isCounts(column.values) {
      second += "; whole numbers: counts (likelihood of the rounded values, chi-square test)"
    }
    return [first, second]
  }

  static func detail(_ c: FitCandidate, title: String) -> [String] {
    var lines = [title]
    let rows = c.fit.parameters.map { p in
      [
        "  " + p.name, FitFormat.number(p.value), p.standardError.map { "se " + FitFormat.number($0, digits: 3) } ?? "",
        "(\(p.errorMethod))",
      ]
    }
    lines += align(rows, rightAligned: [1])
    lines.append("  goodness of fit: " + goodness(c.goodness, long: true))
    if let note = c.fit.note { lines.append("  note: " + note) }
    lines.append("")
    lines.append("paste into a scenario:")
    lines.append("  " + c.fit.yaml)
    return lines
  }

  static func goodness(_ g: GoodnessOfFit, long: Bool = false) -> String {
    switch g {
    case .kolmogorovSmirnov(let d, let p):
      return (long ? "Kolmogorov-Smirnov " : "KS ") + "D = \(fixed(d, 4)), \(pValue(p))"
    case .chiSquare(let stat, let df, let bins, let p):
      let base = "chi-square = \(fixed(stat, 2)), df \(df)"
      let tail = p.map { ", \(pValue($0))" } ?? " (too few bins for a p-value)"
      return base + tail + (long ? ", \(bins) bins pooled to expected >= 5" : "")
    }
  }

  /// "p = 0.0691" or "p < 0.0001".
  static func pValue(_ p: Double) -> String { p < 0.0001 ? "p < 0.0001" : "p = " + fixed(p, 4) }

  static func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }

  /// Rows padded into columns (two spaces apart).
  static func align(_ rows: [[String]], rightAligned: Set<Int>) -> [String] {
    let columns = rows.map(\.count).max() ?? 0
    let widths = (0..<columns).map { j in rows.map { j < $0.count ? $0[j].count : 0 }.max() ?? 0 }
    return rows.map { row in
      row.enumerated().map { j, cell in
        let pad = String(repeating: " ", count: widths[j] - cell.count)
        return rightAligned.contains(j) ? pad + cell : cell + pad
      }.joined(separator: "  ").trimmingTrailingSpaces()
    }
  }
}

extension String {
  fileprivate func trimmingTrailingSpaces() -> String {
    var s = self
    while s.hasSuffix(" ") { s.removeLast() }
    return s
  }
}

import Foundation

/// `sweep.csv` and the sweep's text table (docs/outputs.md, "Files").
public enum SweepTable {
  public static let resultHeader = [
    "model", "npv_mean", "npv_p5", "npv_p50", "npv_p95", "p_beats_baseline",
    "revenue_last_year_p50",
  ]

  /// One row per point and model; `p_beats_baseline` empty for the baseline itself.
  public static func csv(_ r: SweepResult) -> String {
    var csv = CSVFormat.row(r.axes.map { CSVFormat.text($0.keyPath) } + resultHeader)
    for row in r.rows {
      csv += CSVFormat.row(
        row.point.map(CSVFormat.number) + [
          CSVFormat.text(row.model), CSVFormat.number(row.npvMean), CSVFormat.number(row.npvP5),
          CSVFormat.number(row.npvP50), CSVFormat.number(row.npvP95),
          row.probabilityBeatsBaseline.map(CSVFormat.number) ?? "", CSVFormat.number(row.revenueLastYearP50),
        ])
    }
    return csv
  }

  /// The aligned text table printed after a sweep.
  public static func text(_ r: SweepResult) -> String {
    let s = r.settings
    let cur = s.currency
    let title = s.scenarioName.isEmpty ? "scenario" : s.scenarioName
    var out =
      "Sweep of \(title): \(TerminalSummary.money(Double(s.paths))) path\(s.paths == 1 ? "" : "s") x \(s.years) "
      + "year\(s.years == 1 ? "" : "s") per point, seed \(s.seed), \(s.rng) (common random numbers), "
      + "discount rate \(TerminalSummary.annualRate(s.discountRate))\n"
    for (axis, replaced) in zip(r.axes, s.replaces) {
      if let replaced { out += "\(axis.keyPath): the file gives \(replaced); each point fixes it at the value shown\n" }
    }
    if s.valued {
      // The run's answer with `valuation:` is P(worth more at exit); the sweep's is NPV.
      out +=
        "P(NPV beats \(r.baseline)) compares NPV of EBITDA over the horizon, without the exit value "
        + "the run's answer counts (docs/reading-results.md, \"Sweeps\")\n"
    }
    // How well a point's probability is known: the largest of the points' binomial
    // standard errors (docs/reading-results.md, "The terminal summary").
    let largestError = r.rows.compactMap { row in
      row.probabilityBeatsBaseline.map {
        TerminalSummary.shareStandardError(Int(($0 * Double(s.paths)).rounded()), of: s.paths)
      }
    }.max()
    if let largestError {
      out +=
        "P(NPV beats \(r.baseline)) is known to ±\(String(format: "%.1f", 100 * largestError)) points or better at "
        + "each point (one standard error); the same paths at every point make differences between points "
        + "more precise than that\n"
    }
    out += "\n"
    var rows: [[String]] = [
      r.axes.map(\.keyPath) + [
        "model", "NPV P50 (\(cur))", "P(NPV beats \(r.baseline))", "last-year revenue P50 (\(cur))",
      ]
    ]
    for row in r.rows {
      // Rounded as sweep.csv prints it, so the two never disagree.
      let beats = row.probabilityBeatsBaseline.map { TerminalSummary.percent(Double(CSVFormat.number($0)) ?? 0) }
      rows.append(
        row.point.map(CSVFormat.number) + [
          row.model, TerminalSummary.money(row.npvP50), beats ?? "-",
          TerminalSummary.money(row.revenueLastYearP50),
        ])
    }
    let widths = (0..<rows[0].count).map { c in rows.map { $0[c].count }.max() ?? 0 }
    return out
      + rows.map { row in
        "  "
          + row.enumerated().map { TerminalSummary.pad($1, widths[$0], left: $0 == r.axes.count) }.joined(
            separator: "  ")
      }.joined(separator: "\n") + "\n"
  }
}

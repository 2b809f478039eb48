/// One column of `compare.csv` after the two model names (docs/outputs.md,
/// "Metric names"): its name, and for a pair of a run its value and the standard
/// error of that value. The one list the table, the terminal summary and goal
/// seek's targets all read.
public struct CompareColumn: Sendable {
  public let name: String
  /// Printed as a whole month (`crossover_month_p50`) rather than a number.
  public let isMonth: Bool
  /// A probability (`p_*`): its value lies in 0...1, shown as a percentage; `mspsim
  /// seek` refuses a target for it outside 0...1.
  public let isProbability: Bool
  /// The column is empty without `valuation:` (docs/model.md, "Exit value"): a goal
  /// seek cannot aim at it then (`ResultTarget`).
  public let needsValuation: Bool
  /// The value for pair `pair` of `result` (nil: an empty cell, e.g. no path crossed).
  public let value: @Sendable (_ result: RunResult, _ pair: Int) -> Double?
  /// Its standard error over the run's paths (nil when the value is nil).
  public let standardError: @Sendable (_ result: RunResult, _ pair: Int) -> Double?

  /// The columns in file order.
  public static let all: [CompareColumn] = [
    probability("p_npv_better") { $0.better },
    cellStatistic("npv_diff_mean", .mean) { $0.pair($1) },
    cellStatistic("npv_diff_p5", .p5) { $0.pair($1) },
    cellStatistic("npv_diff_p50", .p50) { $0.pair($1) },
    cellStatistic("npv_diff_p95", .p95) { $0.pair($1) },
    medianMonth("crossover_month_p50") { ($0.crossoverHistogram, $0.crossed) },
    probability("p_crossover") { $0.crossed },
    // Version 2 (docs/model.md, "Exit value", "The valley"): the value columns are
    // empty without `valuation:`.
    probability("p_value_better", needsValuation: true) { $0.valueBetter },
    valueDifference("value_diff_mean", .mean),
    valueDifference("value_diff_p5", .p5),
    valueDifference("value_diff_p50", .p50),
    valueDifference("value_diff_p95", .p95),
    cellStatistic("valley_depth_mean", .mean) { $0.valleyDepth($1) },
    cellStatistic("valley_depth_p50", .p50) { $0.valleyDepth($1) },
    cellStatistic("valley_depth_p95", .p95) { $0.valleyDepth($1) },
    medianMonth("valley_month_p50") { ($0.valleyHistogram, $0.valleys) },
    // The payback month is the crossover month (the same column, by its version 2 name).
    medianMonth("payback_month_p50") { ($0.crossoverHistogram, $0.crossed) },
  ]

  public static func named(_ name: String) -> CompareColumn? { all.first { $0.name == name } }

  /// The lower median of the months counted in a pair's histogram (`months` gives the
  /// histogram and how many paths it counts), exact; its standard error from the ranks.
  static func medianMonth(
    _ name: String, of months: @escaping @Sendable (PairCounts) -> (histogram: [Int], count: Int)
  ) -> CompareColumn {
    CompareColumn(
      name: name, isMonth: true, isProbability: false, needsValuation: false,
      value: { r, p in
        let m = months(r.pairs[p])
        return PairCounts.quantile(m.histogram, count: m.count, level: 0.5).map(Double.init)
      },
      standardError: { r, p in
        let m = months(r.pairs[p])
        return PairCounts.quantileStandardError(m.histogram, count: m.count, level: 0.5)
      })
  }

  /// The share of paths counted by `count`; se sqrt(p (1-p) / n) (a binomial proportion).
  static func probability(
    _ name: String, needsValuation: Bool = false, count: @escaping @Sendable (PairCounts) -> Int
  ) -> CompareColumn {
    CompareColumn(
      name: name, isMonth: false, isProbability: true, needsValuation: needsValuation,
      value: { r, p in
        guard !needsValuation || r.layout.hasValuation else { return nil }
        return Double(count(r.pairs[p])) / Double(Swift.max(1, r.paths))
      },
      standardError: { r, p in
        guard !needsValuation || r.layout.hasValuation else { return nil }
        let n = Double(Swift.max(1, r.paths))
        let q = Double(count(r.pairs[p])) / n
        return (q * (1 - q) / n).squareRoot()
      })
  }

  /// A statistic of a per-path cell of the pair (`cell` from the layout and pair index).
  static func cellStatistic(
    _ name: String, _ statistic: SummaryStatistic, cell: @escaping @Sendable (CellLayout, Int) -> Int
  ) -> CompareColumn {
    optionalCellStatistic(name, statistic) { cell($0, $1) }
  }

  /// A statistic of the pair's per-path value difference (only with `valuation:`).
  static func valueDifference(_ name: String, _ statistic: SummaryStatistic) -> CompareColumn {
    optionalCellStatistic(name, statistic, needsValuation: true) { $0.valueDifference($1) }
  }

  /// The same for a cell the run may not have (nil: an empty column).
  static func optionalCellStatistic(
    _ name: String, _ statistic: SummaryStatistic, needsValuation: Bool = false,
    cell: @escaping @Sendable (CellLayout, Int) -> Int?
  ) -> CompareColumn {
    CompareColumn(
      name: name, isMonth: false, isProbability: false, needsValuation: needsValuation,
      value: { r, p in
        guard let c = cell(r.layout, p) else { return nil }
        return statistic.value(r.moments[c], r.sketches[c])
      },
      standardError: { r, p in
        guard let c = cell(r.layout, p) else { return nil }
        return statistic.standardError(r.moments[c], r.sketches[c])
      })
  }
}

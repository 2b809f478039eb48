/// `monthly_wide.csv` and `annual_wide.csv` (docs/outputs.md, "Wide tables"): the
/// long tables pivoted for a spreadsheet, one row per month (year) and one column per
/// `model.metric.stat`. Every cell is the text of the long table's cell for the same
/// model, period, metric and statistic: both come from `statistics(_:metric:)`.
extension ResultTables {
  /// The statistics a wide table keeps, in column order within each metric: the
  /// mean and the three quantiles an owner charts.
  public static let wideStatistics = ["mean", "p10", "p50", "p90"]

  /// Where each of `wideStatistics` stands in a `statistics(_:metric:)` row.
  static let wideStatisticIndices: [Int] = wideStatistics.compactMap { statisticsHeader.firstIndex(of: $0) }

  /// The header of a wide table whose first column is `period` (`month` or `year`):
  /// then, for each model in file order, each of its metrics in the long table's row
  /// order, each statistic of `wideStatistics`, named `model.metric.stat`.
  public func wideHeader(period: String) -> [String] {
    var fields = [period]
    for m in result.models {
      for name in m.layout.names {
        for stat in Self.wideStatistics { fields.append(m.name + "." + name + "." + stat) }
      }
    }
    return fields
  }

  /// The header line of a wide table (a model name with a comma or quote is quoted).
  public func wideHeaderRow(period: String) -> String { CSVFormat.row(wideHeader(period: period).map(CSVFormat.text)) }

  /// `monthly_wide.csv` whole.
  public func monthlyWide() -> String { wideHeaderRow(period: "month") + monthlyWideRows(months: 1...result.months) }

  /// The rows of `monthly_wide.csv` for `months` (no header), so blocks of months can
  /// be written side by side.
  public func monthlyWideRows(months: ClosedRange<Int>) -> String {
    wideRows(periods: months) { result.layout.monthly(model: $0, metric: $1, month: $2) }
  }

  /// `annual_wide.csv` whole.
  public func annualWide() -> String {
    wideHeaderRow(period: "year")
      + wideRows(periods: 1...result.years) { result.layout.annual(model: $0, metric: $1, year: $2) }
  }

  /// One row per period: the period, then the cells in `wideHeader` order.
  ///
  /// - Complexity: one quantile walk per model, metric and period, as the long table.
  func wideRows(periods: ClosedRange<Int>, cell: (_ model: Int, _ metric: Int, _ period: Int) -> Int) -> String {
    var out = ""
    for p in periods {
      var fields = [String(p)]
      for (mi, m) in result.models.enumerated() {
        for (k, name) in m.layout.names.enumerated() {
          let stats = statistics(cell(mi, k, p), metric: name)
          fields += Self.wideStatisticIndices.map { stats[$0] }
        }
      }
      out += CSVFormat.row(fields)
    }
    return out
  }
}

/// `monthly_wide.csv` and `annual_wide.csv` (docs/outputs.md, "Wide tables"): the
/// long tables pivoted for a spreadsheet, one row per month (year) and one column per
/// `model.metric.stat`. Every cell is the text of the long table's cell for the same
/// model, period, metric and statistic: both come from `statisticValues(_:)`.
extension ResultTables {
  /// The statistics a wide table keeps, in column order within each metric: the
  /// mean and the three quantiles an owner charts.
  public static let wideStatistics = ["mean", "p10", "p50", "p90"]

  /// The header of a wide table whose first column is `period` (`month` or `year`):
  /// then, for each model in file order, each of its metrics in the long table's row
  /// order, each statistic of `wideStatistics`, named `model.metric.stat`.
  public func wideHeader(period: String) -> [String] { [period] + wideColumns(Self.wideStatistics).map(\.name) }

  /// The columns of a wide table keeping `statistics` (names of `statisticsHeader`), in
  /// `wideHeader` order: model index, metric name and `model.metric.stat`. The workbook's
  /// Monthly and Annual sheets keep P10, P50 and P90 (docs/outputs.md, "The workbook").
  func wideColumns(_ statistics: [String]) -> [(model: Int, metric: String, name: String)] {
    var columns: [(model: Int, metric: String, name: String)] = []
    for (mi, m) in result.models.enumerated() {
      for name in m.layout.names {
        for stat in statistics { columns.append((mi, name, m.name + "." + name + "." + stat)) }
      }
    }
    return columns
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
  func wideRows(periods: ClosedRange<Int>, cell: (_ model: Int, _ metric: Int, _ period: Int) -> Int) -> String {
    let indices = Self.statisticIndices(Self.wideStatistics)
    let columns = result.models.reduce(0) { $0 + $1.layout.names.count } * indices.count
    var text = UTF8Text(capacity: periods.count * columns * 12)
    for p in periods {
      text.append(p)
      for (mi, m) in result.models.enumerated() {
        for k in m.layout.names.indices {
          let stats = statisticValues(cell(mi, k, p))
          for i in indices { text.appendField(number: stats[stats.startIndex + i]) }
        }
      }
      text.endRow()
    }
    return text.string
  }

  /// The positions in `statisticsHeader` of `statistics` (names of its columns).
  static func statisticIndices(_ statistics: [String]) -> [Int] {
    statistics.compactMap { statisticsHeader.firstIndex(of: $0) }
  }

  /// One period's numbers in `wideColumns(statistics)` order: what `statisticValues`
  /// gives for each model and metric, the chosen statistics only.
  func wideValues(period p: Int, statistics: [String], cell: (_ model: Int, _ metric: Int, _ period: Int) -> Int)
    -> [Double]
  {
    let indices = Self.statisticIndices(statistics)
    var values: [Double] = []
    for (mi, m) in result.models.enumerated() {
      for k in m.layout.names.indices {
        let stats = statisticValues(cell(mi, k, p))
        values += indices.map { stats[stats.startIndex + $0] }
      }
    }
    return values
  }
}

/// The CSV tables of a run (docs/outputs.md), built from the accumulators.
public struct ResultTables: Sendable {
  public static let quantileLevels: [Double] = [0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95]
  public static let quantileHeader = ["p5", "p10", "p25", "p50", "p75", "p90", "p95"]
  /// The statistic columns of a monthly, annual or summary row, in order: what
  /// `statisticValues(_:)` returns.
  public static let statisticsHeader = ["mean", "sd"] + quantileHeader

  public static let monthlyHeader = ["model", "month", "metric"] + statisticsHeader
  public static let annualHeader = ["model", "year", "metric"] + statisticsHeader
  /// `se` (standard error of the mean) is added after the contract's columns.
  public static let summaryHeader = ["model", "metric"] + SummaryStatistic.allCases.map(\.name)
  public static let compareHeader = ["baseline", "alternative"] + CompareColumn.all.map(\.name)

  let result: RunResult
  /// Every cell's statistics, computed once for all the tables.
  let cellStatistics: CellStatistics

  public init(_ result: RunResult) {
    self.result = result
    cellStatistics = CellStatistics(result)
  }

  /// The statistics of a cell as every table prints them: mean, sd and the quantiles
  /// (`statisticsHeader` order), client counts' quantiles whole (`CellStatistics`).
  func statisticValues(_ cell: Int) -> ArraySlice<Double> { cellStatistics.values(cell) }

  /// Metrics that count whole clients or people (docs/outputs.md, "Files"): clients,
  /// adopted_clients, vcio_only_clients, the funnel's stages and their horizon totals,
  /// and the staff head counts (whole on every path: docs/model.md, "Hiring lag").
  static func isCount(_ name: String) -> Bool {
    name == "clients" || name == "adopted_clients" || name == "vcio_only_clients"
      || FunnelStage.allCases.contains { $0.metricName == name }
      || name == FunnelSummary.assessments.rawValue || name == FunnelSummary.closed.rawValue
      || name == "staff.technicians" || name == "staff.vcios" || name == "staff.contractors"
  }

  public func monthly() -> String {
    periodTable(header: Self.monthlyHeader, periods: result.months) {
      result.layout.monthly(model: $0, metric: $1, month: $2)
    }
  }

  public func annual() -> String {
    periodTable(header: Self.annualHeader, periods: result.years) {
      result.layout.annual(model: $0, metric: $1, year: $2)
    }
  }

  /// The rows of `monthly.csv` for one model (no header), so models can be
  /// written side by side.
  public func monthlyRows(model: Int) -> String {
    var text = UTF8Text(capacity: Self.bytesPerRow * result.months * result.models[model].layout.names.count)
    periodRows(model: model, periods: result.months, into: &text) {
      result.layout.monthly(model: $0, metric: $1, month: $2)
    }
    return text.string
  }

  /// Room reserved per row of a long table: a little more than the usual row takes.
  static let bytesPerRow = 160

  /// One row per model, period (month or year, from 1) and metric.
  func periodTable(header: [String], periods: Int, cell: (_ model: Int, _ metric: Int, _ period: Int) -> Int) -> String
  {
    let rows = result.models.reduce(0) { $0 + $1.layout.names.count } * periods
    var text = UTF8Text(capacity: Self.bytesPerRow * rows)
    text.append(CSVFormat.row(header))
    for mi in result.models.indices { periodRows(model: mi, periods: periods, into: &text, cell: cell) }
    return text.string
  }

  func periodRows(
    model mi: Int, periods: Int, into text: inout UTF8Text, cell: (_ model: Int, _ metric: Int, _ period: Int) -> Int
  ) {
    let m = result.models[mi]
    let model = CSVFormat.text(m.name)
    for p in 1...periods {
      for (k, name) in m.layout.names.enumerated() {
        text.append(model)
        text.append(ascii: ",")
        text.append(p)
        text.appendField(name)
        for x in statisticValues(cell(mi, k, p)) { text.appendField(number: x) }
        text.endRow()
      }
    }
  }

  public func summary() -> String {
    var out = CSVFormat.row(Self.summaryHeader)
    let L = result.layout
    for (mi, m) in result.models.enumerated() {
      for (k, name) in m.layout.summaryNames.enumerated() {
        let cell = L.summary(model: mi, metric: k)
        out += CSVFormat.row(
          [CSVFormat.text(m.name), name] + statisticValues(cell).map(CSVFormat.number)
            + [CSVFormat.number(result.moments[cell].standardError)])
      }
    }
    return out
  }

  public func compare() -> String {
    var out = CSVFormat.row(Self.compareHeader)
    for (pi, pair) in result.modelPairs.enumerated() {
      let cells = CompareColumn.all.map { column -> String in
        guard let v = column.value(result, pi) else { return "" }
        return column.isMonth ? String(Int(v)) : CSVFormat.number(v)
      }
      out += CSVFormat.row(
        [CSVFormat.text(result.models[pair.baseline].name), CSVFormat.text(result.models[pair.alternative].name)]
          + cells)
    }
    return out
  }
}

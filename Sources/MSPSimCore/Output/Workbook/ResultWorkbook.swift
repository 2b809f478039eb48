import Foundation

/// `results.xlsx` (docs/outputs.md, "The workbook"): the run's answer and tables as a
/// spreadsheet owner opens them. Sheets Summary, Compare, Monthly, Annual, Mix, Inputs
/// and Run, every statistic a number cell holding the CSVs' value. A function of the
/// result alone, like the CSVs.
public struct ResultWorkbook {
  public static let fileName = "results.xlsx"
  /// The sheets in tab order.
  public static let sheetNames = ["Summary", "Compare", "Monthly", "Annual", "Mix", "Inputs", "Run"]
  /// The statistics of the Monthly and Annual sheets (columns `MODEL.METRIC.STAT`, as the wide CSVs name them).
  public static let wideStatistics = ["p10", "p50", "p90"]

  typealias Cell = SpreadsheetML.Cell
  typealias Sheet = SpreadsheetML.Sheet

  let result: RunResult
  let tables: ResultTables
  let writer: SpreadsheetML

  public init(_ result: RunResult) { self.init(result, tables: ResultTables(result)) }

  /// The workbook of `result`, whose tables are `tables` (made once for the CSVs and the sheets).
  init(_ result: RunResult, tables: ResultTables) {
    self.result = result
    self.tables = tables
    writer = SpreadsheetML(currency: result.settings.currency)
  }

  /// The workbook's bytes, each sheet made on whichever of the run's threads is free.
  /// nil only if the zip library fails in memory.
  public static func xlsx(_ result: RunResult) -> Data? {
    xlsx(result, tables: ResultTables(result), threads: result.settings.threads)
  }

  /// The workbook's bytes from `result` and its tables, the sheets made on up to `threads` threads.
  static func xlsx(_ result: RunResult, tables: ResultTables, threads: Int) -> Data? {
    let jobs: [@Sendable () -> (xml: String, rows: Int, columns: Int)] = sheetNames.indices.map { i in
      {
        let book = ResultWorkbook(result, tables: tables)
        let sheet = book.sheet(i)
        return (book.writer.worksheet(sheet, selected: i == 0), sheet.frozenRows, sheet.frozenColumns)
      }
    }
    let sheets = OutputFiles.render(jobs, threads: threads)
    // The frozen header rows and label columns are printed on every page too.
    return SpreadsheetML(currency: result.settings.currency).xlsx(
      sheetNames: sheetNames, sheetXML: sheets.map(\.xml), printTitles: sheets.map { ($0.rows, $0.columns) })
  }

  /// results.xlsx as a file for `OutputFolder.write`, from `xlsx`'s bytes.
  ///
  /// - Throws: `OutputError` naming the file if the workbook could not be made (`data` nil).
  public static func file(_ data: Data?, folder: String) throws(OutputError) -> (name: String, data: Data) {
    guard let data else {
      throw OutputError(path: folder + "/" + fileName, reason: "the workbook could not be zipped")
    }
    return (fileName, data)
  }

  /// Sheet `index` of `sheetNames`.
  func sheet(_ index: Int) -> Sheet {
    switch index {
    case 0: return summary()
    case 1: return compare()
    case 2:
      return wide("Monthly", period: "month", periods: result.months) {
        result.layout.monthly(model: $0, metric: $1, month: $2)
      }
    case 3:
      return wide("Annual", period: "year", periods: result.years) {
        result.layout.annual(model: $0, metric: $1, year: $2)
      }
    case 4: return mix()
    case 5: return inputs()
    default: return run()
    }
  }

  /// The display of a metric's numbers: client counts, staff and seats whole, shares
  /// and probabilities as percentages, the exit multiple as `x`, and every other
  /// metric (revenue, costs, EBITDA, cash, margins, NPV, value) as money. The sheets
  /// hold no mean of a metric, only percentiles, and a head count's percentiles are
  /// whole (docs/outputs.md, "The workbook"), so staff show no decimals.
  static func format(metric: String) -> SpreadsheetML.Format {
    if ResultTables.isCount(metric) || metric == "seats" { return .count }
    if MetricLayout.isShare(metric) { return .percent }
    if metric == "multiple.exit" { return .multiple }
    return .money
  }

  static func header(_ names: [String]) -> [Cell] { names.map { .text($0, .header) } }

  // MARK: Summary: the terminal summary's tables, the answer first

  func summary() -> Sheet {
    let cur = result.settings.currency
    let L = result.layout
    let n = Double(Swift.max(1, result.paths))
    let summary = TerminalSummary(result)
    var rows: [[Cell]] = []
    if !result.modelPairs.isEmpty {
      let valued = L.hasValuation
      rows.append(
        Self.header([
          "alternative", "vs", valued ? "P(worth more at exit)" : "P(higher NPV)",
          valued ? "median value gain (\(cur))" : "median NPV gain (\(cur))", "gain P5 (\(cur))",
          "valley P50 (\(cur))", "valley P95 (\(cur))", "payback month (P50)", "paths that pay back",
        ]))
      for (pi, pair) in result.modelPairs.enumerated() {
        let c = result.pairs[pi]
        let gain = result.sketches[L.valueDifference(pi) ?? L.pair(pi)].quantiles([0.5, 0.05])
        let valley = result.sketches[L.valleyDepth(pi)].quantiles([0.5, 0.95])
        rows.append([
          .text(result.models[pair.alternative].name), .text(result.models[pair.baseline].name),
          .number(Double(valued ? c.valueBetter : c.better) / n, .percent), .number(gain[0], .money),
          .number(gain[1], .money), .number(valley[0], .money), .number(valley[1], .money),
          c.medianCrossover.map { .number(Double($0), .count) } ?? .text("none"),
          .number(Double(c.crossed) / n, .percent),
        ])
      }
      // The terminal's warning when both models of a pair lose money on most paths.
      for pi in result.modelPairs.indices {
        if let note = summary.lossNote(pair: pi) { rows.append([.text(note)]) }
      }
      if let note = summary.probabilityErrorNote() { rows.append([.text(note)]) }
      rows.append([])
    }
    if L.hasCash {
      rows.append(Self.header(["model", "lowest cash P50 (\(cur))", "lowest cash P5 (\(cur))", "P(below floor)"]))
      for (mi, m) in result.models.enumerated() {
        guard let cashRow = m.layout.summaryCashMin else { continue }
        let q = result.sketches[L.summary(model: mi, metric: cashRow)].quantiles([0.5, 0.05])
        let below = result.moments[L.summary(model: mi, metric: cashRow + 1)].mean
        rows.append([.text(m.name), .number(q[0], .money), .number(q[1], .money), .number(below, .percent)])
      }
      rows.append([])
    }
    rows.append(Self.header(["model", "measure (\(cur))", "P10", "P50", "P90"]))
    for (mi, m) in result.models.enumerated() {
      let rev = m.layout.revenueTotal
      let measures: [(String, Int)] = [
        ("revenue, year 1", L.annual(model: mi, metric: rev, year: 1)),
        ("revenue, year \(result.years)", L.annual(model: mi, metric: rev, year: result.years)),
        ("NPV of EBITDA", L.summary(model: mi, metric: MetricLayout.summaryNPV)),
      ]
      for (label, cell) in measures {
        let q = result.sketches[cell].quantiles([0.1, 0.5, 0.9])
        rows.append([.text(m.name), .text(label)] + q.map { .number($0, .money) })
      }
    }
    let funnelModels = result.models.indices.filter { result.models[$0].layout.summaryFirstFunnel != nil }
    if !funnelModels.isEmpty {
      rows.append([])
      rows.append(
        Self.header([
          "model", "assessments (P50)", "closes (P50)", "closes per assessment (P50)", "cost per close (\(cur), P50)",
        ]))
      for mi in funnelModels {
        let m = result.models[mi]
        func median(_ f: FunnelSummary) -> Double { CellStatistics.funnelMedian(result, model: mi, f) }
        rows.append([
          .text(m.name), .number(median(.assessments), .count), .number(median(.closed), .count),
          .number(median(.closeRate), .percent), .number(median(.costPerClose), .money),
        ])
      }
    }
    // With `valuation:`, the terminal's last table: NPV of EBITDA alone, without the exit.
    if L.hasValuation, !result.modelPairs.isEmpty {
      rows.append([])
      rows.append([.text(TerminalSummary.npvAloneTitle, .header)])
      rows.append(
        Self.header([
          "baseline", "alternative", "P(alt NPV > base)", "median NPV gain (\(cur))", "NPV gain P5 (\(cur))",
        ]))
      for (pi, pair) in result.modelPairs.enumerated() {
        let npv = summary.npvAlone(pair: pi)
        rows.append([
          .text(result.models[pair.baseline].name), .text(result.models[pair.alternative].name),
          .number(npv.shareBetter, .percent), .number(npv.medianGain, .money), .number(npv.gainP5, .money),
        ])
      }
    }
    return Sheet(name: "Summary", rows: rows, frozenRows: 1, frozenColumns: 0)
  }

  // MARK: Compare: compare.csv's columns, as numbers

  func compare() -> Sheet {
    var rows: [[Cell]] = [Self.header(ResultTables.compareHeader)]
    for (pi, pair) in result.modelPairs.enumerated() {
      let cells = CompareColumn.all.map { column -> Cell in
        guard let v = column.value(result, pi) else { return .empty }
        if column.isMonth { return .number(Double(Int(v)), .count) }
        return .number(v, column.isProbability ? .percent : .money)
      }
      rows.append([.text(result.models[pair.baseline].name), .text(result.models[pair.alternative].name)] + cells)
    }
    return Sheet(name: "Compare", rows: rows, frozenRows: 1, frozenColumns: 2)
  }

  // MARK: Monthly and Annual: the wide tables' P10, P50 and P90

  func wide(_ name: String, period: String, periods: Int, cell: (Int, Int, Int) -> Int) -> Sheet {
    let columns = tables.wideColumns(Self.wideStatistics)
    var rows: [[Cell]] = [Self.header([period] + columns.map(\.name))]
    let formats = columns.map { Self.format(metric: $0.metric) }
    for p in 1...periods {
      let values = tables.wideValues(period: p, statistics: Self.wideStatistics, cell: cell)
      rows.append([.number(Double(p), .general)] + zip(values, formats).map { Cell.number($0, $1) })
    }
    return Sheet(name: name, rows: rows, frozenRows: 1, frozenColumns: 1)
  }

  // MARK: Mix: the last year's revenue by stream

  func mix() -> Sheet {
    let L = result.layout
    let cur = result.settings.currency
    var rows: [[Cell]] = [
      Self.header([
        "model", "stream", "mean share of year \(result.years) revenue", "revenue year \(result.years) P50 (\(cur))",
      ])
    ]
    for (mi, m) in result.models.enumerated() {
      for (k, kind) in m.layout.streams.enumerated() {
        let share = result.moments[L.summary(model: mi, metric: MetricLayout.summaryFirstMix + k)].mean
        let metric = "revenue." + kind.rawValue
        let revenue = m.layout.names.firstIndex(of: metric).map {
          Cell.number(result.sketches[L.annual(model: mi, metric: $0, year: result.years)].quantile(0.5), .money)
        }
        rows.append([.text(m.name), .text(kind.rawValue), .number(share, .percent), revenue ?? .empty])
      }
    }
    return Sheet(name: "Mix", rows: rows, frozenRows: 1, frozenColumns: 0)
  }

  // MARK: Inputs: the resolved scenario

  func inputs() -> Sheet {
    let s = result.resolvedScenario
    var rows: [[Cell]] = [Self.header(["section", "key", "value", "drawn"])]
    let settings: [(String, JSONValue)] = [
      ("name", .text(s.name)), ("currency", .text(s.currency)), ("horizon_years", .number(Double(s.horizonYears))),
      ("paths", .number(Double(s.paths))), ("seed", .text(String(s.seed))), ("rng", .text(s.rng)),
      ("discount_rate", .number(s.discountRate)),
    ]
    for (key, value) in settings {
      rows.append([.text("scenario"), .text(key), Self.valueCell(value), .text("fixed")])
    }
    for (name, value) in s.market.sorted(by: { $0.key < $1.key }) {
      rows.append([.text("market"), .text(name), Self.valueCell(value), .text(Self.drawn(value, event: false))])
    }
    for (pair, entry) in (s.correlations ?? []).enumerated() {
      let text = entry.map(\.readableText).joined(separator: ", ")
      rows.append([.text("correlations"), .text("[\(pair)]"), .text(text), .text("fixed")])
    }
    let blocks: [(String, [String: JSONValue]?)] = [
      ("valuation", s.valuation), ("cash", s.cash), ("recessions", s.recessions),
    ]
    for (block, keys) in blocks {
      for (key, value) in (keys ?? [:]).sorted(by: { $0.key < $1.key }) {
        rows.append([.text(block), .text(key), Self.valueCell(value), .text(Self.drawn(value, event: false))])
      }
    }
    let events = Set(EventID.allCases.map(\.keyPath))
    for m in s.models {
      rows.append([
        .text("models." + m.name), .text("streams"), .text(m.streams.joined(separator: ", ")), .text("fixed"),
      ])
      for (key, value) in m.parameters.sorted(by: { $0.key < $1.key }) {
        // A key that takes another's draw is drawn as that key is.
        let source = m.drawSource(of: key) ?? (key, value)
        rows.append([
          .text("models." + m.name), .text(key), Self.valueCell(value),
          .text(Self.drawn(source.value, event: events.contains(source.key))),
        ])
      }
    }
    return Sheet(name: "Inputs", rows: rows, frozenRows: 1, frozenColumns: 2)
  }

  /// A number as a number cell, anything else (a distribution, `market.NAME`, a note) as text.
  static func valueCell(_ v: JSONValue) -> Cell {
    if case .number(let x) = v { return .number(x, .general) }
    return .text(v.readableText)
  }

  /// How a resolved value varies: `fixed` (a number), `per path` (a distribution drawn
  /// once per path), `per event` (drawn for each client, project or purchase), or
  /// `market.NAME` (one draw per path shared by every model). `value` is a key's own
  /// value, not "same draw as ..." (`ResolvedScenario.Model.drawSource`).
  static func drawn(_ v: JSONValue, event: Bool) -> String {
    if case .text(let t) = v, t.hasPrefix("market.") { return t }
    if event { return "per event" }
    if case .number = v { return "fixed" }
    if case .text(let t) = v, t == "none" { return "fixed" }
    return "per path"
  }

  // MARK: Run: run.json's facts

  /// run.json's keys but `resolved_scenario` (the Inputs sheet), objects flattened to
  /// dotted keys, sorted as run.json sorts them.
  func run() -> Sheet {
    var rows: [[Cell]] = [Self.header(["key", "value"])]
    let record = RunRecord(result)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    guard let data = try? encoder.encode(record),
      case .object(var fields)? = try? JSONDecoder().decode(JSONValue.self, from: data)
    else { return Sheet(name: "Run", rows: rows) }
    fields["resolved_scenario"] = nil
    // A seed past 2^53 does not survive a double: written as text, exactly.
    fields["seed"] = .text(String(record.seed))
    func add(_ key: String, _ value: JSONValue) {
      switch value {
      case .object(let inner) where inner.isEmpty: rows.append([.text(key), .text("none")])
      case .object(let inner):
        for (k, v) in inner.sorted(by: { $0.key < $1.key }) { add(key + "." + k, v) }
      case .number(let x): rows.append([.text(key), .number(x, key == "paths" ? .count : .general)])
      default: rows.append([.text(key), .text(value.readableText)])
      }
    }
    for (k, v) in fields.sorted(by: { $0.key < $1.key }) { add(k, v) }
    return Sheet(name: "Run", rows: rows, frozenRows: 1, frozenColumns: 1)
  }
}

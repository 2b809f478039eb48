import Foundation
import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

/// What people read is the CSVs' figure, rounded one way everywhere (docs/outputs.md,
/// "Rounding"): percentages as a spreadsheet's `0.0%` shows them, count percentiles
/// whole in every output, distributions written one way, and the answer warning when
/// both models of a pair lose money (docs/reading-results.md, "The terminal summary").
final class ReadableFiguresTests: XCTestCase {
  /// Ties of a twentieth of a percent round away from zero on the decimal digits, as a
  /// spreadsheet does; `%.1f` on the binary value gave 96.2 % and 8.8 % for the first two.
  /// An annual rate as the terminal's first line, the report's header and the NPV
  /// histogram's subtitle name it: per cent, at most two decimals, thousands grouped.
  func testAnnualRatesReadTheSameEverywhere() {
    XCTAssertEqual(TerminalSummary.annualRate(0.10), "10 % a year")
    XCTAssertEqual(TerminalSummary.annualRate(0.07), "7 % a year", "not 0.07 x 100 = 7.000000000000001")
    XCTAssertEqual(TerminalSummary.annualRate(0.125), "12.5 % a year")
    XCTAssertEqual(TerminalSummary.annualRate(0.0825), "8.25 % a year")
    XCTAssertEqual(TerminalSummary.annualRate(10), "1,000 % a year")
    XCTAssertEqual(TerminalSummary.annualRate(-0.05), "-5 % a year")
    XCTAssertEqual(TerminalSummary.annualRate(0), "0 % a year")
  }

  func testPercentRoundsAsASpreadsheetShowsTheCell() {
    let cases: [(Double, String)] = [
      (0.9625, "96.3 %"), (0.0885, "8.9 %"), (0.9935, "99.4 %"), (0.00049, "0.0 %"), (0.0005, "0.1 %"),
      (0, "0.0 %"), (1, "100.0 %"), (0.123449, "12.3 %"), (-0.0004, "0.0 %"), (-0.0885, "-8.9 %"),
    ]
    for (share, text) in cases { XCTAssertEqual(TerminalSummary.percent(share), text, "\(share)") }
    // Whole percents (the share of paths that pay back): 92.5 % is 93 %, where `%.0f` gave 92.
    XCTAssertEqual(TerminalSummary.percent(0.925, decimals: 0), "93 %")
    XCTAssertEqual(TerminalSummary.percent(0.9249, decimals: 0), "92 %")
    XCTAssertEqual(TerminalSummary.percent(.nan), "nan")
  }

  /// Two books that lose 5,000 and 6,000 a month (no valuation: NPV of EBITDA): the
  /// answer warns that "worth more" means "loses less", in the terminal, the report and
  /// the workbook's Summary; one that makes money does not get the warning.
  func testTheAnswerWarnsWhenBothModelsLoseMoney() throws {
    let losing =
      DecisionClosedFormTests.steadyModel(name: "old", fixed: 26000)
      + DecisionClosedFormTests.steadyModel(name: "new", fixed: 25000)
    let gaining =
      DecisionClosedFormTests.steadyModel(name: "old", fixed: 26000)
      + DecisionClosedFormTests.steadyModel(name: "new", fixed: 15000)
    for (models, warned) in [(losing, true), (gaining, false)] {
      let scenario = try ScenarioLoader.load(
        text: scenarioYAML(models: models, horizonYears: 2, seed: 11, discountRate: 0.1), file: "loss.yaml")
      let result = try Pipeline.simulate(scenario, until: .paths(200), threads: 2)
      let summary = TerminalSummary(result)
      let text = summary.text(outputFolder: nil)
      let note = summary.lossNote(pair: 0)
      XCTAssertEqual(note != nil, warned, text)
      guard let note else { continue }
      XCTAssertTrue(note.hasPrefix("Both new and old lose money on most paths (median NPV of EBITDA -"), note)
      XCTAssertTrue(note.hasSuffix("\"worth more\" here means \"loses less\"."), note)
      XCTAssertTrue(text.contains("\n  " + note + "\n"), text)
      XCTAssertTrue(HTMLReport(result, charts: []).html().contains(HTMLReport.escape(note)))
      let rows = ResultWorkbook(result).summary().rows
      XCTAssertTrue(rows.contains { $0 == [.text(note)] }, "the workbook's Summary has the warning")
    }
  }

  /// With `valuation:`, the table after the answer gives the answer's figures for NPV of
  /// EBITDA alone (compare.csv's p_npv_better, npv_diff_p50, npv_diff_p5), so an owner
  /// sees how much of the value gain is the exit; the payback month is printed once,
  /// in the answer. Without `valuation:` the answer already is NPV of EBITDA, and the
  /// table is left out (docs/reading-results.md, "The terminal summary").
  func testTheNPVTableShowsWhatTheExitAddsAndNothingTwice() throws {
    let valued = try ScenarioLoader.load(path: Fixtures.defaultScenario.path).applying([.paths(400), .years(3)])
    let steady =
      DecisionClosedFormTests.steadyModel(name: "old", fixed: 26000)
      + DecisionClosedFormTests.steadyModel(name: "new", fixed: 15000)
    let unvalued = try ScenarioLoader.load(
      text: scenarioYAML(models: steady, horizonYears: 2, seed: 11, discountRate: 0.1), file: "plain.yaml")
    for scenario in [valued, unvalued] {
      let result = try Pipeline.simulate(scenario, threads: 2)
      let summary = TerminalSummary(result)
      let text = summary.text(outputFolder: nil)
      let answer = try XCTUnwrap(summary.answerTable(), text)
      let payback = try XCTUnwrap(answer.rows[1].last, text)
      XCTAssertTrue(payback.hasSuffix(" of paths)"), "the default pays back within 3 years: \(payback)")
      XCTAssertEqual(text.components(separatedBy: payback).count, 2, "the payback cell once\n\(text)")
      guard result.layout.hasValuation else {
        XCTAssertNil(summary.pairTable(), text)
        XCTAssertFalse(text.contains("P(alt NPV > base)"), text)
        XCTAssertFalse(HTMLReport(result, charts: []).html().contains("pair-table"))
        continue
      }
      let table = try XCTUnwrap(summary.pairTable(), text)
      let compare = try CSVTable(ResultTables(result).compare())
      let row = try XCTUnwrap(compare.rows.first)
      func cell(_ name: String) throws -> Double {
        try XCTUnwrap(Double(row[try XCTUnwrap(compare.column(name), name)]), name)
      }
      XCTAssertEqual(
        table.rows[0], ["baseline", "alternative", "P(alt NPV > base)", "median NPV gain (USD)", "NPV gain P5 (USD)"])
      XCTAssertEqual(
        table.rows[1],
        [
          "msp1", "msp2", TerminalSummary.percent(try cell("p_npv_better")),
          TerminalSummary.money(try cell("npv_diff_p50")), TerminalSummary.money(try cell("npv_diff_p5")),
        ])
      // Not the value gain: the exit adds to it.
      XCTAssertNotEqual(table.rows[1][3], answer.rows[1][3])
      XCTAssertTrue(text.contains("\nNPV of EBITDA alone, without the exit value:\n"), text)
    }
  }

  /// The funnel's P50s of assessments and closes are whole in summary.csv, and the
  /// terminal, the report and the workbook show that same number (before, the workbook
  /// held the sketch's 246.81 where summary.csv had 247). Staff head counts'
  /// percentiles are whole in monthly.csv.
  func testCountsReadTheSameInEveryOutput() throws {
    let result = try Pipeline.simulate(try Fixtures.funnelScenario(paths: 400, years: 3), threads: 2)
    let table = try CSVTable(ResultTables(result).summary())
    let (model, metric, p50) = (table.column("model")!, table.column("metric")!, table.column("p50")!)
    let mi = try XCTUnwrap(result.models.firstIndex { $0.layout.summaryFirstFunnel != nil })
    let name = result.models[mi].name
    var workbookRow: [SpreadsheetML.Cell]?
    for row in ResultWorkbook(result).summary().rows where row.first == .text(name) && row.count == 5 {
      workbookRow = row
    }
    let shown = try XCTUnwrap(workbookRow, "the workbook's funnel row")
    for (column, f) in [(1, FunnelSummary.assessments), (2, FunnelSummary.closed)] {
      let row = try XCTUnwrap(table.rows.first { $0[model] == name && $0[metric] == f.rawValue })
      let csv = try XCTUnwrap(Double(row[p50]))
      XCTAssertEqual(csv, csv.rounded(), "\(f.rawValue): a count's P50 is whole")
      XCTAssertEqual(CellStatistics.funnelMedian(result, model: mi, f), csv, f.rawValue)
      XCTAssertEqual(shown[column], .number(csv, .count), f.rawValue)
    }

    let monthly = try CSVTable(ResultTables(result).monthly())
    let monthlyMetric = monthly.column("metric")!
    let quantileColumns = monthly.header.indices.filter { monthly.header[$0].hasPrefix("p") }
    XCTAssertEqual(quantileColumns.count, ResultTables.quantileLevels.count)
    var staffCells = 0
    for row in monthly.rows where row[monthlyMetric].hasPrefix("staff.") {
      for c in quantileColumns {
        let x = try XCTUnwrap(Double(row[c]))
        XCTAssertEqual(x, x.rounded(), "\(row[monthlyMetric]) \(monthly.header[c])")
        staffCells += 1
      }
    }
    XCTAssertGreaterThan(staffCells, 0)
  }

  /// A lognormal reads as the file's author can check it, by the mean and sd of the
  /// variable, though run.json keeps it as mu and sigma of the logarithm; written
  /// either way, it reads the same.
  func testALognormalReadsAsItsMeanAndSD() throws {
    let byMoments = try ScenarioLoader.load(
      text: """
        models:
          m:
            clients: {initial: 10, seats: {lognormal: {mean: 25, sd: 15}}}
            churn: {annual: 0.1}
            streams:
              managed_services: {price_per_seat: {lognormal: {mu: 4.5, sigma: 0.25}}}

        """, file: "lognormal.yaml")
    let parameters = ResolvedScenario(byMoments).models[0].parameters
    let seats = try XCTUnwrap(parameters["clients.seats"])
    guard case .object(let o) = seats, case .object(let p) = o["lognormal"] ?? .text(""), p["mu"] != nil else {
      return XCTFail("run.json keeps mu and sigma: \(seats)")
    }
    XCTAssertEqual(seats.readableText, "lognormal(mean 25, sd 15)")
    // mu 4.5, sigma 0.25: mean exp(4.5 + 0.03125) = 92.8788..., sd mean x sqrt(exp(0.0625) - 1) = 23.5...
    let price = try XCTUnwrap(parameters["streams.managed_services.price_per_seat"]).readableText
    let mean = exp(4.53125)
    let sd = mean * expm1(0.0625).squareRoot()
    XCTAssertEqual(
      price,
      "lognormal(mean \(CSVFormat.number(Double(String(format: "%.12g", mean))!)), sd "
        + "\(CSVFormat.number(Double(String(format: "%.12g", sd))!)))")
    XCTAssertTrue(price.hasPrefix("lognormal(mean 92.87"), price)
  }

  /// A distribution reads the same in the report and the workbook: its parameters in
  /// the order the docs give them, not sorted by name.
  func testDistributionsReadTheSameInTheReportAndTheWorkbook() throws {
    let triangular = JSONValue.object([
      "triangular": .object(["max": .number(0.2), "min": .number(0.08), "mode": .number(0.12)])
    ])
    XCTAssertEqual(triangular.readableText, "triangular(min 0.08, mode 0.12, max 0.2)")
    let scenario = try ScenarioLoader.load(text: DefaultScenario.text, file: "default.yaml").applying([.years(1)])
    let result = try Pipeline.simulate(scenario, until: .paths(128), threads: 2)
    let html = HTMLReport(result, charts: []).html()
    var distributions = 0
    for row in ResultWorkbook(result).inputs().rows {
      guard row.count == 4, case .text(let value, _) = row[2], value.contains("(") else { continue }
      XCTAssertTrue(html.contains(HTMLReport.escape(value)), "the report writes \(value) the same way")
      distributions += 1
    }
    XCTAssertGreaterThan(distributions, 3)
  }
}

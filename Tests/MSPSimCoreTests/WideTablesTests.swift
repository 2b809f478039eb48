import Foundation
import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

/// `monthly_wide.csv` and `annual_wide.csv` (docs/outputs.md, "Wide tables"): on a
/// small run, every cell is the text of the long table's cell for the same model,
/// period, metric and statistic; the columns are in the documented order; the files
/// are among the run's files.
final class WideTablesTests: XCTestCase {
  static let statistics = ["mean", "p10", "p50", "p90"]

  /// The wide tables against the long ones of one run.
  func check(_ scenario: Scenario, _ what: String) throws {
    let result = try Pipeline.simulate(scenario, threads: 2)
    let files = OutputFiles.render(result, charts: false)
    let names = files.map(\.name)
    XCTAssertEqual(
      Array(names.prefix(4)), ["monthly.csv", "annual.csv", "monthly_wide.csv", "annual_wide.csv"],
      "\(what): the run's files")
    var byName: [String: String] = [:]
    for f in files { byName[f.name] = f.contents }
    let tables = ResultTables(result)
    // The file written is the table (the parts joined in order).
    XCTAssertEqual(byName["monthly_wide.csv"], tables.monthlyWide(), "\(what): monthly_wide.csv parts")
    XCTAssertEqual(byName["annual_wide.csv"], tables.annualWide(), "\(what): annual_wide.csv")

    for (long, wide, period, count) in [
      ("monthly.csv", "monthly_wide.csv", "month", result.months),
      ("annual.csv", "annual_wide.csv", "year", result.years),
    ] {
      let longTable = try CSVTable(try XCTUnwrap(byName[long]))
      let wideTable = try CSVTable(try XCTUnwrap(byName[wide]))
      // The expected header, from the long table alone: models in the order they
      // appear, each one's metrics in the order of its first period's rows, then the
      // four statistics.
      var order: [String] = []
      var metrics: [String: [String]] = [:]
      var cells: [String: String] = [:]
      for row in longTable.rows {
        let (model, p, metric) = (row[0], row[1], row[2])
        if !order.contains(model) { order.append(model) }
        if p == "1" { metrics[model, default: []].append(metric) }
        for stat in Self.statistics {
          cells["\(p)|\(model).\(metric).\(stat)"] = row[try XCTUnwrap(longTable.column(stat))]
        }
      }
      let expected =
        [period] + order.flatMap { m in (metrics[m] ?? []).flatMap { k in Self.statistics.map { "\(m).\(k).\($0)" } } }
      XCTAssertEqual(wideTable.header, expected, "\(what): \(wide) header")
      XCTAssertEqual(wideTable.rows.map { $0[0] }, (1...count).map(String.init), "\(what): \(wide) \(period)s")
      XCTAssertEqual(
        wideTable.rows.count * (wideTable.header.count - 1), longTable.rows.count * Self.statistics.count,
        "\(what): \(wide) holds every long cell once")
      var compared = 0
      var mismatches = 0
      for row in wideTable.rows {
        for (c, name) in wideTable.header.enumerated().dropFirst() {
          let longCell = cells["\(row[0])|\(name)"]
          compared += 1
          if row[c] != longCell {
            mismatches += 1
            if mismatches <= 10 {
              XCTFail("\(what): \(wide) \(period) \(row[0]) \(name) = '\(row[c])', \(long) has '\(longCell ?? "none")'")
            }
          }
        }
      }
      XCTAssertEqual(compared, longTable.rows.count * Self.statistics.count, "\(what): \(wide) cells compared")
      XCTAssertEqual(mismatches, 0, "\(what): \(wide) cells differing from \(long)")
    }
  }

  func testDefaultScenarioWideTablesEqualTheLongOnes() throws {
    let scenario = try ScenarioLoader.load(text: DefaultScenario.text, file: "default.yaml")
      .applying([.paths(300), .years(3)])
    try check(scenario, "default")
  }

  /// A model name that CSV must quote, and client counts (the funnel's stages,
  /// vCIO-only clients) whose quantiles are rounded to whole clients.
  func testQuotedModelNamesAndRoundedCounts() throws {
    let url = Fixtures.scenariosFolder.appendingPathComponent("reframing-funnel.yaml")
    let text = try String(contentsOf: url, encoding: .utf8)
    let scenario = try ScenarioLoader.load(text: text, file: "reframing-funnel.yaml").applying([.paths(300), .years(2)])
    let renamed = try XCTUnwrap(scenario.models.last).name
    XCTAssertTrue(text.contains("  \(renamed):"), "model '\(renamed)' not found as a key")
    let quoted = try ScenarioLoader.load(
      text: text.replacingOccurrences(of: "  \(renamed):", with: "  \"\(renamed), \\\"bis\\\"\":"),
      file: "renamed.yaml"
    ).applying([.paths(300), .years(2)])
    XCTAssertEqual(quoted.models.last?.name, "\(renamed), \"bis\"")
    try check(quoted, "reframing-funnel, renamed")

    let result = try Pipeline.simulate(quoted, threads: 2)
    let wide = try CSVTable(ResultTables(result).monthlyWide())
    let counts = wide.header.indices.filter { c in
      let name = wide.header[c]
      return ["p10", "p50", "p90"].contains { name.hasSuffix("." + $0) }
        && ["clients", "vcio_only_clients", "funnel.assessments", "funnel.closed"].contains {
          name.contains("." + $0 + ".")
        }
    }
    XCTAssertTrue(
      counts.contains { wide.header[$0].contains(".funnel.") }, "no funnel count column in \(wide.header.prefix(8))")
    for row in wide.rows {
      for c in counts {
        let x = try XCTUnwrap(Double(row[c]), wide.header[c])
        XCTAssertEqual(x, x.rounded(), "\(wide.header[c]) month \(row[0]) is not a whole count")
      }
    }
  }
}

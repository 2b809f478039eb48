import Foundation
import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

/// The terminal summary's "Sales funnel over the horizon (P50)" section: one row per
/// funnel model with the P50s of summary.csv, and nothing without a funnel.
final class TerminalSummaryFunnelTests: XCTestCase {
  func testFunnelSectionShowsTheSummaryMedians() throws {
    let result = try Pipeline.simulate(try Fixtures.funnelScenario(paths: 400, years: 3), threads: 2)
    let text = TerminalSummary(result).text(outputFolder: nil)

    let table = try CSVTable(ResultTables(result).summary())
    let (model, metric, p50) = (table.column("model")!, table.column("metric")!, table.column("p50")!)
    func median(_ name: String) throws -> Double {
      let row = try XCTUnwrap(table.rows.first { $0[model] == "msp2" && $0[metric] == name }, name)
      return try XCTUnwrap(Double(row[p50]))
    }
    XCTAssertFalse(table.rows.contains { $0[model] == "msp1" && $0[metric].hasPrefix("funnel.") })
    let assessments = try median("funnel.assessments.horizon_total")
    let closed = try median("funnel.closed.horizon_total")
    let rate = try median("funnel.close_rate")
    let cost = try median("funnel.cost_per_close")
    XCTAssertGreaterThan(closed, 0)
    XCTAssertGreaterThan(cost, 0)

    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let at = try XCTUnwrap(lines.firstIndex(of: "Sales funnel over the horizon (P50):"), text)
    XCTAssertEqual(
      lines[at + 1].split(separator: " ", omittingEmptySubsequences: true).joined(separator: " "),
      "model assessments closes closes per assessment cost per close (USD)")
    let cells = lines[at + 2].split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    XCTAssertEqual(
      cells,
      [
        "msp2", TerminalSummary.money(assessments), TerminalSummary.money(closed),
      ] + TerminalSummary.percent(rate).split(separator: " ").map(String.init) + [TerminalSummary.money(cost)],
      text)
    XCTAssertEqual(lines[at + 3], "", "one row: msp1 has no funnel")
    // After the revenue mix, before the pair table.
    let mix = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("Revenue mix in year") })
    let pairs = try XCTUnwrap(lines.firstIndex { $0.contains("P(alt NPV > base)") })
    XCTAssertLessThan(mix, at)
    XCTAssertLessThan(at, pairs)
  }

  func testNoFunnelSectionWithoutAFunnel() throws {
    let s = try ScenarioLoader.load(path: Fixtures.defaultScenario.path).applying([.paths(50), .years(1)])
    let text = TerminalSummary(try Pipeline.simulate(s, threads: 2)).text(outputFolder: nil)
    XCTAssertFalse(text.contains("Sales funnel"), text)
    XCTAssertFalse(text.contains("closes per assessment"), text)
  }
}

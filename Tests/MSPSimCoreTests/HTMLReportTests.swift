import Foundation
import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

/// report.html's structure (docs/outputs.md, "The report"): the answer first, every
/// chart inlined once with ids that do not collide, nothing fetched or run, every
/// name escaped, the same bytes on any number of threads. How it renders in a
/// browser and prints is `ReportRenderTests` (mspsimTests), with headless Chromium.
final class HTMLReportTests: XCTestCase {
  /// Two models whose names and scenario name hold HTML's special characters, with
  /// `valuation:` and `cash:` so every section and chart is there.
  static let yaml = """
    name: "Board <pack> & \\"friends\\""
    currency: EUR
    horizon_years: 2
    paths: 300
    seed: 5
    market:
      churn: {uniform: {min: 0.05, max: 0.15}}
    valuation: {exit_year: 2, multiple_base: 3}
    cash: {opening: 100000}
    models:
      "a<b>&c":
        clients: {initial: 40, seats: 10}
        churn: {annual: market.churn}
        streams:
          managed_services: {price_per_seat: 120}
      "it's \\"new\\"":
        clients: {initial: 40, seats: 10}
        churn: {annual: market.churn}
        streams:
          managed_services: {price_per_seat: 125}

    """

  func result(threads: Int = 2) throws -> RunResult {
    let s = try ScenarioLoader.load(text: Self.yaml, file: "board.yaml")
    return try Pipeline.simulate(s, threads: threads)
  }

  func report(_ files: [(name: String, contents: String)]) throws -> String {
    try XCTUnwrap(files.first { $0.name == "report.html" }?.contents, "no report.html in \(files.map(\.name))")
  }

  func testAnswerFirstThenChartsMixCompareInputs() throws {
    let html = try report(OutputFiles.render(try result()))
    XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">\n"), String(html.prefix(80)))
    XCTAssertTrue(html.hasSuffix("</body>\n</html>\n"))
    let marks = [
      "<section id=\"answer\"", "<table id=\"answer-table\"", "<table id=\"cash-table\"",
      "<table id=\"model-table\"", "<table id=\"pair-table\"", "<section id=\"charts\"", "<svg",
      "<section id=\"mix\"", "<section id=\"compare\"", "<section id=\"inputs\"", "<footer>",
    ]
    var last = html.startIndex
    for mark in marks {
      let found = try XCTUnwrap(html.range(of: mark), "\(mark) missing")
      XCTAssertGreaterThanOrEqual(found.lowerBound, last, "\(mark) comes before the section it should follow")
      last = found.lowerBound
    }
    // The answer table is the terminal summary's, cell for cell.
    let answer = try XCTUnwrap(TerminalSummary(try result()).answerTable())
    for cell in answer.rows.joined() { XCTAssertTrue(html.contains(SVGDocument.escape(cell)), "answer cell \(cell)") }
  }

  func testEveryChartIsInlinedOnceWithUniqueIds() throws {
    let r = try result()
    let files = OutputFiles.render(r)
    let html = try report(files)
    let charts = files.filter { $0.name.hasSuffix(".svg") }
    XCTAssertEqual(
      charts.map(\.name),
      ["revenue_fan.svg", "revenue_mix.svg", "npv_histogram.svg", "value_difference.svg", "valley.svg", "cash.svg"])
    XCTAssertEqual(html.components(separatedBy: "<svg").count - 1, charts.count, "one <svg> per chart")
    XCTAssertEqual(html.components(separatedBy: "</svg>").count - 1, charts.count)
    XCTAssertFalse(html.contains("<?xml"), "an XML declaration left inside the page")
    for chart in charts {
      XCTAssertTrue(html.contains("data-file=\"\(chart.name)\""), "\(chart.name) not in the report")
      // The chart's drawing, after its root tag, is in the page byte for byte (it has no ids to rename).
      let body = try XCTUnwrap(chart.contents.range(of: "<title>")).lowerBound
      XCTAssertTrue(html.contains(chart.contents[body...]), "\(chart.name) is not the same drawing as the file")
    }
    let ids = matches(of: #" id="([^"]*)""#, in: html)
    XCTAssertGreaterThan(ids.count, charts.count)
    XCTAssertEqual(
      ids.count, Set(ids).count, "ids used twice: \(ids.filter { id in ids.filter { $0 == id }.count > 1 })")
  }

  func testNothingIsFetchedOrRunAndNamesAreEscaped() throws {
    let html = try report(OutputFiles.render(try result()))
    let lower = html.lowercased()
    for banned in ["<script", "<link", "<img", "<iframe", " src=", "@import", "url(http", "javascript:", " on"] {
      if banned == " on" {
        XCTAssertEqual(matches(of: #"<[^>]* on[a-z]+="#, in: lower), [], "event handler attributes")
      } else {
        XCTAssertFalse(lower.contains(banned), "report holds \(banned)")
      }
    }
    // The SVG namespace is a name, not a resource; no other address is in the page.
    let addresses = lower.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
    XCTAssertFalse(addresses.contains("http://"), "an http:// address")
    XCTAssertFalse(addresses.contains("https://"), "an https:// address")
    for raw in ["a<b>&c", "it's \"new\"", "Board <pack> & \"friends\""] {
      XCTAssertFalse(html.contains(raw), "\(raw) written unescaped")
      XCTAssertTrue(html.contains(SVGDocument.escape(raw)), "\(raw) not in the report")
    }
    XCTAssertTrue(html.contains("<title>Board &lt;pack&gt; &amp; &quot;friends&quot; - mspsim report</title>"))
  }

  func testInputsListTheResolvedScenario() throws {
    let html = try report(OutputFiles.render(try result()))
    XCTAssertTrue(html.contains("<td>churn</td><td>uniform(min 0.05, max 0.15)</td>"), "market entry")
    XCTAssertTrue(html.contains("<td>clients.initial</td><td>40</td>"), "a model key")
    XCTAssertTrue(html.contains("<td>churn.annual</td><td>market.churn</td>"), "a market reference")
    XCTAssertTrue(html.contains("<caption>models.a&lt;b&gt;&amp;c</caption>"), "a model's table")
    XCTAssertTrue(html.contains("<caption>valuation</caption>") && html.contains("<caption>cash</caption>"))
  }

  func testSameBytesOnOneAndThreeThreadsAndWithoutCharts() throws {
    let one = try report(OutputFiles.render(try result(threads: 1)))
    let three = try report(OutputFiles.render(try result(threads: 3)))
    XCTAssertEqual(one, three, "report.html depends on the thread count")
    // --no-charts leaves out the .svg files, not the report's charts.
    let noCharts = OutputFiles.render(try result(threads: 1), charts: false)
    XCTAssertEqual(noCharts.filter { $0.name.hasSuffix(".svg") }.map(\.name), [])
    XCTAssertEqual(try report(noCharts), one)
    let noReport = OutputFiles.render(try result(threads: 1), report: false)
    XCTAssertFalse(noReport.contains { $0.name == "report.html" })
    XCTAssertEqual(noReport.filter { $0.name.hasSuffix(".svg") }.count, 6)
    XCTAssertEqual(
      OutputFiles.render(try result(threads: 1), charts: false, report: false).map(\.name).filter {
        $0.hasSuffix(".svg") || $0.hasSuffix(".html")
      }, [])
  }

  func testInlineSVGDropsTheDeclarationAndPrefixesIds() {
    let svg = """
      <?xml version="1.0" encoding="UTF-8"?>
      <svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800" viewBox="0 0 1200 800">
        <defs><clipPath id="plot"><rect x="0" y="0" width="10" height="10"/></clipPath></defs>
        <g clip-path="url(#plot)"><use href="#plot" stroke-width="2"/></g>
        <text x="1" y="2">url(#plot) id="plot" &amp;</text>
      </svg>

      """
    let out = InlineSVG.inline(svg, prefix: "c1-")
    XCTAssertEqual(
      out,
      """
      <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 800">
        <defs><clipPath id="c1-plot"><rect x="0" y="0" width="10" height="10"/></clipPath></defs>
        <g clip-path="url(#c1-plot)"><use href="#c1-plot" stroke-width="2"/></g>
        <text x="1" y="2">url(#plot) id="plot" &amp;</text>
      </svg>

      """)
  }

  func matches(of pattern: String, in text: String) -> [String] {
    guard let re = try? NSRegularExpression(pattern: pattern) else {
      XCTFail("bad pattern \(pattern)")
      return []
    }
    let ns = text as NSString
    return re.matches(in: text, range: NSRange(location: 0, length: ns.length)).map {
      ns.substring(with: $0.numberOfRanges > 1 ? $0.range(at: 1) : $0.range)
    }
  }
}

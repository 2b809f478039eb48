import Foundation
import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Charts.render on real runs: every file is well-formed XML without NaN or
/// infinity and holds the expected series per model (found by their
/// `class="series"` groups and data-* attributes).
final class ChartsTests: XCTestCase {
  /// One element of a parsed SVG: its name and attributes.
  struct Element {
    var name: String
    var attributes: [String: String]
    /// The `data-model` of the nearest enclosing series group (or its own).
    var seriesModel: String?
    var series: String?
  }

  /// Collects the elements of a document and the first parse error.
  final class Collector: NSObject, XMLParserDelegate {
    var elements: [Element] = []
    var error: Error?
    var texts: [String] = []
    /// Each `<text>` element whole: its attributes, its series group and its lines (one
    /// per `<tspan>`), with the characters the parser hands over in pieces (around
    /// `&apos;`) joined again.
    var textElements: [(attributes: [String: String], seriesModel: String?, series: String?, lines: [String])] = []
    private var inText = false
    private var stack: [(model: String?, series: String?)] = []

    /// Every line of every `<text>`, whole.
    var lines: [String] { textElements.flatMap(\.lines) }

    func parser(
      _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
      qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
    ) {
      let inherited = stack.last ?? (nil, nil)
      let isSeries = (attributeDict["class"] ?? "").split(separator: " ").contains("series")
      let own = isSeries ? (attributeDict["data-model"], attributeDict["data-series"]) : inherited
      stack.append(own)
      elements.append(Element(name: elementName, attributes: attributeDict, seriesModel: own.0, series: own.1))
      if elementName == "text" {
        inText = true
        textElements.append((attributeDict, own.0, own.1, []))
      } else if elementName == "tspan", inText, !textElements.isEmpty {
        textElements[textElements.count - 1].lines.append("")
      }
    }

    func parser(
      _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
      qualifiedName qName: String?
    ) {
      _ = stack.popLast()
      if elementName == "text" { inText = false }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
      texts.append(string)
      guard inText, !textElements.isEmpty else { return }
      let last = textElements.count - 1
      if textElements[last].lines.isEmpty { textElements[last].lines.append("") }
      textElements[last].lines[textElements[last].lines.count - 1] += string
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
      if error == nil { error = parseError }
    }
  }

  /// Parses `svg`, failing the test on a parse error or a NaN/infinity anywhere.
  func parse(_ name: String, _ svg: String, file: StaticString = #filePath, line: UInt = #line) -> Collector {
    let collector = Collector()
    let parser = XMLParser(data: Data(svg.utf8))
    parser.delegate = collector
    let ok = parser.parse()
    XCTAssertTrue(
      ok, "\(name) is not well-formed XML: \(String(describing: collector.error ?? parser.parserError))",
      file: file, line: line)
    XCTAssertNil(collector.error, "\(name): \(String(describing: collector.error))", file: file, line: line)
    XCTAssertTrue(svg.hasPrefix("<?xml "), "\(name) has no XML declaration", file: file, line: line)
    XCTAssertEqual(collector.elements.first?.name, "svg", "\(name): root is not <svg>", file: file, line: line)
    let root = collector.elements.first?.attributes ?? [:]
    XCTAssertEqual(root["xmlns"], "http://www.w3.org/2000/svg", name, file: file, line: line)
    XCTAssertEqual(root["viewBox"], "0 0 1200 800", name, file: file, line: line)
    XCTAssertTrue(collector.elements.contains { $0.name == "title" }, "\(name) has no <title>", file: file, line: line)
    for bad in ["NaN", "nan", "inf", "Infinity"] {
      // Attribute values and numbers only: text could legitimately say "info".
      for e in collector.elements {
        for (k, v) in e.attributes where k != "data-model" && k != "data-parameter" && v.contains(bad) {
          XCTFail("\(name): <\(e.name) \(k)=\"\(v)\"> holds \(bad)", file: file, line: line)
        }
      }
    }
    XCTAssertFalse(
      svg.contains("NaN") || svg.contains("nan") || svg.contains("inf"),
      "\(name) contains NaN or inf", file: file, line: line)
    // Every text says its size (none inherits one), and none is under 12 px.
    for e in collector.elements where e.name == "text" {
      guard let size = e.attributes["font-size"].flatMap(Double.init) else {
        XCTFail("\(name): <text> without a font-size: \(e.attributes)", file: file, line: line)
        continue
      }
      XCTAssertGreaterThanOrEqual(size, 12, "\(name): text smaller than 12 px", file: file, line: line)
    }
    XCTAssertFalse(svg.contains("<script"), name, file: file, line: line)
    XCTAssertFalse(svg.contains("href"), "\(name) links to something", file: file, line: line)
    return collector
  }

  /// The series groups of a parsed document: (data-model, data-series) pairs.
  func series(_ c: Collector) -> [(model: String, series: String)] {
    c.elements.compactMap { e in
      guard (e.attributes["class"] ?? "").split(separator: " ").contains("series"),
        let m = e.attributes["data-model"], let s = e.attributes["data-series"]
      else { return nil }
      return (m, s)
    }
  }

  /// Loads a scenario file of Scenarios/, shortened for tests.
  func scenario(_ file: String, paths: Int, years: Int) throws -> Scenario {
    try ScenarioLoader.load(path: Fixtures.scenariosFolder.appendingPathComponent(file).path)
      .applying([.paths(paths), .years(years)])
  }

  /// Runs `s` with sensitivity rows and renders the charts.
  func render(_ s: Scenario) throws -> (plan: ScenarioPlan, files: [String: String], rows: [SensitivityRow]) {
    let plan = ScenarioPlan(s)
    let result = try Pipeline.simulate(s, threads: 2, sensitivity: true)
    let rows = try XCTUnwrap(result.sensitivity)
    let out = Charts.render(result)
    var files: [String: String] = [:]
    for f in out { files[f.name] = f.contents }
    XCTAssertEqual(out.count, files.count, "duplicate file names")
    return (plan, files, rows)
  }

  // MARK: The default comparison

  func testDefaultScenarioChartsHaveEverySeries() throws {
    let s = try scenario("msp1-vs-msp2.yaml", paths: 600, years: 3)
    let (plan, files, rows) = try render(s)
    XCTAssertEqual(
      Set(files.keys),
      [
        "revenue_fan.svg", "revenue_mix.svg", "npv_histogram.svg", "value_difference.svg", "valley.svg", "cash.svg",
        "tornado.svg",
      ])
    var parsed: [String: Collector] = [:]
    for (name, svg) in files { parsed[name] = parse(name, svg) }

    for m in plan.models {
      // revenue_fan: a median line and two bands per model, the median with one point per month.
      let fan = series(parsed["revenue_fan.svg"] ?? Collector()).filter { $0.model == m.name }.map(\.series)
      XCTAssertEqual(Set(fan), ["median", "p5-p95", "p25-p75"], "revenue_fan \(m.name)")
      XCTAssertEqual(fan.count, 3, "revenue_fan \(m.name): one group per series")
      let medianPath = parsed["revenue_fan.svg"]?.elements.first {
        $0.name == "path" && $0.seriesModel == m.name && $0.series == "median"
      }
      let d = medianPath?.attributes["d"] ?? ""
      XCTAssertEqual(d.filter { $0 == "L" }.count + 1, plan.months, "revenue_fan \(m.name): points of the median")

      // revenue_mix: a bar group per stream, one bar per year (medians are > 0 here).
      let mix = parsed["revenue_mix.svg"] ?? Collector()
      let groups = series(mix).filter { $0.model == m.name }.map(\.series)
      XCTAssertEqual(groups, m.layout.streams.map { "revenue." + $0.rawValue }, "revenue_mix \(m.name)")
      let bars = mix.elements.filter { $0.name == "rect" && $0.seriesModel == m.name }
      XCTAssertGreaterThanOrEqual(bars.count, plan.years, "revenue_mix \(m.name): bars")
      XCTAssertLessThanOrEqual(bars.count, plan.years * m.layout.streams.count, "revenue_mix \(m.name): bars")

      // npv_histogram: a histogram and a median line per model.
      let hist = series(parsed["npv_histogram.svg"] ?? Collector()).filter { $0.model == m.name }.map(\.series)
      XCTAssertEqual(Set(hist), ["histogram", "median"], "npv_histogram \(m.name)")

      // tornado: up to ten bars per model, in rank order, matching the sensitivity rows.
      let tornado = parsed["tornado.svg"] ?? Collector()
      let tbars = tornado.elements.filter { $0.attributes["class"] == "bar" && $0.seriesModel == m.name }
      let expected = rows.filter { $0.model == m.name && $0.output == "npv.ebitda" }.prefix(10).map(\.parameter)
      XCTAssertFalse(expected.isEmpty, "\(m.name) has uncertain inputs")
      XCTAssertEqual(tbars.compactMap { $0.attributes["data-parameter"] }, Array(expected), "tornado \(m.name)")
      XCTAssertLessThanOrEqual(tbars.count, 10)
    }
    // Axis titles carry the currency.
    let cur = s.currency
    XCTAssertTrue(parsed["revenue_fan.svg"]?.texts.contains("Revenue per month (\(cur))") == true)
    XCTAssertTrue(parsed["revenue_mix.svg"]?.texts.contains("Revenue per year (\(cur))") == true)
    XCTAssertTrue(parsed["npv_histogram.svg"]?.texts.contains("NPV of EBITDA (\(cur))") == true)
    XCTAssertTrue(parsed["tornado.svg"]?.texts.contains("Median NPV of EBITDA (\(cur))") == true)
  }

  func testNoTornadoWithoutSensitivity() throws {
    let s = try scenario("msp1-vs-msp2.yaml", paths: 50, years: 1)
    let names = Charts.render(try Pipeline.simulate(s, threads: 2)).map(\.name)
    XCTAssertEqual(
      names,
      ["revenue_fan.svg", "revenue_mix.svg", "npv_histogram.svg", "value_difference.svg", "valley.svg", "cash.svg"])
  }

  // MARK: Degenerate runs

  func testOnePathRendersWithoutNaN() throws {
    let (plan, files, _) = try render(try scenario("msp1-vs-msp2.yaml", paths: 1, years: 3))
    XCTAssertEqual(files.count, 7)
    XCTAssertNotNil(files["npv_histogram.svg"], "no NPV histogram among \(files.keys.sorted())")
    for (name, svg) in files.sorted(by: { $0.key < $1.key }) {
      let c = parse(name, svg)
      if name == "npv_histogram.svg" {
        // One path: every model's NPV is a single spike holding all the mass.
        for m in plan.models {
          XCTAssertTrue(series(c).contains { $0.model == m.name && $0.series == "histogram" }, m.name)
        }
      }
    }
  }

  /// A model with every price 0 (all revenue cells constant 0), one with constant
  /// costs (a constant negative NPV), and XML special characters in the names.
  func testZeroRevenueModelRendersWithoutNaN() throws {
    let yaml = """
      name: "zero <revenue> & \\"quotes\\""
      currency: EUR
      horizon_years: 2
      paths: 200
      seed: 7
      market:
        churn: {uniform: {min: 0.05, max: 0.15}}
      models:
        "free & <easy>":
          clients: {initial: 10, seats: 10}
          churn: {annual: market.churn}
          streams:
            managed_services: {price_per_seat: 0}
        "costly 'one'":
          clients: {initial: 10, seats: 10}
          streams:
            managed_services: {price_per_seat: 0}
          costs: {fixed_monthly: 1000}

      """
    let s = try ScenarioLoader.load(text: yaml, file: "zero.yaml")
    let (plan, files, _) = try render(s)
    XCTAssertEqual(
      Set(files.keys), ["revenue_fan.svg", "revenue_mix.svg", "npv_histogram.svg", "valley.svg", "tornado.svg"])
    XCTAssertNotNil(files["revenue_fan.svg"], "no revenue fan among \(files.keys.sorted())")
    for (name, svg) in files.sorted(by: { $0.key < $1.key }) {
      let c = parse(name, svg)
      XCTAssertTrue(svg.contains("free &amp; &lt;easy&gt;"), "\(name): model name not escaped")
      if name == "revenue_fan.svg" {
        for m in plan.models {
          XCTAssertEqual(Set(series(c).filter { $0.model == m.name }.map(\.series)), ["median", "p5-p95", "p25-p75"])
        }
        XCTAssertTrue(c.texts.contains("Revenue per month (EUR)"))
      }
    }
  }

  // MARK: Building blocks

  func testNiceTicksUseOneTwoFiveSteps() {
    for (a, b) in [(0.0, 2_950_000.0), (-1_234_567.0, 8_765_432.0), (0, 1), (3, 3), (0, 0), (-5, -5), (17, 0.5)] {
      let t = NiceTicks(covering: a, b)
      XCTAssertLessThanOrEqual(t.lo, Swift.min(a, b), "\(a)...\(b)")
      XCTAssertGreaterThanOrEqual(t.hi, Swift.max(a, b), "\(a)...\(b)")
      XCTAssertGreaterThan(t.hi, t.lo, "\(a)...\(b)")
      let mantissa = t.step / pow(10, floor(log10(t.step)))
      XCTAssertTrue([1, 2, 5].contains { abs(mantissa - $0) < 1e-9 }, "\(a)...\(b): step \(t.step)")
      XCTAssertLessThanOrEqual(t.values.count, 12)
    }
    XCTAssertEqual(NiceTicks(covering: 0, 2_950_000).step, 500_000)
  }

  func testTickLabels() {
    XCTAssertEqual(SVGLabel.money(2_500_000, step: 500_000, magnitude: 3_000_000), "2.5M")
    XCTAssertEqual(SVGLabel.money(3_000_000, step: 500_000, magnitude: 3_000_000), "3.0M")
    XCTAssertEqual(SVGLabel.money(-750_000, step: 250_000, magnitude: 1_000_000), "-0.75M")
    XCTAssertEqual(SVGLabel.money(40_000, step: 20_000, magnitude: 100_000), "40k")
    XCTAssertEqual(SVGLabel.money(2_000, step: 1_000, magnitude: 5_000), "2,000")
    XCTAssertEqual(SVGLabel.money(0, step: 1_000, magnitude: 5_000), "0")
    XCTAssertEqual(SVGLabel.money(1_500_000_000, step: 500_000_000, magnitude: 2e9), "1.5B")
    XCTAssertEqual(SVGLabel.percent(0.05, step: 0.01), "5 %")
    XCTAssertEqual(SVGLabel.percent(0.025, step: 0.005), "2.5 %")
    XCTAssertEqual(SVGDocument.number(.nan), "0")
    XCTAssertEqual(SVGDocument.number(-.infinity), "0")
    XCTAssertEqual(SVGDocument.number(12.3456), "12.35")
    XCTAssertEqual(SVGDocument.number(-0.001), "0")
    XCTAssertEqual(SVGDocument.escape("a&b<c>\"d'"), "a&amp;b&lt;c&gt;&quot;d&apos;")
  }

  /// The checker itself: a malformed document is reported, a well-formed one is not.
  func testParserHarnessRejectsMalformedXML() {
    for (text, valid) in [
      ("<svg><g></svg>", false), ("<svg><text>a & b</text></svg>", false),
      ("<svg><g class=\"series\"/></svg>", true),
    ] {
      let c = Collector()
      let parser = XMLParser(data: Data(text.utf8))
      parser.delegate = c
      XCTAssertEqual(parser.parse() && c.error == nil, valid, text)
    }
  }

  /// The histogram rebuilt from a sketch keeps all the mass and puts a constant in one bin.
  func testHistogramFromSketch() {
    var s = QuantileSketch()
    for i in 0..<1000 { s.add(Double(i)) }
    let h = Charts.histogram(s, lo: 0, hi: 999, bins: 40)
    XCTAssertEqual(h.reduce(0, +), 1, accuracy: 1e-9)
    for share in h { XCTAssertEqual(share, 1.0 / 40, accuracy: 0.004) }  // uniform data: flat

    var c = QuantileSketch()
    for _ in 0..<10 { c.add(5) }
    let spike = Charts.histogram(c, lo: 0, hi: 10, bins: 40)
    XCTAssertEqual(spike.reduce(0, +), 1, accuracy: 1e-9)
    XCTAssertEqual(spike.filter { $0 > 0 }.count, 1)

    XCTAssertEqual(Charts.histogram(QuantileSketch(), lo: 0, hi: 1, bins: 40).reduce(0, +), 0)
  }
}

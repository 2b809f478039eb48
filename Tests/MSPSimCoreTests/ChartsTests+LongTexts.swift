import Foundation
import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

/// Chart titles, the panel headings of tornado.svg and sobol.svg and the key paths of
/// their rows wrap instead of ending in "…" (docs/reading-results.md, "The charts"):
/// every word is there, every line fits its room, and no two texts overlap.
extension ChartsTests {
  /// A key path of 90 characters, far wider than the room left of a row.
  static let longKeyPath = "models.msp2.adoption.funnel.assessments_per_month.seasonal_uplift.by_quarter_of_first_year"

  /// A model name of 128 characters: with its median NPV, wider than a panel heading.
  static let longHeadingName = longModelName + ", and back to managed services alone"

  /// One line of a `<text>` as drawn: its words, where it is and its box.
  struct DrawnLine {
    var text: String
    var element: Int
    var x: Double
    var y: Double
    var box: SVGBox
  }

  /// Every line of every unrotated `<text>` of `c`, at its own baseline (the text's y,
  /// or its `<tspan>`'s), with its box by `SVGTextMetrics`.
  func drawnLines(_ c: Collector) -> [DrawnLine] {
    var out: [DrawnLine] = []
    var textIndex = -1
    var current: [String: String] = [:]
    var span = 0
    for e in c.elements {
      if e.name == "text" {
        textIndex += 1
        current = e.attributes
        span = 0
        guard current["transform"] == nil, c.textElements[textIndex].lines.count == 1 else { continue }
        out.append(line(c.textElements[textIndex].lines[0], textIndex, current, e.attributes))
      } else if e.name == "tspan", current["transform"] == nil, textIndex >= 0 {
        let lines = c.textElements[textIndex].lines
        if lines.indices.contains(span) { out.append(line(lines[span], textIndex, current, e.attributes)) }
        span += 1
      }
    }
    return out

    func line(_ s: String, _ i: Int, _ text: [String: String], _ at: [String: String]) -> DrawnLine {
      let size = Double(text["font-size"] ?? "") ?? .nan
      let (x, y) = (Double(at["x"] ?? "") ?? .nan, Double(at["y"] ?? "") ?? .nan)
      let box = SVGBox.text(
        [s], x: x, y: y, size: size, bold: text["font-weight"] == "bold", anchor: text["text-anchor"] ?? "start",
        lineHeight: 0)
      return DrawnLine(text: s, element: i, x: x, y: y, box: box)
    }
  }

  /// No line ends in "…", every line lies within the canvas and overlaps no line of
  /// another text.
  func assertNothingCutOrOverlapping(_ name: String, _ c: Collector, file: StaticString = #filePath, line: UInt = #line)
  {
    let lines = drawnLines(c)
    let canvas = SVGBox(left: 0, top: 0, right: SVGDocument.width, bottom: SVGDocument.height)
    for (i, a) in lines.enumerated() {
      XCTAssertFalse(a.text.contains("…"), "\(name): \"\(a.text)\" is cut", file: file, line: line)
      XCTAssertTrue(a.box.inside(canvas), "\(name): \"\(a.text)\" leaves the canvas", file: file, line: line)
      for b in lines[(i + 1)...] where b.element != a.element {
        XCTAssertFalse(a.box.overlaps(b.box), "\(name): \"\(a.text)\" overlaps \"\(b.text)\"", file: file, line: line)
      }
    }
  }

  /// Checks the row labels of tornado.svg (`data-parameter`) or sobol.svg
  /// (`data-input`): each row's key path whole across its lines, every line
  /// right-aligned where the first is and no wider than the room from
  /// `Charts.rowLabelLeft` to there, the lines 16 px apart.
  ///
  /// - Returns: the key paths and their lines.
  func rowLabels(
    _ name: String, _ c: Collector, key: String, file: StaticString = #filePath, line: UInt = #line
  ) -> [(path: String, lines: [String])] {
    var out: [(path: String, lines: [String])] = []
    var path: String?
    var textIndex = -1
    for e in c.elements {
      if e.name == "g", e.attributes["class"] == "bar" { path = e.attributes[key] }
      guard e.name == "text" else { continue }
      textIndex += 1
      guard let p = path, e.attributes["text-anchor"] == "end", e.attributes["fill"] == nil else { continue }
      path = nil
      XCTAssertEqual(e.attributes["font-size"], "13", "\(name) \(p)", file: file, line: line)
      out.append((p, c.textElements[textIndex].lines))
    }
    let drawn = drawnLines(c)
    for (p, lines) in out {
      // Broken after a '.' or '_' the pieces join up; broken at a space the space goes.
      XCTAssertEqual(
        lines.joined().filter { $0 != " " }, p.filter { $0 != " " }, "\(name): the whole key path", file: file,
        line: line)
      let mine = drawn.filter { d in lines.contains(d.text) && d.box.right <= 430 }
      XCTAssertGreaterThanOrEqual(mine.count, lines.count, "\(name) \(p)", file: file, line: line)
      for d in mine {
        XCTAssertLessThanOrEqual(
          SVGTextMetrics.width(d.text, size: 13), d.x - Charts.rowLabelLeft + 0.001,
          "\(name): \"\(d.text)\" wider than its room", file: file, line: line)
      }
    }
    return out
  }

  /// Checks each panel's heading (the first text of a `<g class="panel">`): 16 px
  /// bold from x = 40, every line no wider than 1120 px, 19 px apart, above everything
  /// drawn in its panel.
  ///
  /// - Returns: the heading lines per panel.
  func rowPanelHeadings(
    _ name: String, _ c: Collector, file: StaticString = #filePath, line: UInt = #line
  ) -> [[String]] {
    panels(c, file: file, line: line).map { p in
      XCTAssertEqual(p.title["font-size"], "16", name, file: file, line: line)
      XCTAssertEqual(p.title["font-weight"], "bold", name, file: file, line: line)
      XCTAssertEqual(p.title["x"], "40", name, file: file, line: line)
      for l in p.lines {
        XCTAssertLessThanOrEqual(
          SVGTextMetrics.width(l, size: 16, bold: true), 1120, "\(name): \"\(l)\"", file: file, line: line)
      }
      for (a, b) in zip(p.baselines, p.baselines.dropFirst()) {
        XCTAssertEqual(b - a, Charts.panelTitleLineHeight, accuracy: 0.001, name, file: file, line: line)
      }
      let box = SVGBox.text(
        p.lines, x: 40, y: p.baselines.first ?? .nan, size: 16, bold: true, lineHeight: Charts.panelTitleLineHeight)
      XCTAssertLessThan(box.bottom, p.plotTop, "\(name): \(p.lines) runs into its plot", file: file, line: line)
      return p.lines
    }
  }

  /// msp1-vs-msp2.yaml with msp2 renamed to `longHeadingName` (its own inputs' key
  /// paths grow with it), shortened for tests.
  func longNamedScenario(paths: Int) throws -> Scenario {
    let url = Fixtures.scenariosFolder.appendingPathComponent("msp1-vs-msp2.yaml")
    let text = try String(contentsOf: url, encoding: .utf8)
    XCTAssertEqual(text.components(separatedBy: "\n  msp2:").count, 2, "one model key msp2")
    let renamed = text.replacingOccurrences(of: "\n  msp2:", with: "\n  \"\(Self.longHeadingName)\":")
    return try ScenarioLoader.load(text: renamed, file: "long.yaml").applying([.paths(paths), .years(2)])
  }

  /// tornado.svg with a 128-character model name and each model's first input
  /// renamed to a 90-character key path: the heading wraps, the key paths wrap at
  /// '.', '_' and spaces, and nothing is cut or overlaps.
  func testTornadoWrapsLongKeyPathsAndHeadings() throws {
    let name = Self.longHeadingName
    XCTAssertEqual(name.count, 128)
    XCTAssertEqual(Self.longKeyPath.count, 90)
    let result = try Pipeline.simulate(try longNamedScenario(paths: 300), threads: 2, sensitivity: true)
    var rows = try XCTUnwrap(result.sensitivity)
    for i in rows.indices where rows[i].rank == 1 { rows[i].parameter = Self.longKeyPath }
    let c = parse("tornado.svg", Charts.tornado(result, rows: rows))
    assertNothingCutOrOverlapping("tornado.svg", c)

    let headings = rowPanelHeadings("tornado.svg", c)
    XCTAssertEqual(headings.count, 2)
    XCTAssertEqual(headings.first?.count, 1, "msp1's heading on one line as before")
    XCTAssertGreaterThan(headings.last?.count ?? 0, 1, "\(headings)")
    let heading = headings.last?.joined(separator: " ") ?? ""
    XCTAssertTrue(heading.hasPrefix(name + " ") && heading.contains(" median NPV "), "\(headings)")

    let labels = rowLabels("tornado.svg", c, key: "data-parameter")
    let long = labels.filter { $0.path == Self.longKeyPath }
    XCTAssertEqual(long.count, 2, "the first row of each panel")
    for l in long {
      XCTAssertGreaterThan(l.lines.count, 1)
      XCTAssertEqual(l.lines.joined(), Self.longKeyPath)
      for piece in l.lines.dropLast() { XCTAssertTrue(piece.hasSuffix(".") || piece.hasSuffix("_"), piece) }
    }
    XCTAssertTrue(labels.contains { $0.path.hasPrefix("models.\(name).") && $0.lines.count > 2 }, "\(labels)")
    XCTAssertGreaterThan(labels.count, 6)
    for l in labels where SVGTextMetrics.width(l.path, size: 13) <= 352 - Charts.rowLabelLeft {
      XCTAssertEqual(l.lines, [l.path], "a key path that fits stays one line")
    }
  }

  /// sobol.svg with the same names and each output's first input renamed to the
  /// 90-character key path.
  func testSobolWrapsLongKeyPathsAndHeadings() throws {
    let name = Self.longHeadingName
    let result = try Pipeline.simulate(try longNamedScenario(paths: 256), threads: 2, sobol: true)
    var rows = try XCTUnwrap(result.sobol)
    var seen: Set<String> = []
    for i in rows.indices where seen.insert(rows[i].model + "|" + rows[i].output).inserted {
      rows[i].input = Self.longKeyPath
    }
    let c = parse("sobol.svg", Charts.sobol(result, rows: rows))
    assertNothingCutOrOverlapping("sobol.svg", c)

    let headings = rowPanelHeadings("sobol.svg", c)
    XCTAssertGreaterThan(headings.count, 1)
    let joined = headings.map { $0.joined(separator: " ") }
    XCTAssertTrue(joined.contains { $0.hasPrefix("msp1 -> \(name) ") }, "\(joined)")
    XCTAssertTrue(headings.contains { $0.count > 1 }, "\(headings)")

    let labels = rowLabels("sobol.svg", c, key: "data-input")
    let long = labels.filter { $0.path == Self.longKeyPath }
    XCTAssertEqual(long.count, headings.count, "the first row of each panel")
    for l in long {
      XCTAssertGreaterThan(l.lines.count, 1)
      XCTAssertEqual(l.lines.joined(), Self.longKeyPath)
    }
  }

  /// A title of 150 characters wraps at spaces onto two lines within the margins, and
  /// the subtitle moves down under it by one title line (`SVGDocument.headingDrop`),
  /// whether the subtitle takes one line or two.
  func testHeadingWrapsALongTitle() {
    let title = String(repeating: "a chart title that goes on ", count: 6).prefix(149) + "."
    XCTAssertEqual(title.count, 150)
    for subtitle in ["one line · short", String(repeating: "a subtitle part · ", count: 12) + "end"] {
      var doc = SVGDocument(title: "t", description: "d")
      doc.heading(String(title), subtitle: subtitle)
      let c = parse("heading", doc.rendered())
      assertNothingCutOrOverlapping("heading", c)
      let texts = c.textElements
      XCTAssertEqual(texts.count, 2)
      let titleLines = texts.first?.lines ?? []
      XCTAssertEqual(titleLines.count, 2, "\(titleLines)")
      XCTAssertEqual(titleLines.joined(separator: " "), String(title))
      for l in titleLines {
        XCTAssertLessThanOrEqual(SVGTextMetrics.width(l, size: 22, bold: true), SVGDocument.subtitleWidth, l)
      }
      XCTAssertEqual(doc.headingDrop, 26)
      // The subtitle's first baseline one title line lower than under a one-line title.
      let spans = c.elements.filter { $0.name == "text" || $0.name == "tspan" }.compactMap {
        Double($0.attributes["y"] ?? "")
      }
      let subtitleTop = texts.last?.lines.count == 1 ? 62.0 : 53.0
      XCTAssertTrue(spans.contains(subtitleTop + 26), "\(spans)")
    }
    var short = SVGDocument(title: "t", description: "d")
    short.heading("Title", subtitle: "one line")
    XCTAssertEqual(short.headingDrop, 0)
  }
}

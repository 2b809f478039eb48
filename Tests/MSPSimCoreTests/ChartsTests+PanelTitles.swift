import Foundation
import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

/// A model's name above its panel (revenue_mix.svg, funnel.svg) wraps within the
/// panel instead of being cut, and the valley diamonds of two pairs peaking together
/// do not hide one another (docs/reading-results.md, "The charts").
extension ChartsTests {
  /// A model name of 92 characters, far wider than any panel.
  static let longModelName =
    "the same managed services provider moving to vCIO, marketplace and app management over years"

  /// One panel of a parsed chart: its title (attributes, lines, baselines), the
  /// x range of its x axis line and the top of everything drawn in it but text.
  struct PanelRead {
    var model: String
    var title: [String: String]
    var lines: [String]
    var baselines: [Double]
    var axisLeft: Double
    var axisRight: Double
    var axisY: Double
    var plotTop: Double
  }

  /// The panels of a parsed revenue_mix.svg or funnel.svg, in document order: each
  /// from its `<g class="panel">` to the next one or the legend.
  func panels(_ c: Collector, file: StaticString = #filePath, line: UInt = #line) -> [PanelRead] {
    var out: [PanelRead] = []
    var textIndex = 0
    var inPanel = false
    var inTitle = false
    var titleSpans = false
    var inAxisX = false
    for e in c.elements {
      if e.name == "g", e.attributes["class"] == "panel" {
        out.append(
          PanelRead(
            model: e.attributes["data-model"] ?? "", title: [:], lines: [], baselines: [], axisLeft: .nan,
            axisRight: .nan, axisY: .nan, plotTop: .infinity))
        inPanel = true
        continue
      }
      if e.name == "g", e.attributes["class"] == "legend" { inPanel = false }
      if e.name == "g" { inAxisX = e.attributes["class"] == "axis x" }
      defer { if e.name == "text" { textIndex += 1 } }
      guard inPanel, var p = out.popLast() else { continue }
      defer { out.append(p) }
      switch e.name {
      case "text" where p.title.isEmpty:  // the panel's first text is its title
        p.title = e.attributes
        p.lines = c.textElements[textIndex].lines
        inTitle = true
        titleSpans = false
        if let y = Double(e.attributes["y"] ?? "") { p.baselines = [y] }
      case "tspan" where inTitle:  // one per line, the first at the text's own baseline
        if !titleSpans { p.baselines = [] }
        titleSpans = true
        if let y = Double(e.attributes["y"] ?? "") { p.baselines.append(y) }
      case "line":
        inTitle = false
        let (x1, y1, x2, y2) = (e.attributes["x1"], e.attributes["y1"], e.attributes["x2"], e.attributes["y2"])
        let ys = [y1, y2].compactMap { $0.flatMap(Double.init) }
        p.plotTop = min(p.plotTop, ys.min() ?? .infinity)
        if inAxisX, p.axisLeft.isNaN, let a = x1.flatMap(Double.init), let b = x2.flatMap(Double.init) {
          (p.axisLeft, p.axisRight, p.axisY) = (a, b, ys.first ?? .nan)
        }
      case "rect":
        inTitle = false
        p.plotTop = min(p.plotTop, Double(e.attributes["y"] ?? "") ?? .infinity)
      case "path":
        inTitle = false
        p.plotTop = min(p.plotTop, points(e.attributes["d"] ?? "").map(\.y).min() ?? .infinity)
      default:
        if e.name != "tspan" { inTitle = false }
      }
    }
    XCTAssertEqual(textIndex, c.textElements.count, "every <text> counted", file: file, line: line)
    return out
  }

  /// Checks each panel's title: the whole name, a line per baseline 19 px apart, every
  /// line within the panel's width, above everything drawn in the panel and clear of
  /// every other text of the chart.
  func assertPanelTitles(
    _ name: String, _ svg: String, models: [String], file: StaticString = #filePath, line: UInt = #line
  ) -> [PanelRead] {
    let c = parse(name, svg, file: file, line: line)
    let read = panels(c, file: file, line: line)
    XCTAssertEqual(read.map(\.model), models, name, file: file, line: line)
    for p in read {
      let what = "\(name) \(p.model)"
      XCTAssertEqual(p.title["font-size"], "16", what, file: file, line: line)
      XCTAssertEqual(p.title["font-weight"], "bold", what, file: file, line: line)
      XCTAssertFalse(p.lines.joined().contains("…"), "\(what): \(p.lines)", file: file, line: line)
      XCTAssertEqual(p.lines.joined(separator: " "), p.model, "\(what): the whole name", file: file, line: line)
      XCTAssertEqual(p.baselines.count, p.lines.count, "\(what): \(p.baselines)", file: file, line: line)
      for (a, b) in zip(p.baselines, p.baselines.dropFirst()) {
        XCTAssertEqual(b - a, Charts.panelTitleLineHeight, accuracy: 0.001, what, file: file, line: line)
      }
      XCTAssertEqual(
        Double(p.title["x"] ?? ""), p.axisLeft, "\(what): starts at the plot's left", file: file, line: line)
      let width = p.axisRight - p.axisLeft
      XCTAssertGreaterThan(width, 100, what, file: file, line: line)
      for l in p.lines {
        let w = SVGTextMetrics.width(l, size: 16, bold: true)
        XCTAssertLessThanOrEqual(w, width + 0.001, "\(what): \"\(l)\" wider than the panel", file: file, line: line)
      }
      // Below the last baseline: the descent, then the plot.
      let box = SVGBox.text(
        p.lines, x: p.axisLeft, y: p.baselines.first ?? .nan, size: 16, bold: true,
        lineHeight: Charts.panelTitleLineHeight)
      XCTAssertLessThan(box.bottom, p.plotTop, "\(what): the title runs into its plot", file: file, line: line)
      for t in c.textElements where t.attributes["transform"] == nil && t.lines != p.lines {
        let other = labelBox(t)
        XCTAssertFalse(box.overlaps(other), "\(what): the title overlaps \(t.lines)", file: file, line: line)
      }
    }
    return read
  }

  /// revenue_mix.svg and funnel.svg of Scenarios/reframing-funnel.yaml with msp2
  /// renamed: the long name wraps onto several lines, msp1's title is the one line
  /// it always was, and the plots keep their bottoms.
  func testLongModelNameWrapsInPanelTitles() throws {
    let name = Self.longModelName
    XCTAssertEqual(name.count, 92)
    let url = Fixtures.scenariosFolder.appendingPathComponent("reframing-funnel.yaml")
    let text = try String(contentsOf: url, encoding: .utf8)
    XCTAssertEqual(text.components(separatedBy: "\n  msp2:").count, 2, "one model key msp2")
    let renamed = text.replacingOccurrences(of: "\n  msp2:", with: "\n  \"\(name)\":")
    let s = try ScenarioLoader.load(text: renamed, file: "long.yaml").applying([.paths(200), .years(2)])
    let (_, _, files) = try charts(s)

    let mix = assertPanelTitles("revenue_mix.svg", try XCTUnwrap(files["revenue_mix.svg"]), models: ["msp1", name])
    XCTAssertEqual(mix.map(\.lines.count), [1, 3], "\(mix.map(\.lines))")
    // msp1's title as before (one <text>, no <tspan>, 22 px under the cell) and its plot from y = 116.
    XCTAssertEqual(mix.first?.title["y"], "102")
    XCTAssertEqual(mix.first?.plotTop, 116)
    // Both plots end on the same x axis: the long title takes room from its plot only.
    XCTAssertEqual(mix.first?.axisY, mix.last?.axisY)
    XCTAssertEqual(mix.last?.baselines.first, 102)

    let funnel = assertPanelTitles("funnel.svg", try XCTUnwrap(files["funnel.svg"]), models: [name])
    XCTAssertEqual(funnel.map(\.lines.count), [2], "\(funnel.map(\.lines))")
    XCTAssertEqual(funnel.first?.baselines.first ?? 0, 102, accuracy: 0.001)
  }

  /// Four models in a 2 x 2 grid, the first with the long name: its title wraps and
  /// clears the panel below as well as its own plot.
  func testLongModelNameWrapsInAGridOfPanels() throws {
    let name = Self.longModelName
    let model = { (price: Int) in
      "    clients: {initial: 10, seats: 10}\n    streams:\n      managed_services: {price_per_seat: \(price)}\n"
    }
    let yaml =
      "name: grid\ncurrency: EUR\nhorizon_years: 2\npaths: 100\nseed: 7\nmodels:\n"
      + "  \"\(name)\":\n\(model(100))  b:\n\(model(110))  c:\n\(model(120))  d:\n\(model(130))"
    let s = try ScenarioLoader.load(text: yaml, file: "grid.yaml")
    let (_, _, files) = try charts(s)
    let mix = assertPanelTitles(
      "revenue_mix.svg", try XCTUnwrap(files["revenue_mix.svg"]), models: [name, "b", "c", "d"])
    XCTAssertGreaterThan(mix.first?.lines.count ?? 0, 2)
    XCTAssertEqual(mix.first?.axisY, mix[1].axisY, "the same bottom as the panel beside it")
    XCTAssertLessThan(mix[0].axisY, mix[2].baselines.first ?? 0, "the panel below starts under it")
  }

  /// Two pairs whose gaps are the same (two identical alternatives against one
  /// baseline, no uncertainty) peak in the same month at the same value: their
  /// diamonds are set side by side, each at the peak's height, and each label's
  /// leader line starts at its own diamond.
  func testValleyDiamondsOfPairsPeakingTogetherDoNotCoincide() throws {
    let model = { (price: Int) in
      "    clients: {initial: 10, seats: 10}\n    streams:\n      managed_services: {price_per_seat: \(price)}\n"
    }
    let yaml =
      "name: together\ncurrency: EUR\nhorizon_years: 3\npaths: 50\nseed: 7\nmodels:\n"
      + "  stay:\n\(model(120))  move_a:\n\(model(100))  move_b:\n\(model(100))"
    let (result, _, files) = try charts(try ScenarioLoader.load(text: yaml, file: "together.yaml"))
    XCTAssertEqual(result.modelPairs.count, 3)
    let peaks = try (0..<2).map { try XCTUnwrap(medianPeak(result, $0)) }
    XCTAssertEqual(peaks[0].month, peaks[1].month, "the same month")
    XCTAssertEqual(peaks[0].value, peaks[1].value, "the same value")
    XCTAssertGreaterThan(peaks[0].value, 0)

    let valley = parse("valley.svg", files["valley.svg"] ?? "")
    var centres: [(x: Double, y: Double)] = []
    var leaders = 0
    for pi in 0..<2 {
      let label = Charts.pairLabel(result, pi)
      let median = valley.elements.first { $0.name == "path" && $0.seriesModel == label && $0.series == "median" }
      let line = points(median?.attributes["d"] ?? "")
      let peak = try XCTUnwrap(line.indices.contains(peaks[pi].month - 1) ? line[peaks[pi].month - 1] : nil, label)
      let diamonds = valley.elements.filter { $0.name == "path" && $0.seriesModel == label && $0.series == "valley" }
      XCTAssertEqual(diamonds.count, 1, label)
      let top = try XCTUnwrap(points(diamonds.first?.attributes["d"] ?? "").first, label)
      let centre = (x: top.x, y: top.y + Charts.valleyDiamond)
      XCTAssertEqual(centre.y, peak.y, accuracy: 0.01, "\(label): at the peak's height")
      XCTAssertLessThanOrEqual(abs(centre.x - peak.x), Charts.valleyDiamondSpacing + 0.01, "\(label): by its month")
      centres.append(centre)
      // A leader line, if any, from its own diamond.
      for l in valley.elements where l.name == "line" && l.seriesModel == label && l.series == "valley-label" {
        leaders += 1
        XCTAssertEqual(Double(l.attributes["x1"] ?? "") ?? .nan, centre.x, accuracy: 0.011, "\(label): leader")
        XCTAssertEqual(Double(l.attributes["y1"] ?? "") ?? .nan, centre.y, accuracy: 0.011, "\(label): leader")
      }
    }
    XCTAssertGreaterThan(leaders, 0, "the second label, pushed off its diamond, is tied back to it")
    // The first stays on its peak; the two diamonds (half-diagonal 8) do not overlap.
    let first = points(
      valley.elements.first {
        $0.name == "path" && $0.seriesModel == Charts.pairLabel(result, 0) && $0.series == "median"
      }?.attributes["d"] ?? "")
    XCTAssertEqual(centres[0].x, first[peaks[0].month - 1].x, accuracy: 0.01)
    let apart = abs(centres[0].x - centres[1].x) + abs(centres[0].y - centres[1].y)
    XCTAssertGreaterThanOrEqual(apart, 2 * Charts.valleyDiamond, "the diamonds overlap: \(centres)")
  }

  /// `Charts.diamondCentres`: a lone peak, or peaks apart, stay where they are; a
  /// diamond on or near one before it goes beside that one, on the side nearer its
  /// peak (right on a tie, left at the frame's right edge), and a third takes the
  /// nearest free place.
  func testDiamondCentresSetCoincidingDiamondsSideBySide() {
    let frame = SVGFrame(left: 110, top: 90, right: 930, bottom: 715)
    let d = Charts.valleyDiamondSpacing
    func xs(_ peaks: [(x: Double, y: Double)?]) -> [Double?] {
      Charts.diamondCentres(peaks, frame: frame).map { $0?.x }
    }
    func ys(_ peaks: [(x: Double, y: Double)?]) -> [Double?] {
      Charts.diamondCentres(peaks, frame: frame).map { $0?.y }
    }
    XCTAssertEqual(xs([(500, 300)]), [500])
    XCTAssertEqual(xs([(500, 300), nil, (540, 300), (500, 330)]), [500, nil, 540, 500], "apart: unchanged")
    XCTAssertEqual(xs([(500, 300), (500, 300)]), [500, 500 + d])
    XCTAssertEqual(xs([(500, 300), (503, 290)]), [500, 500 + d], "near: moved too, right beside it")
    XCTAssertEqual(xs([(500, 300), (489, 300)]), [500, 500 - d], "the side nearer its peak")
    XCTAssertEqual(ys([(500, 300), (503, 290)]), [300, 290], "heights kept")
    XCTAssertEqual(xs([(930, 300), (930, 301)]), [930, 930 - d], "left at the right edge")
    XCTAssertEqual(xs([(500, 300), (500, 300), (500, 300)]), [500, 500 + d, 500 - d])
    XCTAssertEqual(xs([(500, 300), (512, 300), (506, 300)]), [500, 500 + d, 500 - d])
    XCTAssertEqual(xs([(930, 300), (930, 300), (930, 300)]), [930, 930 - d, 930 - 2 * d])
  }
}

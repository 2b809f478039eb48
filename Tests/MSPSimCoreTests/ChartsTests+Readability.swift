import Foundation
import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

/// The charts read as they should (docs/reading-results.md, "The charts"): each pair
/// has its own colour, no text is cut short, labels name their pair and do not
/// overlap, the valley marker sits where its label says, shares are the terminal's,
/// and the files are the same for any thread count.
extension ChartsTests {
  /// The highest point of pair `pi`'s median gap, from the sketches: its first month
  /// at the largest median and that median.
  func medianPeak(_ result: RunResult, _ pi: Int) -> (month: Int, value: Double)? {
    var peak: (month: Int, value: Double)?
    for t in 1...result.months {
      let sketch = result.sketches[result.layout.gap(pi, month: t)]
      guard !sketch.isEmpty else { continue }
      let m = sketch.quantile(0.5)
      if peak.map({ m > $0.value }) ?? true { peak = (t, m) }
    }
    return peak
  }

  /// marketplace-heavy.yaml: three models, so three pairs, two of them with the
  /// alternative msp2_uncapped (against msp1 and against msp2_capped).
  func marketplaceHeavy() throws -> (result: RunResult, files: [String: String]) {
    let (result, _, files) = try charts(try scenario("marketplace-heavy.yaml", paths: 400, years: 4))
    XCTAssertEqual(result.modelPairs.count, 3)
    let alternatives = result.modelPairs.map(\.alternative)
    XCTAssertLessThan(Set(alternatives).count, alternatives.count, "two pairs share an alternative")
    return (result, files)
  }

  /// The box of a label's text element (13 px bold, 16 px a line: `Charts.labelSize`).
  func labelBox(_ t: (attributes: [String: String], seriesModel: String?, series: String?, lines: [String])) -> SVGBox {
    SVGBox.text(
      t.lines, x: Double(t.attributes["x"] ?? "") ?? .nan, y: Double(t.attributes["y"] ?? "") ?? .nan,
      size: Double(t.attributes["font-size"] ?? "") ?? .nan, bold: t.attributes["font-weight"] == "bold",
      anchor: t.attributes["text-anchor"] ?? "start", lineHeight: Charts.labelLineHeight)
  }

  func testEachPairHasItsOwnColour() throws {
    let (result, files) = try marketplaceHeavy()
    let valley = parse("valley.svg", files["valley.svg"] ?? "")
    let diff = parse("value_difference.svg", files["value_difference.svg"] ?? "")
    var medianColours: [String] = []
    var histogramColours: [String] = []
    for pi in result.modelPairs.indices {
      let label = Charts.pairLabel(result, pi)
      let colour = Charts.pairColour(pi)
      func drawn(_ c: Collector, _ name: String, _ series: String, _ attribute: String) -> [String] {
        c.elements.filter { $0.name == name && $0.seriesModel == label && $0.series == series }
          .compactMap { $0.attributes[attribute] }
      }
      let median = drawn(valley, "path", "median", "stroke")
      XCTAssertEqual(median, [colour], "valley \(label): the median in the pair's colour")
      medianColours += median
      XCTAssertEqual(drawn(valley, "line", "payback", "stroke"), [colour], "valley \(label): the payback line")
      XCTAssertEqual(drawn(valley, "text", "payback-label", "fill"), [colour], "valley \(label): the payback label")
      XCTAssertEqual(drawn(valley, "text", "valley-label", "fill"), [colour], "valley \(label): the valley label")
      let histogram = drawn(diff, "path", "histogram", "fill")
      XCTAssertEqual(histogram, [colour], "value_difference \(label)")
      histogramColours += histogram
      XCTAssertEqual(drawn(diff, "text", "p-better", "fill"), [colour], "value_difference \(label): its share")
    }
    XCTAssertEqual(Set(medianColours).count, result.modelPairs.count, "valley: one colour per pair")
    XCTAssertEqual(Set(histogramColours).count, result.modelPairs.count, "value_difference: one colour per pair")
    // A pair against the first model keeps its alternative's colour of the model charts.
    for (pi, pair) in result.modelPairs.enumerated() where pair.baseline == 0 {
      XCTAssertEqual(Charts.pairColour(pi), Charts.modelColour(pair.alternative))
    }
  }

  func testPairChartsCutNoText() throws {
    let (result, files) = try marketplaceHeavy()
    for name in ["valley.svg", "value_difference.svg", "npv_histogram.svg", "revenue_fan.svg"] {
      let c = parse(name, files[name] ?? "")
      for line in c.lines { XCTAssertFalse(line.contains("…"), "\(name): \"\(line)\" is cut") }
      // The subtitle in full, on one line or two.
      let subtitle = try XCTUnwrap(c.textElements.first { $0.attributes["fill"] == "#555555" }, name)
      XCTAssertTrue(subtitle.lines.first?.hasPrefix(result.settings.scenarioName) == true, "\(name): \(subtitle)")
      XCTAssertLessThanOrEqual(subtitle.lines.count, 2, name)
      for line in subtitle.lines {
        XCTAssertLessThanOrEqual(SVGTextMetrics.width(line, size: 14), SVGDocument.subtitleWidth, name)
      }
    }
    // Each pair's legend entry reads in full, wrapped at spaces.
    for name in ["valley.svg", "value_difference.svg"] {
      let c = parse(name, files[name] ?? "")
      for pi in result.modelPairs.indices {
        let label = Charts.pairLabel(result, pi)
        XCTAssertTrue(
          c.textElements.contains { $0.seriesModel == nil && $0.lines.joined(separator: " ") == label },
          "\(name): no legend entry \(label) in \(c.textElements.map(\.lines))")
      }
    }
    let valley = parse("valley.svg", files["valley.svg"] ?? "")
    let paybackEntry = "payback month: P50 of the paths that pay back"
    XCTAssertTrue(valley.textElements.contains { $0.lines.joined(separator: " ") == paybackEntry })
  }

  func testValleyLabelsNameTheirPairAndDoNotOverlap() throws {
    let (result, files) = try marketplaceHeavy()
    let valley = parse("valley.svg", files["valley.svg"] ?? "")
    let labels = valley.textElements.filter { $0.series == "valley-label" || $0.series == "payback-label" }
    for pi in result.modelPairs.indices {
      let label = Charts.pairLabel(result, pi)
      let mine = labels.filter { $0.seriesModel == label }
      XCTAssertEqual(mine.count, 2, "\(label): a valley and a payback label")
      for t in mine { XCTAssertEqual(t.lines.first, label, "several pairs: each label starts with its pair") }
    }
    // No two labels overlap, none covers a valley diamond, all stay in the plot.
    let boxes = labels.map(labelBox)
    let diamonds = valley.elements.filter { $0.name == "path" && $0.series == "valley" }.map { e -> SVGBox in
      let p = points(e.attributes["d"] ?? "")
      let (x, y) = (p.first?.x ?? 0, (p.first?.y ?? 0) + 8)
      return SVGBox(left: x - 8, top: y - 8, right: x + 8, bottom: y + 8)
    }
    XCTAssertEqual(diamonds.count, result.modelPairs.count)
    let plot = SVGBox(left: 110, top: 90, right: 930, bottom: 715)
    for (i, a) in boxes.enumerated() {
      XCTAssertTrue(a.inside(plot), "\(labels[i].lines) leaves the plot")
      for (j, b) in boxes.enumerated() where j > i {
        XCTAssertFalse(a.overlaps(b), "\(labels[i].lines) overlaps \(labels[j].lines)")
      }
      for d in diamonds { XCTAssertFalse(a.overlaps(d), "\(labels[i].lines) covers a diamond") }
    }
  }

  /// The diamond is the highest point of the median line (or beside it, when another
  /// pair's diamond is there already), and its label gives that month and value (not
  /// the median of each path's deepest gap, a different number written on a line of
  /// its own); the payback label gives the share of paths that pay back as the
  /// terminal does.
  func testValleyMarkerIsWhatItsLabelSays() throws {
    for file in ["conservative-transition.yaml", "marketplace-heavy.yaml"] {
      let (result, _, files) = try charts(try scenario(file, paths: 400, years: 6))
      let valley = parse("valley.svg", files["valley.svg"] ?? "")
      let answer = try XCTUnwrap(TerminalSummary(result).answerTable()).rows
      var drawn: [(x: Double, y: Double)] = []  // the diamonds' centres so far
      for pi in result.modelPairs.indices {
        let label = Charts.pairLabel(result, pi)
        let median = valley.elements.first { $0.name == "path" && $0.seriesModel == label && $0.series == "median" }
        let line = points(median?.attributes["d"] ?? "")
        let top = try XCTUnwrap(line.indices.min { line[$0].y < line[$1].y }, "\(file) \(label): no median")
        let diamond = valley.elements.first { $0.name == "path" && $0.seriesModel == label && $0.series == "valley" }
        let d = try XCTUnwrap(points(diamond?.attributes["d"] ?? "").first, "\(file) \(label): no diamond")
        XCTAssertEqual(d.y + 8, line[top].y, accuracy: 0.01, "\(file) \(label): the diamond at the median's top")

        // The month of the largest median (the median line has one point a month from month 1).
        let peak = try XCTUnwrap(medianPeak(result, pi))
        let at = line[peak.month - 1]
        if abs(at.x - d.x) > 0.01 {
          // Set beside an earlier pair's diamond that sat on this peak (`Charts.diamondCentres`).
          let spacing = Charts.valleyDiamondSpacing
          XCTAssertTrue(
            drawn.contains { abs($0.x - at.x) < spacing && abs($0.y - at.y) < spacing },
            "\(file) \(label): off the peak's month, with no diamond on it")
          XCTAssertTrue(
            drawn.contains { abs(abs($0.x - d.x) - spacing) < 0.02 }, "\(file) \(label): beside another diamond")
          XCTAssertLessThan(abs(at.x - d.x), spacing * Double(drawn.count), "\(file) \(label): by its month")
        }
        drawn.append((d.x, d.y + 8))
        XCTAssertEqual(at.y, d.y + 8, accuracy: 0.01, "\(file) \(label): at the median line's height")
        let texts = valley.textElements.filter { $0.seriesModel == label && $0.series == "valley-label" }
        XCTAssertEqual(texts.count, 1)
        let lines = texts.first?.lines ?? []
        XCTAssertTrue(lines.contains("median gap peaks in month \(peak.month): \(SVGLabel.amount(peak.value))"))
        let depth = result.sketches[result.layout.valleyDepth(pi)].quantile(0.5)
        XCTAssertTrue(lines.contains("P50 of each path's own deepest gap: \(SVGLabel.amount(depth))"), "\(lines)")

        // The terminal's payback cell is "44 (64.0 % of paths)": the same month and share.
        let counts = result.pairs[pi]
        let t = try XCTUnwrap(counts.medianCrossover, "\(file) \(label): no path pays back")
        let share = SVGLabel.pathShare(counts.crossed, of: result.paths)
        let paybackColumn = try XCTUnwrap(answer[0].firstIndex(of: "payback month (P50)"))
        XCTAssertEqual(answer[pi + 1][paybackColumn], "\(t) (\(share) of paths)", "\(file) \(label)")
        let payback = valley.textElements.filter { $0.seriesModel == label && $0.series == "payback-label" }
        XCTAssertEqual(
          payback.first?.lines.last, "payback month \(t): P50 of the \(share) of paths that pay back", "\(file)")
      }
    }
  }

  /// value_difference.svg prints P(worth more) as the terminal's answer table does,
  /// digit for digit, including at a tie of two tenths (1,925 of 2,000 paths: half
  /// away from zero, as a spreadsheet shows 0.9625).
  func testShareOfPathsIsTheTerminals() throws {
    XCTAssertEqual(SVGLabel.pathShare(1925, of: 2000), "96.3 %")
    XCTAssertEqual(SVGLabel.pathShare(1925, of: 2000), TerminalSummary.percent(1925.0 / 2000))
    // The payback share too has its decimal (docs/outputs.md, "Rounding"): 64.0 %, not 64 %.
    XCTAssertEqual(SVGLabel.pathShare(1280, of: 2000), "64.0 %")
    XCTAssertEqual(SVGLabel.pathShare(0, of: 0), "0.0 %")

    let (result, files) = try marketplaceHeavy()
    let diff = parse("value_difference.svg", files["value_difference.svg"] ?? "")
    let answer = try XCTUnwrap(TerminalSummary(result).answerTable()).rows
    for pi in result.modelPairs.indices {
      let label = Charts.pairLabel(result, pi)
      let text = diff.textElements.first { $0.seriesModel == label && $0.series == "p-better" }
      let printed = try XCTUnwrap(text?.lines.joined(separator: " "), label)
      XCTAssertTrue(printed.hasSuffix("P(worth more) \(answer[pi + 1][2])"), "\(printed) against \(answer[pi + 1])")
      XCTAssertTrue(printed.hasPrefix(label), printed)
    }
  }

  /// npv_histogram.svg: every median label comes after every median line (so none is
  /// cut by another model's line), on a white panel, and no two overlap.
  func testMedianLabelsAreDrawnOverEveryLine() throws {
    let (result, files) = try marketplaceHeavy()
    let c = parse("npv_histogram.svg", files["npv_histogram.svg"] ?? "")
    let lines = c.elements.indices.filter { c.elements[$0].name == "line" && c.elements[$0].series == "median" }
    let texts = c.elements.indices.filter { c.elements[$0].name == "text" && c.elements[$0].series == "median" }
    XCTAssertEqual(lines.count, result.models.count)
    XCTAssertEqual(texts.count, result.models.count)
    XCTAssertLessThan(lines.max() ?? 0, texts.min() ?? 0, "a median line drawn over a label")
    let panels = c.elements.filter { $0.name == "rect" && $0.series == "median" && $0.attributes["fill"] == "#ffffff" }
    XCTAssertEqual(panels.count, result.models.count, "a white panel behind each label")
    let boxes = c.textElements.filter { $0.series == "median" }.map(labelBox)
    for (i, a) in boxes.enumerated() {
      for b in boxes[(i + 1)...] { XCTAssertFalse(a.overlaps(b), "two median labels overlap") }
    }
    for m in result.models {
      XCTAssertTrue(c.lines.contains { $0.hasPrefix(m.name + " median ") }, "\(m.name): \(c.lines)")
    }
  }

  /// No randomness and no dictionary order in the layout: the same charts for the
  /// same seed whatever the thread count.
  func testChartsAreTheSameForAnyThreadCount() throws {
    let s = try scenario("marketplace-heavy.yaml", paths: 300, years: 3)
    let one = Charts.render(try Pipeline.simulate(s, threads: 1))
    let three = Charts.render(try Pipeline.simulate(s, threads: 3))
    XCTAssertEqual(one.map(\.name), three.map(\.name))
    for (a, b) in zip(one, three) { XCTAssertEqual(a.contents, b.contents, a.name) }
  }

  /// Long model and scenario names wrap (legends, subtitles, labels) instead of being cut.
  func testLongNamesWrapInsteadOfBeingCut() throws {
    let yaml = """
      name: "A scenario whose name alone is longer than most subtitles would ever need to be, to test wrapping"
      currency: EUR
      horizon_years: 2
      paths: 200
      seed: 7
      market:
        churn: {uniform: {min: 0.05, max: 0.15}}
      models:
        managed_services_provider_with_an_exceptionally_long_name:
          clients: {initial: 10, seats: 10}
          streams:
            managed_services: {price_per_seat: 100}
        "the same provider, moving to vCIO and marketplace services over two years":
          clients: {initial: 10, seats: 10}
          churn: {annual: market.churn}
          streams:
            managed_services: {price_per_seat: 120}

      """
    let s = try ScenarioLoader.load(text: yaml, file: "long.yaml")
    let (result, _, files) = try charts(s)
    for name in ["valley.svg", "npv_histogram.svg", "revenue_fan.svg"] {
      let c = parse(name, files[name] ?? "")
      for line in c.lines { XCTAssertFalse(line.contains("…"), "\(name): \"\(line)\" is cut") }
      for t in c.textElements where t.seriesModel == nil && t.attributes["font-size"] == "13" {
        for line in t.lines {  // legend texts fit left of the canvas's right edge
          XCTAssertLessThanOrEqual(
            SVGTextMetrics.width(line, size: 13), SVGDocument.legendTextWidth(x: 955) + 0.001, "\(name): \(line)")
        }
      }
    }
    // The pair's legend entry holds every character of its label (a name without
    // spaces breaks after an underscore, so the lines are compared without spaces).
    let valley = parse("valley.svg", files["valley.svg"] ?? "")
    let label = Charts.pairLabel(result, 0).filter { $0 != " " }
    XCTAssertTrue(
      valley.textElements.contains { $0.seriesModel == nil && $0.lines.joined().filter { $0 != " " } == label },
      "\(valley.textElements.map(\.lines))")
    XCTAssertTrue(valley.lines.contains("managed_services_provider_"), "\(valley.lines)")
  }

  // MARK: Building blocks

  func testWrapKeepsEveryWordAndFits() {
    let text = "msp2_uncapped vs msp2_capped P25–P75 of a model with a rather long name"
    let lines = SVGTextMetrics.wrap(text, width: 150, size: 13)
    XCTAssertGreaterThan(lines.count, 1)
    XCTAssertEqual(lines.joined(separator: " "), text)
    for line in lines { XCTAssertLessThanOrEqual(SVGTextMetrics.width(line, size: 13), 150, line) }

    // A word too long for a line breaks after an underscore, and nothing is lost.
    let word = "managed_services_provider_with_an_exceptionally_long_name"
    let pieces = SVGTextMetrics.wrap(word, width: 160, size: 13)
    XCTAssertGreaterThan(pieces.count, 1)
    XCTAssertEqual(pieces.joined(), word)
    for piece in pieces.dropLast() { XCTAssertTrue(piece.hasSuffix("_"), piece) }
    for piece in pieces { XCTAssertLessThanOrEqual(SVGTextMetrics.width(piece, size: 13), 160, piece) }

    // A subtitle breaks at " · " between its parts first.
    let subtitle = "a scenario: 2,000 paths x 10 years, seed 42 · gap = baseline − alternative; above 0: behind"
    let parts = SVGTextMetrics.wrap(subtitle, width: 600, size: 14, separator: " · ")
    XCTAssertEqual(
      parts, ["a scenario: 2,000 paths x 10 years, seed 42", "gap = baseline − alternative; above 0: behind"])
    XCTAssertEqual(SVGTextMetrics.wrap("", width: 10, size: 13), [""])
    XCTAssertEqual(SVGTextMetrics.wrap("W", width: 1, size: 13), ["W"], "one character per line at least")
  }

  func testLabelPlacerMovesLabelsApart() {
    var placer = SVGLabelPlacer(bounds: SVGBox(left: 0, top: 0, right: 100, bottom: 100))
    let a = SVGBox(left: 10, top: 10, right: 50, bottom: 20)
    let b = SVGBox(left: 10, top: 22, right: 50, bottom: 32)
    let outside = SVGBox(left: 90, top: 10, right: 130, bottom: 20)
    XCTAssertEqual(placer.place([(outside, 0), (a, 1), (b, 2)]), 1, "the cheapest candidate inside the bounds")
    XCTAssertEqual(placer.place([(a, 0), (b, 1)]), 1, "the second label goes where the first is not")
    XCTAssertEqual(placer.reserved, [a, b])

    // A line to avoid: a candidate crossing it costs `crossingCost` more.
    var lines = SVGLabelPlacer(bounds: SVGBox(left: 0, top: 0, right: 100, bottom: 100))
    lines.avoid(SVGBox(left: 29, top: 0, right: 31, bottom: 100))
    let right = SVGBox(left: 55, top: 10, right: 80, bottom: 20)
    XCTAssertEqual(lines.place([(a, 0), (right, 1)]), 1, "off the line at a cost of 1 rather than 2")
    XCTAssertEqual(lines.place([(right, 0), (a, 5)]), 1, "across the line when nothing else is free")
    XCTAssertEqual(lines.place([(right, 0)]), 0, "a label is never dropped")
  }

  func testHeadingWrapsALongSubtitle() {
    var doc = SVGDocument(title: "t", description: "d")
    let name = String(repeating: "long scenario name ", count: 6)
    doc.heading("Title", subtitle: name + "· first part of the subtitle · second part of the subtitle")
    let svg = doc.rendered()
    XCTAssertFalse(svg.contains("…"), svg)
    XCTAssertTrue(svg.contains("<tspan x=\"40\" y=\"70\">second part of the subtitle</tspan>"), svg)
  }
}

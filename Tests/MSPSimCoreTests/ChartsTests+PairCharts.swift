import Foundation
import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

/// value_difference.svg, valley.svg and cash.svg: their series, and that each is
/// written exactly when the scenario has what it draws.
extension ChartsTests {
  /// The chart files of `s` run without sensitivity, by name, in `Charts.render` order.
  func charts(_ s: Scenario) throws -> (result: RunResult, names: [String], files: [String: String]) {
    let result = try Pipeline.simulate(s, threads: 2)
    let out = Charts.render(result)
    return (result, out.map(\.name), Dictionary(uniqueKeysWithValues: out.map { ($0.name, $0.contents) }))
  }

  /// `text` without its top-level blocks `keys` (each from its key line to the next top-level line).
  func removingBlocks(_ keys: [String], from text: String) -> String {
    var skipping = false
    var kept: [Substring] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if let first = line.first, first != " ", first != "#" {
        skipping = keys.contains { line.hasPrefix($0 + ":") }
      }
      if !skipping { kept.append(line) }
    }
    return kept.joined(separator: "\n")
  }

  func testPairAndCashChartsOnTheDefaultScenario() throws {
    let s = try scenario("msp1-vs-msp2.yaml", paths: 600, years: 3)
    let (result, names, files) = try charts(s)
    XCTAssertEqual(
      names,
      ["revenue_fan.svg", "revenue_mix.svg", "npv_histogram.svg", "value_difference.svg", "valley.svg", "cash.svg"])
    XCTAssertFalse(result.modelPairs.isEmpty)

    let diff = parse("value_difference.svg", files["value_difference.svg"] ?? "")
    let valley = parse("valley.svg", files["valley.svg"] ?? "")
    for (pi, pair) in result.modelPairs.enumerated() {
      let label = "\(result.models[pair.alternative].name) vs \(result.models[pair.baseline].name)"
      // value_difference: a histogram and the P(better) label per pair.
      XCTAssertEqual(Set(series(diff).filter { $0.model == label }.map(\.series)), ["histogram", "p-better"], label)
      let expected = "\(label): P(worth more) \(SVGLabel.pathShare(result.pairs[pi].valueBetter, of: result.paths))"
      XCTAssertTrue(diff.lines.contains(expected), "no \"\(expected)\" in \(diff.lines)")
      XCTAssertTrue(diff.elements.contains { $0.attributes["class"] == "reference zero" }, "no line at 0")

      // valley: the fan of gap(t), the marker at the median's highest point and the
      // payback line, each with its label, when they exist.
      let groups = series(valley).filter { $0.model == label }.map(\.series)
      let counts = result.pairs[pi]
      XCTAssertNotNil(counts.medianValleyMonth, "the default's msp2 starts behind msp1")
      let peak = try XCTUnwrap(medianPeak(result, pi), "no month with paths")
      XCTAssertGreaterThan(peak.value, 0, "the default's median gap rises above 0 before it falls")
      var want: Set<String> = ["median", "p5-p95", "p25-p75", "valley", "valley-label"]
      if counts.medianCrossover != nil { want.formUnion(["payback", "payback-label"]) }
      XCTAssertEqual(Set(groups), want, "valley \(label)")
      XCTAssertEqual(groups.count, want.count, "valley \(label): one group per series")
      let median = valley.elements.first { $0.name == "path" && $0.seriesModel == label && $0.series == "median" }
      let d = median?.attributes["d"] ?? ""
      XCTAssertEqual(d.filter { $0 == "L" }.count + 1, result.months, "valley \(label): points of the median")
      let depth = result.sketches[result.layout.valleyDepth(pi)].quantile(0.5)
      XCTAssertTrue(
        valley.lines.contains("median gap peaks in month \(peak.month): \(SVGLabel.amount(peak.value))"),
        "\(valley.lines)")
      XCTAssertTrue(
        valley.lines.contains("P50 of each path's own deepest gap: \(SVGLabel.amount(depth))"), "\(valley.lines)")
      // A payback month exists as soon as one path's msp2 stays ahead from some month
      // on (`PairCounts.medianCrossover` is the median over the paths that cross): on
      // the default's 600 paths over 3 years, many do.
      XCTAssertGreaterThan(counts.crossed, 0, "no path of \(label) crosses")
      let payback = try XCTUnwrap(counts.medianCrossover, "no payback month for \(label)")
      let share = SVGLabel.pathShare(counts.crossed, of: result.paths)
      XCTAssertTrue(
        valley.lines.contains("payback month \(payback): P50 of the \(share) of paths that pay back"),
        "\(valley.lines)")
    }
    XCTAssertTrue(valley.texts.contains("Cumulative EBITDA gap (\(s.currency))"))

    // cash: a fan per model and the floor (100,000 in the default scenario).
    let cash = parse("cash.svg", files["cash.svg"] ?? "")
    for m in result.models {
      XCTAssertEqual(Set(series(cash).filter { $0.model == m.name }.map(\.series)), ["median", "p5-p95", "p25-p75"])
    }
    XCTAssertTrue(series(cash).contains { $0.model == "scenario" && $0.series == "floor" })
    XCTAssertEqual(Charts.cashFloor(result), 100_000)
    XCTAssertTrue(cash.texts.contains("cash floor 100k"), "\(cash.texts)")
    XCTAssertTrue(cash.texts.contains("Cash at month end (\(s.currency))"))
  }

  /// Without `valuation:` and `cash:` there is no value difference and no cash chart;
  /// with one model there is no pair, so neither value difference nor valley.
  func testPairAndCashChartsOnlyWhenTheScenarioHasThem() throws {
    let url = Fixtures.scenariosFolder.appendingPathComponent("msp1-vs-msp2.yaml")
    let text = removingBlocks(["valuation", "cash"], from: try String(contentsOf: url, encoding: .utf8))
    let bare = try ScenarioLoader.load(text: text, file: "bare.yaml").applying([.paths(200), .years(2)])
    let (result, names, files) = try charts(bare)
    XCTAssertFalse(result.layout.hasValuation)
    XCTAssertFalse(result.layout.hasCash)
    XCTAssertEqual(names, ["revenue_fan.svg", "revenue_mix.svg", "npv_histogram.svg", "valley.svg"])
    for (name, svg) in files { _ = parse(name, svg) }

    let single = try scenario("stay-msp1.yaml", paths: 200, years: 2)
    let (one, oneNames, oneFiles) = try charts(single)
    XCTAssertTrue(one.modelPairs.isEmpty)
    XCTAssertEqual(oneNames, ["revenue_fan.svg", "revenue_mix.svg", "npv_histogram.svg", "cash.svg"])
    let cash = parse("cash.svg", oneFiles["cash.svg"] ?? "")
    XCTAssertTrue(series(cash).contains { $0.model == "scenario" && $0.series == "floor" })
  }

  /// One path: every cell is a single value (spikes and flat fans), still without NaN.
  func testPairAndCashChartsWithOnePath() throws {
    let (_, names, files) = try charts(try scenario("msp1-vs-msp2.yaml", paths: 1, years: 2))
    for name in ["value_difference.svg", "valley.svg", "cash.svg"] {
      XCTAssertTrue(names.contains(name), name)
      let c = parse(name, files[name] ?? "")
      XCTAssertFalse(series(c).isEmpty, "\(name) has no series")
    }
  }
}

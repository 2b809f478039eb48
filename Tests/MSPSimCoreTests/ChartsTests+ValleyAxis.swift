import Foundation
import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

/// valley.svg's y axis (docs/reading-results.md, "Valley"): when the gap falls far
/// below 0 (the alternative far ahead later on) the axis is cut at about three times
/// the valley's height, every band and line stays in the frame and a note on its
/// bottom edge says where the axis is cut and how low the gap goes; a gap that stays
/// within that depth is drawn as it always was, byte for byte.
extension ChartsTests {
  /// The plot frame of a one-line heading (`Charts.drawFans`).
  var valleyFrame: SVGBox { SVGBox(left: 110, top: 90, right: 930, bottom: 715) }

  /// The highest P95 and the lowest P5 of the gap over every pair and month, and the
  /// pair and first month of that lowest P5: what the fan draws.
  func gapExtent(_ result: RunResult) -> (top: Double, low: (pair: Int, month: Int, value: Double)) {
    var top = 0.0
    var low = (pair: 0, month: 0, value: Double.infinity)
    for pi in result.modelPairs.indices {
      for t in 1...result.months {
        let sketch = result.sketches[result.layout.gap(pi, month: t)]
        guard !sketch.isEmpty else { continue }
        let q = sketch.quantiles(Charts.fanLevels)
        top = max(top, q[4])
        if q[0] < low.value { low = (pi, t, q[0]) }
      }
    }
    return (top, low)
  }

  /// valley.svg of `Scenarios/msp1-vs-msp2.yaml` at 400 paths over `years`: the run,
  /// the file, its parse and `gapExtent`, whose top is above 0 (there is a valley).
  func defaultValley(years: Int) throws -> (
    result: RunResult, svg: String, valley: Collector, top: Double, low: (pair: Int, month: Int, value: Double)
  ) {
    let (result, _, files) = try charts(try scenario("msp1-vs-msp2.yaml", paths: 400, years: years))
    let svg = files["valley.svg"] ?? ""
    let (top, low) = gapExtent(result)
    XCTAssertGreaterThan(top, 0)
    return (result, svg, parse("valley.svg", svg), top, low)
  }

  /// The y tick labels of a fan chart: right-aligned 8 px left of the frame, bottom up.
  func yTickLabels(_ c: Collector) -> [String] {
    c.textElements.filter { $0.attributes["x"] == "102" && $0.attributes["text-anchor"] == "end" }
      .sorted { (Double($0.attributes["y"] ?? "") ?? 0) > (Double($1.attributes["y"] ?? "") ?? 0) }
      .map { $0.lines.joined() }
  }

  /// The default scenario over 10 years: the median gap peaks near 100k, the P95 band
  /// near 1.5M, and the P5 falls to about -10M, so the axis is cut at 3 x the band's
  /// top, and the bands and lines are clipped at the frame's bottom edge.
  func testValleyAxisIsCutWhenTheGapFallsFarBelowZero() throws {
    let (result, _, valley, top, low) = try defaultValley(years: 10)
    XCTAssertLessThan(low.value, -3 * top, "the gap goes far below 0")

    // The axis covers [-3 top, top] with nice ticks, no farther down.
    let ticks = NiceTicks(covering: -3 * top, top)
    XCTAssertGreaterThan(ticks.lo, low.value, "the axis is cut")
    XCTAssertLessThanOrEqual(ticks.lo, -3 * top)
    XCTAssertGreaterThan(ticks.lo, -3 * top - ticks.step)
    let magnitude = max(abs(ticks.lo), abs(ticks.hi))
    XCTAssertEqual(
      yTickLabels(valley), ticks.values.map { SVGLabel.money($0, step: ticks.step, magnitude: magnitude) })

    // Every band and line lies within the frame, and the bands reach its bottom edge.
    var bottom = 0
    for e in valley.elements where e.name == "path" && ["p5-p95", "p25-p75", "median"].contains(e.series ?? "") {
      let d = e.attributes["d"] ?? ""
      for p in points(d) {
        XCTAssertTrue(
          p.x >= valleyFrame.left && p.x <= valleyFrame.right && p.y >= valleyFrame.top && p.y <= valleyFrame.bottom,
          "\(e.series ?? ""): (\(p.x), \(p.y)) leaves the frame")
        if p.y == valleyFrame.bottom { bottom += 1 }
      }
    }
    XCTAssertGreaterThan(bottom, 0, "no band is clipped at the bottom edge")
    // The median line of one point a month is cut where it leaves the frame: a move
    // starts each piece.
    let median = valley.elements.first { $0.name == "path" && $0.series == "median" }?.attributes["d"] ?? ""
    XCTAssertTrue(median.hasPrefix("M"))

    // The note on the bottom edge: the axis' lowest tick, the lowest P5 and its month.
    let note =
      "axis cut below \(SVGLabel.money(ticks.lo, step: ticks.step, magnitude: magnitude)): "
      + "the P5 gap reaches \(SVGLabel.amount(low.value)) in month \(low.month)"
    let notes = valley.textElements.filter { $0.lines.joined(separator: " ") == note }
    XCTAssertEqual(notes.count, 1, "\(valley.lines)")
    let box = try XCTUnwrap(notes.first.map(labelBox))
    XCTAssertTrue(box.inside(valleyFrame), "the note leaves the plot: \(box)")
    XCTAssertGreaterThan(box.bottom, valleyFrame.bottom - 12, "the note sits on the bottom edge")
    XCTAssertGreaterThanOrEqual(Double(notes.first?.attributes["font-size"] ?? "") ?? 0, 12)
    for t in valley.textElements where t.series == "valley-label" || t.series == "payback-label" {
      XCTAssertFalse(labelBox(t).overlaps(box), "\(t.lines) overlaps the note")
    }

    // The marks still say what they are: the diamond's label gives the median's peak.
    let peak = try XCTUnwrap(medianPeak(result, 0))
    XCTAssertTrue(valley.lines.contains("median gap peaks in month \(peak.month): \(SVGLabel.amount(peak.value))"))
  }

  /// The default scenario over 3 years: its gap stays within 3 x the valley's height,
  /// so the axis covers it all, there is no note, and the file is the one drawn before
  /// the cut existed (Tests/Fixtures/charts/valley-uncut.svg, written by that code
  /// from this run).
  func testValleyAxisIsWholeWhenTheGapStaysNearZero() throws {
    let (_, svg, valley, top, low) = try defaultValley(years: 3)
    XCTAssertGreaterThanOrEqual(low.value, -3 * top, "the gap stays near 0")
    XCTAssertFalse(valley.lines.contains { $0.hasPrefix("axis cut") })
    let kept = Fixtures.repositoryRoot.appendingPathComponent("Tests/Fixtures/charts/valley-uncut.svg")
    XCTAssertEqual(svg, try String(contentsOf: kept, encoding: .utf8), "valley.svg moved")
  }

  /// The clipping of a cut fan is exact: a band keeps its shape above the floor and
  /// runs along it below, a line stops where it crosses and starts again where it
  /// comes back.
  func testFanClippingIsExact() {
    XCTAssertEqual(Charts.valleyCutRatio, 3)
    let band = Charts.clipPolygon([(0, 2), (2, 2), (2, -2), (0, -2)], above: 0)
    XCTAssertEqual(band.map { [$0.0, $0.1] }, [[0, 0], [0, 2], [2, 2], [2, 0]])
    XCTAssertTrue(Charts.clipPolygon([(0, -1), (1, -2), (2, -1)], above: 0).isEmpty)
    let line = Charts.clipPolyline([(0, 1), (1, -1), (2, 1), (3, 2)], above: 0)
    XCTAssertEqual(line.map { $0.map { [$0.0, $0.1] } }, [[[0, 1], [0.5, 0]], [[1.5, 0], [2, 1], [3, 2]]])
    XCTAssertTrue(Charts.clipPolyline([(0, -1), (1, -2)], above: 0).isEmpty)
    XCTAssertEqual(Charts.clipPolyline([(0, 1), (1, 3)], above: 0).count, 1)
  }
}

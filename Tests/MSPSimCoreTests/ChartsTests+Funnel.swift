import Foundation
import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

/// msp1-vs-msp2.yaml no longer has exactly one `adoption.monthly` line to replace.
struct FunnelFixtureError: Error {}

extension Fixtures {
  /// The default scenario with msp2 adopting through a sales funnel (docs/model.md,
  /// "The sales funnel") instead of its monthly adoption probability.
  static func funnelScenario(paths: Int, years: Int) throws -> Scenario {
    let text = try String(contentsOf: defaultScenario, encoding: .utf8)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let monthly = lines.indices.filter { lines[$0].hasPrefix("      monthly: {triangular:") }
    guard monthly.count == 1, let at = monthly.first else { throw FunnelFixtureError() }
    lines[at...at] = [
      "      funnel:",
      "        assessments_per_month: 3",
      "        workshop_rate: 0.6",
      "        quick_win_rate: 0.5",
      "        trial_rate: 0.6",
      "        close_rate: 0.7",
      "        quick_win_value: {triangular: {min: 2000, mode: 5000, max: 10000}}",
      "        trial_fee: 750",
      "        assessment_cost: 500",
      "        workshop_cost: 1500",
    ]
    return try ScenarioLoader.load(text: lines.joined(separator: "\n"), file: "funnel.yaml")
      .applying([.paths(paths), .years(years)])
  }
}

/// funnel.svg: written exactly when a model has a funnel, one median (steps) and one
/// mean line per stage per funnel model, at the values of monthly.csv.
extension ChartsTests {
  /// The points of a path's `d` ("M x,y L x,y ..."), in order.
  func points(_ d: String) -> [(x: Double, y: Double)] {
    d.split(separator: " ").compactMap { part in
      guard let c = part.first, c == "M" || c == "L" else { return nil }
      let xy = part.dropFirst().split(separator: ",").compactMap { Double($0) }
      return xy.count == 2 ? (xy[0], xy[1]) : nil
    }
  }

  func testFunnelChartOnlyWithAFunnel() throws {
    let s = try Fixtures.funnelScenario(paths: 400, years: 3)
    let (result, names, files) = try charts(s)
    XCTAssertEqual(
      names,
      [
        "revenue_fan.svg", "revenue_mix.svg", "npv_histogram.svg", "value_difference.svg", "valley.svg", "cash.svg",
        "funnel.svg",
      ])
    XCTAssertEqual(OutputFiles.render(result, report: false).map(\.name).suffix(2), ["cash.svg", "funnel.svg"])
    XCTAssertEqual(result.models.map(\.layout.hasFunnel), [false, true])

    let plain = try scenario("msp1-vs-msp2.yaml", paths: 50, years: 1)
    let (plainResult, plainNames, _) = try charts(plain)
    XCTAssertFalse(plainNames.contains("funnel.svg"))
    XCTAssertFalse(OutputFiles.render(plainResult).map(\.name).contains("funnel.svg"))
    _ = parse("funnel.svg", files["funnel.svg"] ?? "")
  }

  func testFunnelChartHasAMedianAndAMeanLinePerStage() throws {
    let s = try Fixtures.funnelScenario(paths: 400, years: 3)
    let (result, _, files) = try charts(s)
    let svg = try XCTUnwrap(files["funnel.svg"])
    let c = parse("funnel.svg", svg)
    let panels = Charts.funnelPanels(result)
    XCTAssertEqual(panels.map(\.model), ["msp2"], "one panel per funnel model")

    // Expected values from monthly.csv: the median (P50, rounded to whole clients) and the mean.
    let table = try CSVTable(ResultTables(result).monthly())
    let (model, month, metric) = (table.column("model")!, table.column("month")!, table.column("metric")!)
    let (p50, mean) = (table.column("p50")!, table.column("mean")!)
    var expected: [String: [(median: Double, mean: Double)]] = [:]
    for r in table.rows where r[model] == "msp2" && r[metric].hasPrefix("funnel.") {
      XCTAssertEqual(Int(r[month]), (expected[r[metric]]?.count ?? 0) + 1, "months in order")
      expected[r[metric], default: []].append((Double(r[p50])!.rounded(), Double(r[mean])!))
    }
    XCTAssertEqual(expected.keys.sorted(), FunnelStage.allCases.map(\.metricName).sorted())

    // No series for the model without a funnel.
    XCTAssertFalse(series(c).contains { $0.model == "msp1" })
    let groups = series(c).filter { $0.model == "msp2" }.map(\.series)
    XCTAssertEqual(
      groups,
      FunnelStage.allCases.map { $0.metricName + ".p50" } + FunnelStage.allCases.map { $0.metricName + ".mean" },
      "one median and one mean group per stage, medians first (behind)")

    let panel = try XCTUnwrap(panels.first)
    var medianAboveZero = 0
    for stage in FunnelStage.allCases {
      let want = try XCTUnwrap(expected[stage.metricName])
      XCTAssertEqual(want.count, result.months)
      func path(_ name: String) -> [(x: Double, y: Double)] {
        let paths = c.elements.filter { $0.name == "path" && $0.seriesModel == "msp2" && $0.series == name }
        XCTAssertEqual(paths.count, 1, "\(name): one polyline")
        return points(paths.first?.attributes["d"] ?? "")
      }
      // The mean: one point per month.
      let mean = path(stage.metricName + ".mean")
      XCTAssertEqual(mean.count, result.months, "\(stage.metricName).mean: one point per month")
      for (t, (pt, w)) in zip(mean, want).enumerated() {
        XCTAssertEqual(pt.x, panel.x(Double(t + 1)), accuracy: 0.006, "\(stage.metricName).mean month \(t + 1)")
        XCTAssertEqual(pt.y, panel.y(w.mean), accuracy: 0.006, "\(stage.metricName).mean month \(t + 1)")
      }
      // The median: a step per month, from t - 0.5 to t + 0.5 (within the axis).
      let steps = path(stage.metricName + ".p50")
      XCTAssertEqual(steps.count, 2 * result.months, "\(stage.metricName).p50: two points per month")
      for (t, w) in want.enumerated() where 2 * t + 1 < steps.count {
        let month = Double(t + 1)
        let (a, b) = (steps[2 * t], steps[2 * t + 1])
        XCTAssertEqual(a.x, panel.x(max(0, month - 0.5)), accuracy: 0.006, "\(stage.metricName).p50 month \(t + 1)")
        XCTAssertEqual(b.x, panel.x(min(panel.x.hi, month + 0.5)), accuracy: 0.006)
        XCTAssertEqual(a.y, panel.y(w.median), accuracy: 0.006, "\(stage.metricName).p50 month \(t + 1)")
        XCTAssertEqual(b.y, a.y)
      }
      if want.contains(where: { $0.median > 0 }) { medianAboveZero += 1 }
      // The medians are whole clients.
      XCTAssertTrue(panel.points[stage.rawValue].allSatisfy { $0.median == $0.median.rounded() })
    }
    XCTAssertGreaterThanOrEqual(medianAboveZero, 3, "assessments, workshops and quick wins have medians above 0")
    XCTAssertEqual(panel.y.lo, 0)
    XCTAssertGreaterThanOrEqual(panel.y.hi, expected.values.flatMap { $0.map { max($0.median, $0.mean) } }.max()!)

    // Axis titles and legend.
    XCTAssertTrue(c.texts.contains("Clients per month"), "\(c.texts)")
    XCTAssertTrue(c.texts.contains("Month"))
    for stage in ["assessments", "workshops", "quick wins", "trials", "closed"] {
      for label in [stage + ", mean", stage + ", median"] {
        XCTAssertTrue(c.texts.contains(label), "no legend entry \(label)")
      }
    }
  }

  /// One path: every cell is a single value, still drawn without NaN.
  func testFunnelChartWithOnePath() throws {
    let (_, names, files) = try charts(try Fixtures.funnelScenario(paths: 1, years: 1))
    XCTAssertTrue(names.contains("funnel.svg"))
    let c = parse("funnel.svg", files["funnel.svg"] ?? "")
    XCTAssertEqual(series(c).count, 2 * FunnelStage.allCases.count)
  }
}

import Foundation
import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

/// The engine's streaming quantiles against exact quantiles of stored paths
/// (docs/outputs.md, "Files": the sketch's error bound): p5...p95 of each model's NPV of EBITDA and last-year revenue
/// from the quantile sketch, versus the same quantiles (same rank convention:
/// linear interpolation at q(n-1)) of the 20,000 per-path values the recorder
/// kept. Error within the sketch's documented bound, `sketchQuantileTolerance`
/// (SampleStatistics.swift derives it): `QuantileSketch.relativeErrorBound` (1.48e-3)
/// relative to the exact quantile, or to the larger neighbour across a sign change,
/// plus `zeroThreshold`. The same convention needs no rank slack.
final class SketchAgainstStoredPathsTests: XCTestCase {
  func testSketchQuantilesMatchExactQuantilesOfTwentyThousandPaths() throws {
    let url = Fixtures.defaultScenario
    var s = try ScenarioLoader.load(path: url.path)
    s.paths = 20_000
    s.seed = 99
    let plan = ScenarioPlan(s)
    let engine = Engine(plan: plan, threads: 2, recordPaths: true)
    try engine.advance(to: plan.paths)
    let recorder = try XCTUnwrap(engine.recorder)
    let r = engine.result
    for (mi, m) in plan.models.enumerated() {
      let npv = recorder.column(recorder.inputs.count + 2 * mi, paths: plan.paths).sorted()
      let lastYear = recorder.column(recorder.inputs.count + 2 * mi + 1, paths: plan.paths).sorted()
      let npvSketch = r.sketches[r.layout.summary(model: mi, metric: MetricLayout.summaryNPV)]
      let revenueSketch = r.sketches[r.layout.annual(model: mi, metric: m.layout.revenueTotal, year: plan.years)]
      for q in ResultTables.quantileLevels {
        for (name, exact, sketch) in [("npv", npv, npvSketch), ("last-year revenue", lastYear, revenueSketch)] {
          let e = exactQuantile(exact, q)
          let got = sketch.quantile(q)
          XCTAssertLessThanOrEqual(
            abs(got - e), sketchQuantileTolerance(exact, q),
            "\(m.name) \(name) p\(Int(q * 100)): sketch \(got), exact \(e) (seed 99)")
        }
      }
      // Exact moments agree with the stored values too.
      let mean = npv.reduce(0, +) / Double(npv.count)
      XCTAssertEqual(
        r.moments[r.layout.summary(model: mi, metric: MetricLayout.summaryNPV)].mean, mean,
        accuracy: 1e-9 * abs(mean))
    }
  }
}

import XCTest

@testable import MSPSimCore

/// The same seed gives bit-identical accumulators for any thread count
/// (docs/model.md, "Randomness and seeding"): chunks of paths are merged in chunk order and
/// sketches, pair counts and clamp counts add exactly. In process, so that CI can
/// run it under ThreadSanitizer (docs/testing.md).
final class EngineThreadInvarianceTests: XCTestCase {
  func testAccumulatorsAreIdenticalForOneTwoAndThreeThreads() throws {
    var generator = ScenarioGenerator(seed: 42, size: .reference)
    let random = try ScenarioLoader.load(text: generator.scenario(name: "threads").yaml, file: "threads.yaml")
    for base in [try ScenarioLoader.load(text: DefaultScenario.text, file: "default.yaml"), random] {
      let scenario = try base.applying([.paths(5 * Engine.chunkSize + 17), .years(3)])
      let plan = ScenarioPlan(scenario)
      var results: [RunAccumulator] = []
      for threads in [1, 2, 3] {
        let engine = Engine(plan: plan, threads: threads)
        try engine.advance(to: plan.paths)
        results.append(engine.result)
      }
      for (i, r) in results.enumerated().dropFirst() {
        XCTAssertEqual(r.paths, results[0].paths)
        for c in r.moments.indices {
          XCTAssertEqual(r.moments[c].mean.bitPattern, results[0].moments[c].mean.bitPattern, "cell \(c), run \(i)")
          XCTAssertEqual(r.moments[c].m2.bitPattern, results[0].moments[c].m2.bitPattern, "cell \(c), run \(i)")
          XCTAssertEqual(
            r.sketches[c].quantiles([0.05, 0.5, 0.95]), results[0].sketches[c].quantiles([0.05, 0.5, 0.95]))
        }
        XCTAssertEqual(r.pairs, results[0].pairs)
        XCTAssertEqual(r.clampCounts, results[0].clampCounts)
      }
    }
  }
}

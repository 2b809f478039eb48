import Foundation
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

  /// `--threads` far above the cores: the same accumulators, and workers (megabytes
  /// each) only for the iterations Dispatch runs at once, which is at most the active
  /// cores. Before, each of min(threads, chunks) iterations made one: 782 workers and
  /// 723 MB for 100,000 paths at `--threads 1000` (docs/performance.md, "More threads
  /// than cores").
  func testThreadsAboveTheCoresMakeNoMoreWorkersThanRunAtOnce() throws {
    let base = try ScenarioLoader.load(text: DefaultScenario.text, file: "default.yaml")
    // More chunks than cores, so a worker per chunk would be more than the cores allow.
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let chunks = Swift.max(40, 2 * cores)
    let scenario = try base.applying([.paths(chunks * Engine.chunkSize), .years(2)])
    let plan = ScenarioPlan(scenario)
    let one = Engine(plan: plan, threads: 1)
    try one.advance(to: plan.paths)
    XCTAssertEqual(one.workersMade, 1)
    let many = Engine(plan: plan, threads: 1000)
    try many.advance(to: plan.paths)
    XCTAssertGreaterThanOrEqual(many.workersMade, 1)
    XCTAssertLessThanOrEqual(many.workersMade, cores)
    XCTAssertLessThan(many.workersMade, chunks, "one worker per chunk: the workers were not made lazily")
    for c in one.result.moments.indices {
      XCTAssertEqual(many.result.moments[c].mean.bitPattern, one.result.moments[c].mean.bitPattern, "cell \(c)")
      XCTAssertEqual(many.result.moments[c].m2.bitPattern, one.result.moments[c].m2.bitPattern, "cell \(c)")
    }
    XCTAssertEqual(many.result.pairs, one.result.pairs)
  }
}

import XCTest

@testable import MSPSimCore

/// The run's files rendered side by side (docs/outputs.md): the same bytes on any
/// number of threads. Also run under ThreadSanitizer (docs/testing.md, "Sanitizers").
final class OutputFilesTests: XCTestCase {
  func testJobsComeBackInJobOrderOnAnyNumberOfThreads() {
    // Jobs of very different lengths, so later jobs finish before earlier ones.
    let jobs: [@Sendable () -> String] = (0..<40).map { i in
      { String(repeating: "x", count: (40 - i) * 500) + "\(i)" }
    }
    let expected = jobs.map { $0() }
    for threads in [1, 2, 3, 8] {
      XCTAssertEqual(OutputFiles.render(jobs, threads: threads), expected, "threads: \(threads)")
    }
  }

  func testEveryFileOfARunIsTheSameOnOneAndTwoThreads() throws {
    let scenario = try ScenarioLoader.load(text: DefaultScenario.text, file: "default.yaml").applying([.years(3)])
    func files(threads: Int) throws -> [String: String] {
      let result = try Pipeline.simulate(scenario, until: .paths(200), threads: threads)
      var byName: [String: String] = [:]
      for f in OutputFiles.render(result) where f.name != "run.json" { byName[f.name] = f.contents }
      return byName
    }
    let one = try files(threads: 1)
    let two = try files(threads: 2)
    XCTAssertEqual(one.keys.sorted(), two.keys.sorted())
    XCTAssertGreaterThan(one.count, 5)
    for name in one.keys.sorted() { XCTAssertEqual(one[name], two[name], name) }
  }
}

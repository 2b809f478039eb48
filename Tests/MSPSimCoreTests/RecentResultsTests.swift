import XCTest

@testable import MSPSimCore

/// The month loop's kept transcendentals (docs/performance.md, "The month loop's own
/// costs"): `RecentResults` gives f(x) for the last two arguments, and the draws
/// given a kept log1p(-p) or e^-mean are the draws without it, number for number.
final class RecentResultsTests: XCTestCase {
  func testKeepsTheLastTwoArguments() {
    var kept = RecentResults()
    var calls = 0
    func value(_ x: Double) -> Double {
      kept.value(at: x) {
        calls += 1
        return $0 * 10
      }
    }
    XCTAssertEqual(value(1), 10)
    XCTAssertEqual(value(2), 20)
    XCTAssertEqual(calls, 2)
    XCTAssertEqual(value(1), 10)
    XCTAssertEqual(value(2), 20)
    XCTAssertEqual(calls, 2, "both kept")
    XCTAssertEqual(value(3), 30)  // replaces 1, the older
    XCTAssertEqual(value(2), 20)
    XCTAssertEqual(calls, 3)
    XCTAssertEqual(value(1), 10)  // computed again, replaces 2
    XCTAssertEqual(calls, 4)
    XCTAssertEqual(value(3), 30)
    XCTAssertEqual(calls, 4)
    XCTAssertTrue(value(.nan).isNaN)
    XCTAssertTrue(value(.nan).isNaN)
    XCTAssertEqual(calls, 6, "NaN is never kept")
  }

  /// Geometric and Poisson draws given the kept term, against the plain draws from a
  /// generator seeded alike: the same numbers, for both samplers, at means on both
  /// sides of the inversion limit and at the edges (0, negative, NaN).
  func testDrawsGivenTheKeptTermAreTheSame() throws {
    for sampler in [Sampler.fast, .gsl] {
      let kept = try GSLRandom(name: "mt19937", seed: 31, sampler: sampler)
      let plain = try GSLRandom(name: "mt19937", seed: 31, sampler: sampler)
      var zeros = RecentResults()
      var logs = RecentResults()
      var mismatches = 0
      for step in 0..<60_000 {
        let mean = [0, -1, .nan, 0.3, 1.5, 4, 19.99, 20, 150][step % 9]
        let p = [0.01, 0.0087, 1, 0.5][step % 4]
        if kept.poisson(mean: mean, probabilityOfZero: zeros.value(at: mean) { exp(-$0) })
          != plain.poisson(mean: mean)
        {
          mismatches += 1
        }
        if kept.geometric(p: p, logOneMinusP: logs.value(at: p) { log1p(-$0) }) != plain.geometric(p: p) {
          mismatches += 1
        }
      }
      XCTAssertEqual(mismatches, 0, "\(sampler)")
    }
  }
}

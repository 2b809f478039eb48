import Foundation
import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

// The pair outputs of compare.csv (docs/model.md, "What is reported", "The valley"):
// `p_npv_better`, `p_crossover`, the crossover (payback) month, against closed forms
// on books where the gap between the two models is a known function of one drawn
// price. The reference model repeats them on random scenarios
// (ReferenceModelTests), and the engine fuzz checks them path by path
// (EngineFuzzTests).
final class PairClosedFormTests: XCTestCase {
  /// A book of 20 clients of 10 seats that never changes, only managed services at
  /// `price` a seat (a number or a distribution), rising by `change` a year, no cost:
  /// EBITDA(t) = 200 x price x (1 + change)^y(t), y(t) = floor((t - 1) / 12)
  /// (docs/model.md: a quantity with an annual change steps once a year).
  static func book(_ name: String, price: String, change: Double) -> String {
    """
      \(name):
        clients: {initial: 20, seats: 10}
        streams:
          managed_services: {price_per_seat: \(price), annual_price_change: \(change)}
        costs: {fixed_monthly: 0}

    """
  }

  /// Baseline `flat` at 100 a seat for ever (EBITDA 20,000 a month); alternative
  /// `rising` at p ~ uniform(60, 100) a seat, +10 % a year. With g(s) = 1.1^y(s):
  ///
  ///   D(t) = cum EBITDA_rising(t) - cum EBITDA_flat(t) = 200 sum_{s<=t} (p g(s) - 100).
  ///
  /// The increments p g(s) - 100 never fall, so D(t) > 0 means every later increment
  /// is positive too: the crossover month is the first t with D(t) > 0, and
  ///
  ///   P(month <= m) = P(D(m) > 0) = P(p > theta_m), theta_m = 100 m / sum_{s<=m} g(s),
  ///   = (100 - theta_m) / 40 (uniform p; 0 for m <= 12, where theta_m = 100).
  ///
  /// p_crossover = P(month <= 60); the month's distribution is the differences.
  /// NPV: NPV_rising - NPV_flat = 200 sum_t d_t (p g(t) - 100), d_t = 1.08^(-t/12),
  /// so p_npv_better = P(p > 100 sum d_t / sum d_t g(t)).
  ///
  /// Checked at 20,000 paths: the two shares within 4.5 binomial SEs each (a false
  /// alarm about 7e-6 each), and the histogram of months (month 0: none) against the
  /// probabilities with `assertFrequencies` (5 SEs a month).
  func testSharesAndMonthsOfADrawnPriceAgainstClosedForms() throws {
    let yaml = scenarioYAML(
      models: Self.book("flat", price: "100", change: 0)
        + Self.book("rising", price: "{uniform: {min: 60, max: 100}}", change: 0.1),
      horizonYears: 5, seed: 7301, discountRate: 0.08)
    let paths = 20_000
    guard let run = runModel(yaml, paths: paths) else { return }
    let pair = run.engine.result.pairs[0]
    let T = 60
    func growth(_ t: Int) -> Double { pow(1.1, Double((t - 1) / 12)) }
    func shareAbove(_ theta: Double) -> Double { min(1, max(0, (100 - theta) / 40)) }
    var partial = 0.0
    var below = [0.0]  // below[m] = P(month <= m)
    for m in 1...T {
      partial += growth(m)
      below.append(shareAbove(100 * Double(m) / partial))
    }
    let n = Double(paths)
    func assertShare(_ label: String, _ count: Int, _ p: Double, line: UInt = #line) {
      let se = (p * (1 - p) / n).squareRoot()
      XCTAssertEqual(Double(count) / n, p, accuracy: 4.5 * se, "\(label): \(count) of \(paths)", line: line)
    }
    assertShare("p_crossover", pair.crossed, below[T])
    let d = (1...T).map { pow(1.08, -Double($0) / 12) }
    let npvTheta = 100 * d.reduce(0, +) / zip(d, 1...T).reduce(0) { $0 + $1.0 * growth($1.1) }
    assertShare("p_npv_better", pair.better, shareAbove(npvTheta))
    XCTAssertGreaterThan(below[T], 0.3, "the scenario should cross on many paths")
    XCTAssertLessThan(below[T], 0.7, "and miss on many")

    var months: [Double] = []
    for (m, c) in pair.crossoverHistogram.enumerated() { months += [Double](repeating: Double(m), count: c) }
    months += [Double](repeating: 0, count: paths - pair.crossed)
    XCTAssertEqual(pair.crossoverHistogram.reduce(0, +), pair.crossed)
    let pmf = [(value: 0.0, p: 1 - below[T])] + (1...T).map { (value: Double($0), p: below[$0] - below[$0 - 1]) }
    assertFrequencies("crossover month", seed: run.seed, sample: months, pmf: pmf)
    XCTAssertEqual(pair.crossoverHistogram[1...12].reduce(0, +), 0, "no path can cross in the first year")
  }

  /// Exact months on books without randomness (SE 0):
  /// - 101 a seat against 100: ahead from month 1 (D(1) = 200 > 0);
  /// - 99 a seat: never ahead (D(T) < 0), no crossover, and not better;
  /// - 100 a seat rising 10 % a year: level (D = 0) through month 12, ahead from 13.
  ///   A level month is not yet ahead (docs/model.md, "The valley": the crossover
  ///   month needs D(t) > 0 from it on), so the month is 13, and with no month behind
  ///   there is no valley.
  func testExactMonthsOnDeterministicBooks() throws {
    for (price, change, month, better, valleys) in [
      ("101", 0.0, 1, true, 0), ("99", 0.0, nil, false, 1), ("100", 0.1, 13, true, 0),
    ] as [(String, Double, Int?, Bool, Int)] {
      let yaml = scenarioYAML(
        models: Self.book("flat", price: "100", change: 0) + Self.book("other", price: price, change: change),
        horizonYears: 3, seed: 7302, discountRate: 0.05)
      let scenario = try ScenarioLoader.load(text: yaml, file: "pair.yaml")
      let result = try Pipeline.simulate(scenario, until: .paths(300), threads: 2)
      let pair = result.pairs[0]
      XCTAssertEqual(pair.crossed, month == nil ? 0 : 300, "price \(price)")
      if let month { XCTAssertEqual(pair.crossoverHistogram[month], 300, "price \(price)") }
      XCTAssertEqual(pair.medianCrossover, month, "price \(price)")
      XCTAssertEqual(pair.better, better ? 300 : 0, "price \(price)")
      XCTAssertEqual(pair.valleys, valleys * 300, "price \(price)")
      let payback = CompareColumn.named("payback_month_p50")!.value(result, 0)
      XCTAssertEqual(payback, month.map(Double.init), "payback_month_p50 is the crossover month")
    }
  }
}

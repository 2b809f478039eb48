import Foundation
import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

/// A rate typed as a percentage (docs/errors.md, "Warnings"): `discount_rate: 10` or
/// `annual_price_change: 3` is allowed (a rate above 100 % a year is not impossible),
/// but it is far more often 10 % and 3 % typed as whole numbers, and the run's answer
/// would look believable and be wrong. The file loads, with a warning at the value's
/// line and column naming the key, what the value means and what to write instead.
final class ScenarioWarningTests: XCTestCase {
  func load(_ text: String) throws -> Scenario { try ScenarioLoader.load(text: text, file: "rates.yaml") }

  /// A one-model file with the given top-level lines and the model's extra lines
  /// (its `streams.managed_services` and `acquisition` mappings are given whole).
  func file(top: String = "", managedServices: String = "{price_per_seat: 100}", acquisition: String = "") -> String {
    """
    \(top)
    models:
      m:
        clients: {initial: 10, seats: 20}
        churn: {annual: 0.1}
    \(acquisition.isEmpty ? "" : "    acquisition: " + acquisition)
        streams:
          managed_services: \(managedServices)
        costs: {fixed_monthly: 1000}

    """
  }

  func testADiscountRateOfTenIsWarnedAboutWhereItStands() throws {
    let scenario = try load(file(top: "discount_rate: 10"))
    XCTAssertEqual(scenario.discountRate, 10, "allowed: the value is kept")
    XCTAssertEqual(scenario.warnings.count, 1, "\(scenario.warnings)")
    let w = try XCTUnwrap(scenario.warnings.first)
    XCTAssertEqual(
      w.description.prefix("rates.yaml:1:16: discount_rate: warning: ".count),
      "rates.yaml:1:16: discount_rate: warning: ")
    XCTAssertTrue(w.message.contains("a discount rate of 10 is 1000 % a year"), w.message)
    XCTAssertTrue(w.message.contains("if 10 % was meant, write 0.1"), w.message)
  }

  func testAnnualChangesAboveOneAreWarnedAbout() throws {
    let text = file(
      managedServices: "{price_per_seat: 100, annual_price_change: 3}",
      acquisition: "{monthly_rate: 0.5, annual_growth: {triangular: {min: 2, mode: 3, max: 5}}}")
    let warnings = try load(text).warnings
    XCTAssertEqual(
      warnings.map(\.keyPath),
      ["models.m.acquisition.annual_growth", "models.m.streams.managed_services.annual_price_change"],
      "in file order: \(warnings)")
    // The triangular's mean, 10/3, shown to six digits.
    XCTAssertTrue(
      warnings[0].message.contains("a mean annual change of 3.33333 is 333.333 % a year"), warnings[0].message)
    XCTAssertTrue(warnings[1].message.contains("an annual change of 3 is 300 % a year"), warnings[1].message)
    XCTAssertTrue(warnings[1].message.contains("write 0.03"), warnings[1].message)
  }

  /// A market entry is warned about where a rate key uses it, with its name.
  func testAMarketEntryUsedAsARateIsWarnedAboutWhereItIsUsed() throws {
    let text = file(
      top: "market:\n  prices: {uniform: {min: 2, max: 4}}",
      managedServices: "{price_per_seat: 100, annual_price_change: market.prices}")
    let warnings = try load(text).warnings
    XCTAssertEqual(warnings.map(\.keyPath), ["models.m.streams.managed_services.annual_price_change"], "\(warnings)")
    XCTAssertTrue(warnings[0].message.contains("market.prices, a mean annual change of 3 is 300 % a year"))
  }

  /// Rates written as fractions, up to 100 % a year, and keys that are not rates
  /// (a price of 100, a probability) give no warning; nor does any shipped scenario.
  func testFractionsAndTheShippedScenariosGiveNoWarning() throws {
    let text = file(
      top: "discount_rate: 1",
      managedServices: "{price_per_seat: 100, annual_price_change: 0.03}",
      acquisition: "{monthly_rate: 5, annual_growth: {triangular: {min: 0.5, mode: 1, max: 1.5}}}")
    XCTAssertEqual(try load(text).warnings, [])
    let files = try FileManager.default.contentsOfDirectory(atPath: Fixtures.scenariosFolder.path)
      .filter { $0.hasSuffix(".yaml") }
    XCTAssertFalse(files.isEmpty)
    for name in files {
      let scenario = try ScenarioLoader.load(path: Fixtures.scenariosFolder.appendingPathComponent(name).path)
      XCTAssertEqual(scenario.warnings, [], name)
    }
    XCTAssertEqual(try ScenarioLoader.load(text: DefaultScenario.text, file: "default").warnings, [])
  }

  /// The message is made once for every rate: the domain says nothing at 1 and below.
  func testTheThresholdIsOneHundredPerCent() {
    XCTAssertNil(ParameterDomain.percentTypedAsWholeNumber(1, described: "x"))
    XCTAssertNil(ParameterDomain.percentTypedAsWholeNumber(-0.5, described: "x"))
    XCTAssertNil(ParameterDomain.percentTypedAsWholeNumber(.nan, described: "x"))
    XCTAssertNotNil(ParameterDomain.percentTypedAsWholeNumber(1.01, described: "x"))
  }

  /// `--years` shorter than the file's exit (docs/scenario-format.md, "Valuation and
  /// cash"): a constant exit year moves to the end of the new horizon, warned about
  /// unless it was the file's last year (an exit "at the end" moves with the end); a
  /// range of exit years is cut there draw by draw, warned about, where before it was
  /// refused. No `exit_year` in the file: the exit is the horizon, nothing to say.
  func testAShorterHorizonThatMovesTheExitIsWarnedAbout() throws {
    func valued(_ exit: String) throws -> Scenario {
      try load(file(top: "horizon_years: 10\nvaluation: {\(exit)multiple_base: 3}"))
    }
    func constantExit(_ s: Scenario) -> Double? {
      if case .constant(let year) = s.decisionSpec(.exitYear) { return year }
      return nil
    }
    let early = try valued("exit_year: 8, ")
    let moved = try early.applying([.years(5)])
    XCTAssertEqual(constantExit(moved), 5)
    XCTAssertEqual(
      moved.warnings.map(\.description),
      [
        "command line:1:1: --years: warning: valuation.exit_year 8 is after the horizon of 5 years: the exit moves "
          + "to the end of year 5, where the value and P(worth more at exit) are taken"
      ])
    XCTAssertEqual(try early.applying([.years(8)]).warnings, [], "an exit at the new horizon stays where it was")
    let atTheEnd = try valued("exit_year: 10, ").applying([.years(1)])
    XCTAssertEqual(constantExit(atTheEnd), 1)
    XCTAssertEqual(atTheEnd.warnings, [], "the file's exit was its last year: it moves with the end")
    XCTAssertEqual(try valued("").applying([.years(5)]).warnings, [], "no exit_year: the exit is the horizon")

    let range = try valued("exit_year: {uniform: {min: 6, max: 10}}, ")
    let cut = try range.applying([.years(5)])
    XCTAssertEqual(
      cut.warnings.map(\.message),
      [
        "warning: valuation.exit_year draws years up to 10, after the horizon of 5 years: a draw after year 5 "
          + "moves the exit to the end of year 5 (the run counts them among its clamped draws)"
      ])
    // Every draw, 6 to 10, is after year 5: each path's is cut, and counted.
    let result = try Pipeline.simulate(try cut.applying([.paths(200)]), threads: 2)
    XCTAssertEqual(result.clampedDraws.first { $0.keyPath == "valuation.exit_year" }?.count, 200)
    // A later override of another key (a sweep's point) keeps the cut; one of the
    // exit year itself is held to the horizon again.
    XCTAssertNoThrow(try cut.applying([.value(keyPath: "discount_rate", 0.05)]))
    XCTAssertThrowsError(try cut.applying([.value(keyPath: "valuation.exit_year", 7)])) { error in
      XCTAssertTrue("\(error)".contains("valuation.exit_year: 7 is after the horizon"), "\(error)")
    }
    // In the file itself a range past the horizon is still an error.
    XCTAssertThrowsError(try load(file(top: "horizon_years: 5\nvaluation: {exit_year: {uniform: {min: 4, max: 6}}}")))
  }

}

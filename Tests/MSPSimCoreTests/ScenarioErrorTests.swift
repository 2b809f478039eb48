import Foundation
import XCTest

@testable import MSPSimCore

/// Every kind of bad input (docs/errors.md, "Scenario errors (exit 2)"): each ends in an issue with the file,
/// the right line and column, the key path and what is allowed; all problems of a
/// file are reported at once. (That nothing is written is checked end to end in
/// Tests/mspsimTests: FaultTests, ErrorTests.)
final class ScenarioErrorTests: XCTestCase {
  /// Loads `text`, expects failure, returns the issues.
  func issues(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> [ScenarioIssue] {
    do {
      _ = try ScenarioLoader.load(text: text, file: "bad.yaml")
      XCTFail("loaded a bad scenario", file: file, line: line)
      return []
    } catch {
      return error.issues
    }
  }

  func expect(
    _ text: String, line: Int, column: Int, keyPath: String, contains: [String],
    file: StaticString = #filePath, testLine: UInt = #line
  ) {
    let all = issues(text, file: file, line: testLine)
    guard let hit = all.first(where: { $0.keyPath == keyPath }) else {
      return XCTFail("no issue at \(keyPath): \(all.map(\.description))", file: file, line: testLine)
    }
    XCTAssertEqual(hit.file, "bad.yaml", file: file, line: testLine)
    XCTAssertEqual(hit.line, line, hit.description, file: file, line: testLine)
    XCTAssertEqual(hit.column, column, hit.description, file: file, line: testLine)
    for c in contains {
      XCTAssertTrue(hit.description.contains(c), "'\(c)' not in: \(hit.description)", file: file, line: testLine)
    }
    XCTAssertTrue(
      hit.description.hasPrefix("bad.yaml:\(line):\(column): \(keyPath): "), hit.description, file: file, line: testLine
    )
  }

  /// A valid model to build bad files around (line 1 is `models:`).
  let good = """
    models:
      m:
        clients: {initial: 10, seats: 20}
        churn: {annual: 0.1}
        streams:
          managed_services: {price_per_seat: 100}
        costs: {fixed_monthly: 1000}

    """

  /// The base the bad files are built around loads, with what it says: one model `m`
  /// with managed services only and the constants it gives.
  func testTheGoodBaseLoads() throws {
    let scenario = try ScenarioLoader.load(text: good, file: "good.yaml")
    XCTAssertEqual(scenario.models.map(\.name), ["m"])
    let m = try XCTUnwrap(scenario.models.first)
    XCTAssertEqual(m.streams, [.managedServices])
    func constant(_ id: ParameterID) -> Double? {
      guard case .constant(let x) = m[id] else { return nil }
      return x
    }
    XCTAssertEqual(constant(.clientsInitial), 10)
    XCTAssertEqual(constant(.churnAnnual), 0.1)
    XCTAssertEqual(constant(.pricePerSeat), 100)
    XCTAssertEqual(constant(.fixedMonthly), 1000)
  }

  func testYAMLSyntaxErrorHasTheParsersPosition() {
    let all = issues("models:\n  m: {clients: [1, 2\n")
    XCTAssertEqual(all.count, 1)
    XCTAssertEqual(all[0].line, 3)
    XCTAssertTrue(all[0].message.contains("YAML syntax error"), all[0].description)
  }

  func testEmptyAndNonTextFiles() throws {
    XCTAssertTrue(issues("  \n\n")[0].message.contains("empty"))
    do {
      _ = try ScenarioLoader.load(data: Data([0x6D, 0x3A, 0x00, 0x01]), file: "bin.yaml")
      XCTFail("binary accepted")
    } catch {
      XCTAssertTrue(error.issues[0].description.hasPrefix("bin.yaml:1:1: "), error.description)
      XCTAssertTrue(error.issues[0].message.contains("not a text file"), error.description)
    }
    do {
      _ = try ScenarioLoader.load(data: Data("name: a\nx: \u{FF}".utf8.map { $0 } + [0xFF, 0xFE]), file: "latin.yaml")
      XCTFail("invalid UTF-8 accepted")
    } catch {
      XCTAssertTrue(error.issues[0].message.contains("UTF-8"), error.description)
    }
  }

  func testDuplicateKeys() {
    let all = issues(
      "models:\n  m: {clients: {initial: 1, seats: 1}, streams: {resale: {spend_per_seat_per_year: 1, margin: 0.1}}}\n  m: {}\n"
    )
    XCTAssertTrue(all[0].message.contains("duplicate key 'm'"), all.description)
    // The issue stands at the key given again (line 3), not at its first occurrence.
    XCTAssertEqual(all.map(\.line), [3], all.description)
    XCTAssertEqual(all.map(\.column), [3], all.description)
    XCTAssertTrue(all[0].message.contains("first given at line 2"), all.description)

    // A block mapping with comments and a nested mapping between the two.
    let block = issues("name: a\nhorizon_years: 5\n# note\nmodels:\n  horizon_years: 1\nhorizon_years: 7\n")
    XCTAssertEqual(block.map { "\($0.line):\($0.column)" }, ["6:1"], block.description)
    // A flow mapping: the second key on the same line, not the longer key ending in it.
    let flow = issues(
      "name: a\nmodels:\n  m: {clients: {initial: 1, seats: 1}, churn: {annual: 0.1, x_annual: 1, annual: 0.2}}\n")
    XCTAssertEqual(flow.map { "\($0.line):\($0.column)" }, ["3:74"], flow.description)
  }

  /// A tab where YAML wants indentation is named: the scanner's own message does not say it.
  func testATabIsNamed() {
    let all = issues("name: a\nmodels:\n  m:\n\tclients: {initial: 1, seats: 1}\n")
    XCTAssertEqual(all.count, 1, all.description)
    XCTAssertTrue(
      all[0].message.contains("the character there is a tab: YAML indents with spaces only"), all.description)
  }

  func testUnknownKeysAtEveryLevelWithSuggestions() {
    expect("nmae: x\n" + good, line: 1, column: 1, keyPath: "nmae", contains: ["did you mean 'name'", "allowed:"])
    expect(
      good.replacingOccurrences(of: "churn: {annual: 0.1}", with: "churn: {anual: 0.1}"),
      line: 4, column: 13, keyPath: "models.m.churn.anual", contains: ["did you mean 'annual'"])
    expect(
      good.replacingOccurrences(of: "managed_services:", with: "managed_service:"),
      line: 6, column: 7, keyPath: "models.m.streams.managed_service", contains: ["did you mean 'managed_services'"])
    expect(
      good.replacingOccurrences(of: "fixed_monthly", with: "fixed"),
      line: 7, column: 13, keyPath: "models.m.costs.fixed", contains: ["unknown key 'fixed'", "fixed_monthly"])
    expect(
      good.replacingOccurrences(of: "seats: 20", with: "seats: {normall: {mean: 1, sd: 1}}"),
      line: 3, column: 36, keyPath: "models.m.clients.seats.normall",
      contains: ["unknown distribution", "did you mean 'normal'", "lognormal"])
  }

  func testWrongTypes() {
    expect(
      good.replacingOccurrences(of: "price_per_seat: 100", with: "price_per_seat: \"lots\""),
      line: 6, column: 42, keyPath: "models.m.streams.managed_services.price_per_seat", contains: ["expected a number"])
    // A number tagged as text is text: refused, naming the tag; a number's own tags are read.
    expect(
      good.replacingOccurrences(of: "price_per_seat: 100", with: "price_per_seat: !!str 40"),
      line: 6, column: 42, keyPath: "models.m.streams.managed_services.price_per_seat",
      contains: ["expected a number", "got the text \"40\" tagged !!str"])
    for tagged in ["!!int 40", "!!float 40", "40"] {
      XCTAssertNoThrow(
        try ScenarioLoader.load(
          text: good.replacingOccurrences(of: "price_per_seat: 100", with: "price_per_seat: \(tagged)"), file: "ok.yaml"
        ),
        tagged)
    }
    expect(
      good.replacingOccurrences(of: "costs: {fixed_monthly: 1000}", with: "costs: [1, 2]"),
      line: 7, column: 12, keyPath: "models.m.costs", contains: ["expected a mapping", "got a list"])
  }

  func testMissingRequiredKeys() {
    expect(
      good.replacingOccurrences(of: "{price_per_seat: 100}", with: "{annual_price_change: 0.01}"),
      line: 6, column: 25, keyPath: "models.m.streams.managed_services.price_per_seat",
      contains: ["missing required key"])
    let noSeats = good.replacingOccurrences(of: ", seats: 20", with: "")
    XCTAssertTrue(issues(noSeats).contains { $0.keyPath == "models.m.clients.seats" && $0.message.contains("missing") })
  }

  func testRangesOfValues() {
    expect(
      good.replacingOccurrences(of: "annual: 0.1", with: "annual: 1.4"),
      line: 4, column: 21, keyPath: "models.m.churn.annual", contains: ["1.4", "0...1"])
    expect(
      good.replacingOccurrences(of: "price_per_seat: 100", with: "price_per_seat: -5"),
      line: 6, column: 42, keyPath: "models.m.streams.managed_services.price_per_seat", contains: ["-5", ">= 0"])
    expect(
      good.replacingOccurrences(of: "initial: 10", with: "initial: -3"),
      line: 3, column: 24, keyPath: "models.m.clients.initial", contains: ["whole number >= 0"])
    expect("horizon_years: 31\n" + good, line: 1, column: 16, keyPath: "horizon_years", contains: ["1...30"])
    expect("paths: 0\n" + good, line: 1, column: 8, keyPath: "paths", contains: ["1...100000000"])
  }

  /// A multiple's floor above its cap cannot hold (docs/model.md, "Exit value":
  /// M = clamp(base + per_recurring x R, min, max)): refused at `multiple_min`.
  func testMultipleFloorAboveItsCap() {
    expect(
      good + "valuation: {multiple_base: 4, multiple_min: 7, multiple_max: 6}\n",
      line: 8, column: 45, keyPath: "valuation.multiple_min",
      contains: ["7 is above multiple_max 6", "allowed: multiple_min <= multiple_max"])
  }

  func testNonFiniteNumbers() {
    for bad in [".nan", ".inf", "-.inf", "1e400"] {
      expect(
        good.replacingOccurrences(of: "price_per_seat: 100", with: "price_per_seat: \(bad)"),
        line: 6, column: 42, keyPath: "models.m.streams.managed_services.price_per_seat",
        contains: ["not a finite number"])
    }
  }

  func testUnknownGeneratorListsTheValidOnes() {
    expect("rng: mt1993\n" + good, line: 1, column: 6, keyPath: "rng", contains: ["did you mean 'mt19937'", "taus2"])
  }

  func testDistributionParameters() {
    func seats(_ d: String) -> String { good.replacingOccurrences(of: "seats: 20", with: "seats: \(d)") }
    expect(
      seats("{lognormal: {mean: 20, sd: -2}}"), line: 3, column: 62, keyPath: "models.m.clients.seats.lognormal.sd",
      contains: ["sd must be > 0, got -2"])
    expect(
      seats("{uniform: {min: 30, max: 10}}"), line: 3, column: 60, keyPath: "models.m.clients.seats.uniform.max",
      contains: ["min must be <= max"])
    expect(
      seats("{triangular: {min: 1, mode: 9, max: 5}}"), line: 3, column: 63,
      keyPath: "models.m.clients.seats.triangular.mode",
      contains: ["mode must lie in [min, max]"])
    for (w, msg) in [("[1, -1]", ">= 0"), ("[0, 0]", "must not all be 0"), ("[1]", "one entry per value")] {
      let all = issues(seats("{discrete: {values: [10, 20], weights: \(w)}}"))
      XCTAssertTrue(
        all.contains { $0.keyPath == "models.m.clients.seats.discrete.weights" && $0.message.contains(msg) }, "\(all)")
    }
    let missing = issues(seats("{normal: {mean: 20}}"))
    XCTAssertTrue(missing.contains { $0.message.contains("missing parameter 'sd'") }, "\(missing)")
  }

  func testMarketReferenceToNothing() {
    expect(
      good.replacingOccurrences(of: "annual: 0.1", with: "annual: market.chrn"),
      line: 4, column: 21, keyPath: "models.m.churn.annual", contains: ["refers to no market entry"])
  }

  func testModelWithNoStreamsAndNoModels() {
    expect(
      good.replacingOccurrences(of: "streams:\n      managed_services: {price_per_seat: 100}", with: "streams: {}"),
      line: 5, column: 14, keyPath: "models.m.streams", contains: ["at least one stream"])
    expect("models: {}\n", line: 1, column: 9, keyPath: "models", contains: ["no models"])
    XCTAssertTrue(issues("name: x\n")[0].message.contains("missing required key 'models'"))
  }

  func testAllProblemsOfAFileAtOnceInFileOrder() {
    let text =
      "horizon_years: 40\npaths: 0\n"
      + good.replacingOccurrences(of: "annual: 0.1", with: "annual: 2")
      .replacingOccurrences(of: "price_per_seat: 100", with: "price_per_seat: -1")
    let all = issues(text)
    XCTAssertEqual(all.count, 4, all.map(\.description).joined(separator: "\n"))
    XCTAssertEqual(all.map(\.line), all.map(\.line).sorted())
  }
}

final class StreamKindTests: XCTestCase {
  func testIndexIsThePositionInAllCases() {
    for (i, k) in StreamKind.allCases.enumerated() { XCTAssertEqual(k.index, i, "\(k)") }
  }
}

import Foundation
import XCTest

@testable import MSPSimCore

/// Marketplace programs (docs/model.md, "Marketplace programs") on constant books:
/// 20 clients of 10 seats (S = 200), no churn, no acquisition, capture 0.5, cloud
/// spend 100 per seat per month, constant commissions, so every cell is deterministic
/// and compared exactly (to rounding) with its piecewise closed form. The routed
/// spend is capture x cloud x S = 0.5 x 100 x 200 = 10,000 a month; program k pays
/// share_k x rate_k of it while t < a + months_k (a the adoption month; months 0: for
/// ever), so with every client adopted at month 0:
/// - `capped`: {0.6, 0.10, 13}, {0.4, 0.25, 30}:
///   10,000 x (0.06 [t < 13] + 0.10 [t < 30]);
/// - `mixed`: {0.5, 0.20, 0 (for ever)}, {0.5, 0.30, 12}:
///   10,000 x (0.10 + 0.15 [t < 12]);
/// - `late` adopts the whole book at month 5 (`adoption.monthly: 1`, `start_month: 5`)
///   with a 4-month capture ramp, ramp(t) = min(1, (t - 5 + 1)/4), and `capped`'s programs:
///   10,000 x ramp(t) x (0.06 [t < 18] + 0.10 [t < 35]) for t >= 5, 0 before.
final class MarketplaceProgramTests: XCTestCase {
  static func model(_ name: String, programs: String, late: Bool = false) -> String {
    var text = "  \(name):\n"
    text += "    clients: {initial: 20, seats: 10}\n"
    text +=
      late
      ? "    adoption: {monthly: 1, start_month: 5}\n" : "    adoption: {initial_share: 1}\n"
    text += "    streams:\n"
    text += "      marketplace:\n"
    text += "        capture: 0.5\n"
    text += "        cloud_spend_per_seat: 100\n"
    if late { text += "        capture_ramp_months: 4\n" }
    text += "        programs: [\(programs)]\n"
    return text
  }
  static let capped = "{share: 0.6, commission: 0.1, months: 13}, {share: 0.4, commission: 0.25, months: 30}"
  static let mixed = "{share: 0.5, commission: 0.2, months: 0}, {share: 0.5, commission: 0.3, months: 12}"

  func testTwoProgramsWithCapsFollowThePiecewiseClosedForm() {
    let yaml = scenarioYAML(
      models: Self.model("capped", programs: Self.capped) + Self.model("mixed", programs: Self.mixed)
        + Self.model("late", programs: Self.capped, late: true),
      horizonYears: 4, seed: 2024)
    guard let run = runModel(yaml, paths: 6) else { return }
    let capped = run.model("capped")
    let mixed = run.model("mixed")
    let late = run.model("late")
    func indicator(_ b: Bool) -> Double { b ? 1 : 0 }
    for t in 1...48 {
      run.checkMonthly(
        capped, run.stream(capped, .marketplace), month: t,
        expected: 10_000 * (0.06 * indicator(t < 13) + 0.10 * indicator(t < 30)))
      run.checkMonthly(
        mixed, run.stream(mixed, .marketplace), month: t, expected: 10_000 * (0.10 + 0.15 * indicator(t < 12)))
      let ramp = t >= 5 ? min(1, Double(t - 5 + 1) / 4) : 0
      run.checkMonthly(
        late, run.stream(late, .marketplace), month: t,
        expected: 10_000 * ramp * (0.06 * indicator(t < 18) + 0.10 * indicator(t < 35)))
      // Commissions are recurring revenue: the model's only stream.
      run.checkMonthly(
        capped, run.layout(capped).revenueRecurring, month: t,
        expected: 10_000 * (0.06 * indicator(t < 13) + 0.10 * indicator(t < 30)))
    }
  }

  /// One program of share 1 is the single form: the same draws in the same order, so
  /// every accumulated cell is identical, on a random book (churn, arrivals, adoption,
  /// a drawn commission mixture, a cap and a ramp).
  func testOneProgramOfShareOneIsTheSingleForm() throws {
    let commission =
      "{mixture: {components: [{uniform: {min: 0.08, max: 0.1}}, {uniform: {min: 0.2, max: 0.3}}], weights: [0.7, 0.3]}}"
    func scenario(_ marketplace: String) -> String {
      var text = "  m:\n"
      text += "    clients: {initial: 30, seats: {poisson: {mean: 12}}}\n"
      text += "    acquisition: {monthly_rate: 1.5}\n"
      text += "    churn: {annual: 0.15}\n"
      text += "    adoption: {monthly: 0.05, at_signup: 0.3}\n"
      text += "    streams:\n"
      text += "      marketplace:\n"
      text += "        capture: {uniform: {min: 0.2, max: 0.4}}\n"
      text += "        capture_ramp_months: 5\n"
      text += "        cloud_spend_per_seat: 150\n"
      text += "        bounty_per_seat: 20\n"
      text += marketplace
      return scenarioYAML(models: text, horizonYears: 5, seed: 77)
    }
    let single = scenario("        commission: \(commission)\n        commission_months: 18\n")
    let program = scenario("        programs: [{share: 1, commission: \(commission), months: 18}]\n")
    guard let a = runModel(single, paths: 300), let b = runModel(program, paths: 300) else { return }
    let cellsA = a.engine.result.moments
    let cellsB = b.engine.result.moments
    XCTAssertEqual(cellsA.count, cellsB.count)
    var compared = 0
    for (x, y) in zip(cellsA, cellsB) {
      XCTAssertEqual(x.mean, y.mean)
      XCTAssertEqual(x.standardError, y.standardError)
      compared += 1
    }
    XCTAssertGreaterThan(compared, 100)
    // The commission revenue is not all zero (the comparison compares something).
    let m = a.model("m")
    XCTAssertGreaterThan(a.monthly(m, a.stream(m, .marketplace), 30).mean, 0)
  }

  /// Mistakes in programs are exit-2 errors naming the key path.
  func testProgramMistakesAreReportedWithTheirKeyPaths() {
    func errors(_ marketplace: String) -> String {
      let yaml = scenarioYAML(
        models: "  m:\n    clients: {initial: 1, seats: 1}\n    streams:\n      marketplace:\n"
          + "        capture: 0.5\n        cloud_spend_per_seat: 10\n" + marketplace,
        horizonYears: 1, seed: 1)
      do {
        _ = try ScenarioLoader.load(text: yaml, file: "p.yaml")
        return ""
      } catch { return "\(error)" }
    }
    let both = errors("        commission: 0.1\n        programs: [{share: 1, commission: 0.1}]\n")
    XCTAssertTrue(both.contains("models.m.streams.marketplace.commission: give either programs or commission"), both)
    let sum = errors("        programs: [{share: 0.5, commission: 0.1}, {share: 0.4, commission: 0.2}]\n")
    XCTAssertTrue(sum.contains("models.m.streams.marketplace.programs: the programs' shares sum to 0.9"), sum)
    let field = errors("        programs: [{share: 1, commision: 0.1}]\n")
    XCTAssertTrue(field.contains("programs[0].commision: unknown key"), field)
    XCTAssertTrue(field.contains("programs[0].commission: missing required key"), field)
    let rate = errors("        programs: [{share: 1, commission: 1.5}]\n")
    XCTAssertTrue(rate.contains("programs[0].commission: 1.5 is not allowed"), rate)
    let empty = errors("        programs: []\n")
    XCTAssertTrue(empty.contains("models.m.streams.marketplace.programs: expected a list of up to 8 programs"), empty)
    XCTAssertEqual(
      errors("        programs: [{share: 0.25, commission: 0.1}, {share: 0.75, commission: 0.2, months: 6}]\n"), "")
  }
}

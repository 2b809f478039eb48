import Foundation
import XCTest

@testable import MSPSimCore

/// Fee escalation, technician productivity and the transition budget (docs/model.md,
/// "Fee escalation, productivity and the transition budget") on a constant book:
/// N0 = 20 clients of 10 seats (S = 200), all adopted at month 0
/// (`adoption.initial_share: 1`), no churn, no acquisition, so every cell is
/// deterministic and compared exactly (to rounding) with its closed form:
/// - vcio(t) = 20 x 500 x (1 + 0.1)^y(t);
/// - app_management(t) = 20 x (2 apps x 15) x 0.5 x 10 seats x (1 + 0.05)^y(t);
/// - technicians(t) = ceil(200 / (50 x 1.25^y(t))): 4, 4 (3.2), 3 (2.56), 3 (2.048);
///   cost(t) = 7,000 x technicians + the transition budget 1,000 in months
///   start_month 3 ... 3 + 6 - 1 = 8 (not inflated) + fixed 100.
/// The second model leaves the keys at their defaults: its cells equal version 1's
/// (fee 10,000 flat, 4 technicians, no budget).
final class EscalationClosedFormTests: XCTestCase {
  func testFeesProductivityAndTheTransitionBudgetFollowTheirClosedForms() {
    func model(_ name: String, escalated: Bool) -> String {
      var text = "  \(name):\n"
      text += "    clients: {initial: 20, seats: 10}\n"
      text += "    adoption: {initial_share: 1, start_month: 3}\n"
      text += "    streams:\n"
      text += "      vcio: {monthly_fee: 500\(escalated ? ", annual_fee_change: 0.1" : "")}\n"
      text += "      app_management: {apps_per_client: 2, tier_price: 15, user_share: 0.5"
      text += (escalated ? ", annual_price_change: 0.05" : "") + "}\n"
      text += "    costs: {seats_per_technician: 50, technician_monthly: 7000, fixed_monthly: 100"
      if escalated {
        text += ", annual_seats_per_technician_change: 0.25, transition_monthly: 1000, transition_months: 6"
      }
      return text + "}\n"
    }
    let yaml = scenarioYAML(
      models: model("escalated", escalated: true) + model("flat", escalated: false), horizonYears: 4, seed: 4707)
    guard let run = runModel(yaml, paths: 8) else { return }
    let escalated = run.model("escalated")
    let flat = run.model("flat")
    for t in 1...48 {
      let y = Double(yearIndex(t))
      run.checkMonthly(escalated, run.stream(escalated, .vcio), month: t, expected: 20 * 500 * pow(1.1, y))
      run.checkMonthly(
        escalated, run.stream(escalated, .appManagement), month: t, expected: 20 * 30 * 0.5 * 10 * pow(1.05, y))
      let technicians = (200 / (50 * pow(1.25, y))).rounded(.up)
      let budget = (3...8).contains(t) ? 1000.0 : 0
      run.checkMonthly(
        escalated, run.layout(escalated).costTotal, month: t, expected: 7000 * technicians + budget + 100)
      run.checkMonthly(flat, run.stream(flat, .vcio), month: t, expected: 10000)
      run.checkMonthly(flat, run.layout(flat).costTotal, month: t, expected: 7000 * 4 + 100)
    }
  }
}

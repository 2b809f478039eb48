import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

/// Extreme but valid scenarios run and give the right trivial answers, and no NaN
/// or infinity reaches a table (issue: "numbers stay honest").
final class ExtremeScenarioTests: XCTestCase {
  func run(_ yaml: String, paths: Int = 200, threads: Int = 2) throws -> (ScenarioPlan, RunAccumulator, [String]) {
    var s = try ScenarioLoader.load(text: yaml, file: "extreme.yaml")
    s.paths = paths
    let plan = ScenarioPlan(s)
    let engine = Engine(plan: plan, threads: threads)
    try engine.advance(to: paths)
    let t = ResultTables(
      RunResult(scenario: s, plan: plan, accumulator: engine.result, threads: threads, wallSeconds: 0))
    let tables = [t.monthly(), t.annual(), t.summary(), t.compare()]
    for table in tables {
      let lower = table.lowercased()
      XCTAssertFalse(lower.contains("nan") || lower.contains("inf"), "a non-finite value reached a table")
      XCTAssertFalse(table.contains(",,") && !table.hasPrefix("baseline"), "an empty number in \(table.prefix(80))")
    }
    return (plan, engine.result, tables)
  }

  func cell(_ r: RunAccumulator, _ plan: ScenarioPlan, model: Int, metric: String, month: Int) -> Moments {
    let k = plan.models[model].layout.names.firstIndex(of: metric)!
    return r.moments[r.layout.monthly(model: model, metric: k, month: month)]
  }

  func testThirtyYearsAndAnEmptyBook() throws {
    // No clients and no acquisition: revenue 0; cost = fixed_monthly only, so
    // EBITDA = -1000 every month and NPV = -1000 * sum_{t=1}^{360} 1.1^(-t/12).
    let (plan, r, _) = try run(
      """
      horizon_years: 30
      discount_rate: 0.1
      models:
        empty:
          clients: {initial: 0, seats: 10}
          streams: {managed_services: {price_per_seat: 100}, vcio: {monthly_fee: 1000}}
          costs: {seats_per_technician: 100, technician_monthly: 5000, clients_per_vcio: 10, vcio_monthly: 9000, fixed_monthly: 1000}
      """)
    XCTAssertEqual(plan.months, 360)
    for t in [1, 180, 360] {
      XCTAssertEqual(cell(r, plan, model: 0, metric: "clients", month: t).mean, 0)
      XCTAssertEqual(cell(r, plan, model: 0, metric: "revenue.total", month: t).mean, 0)
      XCTAssertEqual(cell(r, plan, model: 0, metric: "ebitda", month: t).mean, -1000)
    }
    let expected = -1000 * (1...360).reduce(0.0) { $0 + pow(1.1, -Double($1) / 12) }
    let npv = r.moments[r.layout.summary(model: 0, metric: MetricLayout.summaryNPV)]
    XCTAssertEqual(npv.mean, expected, accuracy: 1e-6 * abs(expected))
    XCTAssertEqual(npv.sd, 0)
  }

  func testChurnOfOneEmptiesTheBookEveryMonth() throws {
    // churn.annual 1 -> monthly probability 1: every client leaves the month after it
    // joins, so the book in month t holds exactly the Poisson(2) arrivals of month t:
    // E[clients(t)] = 2 for t >= 1 (the 50 initial clients are gone in month 1).
    let (plan, r, _) = try run(
      """
      horizon_years: 2
      models:
        m:
          clients: {initial: 50, seats: 20}
          churn: {annual: 1.0}
          acquisition: {monthly_rate: 2}
          streams: {managed_services: {price_per_seat: 100}}
      """, paths: 4000)
    for t in [1, 12, 24] {
      let c = cell(r, plan, model: 0, metric: "clients", month: t)
      XCTAssertEqual(c.mean, 2, accuracy: 4 * c.standardError, "month \(t)")
      // Revenue = 100 x 20 seats x clients exactly, path by path.
      XCTAssertEqual(
        cell(r, plan, model: 0, metric: "revenue.total", month: t).mean, 2000 * c.mean, accuracy: 1e-6 * 2000 * c.mean)
    }
  }

  func testAThousandClientsOfFiveThousandSeats() throws {
    // 5,000,000 seats at 100 a month: revenue 500,000,000 a month, exactly.
    let (plan, r, _) = try run(
      """
      horizon_years: 1
      models:
        huge:
          clients: {initial: 1000, seats: 5000}
          streams: {managed_services: {price_per_seat: 100}}
          costs: {seats_per_technician: 125, technician_monthly: 7000}
      """, paths: 20)
    XCTAssertEqual(cell(r, plan, model: 0, metric: "seats", month: 12).mean, 5_000_000)
    XCTAssertEqual(cell(r, plan, model: 0, metric: "revenue.total", month: 12).mean, 500_000_000)
    // 40,000 technicians.
    XCTAssertEqual(cell(r, plan, model: 0, metric: "cost.total", month: 12).mean, 40_000 * 7000)
  }

  func testAllPricesZero() throws {
    let (plan, r, _) = try run(
      """
      horizon_years: 2
      models:
        free:
          clients: {initial: 10, seats: 10}
          adoption: {initial_share: 1}
          streams:
            managed_services: {price_per_seat: 0}
            vcio: {monthly_fee: 0}
            marketplace: {commission: 0, capture: 0, cloud_spend_per_seat: 0}
            app_management: {apps_per_client: 0, tier_price: 0, user_share: 0}
      """)
    for t in [1, 24] {
      XCTAssertEqual(cell(r, plan, model: 0, metric: "revenue.total", month: t).mean, 0)
      XCTAssertEqual(cell(r, plan, model: 0, metric: "adopted_clients", month: t).mean, 10)
    }
    // Last-year mix of zero revenue is reported as 0 shares, not 0/0.
    XCTAssertEqual(r.moments[r.layout.summary(model: 0, metric: MetricLayout.summaryFirstMix)].mean, 0)
  }

  func testOnePathGivesZeroSDAndEqualQuantiles() throws {
    let text = try String(contentsOf: Fixtures.defaultScenario, encoding: .utf8)
    let (plan, r, _) = try run(text, paths: 1, threads: 3)
    for cell in [
      r.layout.monthly(model: 1, metric: plan.models[1].layout.revenueTotal, month: 60),
      r.layout.summary(model: 0, metric: MetricLayout.summaryNPV), r.layout.pair(0),
    ] {
      XCTAssertEqual(r.moments[cell].sd, 0)
      let q = r.sketches[cell].quantiles(ResultTables.quantileLevels)
      XCTAssertTrue(q.allSatisfy { $0 == r.moments[cell].mean }, "\(q) vs \(r.moments[cell].mean)")
    }
  }
}

import Foundation
import XCTest

@testable import MSPSimCore

// The owner's decision (docs/model.md, "Exit value", "Cash", "The valley") against
// closed forms: exact ones on deterministic books (SE = 0, compared to rounding) and
// per path through `SinglePathRunner` (the engine's own worker), and means of drawn
// quantities within 4 standard errors at fixed seeds (ModelTestSupport.swift).
final class DecisionClosedFormTests: XCTestCase {

  /// A book of N0 = 20 clients of 10 seats that never changes (no churn, no
  /// acquisition, no growth), only managed services at P = 100 a seat, fixed cost C:
  /// S = 200 seats, revenue 20,000 a month, all recurring, EBITDA 20,000 - C.
  static func steadyModel(name: String, fixed: Double, priceChange: Double = 0) -> String {
    """
      \(name):
        clients: {initial: 20, seats: 10}
        streams:
          managed_services: {price_per_seat: 100, annual_price_change: \(priceChange)}
        costs: {fixed_monthly: \(fixed)}

    """
  }

  // MARK: Exit value

  /// Recurring share R = 1 (managed services only), so the multiple is
  /// M = clamp(base + per_recurring, min, max) and, with TTM EBITDA = 12 (P S - C),
  ///   EV = M x 12 x (20,000 - C) exactly (C = 5,000: 180,000 of TTM EBITDA).
  /// Base 3 + per-recurring 4 = 7 (no cap); in the second run max 6 caps it at 6, in
  /// the third min 9 raises it to 9.
  /// Value = sum_{t=1}^{X} EBITDA d_t + EV d_X with d_t = 1/(1+r)^(t/12), X = 12 x exit_year.
  /// A loss-making book (C = 25,000) has EV = 0 (EV = M max(0, TTM EBITDA)).
  func testExitValueOfASteadyRecurringBook() {
    for (cap, multiple) in [("", 7.0), (", multiple_max: 6", 6.0), (", multiple_min: 9", 9.0)] {
      let yaml =
        scenarioYAML(
          models: Self.steadyModel(name: "profit", fixed: 5000) + Self.steadyModel(name: "loss", fixed: 25000),
          horizonYears: 5, seed: 4101, discountRate: 0.08)
        + "valuation: {exit_year: 3, multiple_base: 3, multiple_per_recurring: 4\(cap)}\n"
      guard let run = runModel(yaml, paths: 64) else { return }
      let profit = run.model("profit")
      let loss = run.model("loss")
      let X = 36
      func d(_ t: Int) -> Double { 1 / pow(1.08, Double(t) / 12) }
      let ebitda = 20000.0 - 5000
      let ev = multiple * 12 * ebitda
      let npvToExit = (1...X).reduce(0.0) { $0 + ebitda * d($1) }
      let slot = run.layout(profit).summaryValue!
      run.checkSummary(profit, slot, expected: npvToExit + ev * d(X))
      run.checkSummary(profit, slot + 1, expected: ev)
      run.checkSummary(profit, slot + 2, expected: multiple)
      run.checkSummary(profit, slot + 3, expected: 1)
      run.checkSummary(loss, slot + 1, expected: 0)
      run.checkSummary(loss, slot, expected: (1...X).reduce(0.0) { $0 + (20000.0 - 25000) * d($1) })
    }
  }

  /// Per path, value - NPV of EBITDA up to the exit = EV / (1+r)^(X/12), on a book
  /// with churn, acquisition and block hours (so every path differs) and a
  /// `multiple_base` drawn per path: read through `SinglePathRunner` for 200 paths.
  /// The multiple is shared: both models (recurring shares differ) use the same
  /// drawn base, so M_b - M_a = per_recurring x (R_b - R_a) on every path.
  /// The mean of the drawn multiple of an all-recurring model (R = 1, no cap) is
  /// E[base] + per_recurring = 4 + 2, checked within 4 SE over 4,000 paths.
  func testValueIsNPVToTheExitPlusDiscountedEVOnEveryPath() throws {
    let models = """
        mixed:
          clients: {initial: 30, seats: {uniform: {min: 5, max: 25}}}
          acquisition: {monthly_rate: 1}
          churn: {annual: 0.15}
          streams:
            managed_services: {price_per_seat: 110}
            block_hours: {hours_per_seat: 0.2, hourly_rate: 120}
          costs: {seats_per_technician: 80, technician_monthly: 7000, fixed_monthly: 4000}
        recurring:
          clients: {initial: 30, seats: 10}
          streams:
            managed_services: {price_per_seat: 110}
          costs: {fixed_monthly: 4000}

      """
    let yaml =
      scenarioYAML(models: models, horizonYears: 4, seed: 4202, discountRate: 0.1)
      + "valuation: {exit_year: 3, multiple_base: {uniform: {min: 3, max: 5}}, multiple_per_recurring: 2}\n"
    let scenario = try ScenarioLoader.load(text: yaml, file: "value.yaml")
    let plan = ScenarioPlan(scenario)
    let runner = try SinglePathRunner(plan: plan)
    let X = 36
    let d = plan.discountFactors
    for path in 0..<200 {
      try runner.run(path: path)
      var multiples: [Double] = []
      var shares: [Double] = []
      for m in 0..<2 {
        let layout = plan.models[m].layout
        let ebitda = runner.monthly(model: m, metric: layout.ebitda)
        let summary = runner.summary(model: m)
        let slot = layout.summaryValue!
        var npvToExit = 0.0
        for t in 1...X { npvToExit += ebitda[t - 1] * d[t] }
        let expected = summary[slot + 1] * d[X]
        XCTAssertEqual(summary[slot] - npvToExit, expected, accuracy: 1e-9 * (1 + abs(summary[slot])), "path \(path)")
        // And EV = M x max(0, TTM EBITDA), R = TTM recurring / TTM revenue.
        let revenue = runner.monthly(model: m, metric: layout.revenueTotal)[(X - 12)..<X].reduce(0, +)
        let recurring = runner.monthly(model: m, metric: layout.revenueRecurring)[(X - 12)..<X].reduce(0, +)
        let ttm = ebitda[(X - 12)..<X].reduce(0, +)
        XCTAssertEqual(summary[slot + 3], recurring / revenue, accuracy: 1e-12)
        XCTAssertEqual(
          summary[slot + 1], summary[slot + 2] * max(0, ttm), accuracy: 1e-9 * (1 + abs(summary[slot + 1])))
        multiples.append(summary[slot + 2])
        shares.append(summary[slot + 3])
      }
      XCTAssertEqual(multiples[1] - multiples[0], 2 * (shares[1] - shares[0]), accuracy: 1e-12, "path \(path)")
    }
    guard let run = runModel(yaml, paths: 4000) else { return }
    let recurring = run.model("recurring")
    run.checkSummary(recurring, run.layout(recurring).summaryValue! + 2, expected: 6)
  }

  // MARK: Cash

  /// D = 0, no tax, no draw: cash(t) = opening + cumulative EBITDA(t), bit for bit,
  /// on every path of a random book (the engine keeps the opening balance apart
  /// from the running sum of flows for exactly this).
  func testCashIsOpeningPlusCumulativeEBITDAWithoutLagTaxOrDraw() throws {
    let models = """
        random:
          clients: {initial: 25, seats: {uniform: {min: 5, max: 25}}}
          acquisition: {monthly_rate: 1.5}
          churn: {annual: 0.2}
          streams:
            managed_services: {price_per_seat: 95}
            block_hours: {hours_per_seat: 0.3, hourly_rate: 130}
          costs: {seats_per_technician: 70, technician_monthly: 6500, fixed_monthly: 9000}

      """
    let yaml =
      scenarioYAML(models: models, horizonYears: 3, seed: 4303) + "cash: {opening: 123456.78, floor: 100000}\n"
    let plan = ScenarioPlan(try ScenarioLoader.load(text: yaml, file: "cash.yaml"))
    let runner = try SinglePathRunner(plan: plan)
    let layout = plan.models[0].layout
    for path in 0..<200 {
      try runner.run(path: path)
      let cash = runner.monthly(model: 0, metric: layout.cash!)
      let cumulative = runner.monthly(model: 0, metric: layout.ebitdaCumulative)
      for t in 0..<plan.months { XCTAssertEqual(cash[t], 123456.78 + cumulative[t], "path \(path) month \(t + 1)") }
      let summary = runner.summary(model: 0)
      let slot = layout.summaryCashMin!
      XCTAssertEqual(summary[slot], cash.min()!)
      XCTAssertEqual(summary[slot + 1], cash.contains { $0 < 100000 } ? 1 : 0)
    }
  }

  /// A steady book whose price rises 10 % at month 13 (annual_price_change 0.1):
  /// revenue r1 = 20,000 in months 1-12, r2 = 22,000 in 13-24; cost C = 5,000.
  /// The cash flow of month t is collected(t) - C - tax(t) - draw:
  /// - D = 30 (k = 1, f = 0): collected(t) = revenue(t-1), revenue(0) = revenue(1):
  ///   the step reaches cash in month 14, one month late;
  /// - D = 45 (k = 1, f = 0.5): collected(t) = (revenue(t-1) + revenue(t-2)) / 2:
  ///   half the step in month 14, all of it from month 15.
  /// Tax 25 % of the year's EBITDA (12 x (r_y - C)) in months 12 and 24; owner draw
  /// 1,000 a month. cash.min and cash.below_floor follow from the series.
  func testReceivableDaysDelayRevenueAndTaxIsPaidAtYearEnd() {
    for days in [30.0, 45.0] {
      let yaml =
        scenarioYAML(
          models: Self.steadyModel(name: "steady", fixed: 5000, priceChange: 0.1), horizonYears: 2, seed: 4404)
        + "cash: {opening: 1000, receivable_days: \(days), tax_rate: 0.25, owner_draw_monthly: 1000, floor: 2000}\n"
      guard let run = runModel(yaml, paths: 16) else { return }
      let m = run.model("steady")
      func revenue(_ t: Int) -> Double { t <= 12 ? 20000 : 22000 }
      func rev(_ t: Int) -> Double { revenue(max(1, t)) }
      let k = Int(days / 30)
      let f = days / 30 - Double(k)
      var cash = 1000.0
      var series: [Double] = []
      for t in 1...24 {
        let collected = (1 - f) * rev(t - k) + f * rev(t - k - 1)
        let tax = t % 12 == 0 ? 0.25 * 12 * (revenue(t) - 5000) : 0
        cash += collected - 5000 - tax - 1000
        series.append(cash)
        run.checkMonthly(m, run.layout(m).cash!, month: t, expected: cash)
        run.assertDeterministic(m, run.layout(m).cash!, month: t)
      }
      // Month 13 still collects year-1 revenue; the step shows from month 14.
      XCTAssertEqual(series[13] - series[12], (1 - f) * 22000 + f * 20000 - 6000, accuracy: 1e-6)
      run.checkSummary(m, run.layout(m).summaryCashMin!, expected: series.min()!)
      run.checkSummary(m, run.layout(m).summaryCashMin! + 1, expected: series.contains { $0 < 2000 } ? 1 : 0)
      // The annual cash is the year-end balance (a stock).
      run.checkAnnual(m, run.layout(m).cash!, year: 1, expected: series[11])
    }
  }

  /// Draws of a decision key outside its domain are clamped and counted under its
  /// key path, as model keys' are: receivable days ~ Normal(10, 30) fall below 0
  /// with probability Phi(-1/3) = 0.3694, so about 37 % of 4,000 paths (within 4
  /// binomial standard errors, sqrt(0.3694 x 0.6306 x 4000) = 30.5).
  func testDecisionDrawsOutsideTheDomainAreClampedAndCounted() throws {
    let yaml =
      scenarioYAML(models: Self.steadyModel(name: "steady", fixed: 5000), horizonYears: 1, seed: 4606)
      + "cash: {receivable_days: {normal: {mean: 10, sd: 30}}}\n"
    let scenario = try ScenarioLoader.load(text: yaml, file: "clamp.yaml").applying([.paths(4000)])
    let result = try Pipeline.simulate(scenario, threads: 2)
    let counted = result.clampedDraws.first { $0.keyPath == "cash.receivable_days" }?.count ?? 0
    XCTAssertEqual(Double(counted), 0.3694 * 4000, accuracy: 4 * 30.5)
  }

  // MARK: The valley

  /// The engine's valley (depth, month, every month's gap) against a brute force over
  /// the two models' stored cumulative EBITDA rows, path by path, on the default
  /// scenario (msp1 then msp2): gap(t) = cum_msp1(t) - cum_msp2(t), depth =
  /// max(0, max gap), month = first t at the maximum. Then the run's statistics over
  /// the same 300 paths (paths are seeded by their index alone): the mean depth is
  /// the brute-force mean (to rounding), the share of paths with a valley and the
  /// valley month's lower median are exact. The default has `valuation:`, so the
  /// per-path value difference is checked too.
  func testValleyMatchesABruteForceOverStoredPaths() throws {
    let scenario = try ScenarioLoader.load(text: DefaultScenario.text, file: "default.yaml").applying([.years(5)])
    let plan = ScenarioPlan(scenario)
    let runner = try SinglePathRunner(plan: plan)
    let T = plan.months
    let paths = 300
    var depths: [Double] = []
    var months: [Int] = []
    for path in 0..<paths {
      try runner.run(path: path)
      let a = runner.monthly(model: 0, metric: plan.models[0].layout.ebitdaCumulative)
      let b = runner.monthly(model: 1, metric: plan.models[1].layout.ebitdaCumulative)
      let gaps = (0..<T).map { a[$0] - b[$0] }
      let deepest = max(0, gaps.max()!)
      XCTAssertEqual(runner.cell(runner.layout.valleyDepth(0)), deepest, "path \(path)")
      for t in 1...T { XCTAssertEqual(runner.cell(runner.layout.gap(0, month: t)), gaps[t - 1]) }
      // The value difference of the pair: each model's own value (their summary
      // slots differ: msp2 has more mix metrics before it).
      let valueA = runner.summary(model: 0)[plan.models[0].layout.summaryValue!]
      let valueB = runner.summary(model: 1)[plan.models[1].layout.summaryValue!]
      XCTAssertEqual(runner.cell(runner.layout.valueDifference(0)!), valueB - valueA, "path \(path)")
      depths.append(deepest)
      if deepest > 0 { months.append(gaps.firstIndex(of: deepest)! + 1) }
    }
    XCTAssertGreaterThan(months.count, paths / 10, "the default scenario should have valleys")
    let engine = Engine(plan: plan, threads: 2)
    try engine.advance(to: paths)
    let r = engine.result
    let depthMoments = r.moments[r.layout.valleyDepth(0)]
    let mean = depths.reduce(0, +) / Double(paths)
    XCTAssertEqual(depthMoments.mean, mean, accuracy: 1e-9 * (1 + abs(mean)))
    XCTAssertEqual(r.pairs[0].valleys, months.count)
    let sorted = months.sorted()
    XCTAssertEqual(r.pairs[0].medianValleyMonth, sorted[(sorted.count - 1) / 2])
  }

  // MARK: Recurring revenue

  /// A marketplace paying only bounties (commission 0), clients adopting at 50 % a
  /// month from month 1 (monthly 0.5, start 1; new clients arriving at 1 a month): its
  /// revenue is one-off bounties, whenever clients adopt, so revenue.recurring is
  /// exactly the managed services (docs/model.md, "What is reported"), on every path.
  func testBountiesAreNotRecurringRevenue() throws {
    let models = """
        bounties:
          clients: {initial: 20, seats: {uniform: {min: 5, max: 15}}}
          acquisition: {monthly_rate: 1}
          adoption: {monthly: 0.5, start_month: 1}
          streams:
            managed_services: {price_per_seat: 100}
            marketplace: {commission: 0, capture: 0.5, cloud_spend_per_seat: 40, bounty_per_seat: 30}

      """
    let plan = ScenarioPlan(
      try ScenarioLoader.load(text: scenarioYAML(models: models, horizonYears: 2, seed: 4505), file: "b.yaml"))
    let runner = try SinglePathRunner(plan: plan)
    let layout = plan.models[0].layout
    var bounties = 0.0
    for path in 0..<50 {
      try runner.run(path: path)
      let recurring = runner.monthly(model: 0, metric: layout.revenueRecurring)
      let managed = runner.monthly(model: 0, metric: MetricLayout.firstStream)
      let market = runner.monthly(model: 0, metric: MetricLayout.firstStream + 1)
      XCTAssertEqual(recurring, managed, "path \(path)")
      bounties += market.reduce(0, +)
    }
    XCTAssertGreaterThan(bounties, 0, "the marketplace should have paid bounties")
  }
}

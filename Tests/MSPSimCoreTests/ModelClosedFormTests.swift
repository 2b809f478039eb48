import Foundation
import XCTest

@testable import MSPSimCore

// One test per mechanism of docs/model.md: a small scenario whose simulated mean has an
// exact closed form, compared within 4 standard errors at a fixed seed (see
// ModelTestSupport.swift). Deterministic quantities (SE = 0) are checked exactly up
// to floating-point rounding. Each expectation's derivation is in the comment above it.
//
// Notation (docs/model.md): N0 = clients.initial, p = monthly churn 1-(1-a)^(1/12),
// y(t) = floor((t-1)/12), S(t) = seats in the book, A(t) = adopted clients.
final class ModelClosedFormTests: XCTestCase {

  // MARK: 1. Churn survival

  /// No acquisition, churn.annual a, so p = 1-(1-a)^(1/12). Each initial client leaves in
  /// month G ~ Geometric(p) on 1, 2, ... (the first "success" of monthly Bernoulli(p)
  /// trials) and is in the book in month t iff G > t: P = (1-p)^t = (1-a)^(t/12).
  /// By linearity E[clients(t)] = N0 (1-p)^t; seats are constant (10), so
  /// E[seats(t)] = 10 E[clients(t)] and E[managed(t)] = price x E[seats(t)].
  ///
  /// Second model: a is drawn once per path from U(0.1, 0.3), held for the horizon, so
  /// E[clients(t)] = N0 E[(1-a)^c], c = t/12,
  ///   = N0 / 0.2 x integral_{0.1}^{0.3} (1-a)^c da = N0 (0.9^(c+1) - 0.7^(c+1)) / (0.2 (c+1)).
  func testChurnSurvival() {
    let seed: UInt64 = 1101
    let models = """
        fixed:
          clients: {initial: 50, seats: 10}
          churn: {annual: 0.3}
          streams:
            managed_services: {price_per_seat: 100}
        drawn:
          clients: {initial: 50, seats: 10}
          churn: {annual: {uniform: {min: 0.1, max: 0.3}}}
          streams:
            managed_services: {price_per_seat: 100}

      """
    guard let run = runModel(scenarioYAML(models: models, horizonYears: 2, seed: seed), paths: 16000) else { return }
    let fixed = run.model("fixed")
    let drawn = run.model("drawn")
    let n0 = 50.0
    let p = monthlyProbability(0.3)
    func eFixed(_ t: Int) -> Double { n0 * pow(1 - p, Double(t)) }
    func eDrawn(_ t: Int) -> Double {
      let c = Double(t) / 12
      return n0 * (pow(0.9, c + 1) - pow(0.7, c + 1)) / (0.2 * (c + 1))
    }
    for t in [1, 2, 3, 6, 9, 12, 18, 24] {
      run.checkMonthly(fixed, MetricLayout.clients, month: t, expected: eFixed(t))
      run.checkMonthly(fixed, MetricLayout.seats, month: t, expected: 10 * eFixed(t))
      run.checkMonthly(fixed, run.stream(fixed, .managedServices), month: t, expected: 1000 * eFixed(t))
      run.checkMonthly(drawn, MetricLayout.clients, month: t, expected: eDrawn(t))
    }
    // Annual cells: a stock is the year-end month; a flow is the sum over the year's months.
    run.checkAnnual(fixed, MetricLayout.clients, year: 1, expected: eFixed(12))
    run.checkAnnual(fixed, MetricLayout.clients, year: 2, expected: eFixed(24))
    let year2Managed = (13...24).reduce(0.0) { $0 + 1000 * eFixed($1) }
    run.checkAnnual(fixed, run.stream(fixed, .managedServices), year: 2, expected: year2Managed)
  }

  // MARK: 2. Poisson acquisition with churn

  /// N0 = 0, Poisson(lambda) joiners a month, churn p. Order of events in month t:
  /// churn first, then acquisition, so a client joining in month s is in the book in
  /// month s (it cannot leave in its joining month: its leaving month is s + Geometric(p)
  /// >= s + 1) and in month t >= s with probability (1-p)^(t-s). Summing the expected
  /// joiners over s = 1..t (linearity; the count and the survival are independent):
  ///   E[clients(t)] = lambda sum_{k=0}^{t-1} (1-p)^k = lambda (1 - (1-p)^t) / p.
  /// In particular E[clients(1)] = lambda exactly (churn after acquisition would give
  /// lambda (1-p)). Seats ~ U(5, 15) per joiner, independent of everything else (Wald):
  /// E[seats(t)] = 10 E[clients(t)].
  ///
  /// Second model: no churn, lambda(t) = 1.5 x 1.2^y(t), so
  ///   E[clients(t)] = sum_{s=1}^{t} 1.5 x 1.2^y(s).
  func testPoissonAcquisitionWithChurn() {
    let seed: UInt64 = 1202
    let models = """
        churning:
          clients: {initial: 0, seats: {uniform: {min: 5, max: 15}}}
          acquisition: {monthly_rate: 2}
          churn: {annual: 0.4}
          streams:
            managed_services: {price_per_seat: 100}
        growing:
          clients: {initial: 0, seats: 10}
          acquisition: {monthly_rate: 1.5, annual_growth: 0.2}
          streams:
            managed_services: {price_per_seat: 100}

      """
    guard let run = runModel(scenarioYAML(models: models, horizonYears: 3, seed: seed), paths: 20000) else { return }
    let churning = run.model("churning")
    let growing = run.model("growing")
    let lambda = 2.0
    let p = monthlyProbability(0.4)
    func eChurning(_ t: Int) -> Double { lambda * (1 - pow(1 - p, Double(t))) / p }
    func eGrowing(_ t: Int) -> Double { (1...t).reduce(0.0) { $0 + 1.5 * pow(1.2, Double(yearIndex($1))) } }
    for t in [1, 2, 3, 6, 12, 13, 24, 25, 36] {
      run.checkMonthly(churning, MetricLayout.clients, month: t, expected: eChurning(t))
      run.checkMonthly(churning, MetricLayout.seats, month: t, expected: 10 * eChurning(t))
      run.checkMonthly(growing, MetricLayout.clients, month: t, expected: eGrowing(t))
    }
  }

  // MARK: 3. Adoption curve, with and without ramp

  /// No churn, no acquisition, N0 clients, none adopted at t = 0, adoption.monthly q from
  /// start_month s. Each client still to adopt adopts in month k >= s with probability q_k
  /// independently (the engine draws Binomial(M, q_k) and a uniform subset: the same
  /// law). So P(not adopted by t) = prod_{k=s}^{t} (1 - q_k) and
  ///   E[adopted(t)] = N0 (1 - prod_{k=s}^{t} (1 - q_k)),  0 for t < s (exactly).
  /// Without ramp q_k = q, i.e. N0 (1 - (1-q)^(t-s+1)); with ramp R,
  /// q_k = q min(1, (k-s+1)/R).
  /// The vCIO fee is drawn at adoption, independently of the adoption month, so
  /// E[vcio(t)] = E[fee] E[adopted(t)] (fee 500 constant, or U(400, 600) with mean 500).
  func testAdoptionCurve() {
    let seed: UInt64 = 1303
    let models = """
        flat:
          clients: {initial: 40, seats: 10}
          adoption: {monthly: 0.05, start_month: 4}
          streams:
            vcio: {monthly_fee: 500}
        ramped:
          clients: {initial: 40, seats: 10}
          adoption: {monthly: 0.05, start_month: 4, ramp_months: 6}
          streams:
            vcio: {monthly_fee: {uniform: {min: 400, max: 600}}}

      """
    guard let run = runModel(scenarioYAML(models: models, horizonYears: 2, seed: seed), paths: 16000) else { return }
    let flat = run.model("flat")
    let ramped = run.model("ramped")
    let n0 = 40.0
    let q = 0.05
    let s = 4
    let ramp = 6.0
    func eAdopted(_ t: Int, rampMonths: Double) -> Double {
      guard t >= s else { return 0 }
      var notYet = 1.0
      for k in s...t {
        let qk = rampMonths > 0 ? q * Swift.min(1, Double(k - s + 1) / rampMonths) : q
        notYet *= 1 - qk
      }
      return n0 * (1 - notYet)
    }
    for t in [1, 2, 3] {
      run.checkMonthly(flat, MetricLayout.adoptedClients, month: t, expected: 0)
      run.checkMonthly(ramped, MetricLayout.adoptedClients, month: t, expected: 0)
      run.checkMonthly(flat, run.stream(flat, .vcio), month: t, expected: 0)
    }
    for t in [4, 5, 6, 8, 9, 10, 12, 18, 24] {
      let a = eAdopted(t, rampMonths: 0)
      let b = eAdopted(t, rampMonths: ramp)
      run.checkMonthly(flat, MetricLayout.adoptedClients, month: t, expected: a)
      run.checkMonthly(flat, run.stream(flat, .vcio), month: t, expected: 500 * a)
      run.checkMonthly(ramped, MetricLayout.adoptedClients, month: t, expected: b)
      run.checkMonthly(ramped, run.stream(ramped, .vcio), month: t, expected: 500 * b)
      run.checkMonthly(flat, MetricLayout.clients, month: t, expected: n0)
    }
  }

  // MARK: 4. The year index and (1+r)^y

  /// Constant seats (7 clients x 11 = 77), no churn, no acquisition, no seat growth:
  ///   managed(t) = P (1+r)^y(t) S = 120 x 1.05^y(t) x 77 exactly on every path,
  /// with y(t) = floor((t-1)/12): months 1-12 are year 0, 13-24 year 1, 25-36 year 2.
  /// Resale likewise: spend/12 x S x m x (1+k)^y = 600/12 x 77 x 0.10 x 0.98^y(t).
  /// Recurring revenue counts managed services but not resale. Annual flows are the
  /// sums of their 12 months: 12 x the month's value here. The last year's mix of a stream
  /// is its share of that year's revenue: managed(25) / (managed(25) + resale(25)).
  func testYearIndexPriceChange() {
    let seed: UInt64 = 1404
    let models = """
        priced:
          clients: {initial: 7, seats: 11}
          streams:
            managed_services: {price_per_seat: 120, annual_price_change: market.price_change}
            resale: {spend_per_seat_per_year: 600, margin: 0.10, annual_margin_change: -0.02}

      """
    let market = "  price_change: 0.05\n"
    guard
      let run = runModel(
        scenarioYAML(models: models, horizonYears: 3, seed: seed, market: market),
        paths: 512)
    else { return }
    let m = run.model("priced")
    let managed = run.stream(m, .managedServices)
    let resale = run.stream(m, .resale)
    func eManaged(_ t: Int) -> Double { 120 * pow(1.05, Double(yearIndex(t))) * 77 }
    func eResale(_ t: Int) -> Double { 600.0 / 12 * 77 * 0.10 * pow(0.98, Double(yearIndex(t))) }
    XCTAssertEqual(eManaged(12), 120 * 77)
    XCTAssertEqual(eManaged(13), 120 * 1.05 * 77, accuracy: 1e-9)
    XCTAssertEqual(eManaged(25), 120 * 1.05 * 1.05 * 77, accuracy: 1e-9)
    for t in [1, 11, 12, 13, 24, 25, 36] {
      run.checkMonthly(m, managed, month: t, expected: eManaged(t), relEps: 1e-12)
      run.checkMonthly(m, resale, month: t, expected: eResale(t), relEps: 1e-12)
      run.checkMonthly(m, run.layout(m).revenueRecurring, month: t, expected: eManaged(t), relEps: 1e-12)
      run.checkMonthly(m, run.layout(m).revenueTotal, month: t, expected: eManaged(t) + eResale(t), relEps: 1e-12)
      run.assertDeterministic(m, managed, month: t)
    }
    for year in 1...3 {
      run.checkAnnual(m, managed, year: year, expected: 12 * eManaged(12 * year), relEps: 1e-12)
    }
    let lastYear = eManaged(36) + eResale(36)
    run.checkSummary(m, MetricLayout.summaryFirstMix, expected: eManaged(36) / lastYear, relEps: 1e-12)
    run.checkSummary(m, MetricLayout.summaryFirstMix + 1, expected: eResale(36) / lastYear, relEps: 1e-12)
  }

  // MARK: 5. Block hours

  /// H(t) ~ Poisson(h (1+c)^y S) given the path's h; revenue = H(t) x rate x (1+e)^y.
  /// h ~ U(0.04, 0.06) per path (E[h] = 0.05), independent of the Poisson noise, so by the
  /// tower rule E[revenue(t)] = E[h] (1+c)^y S rate (1+e)^y with S = 30 x 20 = 600,
  /// c = 0.10, e = 0.03, rate = 150: 4500 in year 0, 4500 x 1.1 x 1.03 in year 1.
  /// The SE comes from the run (Poisson noise plus the per-path h).
  func testBlockHours() {
    let seed: UInt64 = 1505
    let models = """
        hours:
          clients: {initial: 30, seats: 20}
          streams:
            block_hours:
              hours_per_seat: {uniform: {min: 0.04, max: 0.06}}
              hourly_rate: 150
              annual_demand_change: 0.10
              annual_rate_change: 0.03

      """
    guard let run = runModel(scenarioYAML(models: models, horizonYears: 2, seed: seed), paths: 20000) else { return }
    let m = run.model("hours")
    let block = run.stream(m, .blockHours)
    func e(_ t: Int) -> Double {
      let y = Double(yearIndex(t))
      return 0.05 * pow(1.10, y) * 600 * 150 * pow(1.03, y)
    }
    for t in [1, 2, 6, 12, 13, 18, 24] {
      run.checkMonthly(m, block, month: t, expected: e(t))
    }
    run.checkAnnual(m, block, year: 1, expected: 12 * e(1))
    run.checkAnnual(m, block, year: 2, expected: 12 * e(13))
  }

  // MARK: 6. Refresh projects

  /// A client joining in month j (j = 0 for the initial book) has its first refresh due
  /// in month j + U, U uniform on 1..L, then every L months while it stays. For t > j
  /// exactly one U in 1..L has t - j - U a non-negative multiple of L (U = the residue of
  /// t - j mod L in 1..L, and U <= t - j), so P(due in t) = 1/L for every month t > j,
  /// the first cycle included, independent of churn. A due project is won with
  /// probability win and is worth value_per_seat x seats, the value drawn per project:
  ///   E[refresh(t)] = win x E[v] x seats / L x E[#clients in the book at t that joined before t].
  /// "steady": N0 = 30, seats 10, L = 12, win 0.5, v ~ Triangular(800, 1200, 1800)
  ///   (mean 3800/3): E = 30 x 10 x (3800/3) x 0.5 / 12 in every month.
  ///   Project cost = project_cost_share x refresh revenue: E[cost] = 0.78 E[refresh].
  /// "odd": L = 5 (not a divisor of 12), win 0.4, v = 1000: E = 30 x 10 x 1000 x 0.4 / 5.
  /// "flowing": N0 = 20, lambda = 1, churn p (annual 0.2), L = 6, win 0.5, v = 1000:
  ///   clients in the book at t that joined before t: N0 (1-p)^t + lambda sum_{k=1}^{t-1} (1-p)^k
  ///   (joiners of month t itself cannot be due in t).
  func testRefreshProjects() {
    let seed: UInt64 = 1606
    let models = """
        steady:
          clients: {initial: 30, seats: 10}
          streams:
            refresh_projects:
              cycle_months: 12
              win_rate: 0.5
              value_per_seat: {triangular: {min: 800, mode: 1200, max: 1800}}
          costs: {project_cost_share: 0.78}
        odd:
          clients: {initial: 30, seats: 10}
          streams:
            refresh_projects: {cycle_months: 5, win_rate: 0.4, value_per_seat: 1000}
        flowing:
          clients: {initial: 20, seats: 10}
          acquisition: {monthly_rate: 1}
          churn: {annual: 0.2}
          streams:
            refresh_projects: {cycle_months: 6, win_rate: 0.5, value_per_seat: 1000}

      """
    guard let run = runModel(scenarioYAML(models: models, horizonYears: 3, seed: seed), paths: 20000) else { return }
    let steady = run.model("steady")
    let odd = run.model("odd")
    let flowing = run.model("flowing")
    let eSteady = 30.0 * 10 * (3800.0 / 3) * 0.5 / 12
    let eOdd = 30.0 * 10 * 1000 * 0.4 / 5
    let p = monthlyProbability(0.2)
    func eFlowing(_ t: Int) -> Double {
      var before = 20 * pow(1 - p, Double(t))
      if t >= 2 { for k in 1...(t - 1) { before += 1 * pow(1 - p, Double(k)) } }
      return 0.5 * 1000 * 10 / 6 * before
    }
    for t in [1, 2, 5, 6, 7, 11, 12, 13, 24, 30, 36] {
      run.checkMonthly(steady, run.stream(steady, .refreshProjects), month: t, expected: eSteady)
      run.checkMonthly(steady, run.layout(steady).costTotal, month: t, expected: 0.78 * eSteady)
      run.checkMonthly(odd, run.stream(odd, .refreshProjects), month: t, expected: eOdd)
      run.checkMonthly(flowing, run.stream(flowing, .refreshProjects), month: t, expected: eFlowing(t))
    }
    run.checkAnnual(steady, run.stream(steady, .refreshProjects), year: 2, expected: 12 * eSteady)
  }

  // MARK: 7. Marketplace commission: mixture rate, capture ramp, commission_months, bounty

  /// Commission rate ~ mixture 0.7 U(0.08, 0.10) + 0.3 U(0.20, 0.30):
  ///   E[rate] = 0.7 x 0.09 + 0.3 x 0.25 = 0.138, drawn at adoption, independent of the rest.
  /// Client i adopted in month a pays rate_i x capture x ramp_i(t) x C(t) x seats_i in
  /// months a .. a+cm-1 (cm = commission_months; the commission stops in month a+cm),
  /// ramp_i(t) = min(1, (t - a + 1)/R) (the adoption month counts as month 1),
  /// C(t) = cloud x (1+growth)^y(t).
  ///
  /// "initial": adoption.initial_share 1, so all 20 clients adopted at a = 0 (uniform < 1
  ///   always): ramp (t+1)/R, paid in months 1..cm-1 = 1..8 (month 0 is outside the
  ///   horizon) and 0 from month 9 on (exactly). No bounty: it is paid in the adoption
  ///   month, month 0 here.
  ///   E[marketplace(t)] = 20 x 10 x 0.3 x 150 x 1.1^y x 0.138 x min(1, (t+1)/6), t <= 8.
  /// "adopting": no initial adopters, monthly q = 0.1 from s = 2, no ramp of adoption, so
  ///   P(a client adopts in month a) = f(a) = q (1-q)^(a-s), a >= s. R = 4, cm = 6,
  ///   bounty_per_seat b = 5 (one-off, b x capture x seats in the adoption month):
  ///   E[marketplace(t)] = N0 seats capture [ C(t) E[rate] sum_{a=max(s, t-cm+1)}^{t} f(a) min(1, (t-a+1)/R)
  ///                                          + b f(t) ].
  func testMarketplaceCommission() {
    let seed: UInt64 = 1707
    let commission =
      "{mixture: {components: [{uniform: {min: 0.08, max: 0.10}}, {uniform: {min: 0.20, max: 0.30}}], weights: [0.7, 0.3]}}"
    let models = """
        initial:
          clients: {initial: 20, seats: 10}
          adoption: {initial_share: 1}
          streams:
            marketplace:
              commission: \(commission)
              capture: 0.3
              capture_ramp_months: 6
              commission_months: 9
              bounty_per_seat: 5
              cloud_spend_per_seat: 150
              annual_cloud_growth: 0.1
        adopting:
          clients: {initial: 20, seats: 10}
          adoption: {monthly: 0.1, start_month: 2}
          streams:
            marketplace:
              commission: \(commission)
              capture: 0.3
              capture_ramp_months: 4
              commission_months: 6
              bounty_per_seat: 5
              cloud_spend_per_seat: 150
              annual_cloud_growth: 0.1

      """
    guard let run = runModel(scenarioYAML(models: models, horizonYears: 2, seed: seed), paths: 20000) else { return }
    let initial = run.model("initial")
    let adopting = run.model("adopting")
    let eRate = 0.7 * 0.09 + 0.3 * 0.25
    func cloud(_ t: Int) -> Double { 150 * pow(1.1, Double(yearIndex(t))) }
    func eInitial(_ t: Int) -> Double {
      guard t <= 8 else { return 0 }
      return 20 * 10 * 0.3 * cloud(t) * eRate * Swift.min(1, Double(t + 1) / 6)
    }
    let q = 0.1
    let s = 2
    let rampR = 4.0
    let cm = 6
    func f(_ a: Int) -> Double { a >= s ? q * pow(1 - q, Double(a - s)) : 0 }
    func eAdopting(_ t: Int) -> Double {
      var commissionPart = 0.0
      let first = Swift.max(s, t - cm + 1)
      if first <= t {
        for a in first...t { commissionPart += f(a) * Swift.min(1, Double(t - a + 1) / rampR) }
      }
      return 20 * 10 * 0.3 * (cloud(t) * eRate * commissionPart + 5 * f(t))
    }
    for t in 1...24 {
      let market = run.stream(initial, .marketplace)
      run.checkMonthly(initial, market, month: t, expected: eInitial(t))
      run.checkMonthly(initial, run.layout(initial).revenueRecurring, month: t, expected: eInitial(t))
      run.checkMonthly(adopting, run.stream(adopting, .marketplace), month: t, expected: eAdopting(t))
    }
    for t in 1...24 {
      run.checkMonthly(initial, MetricLayout.adoptedClients, month: t, expected: 20)
      let eA = t >= s ? 20 * (1 - pow(1 - q, Double(t - s + 1))) : 0
      run.checkMonthly(adopting, MetricLayout.adoptedClients, month: t, expected: eA)
    }
  }

  // MARK: 8. Technician and vCIO costs with ceilings

  /// Constant books (no churn, no acquisition, constant seats) make every cost exact:
  ///   cost(t) = fixed + marketing + tools x S + ceil(S/spt) x tech
  ///             + max(min_vcios [from start_month], ceil(A/cpv)) x vcio_monthly.
  /// All three models: N0 = 20, seats 13 (S = 260), tools 18/seat, fixed 50,000 + marketing 5,000.
  /// "floor": spt 125 -> ceil(2.08) = 3 technicians; initial_share 1 -> A = 20; cpv 15 ->
  ///   ceil(1.33) = 2 vCIOs in months 1-2, max(4, 2) = 4 from start_month 3.
  ///   Revenue: managed 100 x 260 + vCIO fee 800 x 20 = 42,000.
  /// "ceiling": spt 100 -> ceil(2.6) = 3; cpv 6 -> ceil(3.33) = 4 > min_vcios 1.
  /// "msp1": no 2.0 stream -> no adoption and no vCIO cost at all, min_vcios notwithstanding.
  ///   Revenue 26,000.
  /// "inflating": as "ceiling" with costs.annual_cost_change c = 0.04: salaries, tools and
  ///   overhead (technicians, vCIOs, tools, fixed, marketing) are multiplied by (1+c)^y(t):
  ///   cost(t) = cost_ceiling x 1.04^y(t); revenue unchanged.
  /// EBITDA = revenue - cost; cumulative EBITDA = sum of the months' EBITDA.
  func testCostsWithCeilings() {
    let seed: UInt64 = 1808
    let models = """
        floor:
          clients: {initial: 20, seats: 13}
          adoption: {initial_share: 1, start_month: 3}
          streams:
            managed_services: {price_per_seat: 100}
            vcio: {monthly_fee: 800}
          costs:
            seats_per_technician: 125
            technician_monthly: 7000
            clients_per_vcio: 15
            vcio_monthly: 12500
            min_vcios: 4
            tools_per_seat: 18
            project_cost_share: 0.5
            fixed_monthly: 50000
            marketing_monthly: 5000
        ceiling:
          clients: {initial: 20, seats: 13}
          adoption: {initial_share: 1}
          streams:
            managed_services: {price_per_seat: 100}
            vcio: {monthly_fee: 800}
          costs:
            seats_per_technician: 100
            technician_monthly: 7000
            clients_per_vcio: 6
            vcio_monthly: 12500
            min_vcios: 1
            tools_per_seat: 18
            fixed_monthly: 50000
            marketing_monthly: 5000
        msp1:
          clients: {initial: 20, seats: 13}
          streams:
            managed_services: {price_per_seat: 100}
          costs:
            seats_per_technician: 125
            technician_monthly: 7000
            clients_per_vcio: 15
            vcio_monthly: 12500
            min_vcios: 2
            tools_per_seat: 18
            fixed_monthly: 50000
            marketing_monthly: 5000
        inflating:
          clients: {initial: 20, seats: 13}
          adoption: {initial_share: 1}
          streams:
            managed_services: {price_per_seat: 100}
            vcio: {monthly_fee: 800}
          costs:
            seats_per_technician: 100
            technician_monthly: 7000
            clients_per_vcio: 6
            vcio_monthly: 12500
            min_vcios: 1
            tools_per_seat: 18
            fixed_monthly: 50000
            marketing_monthly: 5000
            annual_cost_change: 0.04

      """
    guard let run = runModel(scenarioYAML(models: models, horizonYears: 2, seed: seed), paths: 512) else { return }
    let floor = run.model("floor")
    let ceiling = run.model("ceiling")
    let msp1 = run.model("msp1")
    let inflating = run.model("inflating")
    let base = 50_000.0 + 5_000 + 18 * 260
    var inflatingCumulative = 0.0
    for t in 1...24 {
      let floorCost = base + 3 * 7000 + (t < 3 ? 2.0 : 4.0) * 12_500
      let ceilingCost = base + 3 * 7000 + 4 * 12_500
      let msp1Cost = base + 3 * 7000
      run.checkMonthly(floor, run.layout(floor).costTotal, month: t, expected: floorCost)
      run.checkMonthly(floor, run.layout(floor).revenueTotal, month: t, expected: 42_000)
      run.checkMonthly(floor, run.layout(floor).ebitda, month: t, expected: 42_000 - floorCost)
      run.checkMonthly(ceiling, run.layout(ceiling).costTotal, month: t, expected: ceilingCost)
      run.checkMonthly(ceiling, run.layout(ceiling).ebitda, month: t, expected: 42_000 - ceilingCost)
      run.checkMonthly(
        ceiling, run.layout(ceiling).ebitdaCumulative, month: t,
        expected: Double(t) * (42_000 - ceilingCost))
      run.checkMonthly(msp1, run.layout(msp1).costTotal, month: t, expected: msp1Cost)
      run.checkMonthly(msp1, MetricLayout.adoptedClients, month: t, expected: 0)
      run.assertDeterministic(floor, run.layout(floor).costTotal, month: t)
      let inflatingCost = ceilingCost * pow(1.04, Double(yearIndex(t)))
      inflatingCumulative += 42_000 - inflatingCost
      run.checkMonthly(inflating, run.layout(inflating).costTotal, month: t, expected: inflatingCost)
      run.checkMonthly(inflating, run.layout(inflating).ebitdaCumulative, month: t, expected: inflatingCumulative)
    }
  }

  // MARK: 9. NPV discounting

  /// Constant book: revenue 10 x 10 x 100 = 10,000 a month, cost fixed 4,000, so
  /// EBITDA E = 6,000 every month on every path, and with discount rate r = 0.10
  ///   NPV = sum_{t=1}^{24} E / (1+r)^(t/12).
  /// "stepped": the price rises 5 % in year 1, so E(t) = 10,000 x 1.05^y(t) - 4,000 and
  ///   NPV = sum_t E(t) / 1.1^(t/12).
  /// Horizon totals: sum of revenue / EBITDA over the 24 months; mix of the only stream
  /// in the last year = 1.
  func testNPVDiscounting() {
    let seed: UInt64 = 1909
    let models = """
        flat:
          clients: {initial: 10, seats: 10}
          streams:
            managed_services: {price_per_seat: 100}
          costs: {fixed_monthly: 4000}
        stepped:
          clients: {initial: 10, seats: 10}
          streams:
            managed_services: {price_per_seat: 100, annual_price_change: 0.05}
          costs: {fixed_monthly: 4000}

      """
    guard
      let run = runModel(
        scenarioYAML(models: models, horizonYears: 2, seed: seed, discountRate: 0.10),
        paths: 512)
    else { return }
    let flat = run.model("flat")
    let stepped = run.model("stepped")
    func ebitdaStepped(_ t: Int) -> Double { 10_000 * pow(1.05, Double(yearIndex(t))) - 4_000 }
    var npvFlat = 0.0
    var npvStepped = 0.0
    var revStepped = 0.0
    for t in 1...24 {
      let d = pow(1.10, Double(t) / 12)
      npvFlat += 6_000 / d
      npvStepped += ebitdaStepped(t) / d
      revStepped += ebitdaStepped(t) + 4_000
    }
    run.checkSummary(flat, MetricLayout.summaryNPV, expected: npvFlat)
    run.checkSummary(stepped, MetricLayout.summaryNPV, expected: npvStepped)
    run.checkSummary(flat, MetricLayout.summaryRevenueTotal, expected: 240_000)
    run.checkSummary(flat, MetricLayout.summaryEBITDATotal, expected: 144_000)
    run.checkSummary(stepped, MetricLayout.summaryRevenueTotal, expected: revStepped)
    run.checkSummary(flat, MetricLayout.summaryFirstMix, expected: 1)
    run.checkMonthly(flat, run.layout(flat).ebitdaCumulative, month: 24, expected: 24 * 6_000)
    run.checkAnnual(flat, run.layout(flat).ebitdaCumulative, year: 1, expected: 12 * 6_000)
  }

  // MARK: 10. Seat growth

  /// A client in the book for k months has seats0 (1+g)^(k/12). "book": N0 = 25 initial
  /// clients (k = t), seats0 ~ U(10, 30) (mean 20), g = 0.08, no churn:
  ///   E[seats(t)] = N0 E[seats0] (1+g)^(t/12) = 500 x 1.08^(t/12).
  /// "joiners": N0 = 0, Poisson(2) joiners a month, no churn; a joiner of month s has
  /// seats0 (1+g)^((t-s)/12) in month t >= s (growth starts the month after joining):
  ///   E[seats(t)] = lambda E[seats0] sum_{s=1}^{t} (1+g)^((t-s)/12).
  /// Managed revenue = price x seats: E = 100 E[seats(t)].
  func testSeatGrowth() {
    let seed: UInt64 = 2010
    let models = """
        book:
          clients: {initial: 25, seats: {uniform: {min: 10, max: 30}}, annual_seat_growth: 0.08}
          streams:
            managed_services: {price_per_seat: 100}
        joiners:
          clients: {initial: 0, seats: {uniform: {min: 10, max: 30}}, annual_seat_growth: 0.08}
          acquisition: {monthly_rate: 2}
          streams:
            managed_services: {price_per_seat: 100}

      """
    guard let run = runModel(scenarioYAML(models: models, horizonYears: 3, seed: seed), paths: 16000) else { return }
    let book = run.model("book")
    let joiners = run.model("joiners")
    func eBook(_ t: Int) -> Double { 25 * 20 * pow(1.08, Double(t) / 12) }
    func eJoiners(_ t: Int) -> Double {
      (1...t).reduce(0.0) { $0 + 2 * 20 * pow(1.08, Double(t - $1) / 12) }
    }
    for t in [1, 6, 12, 13, 24, 36] {
      run.checkMonthly(book, MetricLayout.seats, month: t, expected: eBook(t))
      run.checkMonthly(book, run.stream(book, .managedServices), month: t, expected: 100 * eBook(t))
      run.checkMonthly(joiners, MetricLayout.seats, month: t, expected: eJoiners(t))
    }
    run.checkAnnual(book, MetricLayout.seats, year: 3, expected: eBook(36))
  }

  // MARK: 11. Third-party project management

  /// All 30 clients adopted at t = 0 (initial_share 1), no churn: A(t) = 30. The count of
  /// projects started ~ Poisson(A n/12), values iid ~ Lognormal(mean 25,000, sd 15,000)
  /// independent of the count, so by Wald's identity
  ///   E[pm(t)] = fee_share x A n/12 x E[value] = 0.1 x 30 x 2/12 x 25,000 = 12,500.
  /// Cost = fixed 1,000 x (1.1)^y(t) (annual_cost_change 0.1 moves overhead) + project_cost_share
  /// (0.5) x PM revenue (project delivery cost is a share of the revenue, not inflated):
  /// E[cost(t)] = 1,000 x 1.1^y(t) + 6,250.
  func testThirdPartyPM() {
    let seed: UInt64 = 2111
    let models = """
        pm:
          clients: {initial: 30, seats: 10}
          adoption: {initial_share: 1}
          streams:
            third_party_pm:
              projects_per_year: 2
              value: {lognormal: {mean: 25000, sd: 15000}}
              fee_share: 0.1
          costs: {project_cost_share: 0.5, fixed_monthly: 1000, annual_cost_change: 0.1}

      """
    guard let run = runModel(scenarioYAML(models: models, horizonYears: 2, seed: seed), paths: 20000) else { return }
    let m = run.model("pm")
    let e = 0.1 * 30 * 2.0 / 12 * 25_000
    for t in [1, 2, 3, 6, 9, 12, 13, 18, 24] {
      run.checkMonthly(m, MetricLayout.adoptedClients, month: t, expected: 30)
      run.checkMonthly(m, run.stream(m, .thirdPartyPM), month: t, expected: e)
      run.checkMonthly(m, run.layout(m).costTotal, month: t, expected: 1_000 * pow(1.1, Double(yearIndex(t))) + 0.5 * e)
    }
    run.checkAnnual(m, run.stream(m, .thirdPartyPM), year: 1, expected: 12 * e)
  }

  // MARK: 12. App management

  /// All 30 clients adopted at t = 0, each with K ~ Poisson(4) apps and a tier price per
  /// app from {3, 6, 10} with weights {0.5, 0.35, 0.15} (E = 1.5 + 2.1 + 1.5 = 5.1), drawn
  /// at adoption; revenue per client = (sum of its apps' prices) x user_share x seats(t).
  /// Wald: E[sum of prices] = E[K] E[price] = 4 x 5.1; seats 10 grow at g = 0.05:
  ///   E[apps(t)] = 30 x 4 x 5.1 x 0.6 x 10 x 1.05^(t/12).
  func testAppManagement() {
    let seed: UInt64 = 2212
    let models = """
        apps:
          clients: {initial: 30, seats: 10, annual_seat_growth: 0.05}
          adoption: {initial_share: 1}
          streams:
            app_management:
              apps_per_client: {poisson: {mean: 4}}
              tier_price: {discrete: {values: [3, 6, 10], weights: [0.5, 0.35, 0.15]}}
              user_share: 0.6

      """
    guard let run = runModel(scenarioYAML(models: models, horizonYears: 2, seed: seed), paths: 16000) else { return }
    let m = run.model("apps")
    func e(_ t: Int) -> Double { 30 * 4 * 5.1 * 0.6 * 10 * pow(1.05, Double(t) / 12) }
    for t in [1, 2, 6, 12, 13, 24] {
      run.checkMonthly(m, run.stream(m, .appManagement), month: t, expected: e(t))
      run.checkMonthly(m, run.layout(m).revenueRecurring, month: t, expected: e(t))
    }
  }

  // MARK: 13. Adoption at signup and framework fees

  /// No churn; N0 = 40 initial clients, Poisson(lambda = 2) joiners a month, adoption from
  /// s = 3 with monthly q = 0.05 (no ramp) and at_signup sigma = 0.3.
  /// A client that can first take the monthly draw in month e has
  /// P(not adopted by t) = (1-q)^max(0, t-e+1). Initial clients: e = s. A joiner of month j
  /// adopts at signup with probability sigma when j >= s, else it waits for the monthly
  /// draw from e = max(j+1, s) (it was not in the book before its joining month):
  ///   E[A(t)] = N0 (1 - (1-q)^max(0, t-s+1))
  ///           + lambda sum_{j=1}^{t} [1 - (1 - sigma 1{j >= s}) (1-q)^max(0, t - max(j+1, s) + 1)].
  /// Without churn every adoption is in the book, so the adoptions of month t number
  /// A(t) - A(t-1) and the framework fee (one-off, per adoption in months >= 1, mean
  /// (5,000 + 10,000 + 20,000)/3) gives E[framework(t)] = E[fee] (E[A(t)] - E[A(t-1)]).
  func testAdoptionAtSignupAndFrameworkFees() {
    let seed: UInt64 = 2313
    let models = """
        signup:
          clients: {initial: 40, seats: 10}
          acquisition: {monthly_rate: 2}
          adoption: {at_signup: 0.3, monthly: 0.05, start_month: 3}
          streams:
            framework_projects: {fee: {triangular: {min: 5000, mode: 10000, max: 20000}}}

      """
    guard let run = runModel(scenarioYAML(models: models, horizonYears: 2, seed: seed), paths: 20000) else { return }
    let m = run.model("signup")
    let n0 = 40.0
    let lambda = 2.0
    let q = 0.05
    let sigma = 0.3
    let s = 3
    let eFee = (5_000.0 + 10_000 + 20_000) / 3
    func eA(_ t: Int) -> Double {
      guard t >= 1 else { return 0 }
      var a = n0 * (1 - pow(1 - q, Double(Swift.max(0, t - s + 1))))
      for j in 1...t {
        let atSignup = j >= s ? sigma : 0
        let e = Swift.max(j + 1, s)
        a += lambda * (1 - (1 - atSignup) * pow(1 - q, Double(Swift.max(0, t - e + 1))))
      }
      return a
    }
    for t in [1, 2, 3, 4, 6, 12, 13, 24] {
      run.checkMonthly(m, MetricLayout.adoptedClients, month: t, expected: eA(t))
      run.checkMonthly(m, run.stream(m, .frameworkProjects), month: t, expected: eFee * (eA(t) - eA(t - 1)))
      run.checkMonthly(m, MetricLayout.clients, month: t, expected: n0 + lambda * Double(t))
    }
  }

  // MARK: 14. Adopted clients' churn rate

  /// churn.annual 0.3 (p) for clients still to adopt, churn.annual_adopted 0.05 (pa) once
  /// adopted; initial_share 0.25, monthly q_k = 0.04 min(1, (k-s+1)/3) from s = 2; no
  /// acquisition. Geometric churn is memoryless, so a client's state evolves as a
  /// Markov chain with per-client probabilities (u = still to adopt, v = adopted):
  ///   u_0 = 0.75, v_0 = 0.25; month t: u *= (1-p), v *= (1-pa) (churn first), then for
  ///   t >= s: m = u q_t, u -= m, v += m (adoption among those still in the book).
  ///   E[clients(t)] = N0 (u_t + v_t), E[adopted(t)] = N0 v_t, E[vcio(t)] = fee x N0 v_t.
  func testAdoptedChurnRate() {
    let seed: UInt64 = 2414
    let models = """
        loyal:
          clients: {initial: 40, seats: 10}
          churn: {annual: 0.3, annual_adopted: 0.05}
          adoption: {initial_share: 0.25, monthly: 0.04, start_month: 2, ramp_months: 3}
          streams:
            vcio: {monthly_fee: 100}

      """
    guard let run = runModel(scenarioYAML(models: models, horizonYears: 2, seed: seed), paths: 20000) else { return }
    let m = run.model("loyal")
    let n0 = 40.0
    let p = monthlyProbability(0.3)
    let pa = monthlyProbability(0.05)
    let s = 2
    var u = 0.75
    var v = 0.25
    var clients = [Double](repeating: 0, count: 25)
    var adopted = [Double](repeating: 0, count: 25)
    for t in 1...24 {
      u *= 1 - p
      v *= 1 - pa
      if t >= s {
        let moved = u * 0.04 * Swift.min(1, Double(t - s + 1) / 3)
        u -= moved
        v += moved
      }
      clients[t] = n0 * (u + v)
      adopted[t] = n0 * v
    }
    for t in [1, 2, 3, 6, 12, 18, 24] {
      run.checkMonthly(m, MetricLayout.clients, month: t, expected: clients[t])
      run.checkMonthly(m, MetricLayout.adoptedClients, month: t, expected: adopted[t])
      run.checkMonthly(m, run.stream(m, .vcio), month: t, expected: 100 * adopted[t])
    }
  }
}

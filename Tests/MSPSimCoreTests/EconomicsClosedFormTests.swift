import Foundation
import XCTest

@testable import MSPSimCore

/// Version 2's economics (docs/model.md, "Delivery cost and gross margin", "Pull-through
/// and cannibalisation", "Hiring lag") against closed forms and exact identities, one
/// test per mechanism:
/// - exact per-path identities through `SinglePathRunner` (the engine's own worker):
///   the allocation of every cost to a stream or to overhead, margins less overhead
///   = EBITDA, the delivery share of a stream with no other direct cost, resale of an
///   adopted client, and version 1's staff cost without a hiring lag (bit for bit);
/// - deterministic books (no churn, no arrivals, constant seats or a known growth),
///   whose staff, contractors and cost follow a hand-computed schedule exactly;
/// - means of drawn quantities (refresh projects won, per-path shares) within
///   `modelTolerance` = 4 standard errors at fixed seeds, each derivation stated.
final class EconomicsClosedFormTests: XCTestCase {
  /// The compiled plan of a scenario text.
  private func plan(_ yaml: String) throws -> ScenarioPlan {
    ScenarioPlan(try ScenarioLoader.load(text: yaml, file: "economics.yaml"))
  }

  /// Relative tolerance of the exact identities: sums of a few dozen terms of the
  /// month's size, in another order than the engine's.
  private static let rounding = 1e-9

  // MARK: (a) Margins, overhead and EBITDA

  /// Per path and month, on random books (churn, arrivals, adoption, drawn seats),
  /// with L = 0 so that the technicians employed are version 1's need and the
  /// support cost is visible in the outputs:
  ///   support(t) = staff.technicians x technician_monthly x (1+c)^y + tools x seats x (1+c)^y,
  ///   vcio_cost(t) = staff.vcios x vcio_monthly x (1+c)^y,
  /// the rule of docs/model.md gives every margin:
  ///   margin.managed_services = R_ms (1 - s_ms) - support x R_ms / (R_ms + R_bh),
  ///   margin.block_hours      = R_bh (1 - s_bh) - support x R_bh / (R_ms + R_bh),
  ///   margin.vcio             = R_vcio (1 - s_vcio) - vcio_cost,
  ///   margin.k                = R_k (1 - s_k) for every other stream,
  /// and overhead = (fixed + marketing) x (1+c)^y. In a model with neither support
  /// stream nor vcio, support and vCIO salaries are overhead; when managed services and
  /// block hours both earn 0 the support cost is all managed services' (else block
  /// hours'). Whatever the model: sum of margins - overhead = EBITDA each month, and
  /// the summary gross_margin.<kind> is the horizon sum of margin.<kind>, so the sum of
  /// the gross margins - the horizon's overhead = ebitda.horizon_total.
  func testGrossMarginsLessOverheadAreEBITDAOnEveryPath() throws {
    let costs =
      "annual_cost_change: 0.04, fixed_monthly: 20000, marketing_monthly: 3000, technician_monthly: 7000, vcio_monthly: 10000"
    let models = """
        full:
          clients: {initial: 30, seats: {uniform: {min: 5, max: 25}}, annual_seat_growth: 0.05}
          acquisition: {monthly_rate: 1}
          churn: {annual: 0.15}
          adoption: {initial_share: 0.2, at_signup: 0.3, monthly: 0.05, start_month: 4}
          streams:
            managed_services: {price_per_seat: 100}
            block_hours: {hours_per_seat: 0.2, hourly_rate: 120}
            refresh_projects: {cycle_months: 24, win_rate: 0.3, win_rate_adopted: 0.6, value_per_seat: 500}
            resale: {spend_per_seat_per_year: 800, margin: 0.15, adopted_share: 0.4}
            vcio: {monthly_fee: {uniform: {min: 400, max: 900}}}
            framework_projects: {fee: 6000}
            third_party_pm: {projects_per_year: 2, value: 20000, fee_share: 0.1}
            app_management: {apps_per_client: 2, tier_price: 8, user_share: 0.5}
            marketplace: {commission: 0.1, capture: 0.5, cloud_spend_per_seat: 60, bounty_per_seat: 10}
          costs: {\(costs), seats_per_technician: 60, clients_per_vcio: 8, min_vcios: 1, tools_per_seat: 12,
                  project_cost_share: 0.6,
                  delivery_share: {managed_services: 0.05, block_hours: 0.1, resale: 0.2, vcio: 0.1, app_management: 0.3, marketplace: 0.1}}
        no_support:
          clients: {initial: 20, seats: {uniform: {min: 5, max: 25}}}
          churn: {annual: 0.1}
          adoption: {monthly: 0.1}
          streams:
            app_management: {apps_per_client: 3, tier_price: 6, user_share: 0.6}
            marketplace: {commission: 0.2, capture: 0.4, cloud_spend_per_seat: 50}
          costs: {\(costs), seats_per_technician: 50, tools_per_seat: 5, clients_per_vcio: 5, min_vcios: 2,
                  delivery_share: {app_management: 0.25}}
        unpaid_support:
          clients: {initial: 15, seats: {uniform: {min: 5, max: 25}}}
          acquisition: {monthly_rate: 0.5}
          streams:
            managed_services: {price_per_seat: 0}
            block_hours: {hours_per_seat: 0, hourly_rate: 100}
          costs: {\(costs), seats_per_technician: 40, tools_per_seat: 8}
        unpaid_hours:
          clients: {initial: 15, seats: {uniform: {min: 5, max: 25}}}
          streams:
            block_hours: {hours_per_seat: 0, hourly_rate: 100}
            resale: {spend_per_seat_per_year: 600, margin: 0.1}
          costs: {\(costs), seats_per_technician: 40, tools_per_seat: 8}

      """
    let plan = try plan(scenarioYAML(models: models, horizonYears: 3, seed: 5101))
    let runner = try SinglePathRunner(plan: plan)
    var sawBothSupportStreams = 0
    for path in 0..<100 {
      try runner.run(path: path)
      for (m, model) in plan.models.enumerated() {
        let layout = model.layout
        func row(_ metric: Int) -> [Double] { runner.monthly(model: m, metric: metric) }
        func revenue(_ k: StreamKind) -> [Double] {
          layout.streams.firstIndex(of: k).map { row(MetricLayout.firstStream + $0) }
            ?? [Double](repeating: 0, count: plan.months)
        }
        // Each model's delivery shares as written above (project streams follow 0.6).
        let shares: [StreamKind: Double] =
          model.name == "full"
          ? [
            .managedServices: 0.05, .blockHours: 0.1, .refreshProjects: 0.6, .resale: 0.2, .vcio: 0.1,
            .frameworkProjects: 0.6, .thirdPartyPM: 0.6, .appManagement: 0.3, .marketplace: 0.1,
          ]
          : (model.name == "no_support" ? [.appManagement: 0.25] : [:])
        let toolsPerSeat = ["full": 12.0, "no_support": 5, "unpaid_support": 8, "unpaid_hours": 8][model.name]!
        let managed = revenue(.managedServices)
        let hours = revenue(.blockHours)
        let technicians = row(layout.staffTechnicians)
        let vcios = row(layout.staffVCIOs)
        let seats = row(MetricLayout.seats)
        let overhead = row(layout.costOverhead)
        let ebitda = row(layout.ebitda)
        var grossMargin = [Double](repeating: 0, count: layout.streams.count)
        var overheadTotal = 0.0
        var magnitude = 0.0
        for t in 1...plan.months {
          let label = "\(model.name) path \(path) month \(t)"
          let inflation = pow(1.04, Double(yearIndex(t)))
          let support = (technicians[t - 1] * 7000 + toolsPerSeat * seats[t - 1]) * inflation
          let vcioCost = vcios[t - 1] * 10000 * inflation
          let fixed = 23000 * inflation
          let scale = Self.rounding * (1 + row(layout.revenueTotal)[t - 1] + row(layout.costTotal)[t - 1])
          // L = 0: no contractors, the need itself is employed.
          XCTAssertEqual(row(layout.staffContractors)[t - 1], 0, label)
          var expectedOverhead = fixed
          for (slot, k) in layout.streams.enumerated() {
            let r = row(MetricLayout.firstStream + slot)[t - 1]
            var expected = r * (1 - (shares[k] ?? 0))
            let supportRevenue = managed[t - 1] + hours[t - 1]
            switch k {
            case .managedServices:
              expected -= supportRevenue > 0 ? support * managed[t - 1] / supportRevenue : support
            case .blockHours:
              if supportRevenue > 0 {
                expected -= support * hours[t - 1] / supportRevenue
              } else if !layout.streams.contains(.managedServices) {
                expected -= support
              }
            case .vcio: expected -= vcioCost
            default: break
            }
            let margin = row(layout.firstMargin + slot)[t - 1]
            XCTAssertEqual(margin, expected, accuracy: scale, "\(label): margin.\(k.rawValue)")
            grossMargin[slot] += margin
            magnitude += abs(margin)
          }
          if !layout.streams.contains(.managedServices) && !layout.streams.contains(.blockHours) {
            expectedOverhead += support
          }
          if !layout.streams.contains(.vcio) { expectedOverhead += vcioCost }
          XCTAssertEqual(overhead[t - 1], expectedOverhead, accuracy: scale, "\(label): cost.overhead")
          let margins = (0..<layout.streams.count).reduce(0.0) { $0 + row(layout.firstMargin + $1)[t - 1] }
          XCTAssertEqual(margins - overhead[t - 1], ebitda[t - 1], accuracy: scale, "\(label): margins - overhead")
          XCTAssertEqual(
            row(layout.costDirect)[t - 1] + overhead[t - 1], row(layout.costTotal)[t - 1], accuracy: scale,
            "\(label): direct + overhead")
          if managed[t - 1] > 0 && hours[t - 1] > 0 { sawBothSupportStreams += 1 }
          overheadTotal += overhead[t - 1]
          magnitude += abs(overhead[t - 1])
        }
        let summary = runner.summary(model: m)
        for slot in layout.streams.indices {
          XCTAssertEqual(
            summary[layout.summaryFirstGrossMargin + slot], grossMargin[slot],
            accuracy: Self.rounding * (1 + magnitude),
            "\(model.name) path \(path): gross_margin.\(layout.streams[slot].rawValue)")
        }
        let grossTotal = (0..<layout.streams.count).reduce(0.0) { $0 + summary[layout.summaryFirstGrossMargin + $1] }
        XCTAssertEqual(
          grossTotal - overheadTotal, summary[MetricLayout.summaryEBITDATotal],
          accuracy: Self.rounding * (1 + magnitude),
          "\(model.name) path \(path): gross margins - overhead")
      }
    }
    // The revenue split was exercised, not only its fallbacks.
    XCTAssertGreaterThan(sawBothSupportStreams, 1000, "managed services and block hours should share the support cost")
  }

  // MARK: (b) No hiring lag is version 1

  /// `hiring_lag_months: 0` with any premium is version 1 (docs/model.md, "Hiring lag":
  /// "With L = 0, e_r = need_r, there is no shortfall and no excess, and the cost is
  /// need_r(t) x salary_r x (1+c)^y: version 1's exactly"): the same scenario with and without
  /// the two keys gives the same numbers, bit for bit, in every metric of every month
  /// and every summary value of 100 random paths (the keys are constants, so no draw
  /// moves). And the cost is version 1's formula:
  ///   cost(t) = [ceil(S(t) / (70 x 1.05^y)) x 7,000 + max(1 from month 4, ceil(A(t)/6))
  ///              x 9,000 + 10 x S(t) + 15,000] x 1.03^y
  /// with S(t), A(t) read from the path (their ceilings are exact: seats are drawn
  /// reals, so S/spt is never within rounding of a whole number in practice).
  func testWithoutHiringLagStaffCostsAreVersionOnes() throws {
    func yaml(_ extra: String) -> String {
      let models = """
          book:
            clients: {initial: 25, seats: {uniform: {min: 5, max: 30}}, annual_seat_growth: 0.08}
            acquisition: {monthly_rate: 1.5}
            churn: {annual: 0.2}
            adoption: {initial_share: 0.1, monthly: 0.06, start_month: 4}
            streams:
              managed_services: {price_per_seat: 95}
              block_hours: {hours_per_seat: 0.3, hourly_rate: 130}
              vcio: {monthly_fee: 700}
            costs: {seats_per_technician: 70, technician_monthly: 7000, clients_per_vcio: 6, vcio_monthly: 9000,
                    min_vcios: 1, tools_per_seat: 10, fixed_monthly: 15000, annual_cost_change: 0.03,
                    annual_seats_per_technician_change: 0.05\(extra)}

        """
      return scenarioYAML(models: models, horizonYears: 4, seed: 5202)
    }
    let version1 = try plan(yaml(""))
    let noLag = try plan(yaml(", hiring_lag_months: 0, contractor_premium: 4"))
    let a = try SinglePathRunner(plan: version1)
    let b = try SinglePathRunner(plan: noLag)
    let layout = version1.models[0].layout
    for path in 0..<100 {
      try a.run(path: path)
      try b.run(path: path)
      for metric in 0..<layout.count {
        XCTAssertEqual(
          a.monthly(model: 0, metric: metric), b.monthly(model: 0, metric: metric),
          "path \(path): \(layout.names[metric])")
      }
      XCTAssertEqual(a.summary(model: 0), b.summary(model: 0), "path \(path): summary")
      let seats = a.monthly(model: 0, metric: MetricLayout.seats)
      let adopted = a.monthly(model: 0, metric: MetricLayout.adoptedClients)
      let cost = a.monthly(model: 0, metric: layout.costTotal)
      let technicians = a.monthly(model: 0, metric: layout.staffTechnicians)
      let vcios = a.monthly(model: 0, metric: layout.staffVCIOs)
      for t in 1...version1.months {
        let y = Double(yearIndex(t))
        let needTechnicians = (seats[t - 1] / (70 * pow(1.05, y))).rounded(.up)
        let needVCIOs = max(t >= 4 ? 1.0 : 0, (adopted[t - 1] / 6).rounded(.up))
        XCTAssertEqual(technicians[t - 1], needTechnicians, "path \(path) month \(t): staff.technicians")
        XCTAssertEqual(vcios[t - 1], needVCIOs, "path \(path) month \(t): staff.vcios")
        let expected = (needTechnicians * 7000 + needVCIOs * 9000 + 10 * seats[t - 1] + 15000) * pow(1.03, y)
        XCTAssertEqual(cost[t - 1], expected, accuracy: Self.rounding * expected, "path \(path) month \(t): cost.total")
      }
    }
  }

  // MARK: (c) Staff follow need L months late

  /// A deterministic book: 20 clients of 10 seats, no churn, no arrivals, seats
  /// growing at g a year, so S(t) = 200 (1+g)^(t/12); all adopted at month 0
  /// (`initial_share: 1`), clients_per_vcio 0 and min_vcios 2 from start_month 7.
  /// Version 1's need (docs/model.md, "Hiring lag"):
  ///   need_tech(t) = ceil(S(t) / 50),   need_vcio(t) = 2 if t >= 7 else 0;
  /// employed e(t) = need(max(1, t - L)), contractors = the shortfalls, and
  ///   cost(t) = [e_tech 6,000 + short_tech 6,000 x 1.6 + e_vcio 10,000
  ///              + short_vcio 10,000 x 1.6 + 10 S(t) + 1,000] x 1.05^y
  /// (premium 0.6, inflation 5 % on salaries, contractors, tools and fixed alike).
  /// Four models: growing (g = 0.3) with L = 3; shrinking (g = -0.3) with L = 3 (staff
  /// follow the need down late: an excess is paid salary, no technician contractor);
  /// growing with L = 40, past the 36-month horizon (everyone stays at month 1's need);
  /// growing with L = 0 (the need itself). 4 (1 +- 0.3)^(t/12) is never a whole
  /// number for t = 1...36 (checked below), so the ceilings are exact.
  func testStaffFollowTheNeedExactlyLMonthsLate() throws {
    func model(_ name: String, growth: Double, lag: Int) -> String {
      """
        \(name):
          clients: {initial: 20, seats: 10, annual_seat_growth: \(growth)}
          adoption: {initial_share: 1, start_month: 7}
          streams:
            managed_services: {price_per_seat: 100}
            vcio: {monthly_fee: 800}
          costs: {seats_per_technician: 50, technician_monthly: 6000, clients_per_vcio: 0, vcio_monthly: 10000,
                  min_vcios: 2, tools_per_seat: 10, fixed_monthly: 1000, annual_cost_change: 0.05,
                  hiring_lag_months: \(lag), contractor_premium: 0.6}

      """
    }
    let cases: [(name: String, growth: Double, lag: Int)] = [
      ("growing", 0.3, 3), ("shrinking", -0.3, 3), ("never_caught_up", 0.3, 40), ("no_lag", 0.3, 0),
    ]
    let plan = try plan(
      scenarioYAML(
        models: cases.map { model($0.name, growth: $0.growth, lag: $0.lag) }.joined(), horizonYears: 3, seed: 5303))
    let runner = try SinglePathRunner(plan: plan)
    let T = plan.months
    var steps = 0
    for path in 0..<3 {
      try runner.run(path: path)
      for (m, c) in cases.enumerated() {
        let layout = plan.models[m].layout
        func seats(_ t: Int) -> Double { 200 * pow(1 + c.growth, Double(t) / 12) }
        func needTechnicians(_ t: Int) -> Double { (seats(t) / 50).rounded(.up) }
        // Far from a whole number: the engine's own rounding cannot change a ceiling.
        for t in 1...T {
          XCTAssertGreaterThan(abs(seats(t) / 50 - (seats(t) / 50).rounded()), 1e-6, "\(c.name) month \(t)")
        }
        func needVCIOs(_ t: Int) -> Double { t >= 7 ? 2 : 0 }
        let technicians = runner.monthly(model: m, metric: layout.staffTechnicians)
        let vcios = runner.monthly(model: m, metric: layout.staffVCIOs)
        let contractors = runner.monthly(model: m, metric: layout.staffContractors)
        let cost = runner.monthly(model: m, metric: layout.costTotal)
        for t in 1...T {
          let label = "\(c.name) path \(path) month \(t)"
          let hired = max(1, t - c.lag)
          let eT = needTechnicians(hired)
          let eV = needVCIOs(hired)
          let shortT = max(0, needTechnicians(t) - eT)
          let shortV = max(0, needVCIOs(t) - eV)
          XCTAssertEqual(technicians[t - 1], eT, "\(label): staff.technicians")
          XCTAssertEqual(vcios[t - 1], eV, "\(label): staff.vcios")
          XCTAssertEqual(contractors[t - 1], shortT + shortV, "\(label): staff.contractors")
          let expected =
            (eT * 6000 + shortT * 6000 * 1.6 + eV * 10000 + shortV * 10000 * 1.6 + 10 * seats(t) + 1000)
            * pow(1.05, Double(yearIndex(t)))
          XCTAssertEqual(cost[t - 1], expected, accuracy: Self.rounding * expected, "\(label): cost.total")
          if path == 0, t > 1, needTechnicians(t) != needTechnicians(t - 1) { steps += 1 }
        }
        // The vCIO step at start_month reaches the employed staff L months later
        // (never, past the horizon); contractors cover months 7 ... 7 + L - 1.
        let firstVCIO = vcios.firstIndex { $0 > 0 }.map { $0 + 1 }
        XCTAssertEqual(firstVCIO, 7 + c.lag <= T ? 7 + c.lag : nil, "\(c.name): first employed vCIO month")
      }
    }
    // The technician need really steps (growing 200 -> 439 seats: 5 -> 9; shrinking 4 -> 2).
    XCTAssertGreaterThanOrEqual(steps, 8, "the need should change several times")
  }

  // MARK: (d) Pull-through and cannibalisation

  /// 40 clients of 10 seats, no churn, no arrivals; refresh cycle 12 months, worth
  /// 100 a seat (1,000 a project), win_rate 0.2, win_rate_adopted 0.7 (docs/model.md,
  /// "Pull-through and cannibalisation"). An initial client's first refresh falls due
  /// uniformly in months 1-12, then every 12 months, so each client has exactly one
  /// falling-due project per year, won with the rate of its adoption status that
  /// month: the year's refresh revenue is 1,000 x Binomial(40, w), mean 40,000 w,
  /// SD 1,000 sqrt(40 w (1 - w)).
  /// - `adopted` (initial_share 1): w = 0.7 every year (28,000);
  /// - `unadopted` (initial_share 0, no adoption): w = 0.2 (8,000);
  /// - `switching` (adopts with probability 1 in month 13): 8,000 in year 1, 28,000 in
  ///   years 2 and 3 (a refresh due in month 13 is the adopted client's: adoption is
  ///   step 3 of the month, revenue step 4);
  /// - `half` (initial_share 0.5): each client adopted with probability 0.5, so
  ///   w = 0.5 x 0.7 + 0.5 x 0.2 = 0.45 (18,000);
  /// - `follows` (initial_share 1, no win_rate_adopted: it is win_rate): 8,000.
  /// Means of 2,000 paths within 4 SE; the SD of `adopted` within 4 of its standard
  /// errors, sigma / sqrt(2n) (1.6 %; the binomial's excess kurtosis is -0.03).
  ///
  /// Resale: spend 1,200/12 x margin 0.1 x 1.1^y = 10 x 1.1^y a seat; an adopted
  /// client keeps the share a = 0.35 of it. With every client adopted, resale is
  /// exactly a x the unadopted book's, 400 x 10 x 1.1^y x 0.35; adopted_share 0
  /// (`cannibalised`) leaves none; the default 1 (`follows`) all. For `half`, per path,
  /// resale(t) = 10 x 1.1^y x (400 - (1 - a) 10 A(t)), A the adopted clients.
  func testAdoptedWinRateAndResaleShareFollowTheirClosedForms() throws {
    func model(_ name: String, adoption: String, refresh: String = ", win_rate_adopted: 0.7", resale: String) -> String
    {
      """
        \(name):
          clients: {initial: 40, seats: 10}
          adoption: {\(adoption)}
          streams:
            refresh_projects: {cycle_months: 12, win_rate: 0.2\(refresh), value_per_seat: 100}
            resale: {spend_per_seat_per_year: 1200, margin: 0.1, annual_margin_change: 0.1\(resale)}
            vcio: {monthly_fee: 500}

      """
    }
    let models =
      model("adopted", adoption: "initial_share: 1", resale: ", adopted_share: 0.35")
      + model("unadopted", adoption: "initial_share: 0", resale: ", adopted_share: 0.35")
      + model("switching", adoption: "initial_share: 0, monthly: 1, start_month: 13", resale: ", adopted_share: 0.35")
      + model("half", adoption: "initial_share: 0.5", resale: ", adopted_share: 0.35")
      + model("follows", adoption: "initial_share: 1", refresh: "", resale: "")
      + model("cannibalised", adoption: "initial_share: 1", resale: ", adopted_share: 0")
    let yaml = scenarioYAML(models: models, horizonYears: 3, seed: 5404)
    guard let run = runModel(yaml, paths: 2000) else { return }
    let expectedWinRate: [String: [Double]] = [
      "adopted": [0.7, 0.7, 0.7], "unadopted": [0.2, 0.2, 0.2], "switching": [0.2, 0.7, 0.7],
      "half": [0.45, 0.45, 0.45], "follows": [0.2, 0.2, 0.2],
    ]
    var worst = 0.0
    for (name, rates) in expectedWinRate {
      let m = run.model(name)
      for year in 1...3 {
        let z = run.checkAnnual(m, run.stream(m, .refreshProjects), year: year, expected: 40_000 * rates[year - 1])
        worst = max(worst, abs(z))
      }
    }
    // The spread is a binomial's, not a shared draw's.
    let adopted = run.model("adopted")
    let sd = run.annual(adopted, run.stream(adopted, .refreshProjects), 1).sd
    let sigma = 1000 * (40 * 0.7 * 0.3).squareRoot()
    XCTAssertEqual(sd, sigma, accuracy: 4 * sigma / (2.0 * 2000).squareRoot(), "SD of a year's refresh revenue")
    print("[economics] refresh win rates: worst |z| = \(String(format: "%.2f", worst)) over 15 annual means")

    // Resale: deterministic where the book is; exact multiples.
    let unadopted = run.model("unadopted")
    for t in 1...36 {
      let perSeat = 10 * pow(1.1, Double(yearIndex(t)))
      let whole = run.monthly(unadopted, run.stream(unadopted, .resale), t).mean
      run.checkMonthly(unadopted, run.stream(unadopted, .resale), month: t, expected: 400 * perSeat)
      run.assertDeterministic(adopted, run.stream(adopted, .resale), month: t)
      run.checkMonthly(adopted, run.stream(adopted, .resale), month: t, expected: 0.35 * whole, relEps: 1e-12)
      let cannibalised = run.model("cannibalised")
      XCTAssertEqual(
        run.monthly(cannibalised, run.stream(cannibalised, .resale), t).mean, 0, accuracy: 1e-12 * whole,
        "month \(t)")
      let follows = run.model("follows")
      XCTAssertEqual(
        run.monthly(follows, run.stream(follows, .resale), t).mean, whole, accuracy: 1e-12 * whole, "month \(t)")
      let switching = run.model("switching")
      run.checkMonthly(
        switching, run.stream(switching, .resale), month: t, expected: (t >= 13 ? 0.35 : 1) * whole, relEps: 1e-12)
    }
    // `half`, per path: resale = per-seat x (S - (1 - a) S_adopted), S_adopted = 10 A(t).
    let runner = try SinglePathRunner(plan: run.plan)
    let half = run.model("half")
    let layout = run.layout(half)
    var partlyAdopted = 0
    for path in 0..<200 {
      try runner.run(path: path)
      let resale = runner.monthly(model: half, metric: run.stream(half, .resale))
      let adoptedClients = runner.monthly(model: half, metric: MetricLayout.adoptedClients)
      for t in 1...36 {
        let expected = 10 * pow(1.1, Double(yearIndex(t))) * (400 - 0.65 * 10 * adoptedClients[t - 1])
        XCTAssertEqual(resale[t - 1], expected, accuracy: 1e-9 * (1 + expected), "half path \(path) month \(t)")
      }
      if adoptedClients[0] > 0 && adoptedClients[0] < 40 { partlyAdopted += 1 }
      // Resale has no delivery share here: its margin is its revenue.
      XCTAssertEqual(
        runner.monthly(model: half, metric: layout.firstMargin + layout.streams.firstIndex(of: .resale)!), resale)
    }
    XCTAssertGreaterThan(partlyAdopted, 190, "half the book should be adopted on almost every path")
  }

  // MARK: (e) Delivery share

  /// A stream whose only direct cost is its delivery share s has margin (1 - s) x
  /// revenue (docs/model.md, "Delivery cost and gross margin"): with no technicians
  /// (seats_per_technician 0), no tools and vCIOs at 0 salary, every stream of this
  /// random book (churn, arrivals, adoption, drawn fees, block hours, projects) is
  /// one, checked on 300 paths every month to rounding (1e-12 of the revenue);
  /// overhead is the fixed cost exactly and cost.direct the sum of s_k R_k.
  /// Shares: managed_services 0.1, block_hours 0.05, vcio 0.2, framework_projects
  /// 0.25 (its own, not project_cost_share), app_management 0.3, resale none (0);
  /// project_cost_share ~ U(0.5, 0.7), which refresh_projects and third_party_pm
  /// follow with the same per-path draw (docs/scenario-format.md, "Keys that follow
  /// another"); marketplace ~ U(0.1, 0.2), drawn once per path: its implied share
  /// 1 - margin/revenue is the same every month of a path, and its mean over paths
  /// is 0.15 within 4 SE (SE = sample SD / sqrt(paths)); its sample SD is the uniform's
  /// 0.1/sqrt(12) within 4 of its standard errors.
  func testDeliveryShareLeavesTheRestOfRevenueAsMargin() throws {
    let models = """
        delivered:
          clients: {initial: 30, seats: {uniform: {min: 5, max: 25}}}
          acquisition: {monthly_rate: 1}
          churn: {annual: 0.1}
          adoption: {initial_share: 0.3, monthly: 0.08}
          streams:
            managed_services: {price_per_seat: 90}
            block_hours: {hours_per_seat: 0.3, hourly_rate: 110}
            refresh_projects: {cycle_months: 12, win_rate: 0.5, value_per_seat: 300}
            resale: {spend_per_seat_per_year: 600, margin: 0.1}
            vcio: {monthly_fee: {uniform: {min: 500, max: 1000}}}
            framework_projects: {fee: 5000}
            third_party_pm: {projects_per_year: 3, value: {uniform: {min: 5000, max: 30000}}, fee_share: 0.1}
            app_management: {apps_per_client: 2, tier_price: 10, user_share: 0.5}
            marketplace: {commission: 0.15, capture: 0.5, cloud_spend_per_seat: 80, bounty_per_seat: 5}
          costs:
            seats_per_technician: 0
            technician_monthly: 7000
            clients_per_vcio: 5
            vcio_monthly: 0
            fixed_monthly: 12345
            project_cost_share: {uniform: {min: 0.5, max: 0.7}}
            delivery_share: {managed_services: 0.1, block_hours: 0.05, vcio: 0.2, framework_projects: 0.25,
                             app_management: 0.3, marketplace: {uniform: {min: 0.1, max: 0.2}}}

      """
    let plan = try plan(scenarioYAML(models: models, horizonYears: 3, seed: 5505))
    let runner = try SinglePathRunner(plan: plan)
    let layout = plan.models[0].layout
    let fixed: [StreamKind: Double] = [
      .managedServices: 0.1, .blockHours: 0.05, .resale: 0, .vcio: 0.2, .frameworkProjects: 0.25, .appManagement: 0.3,
    ]
    var marketplaceShares: [Double] = []
    // Paths on which both project shares could be read (refresh and PM revenue in
    // some month). A path lacks refresh revenue only if none of the 30 initial
    // clients' first refreshes (due in months 1-12) is won: each is won with
    // probability 0.5 by a client still in the book (churn 10 % a year), so at most
    // 0.55^30 = 2e-8. It lacks PM revenue only if no PM project comes in 36 months:
    // N(t) ~ Poisson(A(t) x 3/12) with A(1) ~ Binomial(30, 0.3) adopted clients
    // (0 with probability 0.7^30 = 2e-5) and more adopting at 8 % a month, so
    // essentially only when A stays 0. The expected number of the 300 paths missing
    // a share is below 0.01; the floor 290 (10 missing) is never reached by chance.
    var pathsWithBothShares = 0
    for path in 0..<300 {
      try runner.run(path: path)
      func row(_ metric: Int) -> [Double] { runner.monthly(model: 0, metric: metric) }
      func revenue(_ k: StreamKind) -> [Double] { row(MetricLayout.firstStream + layout.streams.firstIndex(of: k)!) }
      func margin(_ k: StreamKind) -> [Double] { row(layout.firstMargin + layout.streams.firstIndex(of: k)!) }
      // The implied share of a stream with drawn share: from its first month with revenue.
      func impliedShare(_ k: StreamKind) -> Double? {
        let r = revenue(k)
        guard let t = r.firstIndex(where: { $0 > 0 }) else { return nil }
        return 1 - margin(k)[t] / r[t]
      }
      let projectShare = impliedShare(.refreshProjects)
      let pmShare = impliedShare(.thirdPartyPM)
      if let projectShare, let pmShare {
        pathsWithBothShares += 1
        XCTAssertEqual(projectShare, pmShare, accuracy: 1e-9, "path \(path): refresh and PM follow one draw")
        XCTAssert((0.5 - 1e-9...0.7 + 1e-9).contains(projectShare), "path \(path): project share \(projectShare)")
      }
      let marketShare = impliedShare(.marketplace)
      if let marketShare { marketplaceShares.append(marketShare) }
      var shares = fixed
      shares[.refreshProjects] = projectShare ?? 0
      shares[.thirdPartyPM] = pmShare ?? projectShare ?? 0
      shares[.marketplace] = marketShare ?? 0
      for t in 1...plan.months {
        var direct = 0.0
        for k in layout.streams {
          let r = revenue(k)[t - 1]
          let s = shares[k]!
          // Drawn shares were read from the path to 1e-9 (a ratio): for them compare to that.
          let tolerance = (fixed[k] != nil ? 1e-12 : 1e-9) * (1 + r)
          XCTAssertEqual(margin(k)[t - 1], (1 - s) * r, accuracy: tolerance, "path \(path) month \(t): \(k.rawValue)")
          direct += s * r
        }
        XCTAssertEqual(row(layout.costOverhead)[t - 1], 12345, "path \(path) month \(t): overhead")
        XCTAssertEqual(row(layout.costDirect)[t - 1], direct, accuracy: 1e-9 * (1 + direct), "path \(path) month \(t)")
        XCTAssertEqual(row(layout.staffTechnicians)[t - 1], 0, "no technicians at seats_per_technician 0")
      }
    }
    XCTAssertGreaterThanOrEqual(pathsWithBothShares, 290, "refresh and PM shares compared on too few paths")
    let n = Double(marketplaceShares.count)
    XCTAssertGreaterThan(n, 250, "the marketplace should earn on most paths")
    let mean = marketplaceShares.reduce(0, +) / n
    let sd = (marketplaceShares.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
    let z = (mean - 0.15) / (sd / n.squareRoot())
    print("[economics] marketplace delivery share: mean \(mean) over \(Int(n)) paths, z = \(String(format: "%.2f", z))")
    XCTAssertLessThan(abs(z), modelTolerance, "mean per-path marketplace share vs 0.15")
    // The sample SD of a uniform: Var(s^2) ~ sigma^4 (2 + kurtosis excess -1.2) / n, so
    // SE(s) ~ sigma sqrt(0.8 / n) / 2; within 4 of those.
    let sigma = 0.1 / 12.0.squareRoot()
    XCTAssertEqual(sd, sigma, accuracy: 4 * sigma * (0.8 / n).squareRoot() / 2, "spread of a uniform share")
  }
}

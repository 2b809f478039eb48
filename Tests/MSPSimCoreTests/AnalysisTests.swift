import Foundation
import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

/// Sensitivity, convergence and sweeps (docs/reading-results.md, "Tornado", "Enough paths?", "Sweeps").
final class AnalysisTests: XCTestCase {
  /// The sensitivity rows of `scenario` run for `paths` paths on 2 threads, every path recorded.
  static func sensitivityRows(of scenario: Scenario, paths: Int) throws -> [SensitivityRow] {
    let plan = ScenarioPlan(try scenario.applying([.paths(paths)]))
    let engine = Engine(plan: plan, threads: 2, recordPaths: true)
    try engine.advance(to: plan.paths)
    return Sensitivity.analyse(plan: plan, recorder: try XCTUnwrap(engine.recorder), paths: plan.paths)
  }

  func testOnlyUncertainPriceRanksFirstAndTheRestNearZero() throws {
    // price_per_seat ~ Uniform(100, 200) is the only uncertain input that moves revenue;
    // market.noise is drawn but used by nothing, acquisition.annual_growth is uncertain but
    // multiplies a zero rate; the rest is constant but for the churn events (5 % a year),
    // the only noise. NPV is then nearly a monotone function of the price: NPV ~ P X - C
    // with X the discounted seat-months, random only through churn (40 clients losing
    // ~14 % over 3 years: CV(X) = 3.5 %), against CV(P) = (100 / sqrt(12)) / 150 = 19.2 %,
    // so corr(P, NPV) ~ 0.192 / sqrt(0.192^2 + 0.035^2) = 0.984 (a simulation of this
    // model outside the suite gives Spearman 0.984; seat-driven costs only shrink the
    // churn term). The sample Spearman r_s of n = 4,000 paths has atanh(r_s) with sd
    // sqrt(1.06 / (n - 3)) = 0.016 (Fieller, Hartley and Pearson 1957), and
    // atanh(0.984) - atanh(0.95) = 2.41 - 1.83 = 0.58 = 35 sd: r_s > 0.95 cannot fail
    // by chance, while an NPV that ignored the price (r_s ~ 0) fails it.
    // The other inputs are independent of NPV: |rho| ~ 1/sqrt(n).
    let yaml = """
      horizon_years: 3
      discount_rate: 0.1
      seed: 5
      market:
        noise: {uniform: {min: 0, max: 1}}
      models:
        m:
          clients: {initial: 40, seats: 25}
          acquisition: {monthly_rate: 0, annual_growth: {uniform: {min: 0, max: 0.5}}}
          churn: {annual: 0.05}
          streams: {managed_services: {price_per_seat: {uniform: {min: 100, max: 200}}}}
          costs: {fixed_monthly: 20000}
      """
    let rows = try Self.sensitivityRows(of: try ScenarioLoader.load(text: yaml, file: "sens.yaml"), paths: 4000)
    let npv = rows.filter { $0.output == "npv.ebitda" }
    XCTAssertEqual(npv.count, 3, "\(npv)")
    XCTAssertEqual(npv[0].parameter, "models.m.streams.managed_services.price_per_seat")
    XCTAssertEqual(npv[0].rank, 1)
    XCTAssertGreaterThan(npv[0].spearman, 0.95)
    XCTAssertGreaterThan(npv[0].medianHighDecile, npv[0].medianLowDecile)
    // |rho| of an independent input: sd 1/sqrt(n-1) ~ 0.016; 4 sd = 0.064.
    for other in npv.dropFirst() { XCTAssertLessThan(abs(other.spearman), 0.064, "\(other)") }
    let csv = SensitivityTable.csv(rows)
    XCTAssertTrue(csv.hasPrefix("model,output,parameter,spearman,median_low_decile,median_high_decile,rank\n"))
  }

  /// --sensitivity keeps a row per path: more paths than fit in the memory limit
  /// are refused before any path runs, naming the flag and how many would fit.
  func testSensitivityRefusesMorePathsThanItsMemoryLimit() throws {
    let scenario = try ScenarioLoader.load(text: DefaultScenario.text, file: "d.yaml").applying([.paths(100_000_000)])
    XCTAssertThrowsError(try Pipeline.simulate(scenario, threads: 2, sensitivity: true)) { e in
      guard let issue = (e as? ScenarioError)?.issues.first else { return XCTFail("\(e)") }
      XCTAssertEqual(issue.keyPath, "--sensitivity")
      XCTAssertTrue(issue.message.contains("100000000 paths need"), issue.message)
      XCTAssertTrue(issue.message.contains("MiB limit (allowed: at most"), issue.message)
    }
  }

  func testRanksAverageTies() {
    XCTAssertEqual(Sensitivity.ranks([10, 20, 20, 5]), [2, 3.5, 3.5, 1])
    XCTAssertEqual(Correlation.pearson([1, 2, 3], [2, 4, 6]), 1, accuracy: 1e-12)
    XCTAssertEqual(Correlation.pearson([1, 1, 1], [2, 4, 6]), 0)
  }

  /// The relative SE of mean NPV the convergence test asks for: small enough that the
  /// default scenario over 3 years needs more than the first batch of 1,024 paths.
  static let convergencePrecision = 0.004

  func testConvergenceStopsAtTheFirstBatchMeetingThePrecisionAndIsDeterministic() throws {
    let path = Fixtures.defaultScenario.path
    func run(_ out: String) throws -> Runner.Outcome {
      var o = RunOptions(threads: 2)
      o.years = 3
      o.precision = Self.convergencePrecision
      o.maxPaths = 50_000
      o.outputFolder = out
      o.charts = false
      return try Runner(options: o).run(scenarioPath: path)
    }
    let a = temporaryFolder().path
    let b = temporaryFolder().path
    let first = try run(a)
    let second = try run(b)
    let result = try XCTUnwrap(first.result)
    let used = result.paths
    XCTAssertEqual(used, try XCTUnwrap(second.result).paths)
    for f in ["summary.csv", "monthly.csv", "compare.csv"] {
      XCTAssertEqual(
        FileManager.default.contents(atPath: a + "/" + f), FileManager.default.contents(atPath: b + "/" + f), f)
    }
    // The rule: every model's relative SE of mean NPV <= the target at the stop...
    for se in result.relativeStandardErrorNPV { XCTAssertLessThanOrEqual(se, Self.convergencePrecision) }
    XCTAssertEqual(
      result.stopping, .precision(target: Self.convergencePrecision, maxPaths: 50_000, converged: true))
    // ...and not at the batch before (batches are 1,024 x 2^k paths).
    // The target is chosen to need more than the first batch, so the check below has a
    // batch before the stop to look at.
    XCTAssertTrue(used >= 2048 && used.nonzeroBitCount == 1, "\(used)")
    let scenario = try ScenarioLoader.load(path: path).applying([.years(3)])
    let engine = Engine(plan: ScenarioPlan(scenario), threads: 2)
    try engine.advance(to: used / 2)
    XCTAssertTrue(
      result.models.indices.contains {
        engine.result.relativeStandardErrorNPV(model: $0) > Self.convergencePrecision
      })
    // run.json records the paths used and the precision reached.
    let json =
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: a + "/run.json"))) as? [String: Any]
    let conv = try XCTUnwrap(json?["convergence"] as? [String: Any])
    XCTAssertEqual(conv["paths_used"] as? Int, used)
    XCTAssertEqual(conv["converged"] as? Bool, true)
    XCTAssertNotNil(json?["relative_standard_error_npv"] as? [String: Any])
    // summary.csv carries the standard error of each mean.
    let summary = try String(contentsOfFile: a + "/summary.csv", encoding: .utf8)
    XCTAssertTrue(summary.hasPrefix("model,metric,mean,sd,p5,p10,p25,p50,p75,p90,p95,se\n"))
  }

  func testSweepIsMonotoneInAdoptionSpeed() throws {
    // More adoption a month -> more adopted clients -> more vCIO and other 2.0 revenue:
    // msp2's last-year revenue median and NPV median rise, and so does P(beats msp1).
    // Common random numbers keep msp1 identical at every point.
    //
    // Each step must exceed 4.5 standard errors of the difference, the SEs taken as
    // for independent runs (common random numbers correlate the points positively,
    // so the SE of a difference is smaller than that: conservative):
    // - P(beats): SE sqrt(p (1 - p) / n) per point;
    // - the NPV median: SE 1 / (2 f sqrt(n)) with f the density at the median (the
    //   sample median's asymptotic sd), f taken as 0.45 / the wider of p50 - p5 and
    //   p95 - p50 (the average density over that 45 % of the paths, below f for a
    //   single-peaked law near its centre: 1.46 times below for a normal), so the SE
    //   is overstated again.
    // 4.5 SE fails a true step with probability 3.4e-6 (one-sided), 4 checks in all.
    // The table has no spread for revenue, so its median steps are checked for their
    // sign only; the same sweep run outside the suite (mspsim sweep, 1,500 paths,
    // 5 years; per point last-year revenue sd 0.70-0.76M, hence median SE
    // 1.25 x 0.76M / sqrt(1500) = 25k and 35k for a difference) had steps of +0.46M
    // and +0.74M, 13 and 21 of those SEs.
    let s = try ScenarioLoader.load(path: Fixtures.defaultScenario.path).applying([.paths(1500), .years(5)])
    let axis = try SweepAxis(parsing: "models.msp2.adoption.monthly=0.002,0.01,0.03")
    let result = try Sweep.run(scenario: s, axes: [axis], threads: 2)
    let csv = SweepTable.csv(result)
    let table = try CSVTable(csv)

    // The text says what a point is (paths, years, seed, discount rate), that the file's
    // distribution of the swept key is fixed at each value, that with `valuation:` the
    // probability is NPV's and not the run's answer, and the money's currency.
    let lines = SweepTable.text(result).components(separatedBy: "\n")
    XCTAssertEqual(
      lines[0],
      "Sweep of Stay MSP 1.0 or move to MSP 2.0: 1,500 paths x 5 years per point, seed 42, mt19937 "
        + "(common random numbers), discount rate 10 % a year")
    XCTAssertEqual(
      lines[1],
      "models.msp2.adoption.monthly: the file gives a triangular distribution; each point fixes it at the value shown")
    XCTAssertTrue(lines[2].hasPrefix("P(NPV beats msp1) compares NPV of EBITDA over the horizon"), lines[2])
    // The largest of the points' standard errors, √(p(1 - p)/n) at p = (k + 1)/(n + 2).
    let largest = result.rows.compactMap { row in
      row.probabilityBeatsBaseline.map { p in
        let k = (p * 1500).rounded()
        let q = (k + 1) / 1502
        return (q * (1 - q) / 1500).squareRoot()
      }
    }.max()
    XCTAssertTrue(
      lines[3].hasPrefix("P(NPV beats msp1) is known to ±\(String(format: "%.1f", 100 * (largest ?? 0))) points "),
      lines[3])
    XCTAssertEqual(lines[4], "")
    XCTAssertTrue(lines[5].contains("NPV P50 (USD)") && lines[5].contains("last-year revenue P50 (USD)"), lines[5])
    XCTAssertEqual(
      table.header,
      [
        "models.msp2.adoption.monthly", "model", "npv_mean", "npv_p5", "npv_p50", "npv_p95",
        "p_beats_baseline", "revenue_last_year_p50",
      ])
    let msp2 = table.rows.filter { $0[1] == "msp2" }
    let msp1 = table.rows.filter { $0[1] == "msp1" }
    XCTAssertEqual(msp2.count, 3)
    XCTAssertEqual(msp1.count, 3)
    let n = 1500.0
    func cell(_ row: [String], _ column: Int) throws -> Double {
      try XCTUnwrap(Double(row[column]), "sweep.csv \(table.header[column]) '\(row[column])'")
    }
    /// The conservative SE of the NPV median of a row (see above).
    func medianSE(_ row: [String]) throws -> Double {
      let p5 = try cell(row, 3)
      let p50 = try cell(row, 4)
      let p95 = try cell(row, 5)
      let density = 0.45 / Swift.max(p50 - p5, p95 - p50)
      return 1 / (2 * density * n.squareRoot())
    }
    func shareSE(_ p: Double) -> Double { (p * (1 - p) / n).squareRoot() }
    for i in 1..<3 {
      let npv = try cell(msp2[i], 4)
      let npvBefore = try cell(msp2[i - 1], 4)
      let seNow = try medianSE(msp2[i])
      let seBefore = try medianSE(msp2[i - 1])
      let npvSE = (seNow * seNow + seBefore * seBefore).squareRoot()
      XCTAssertGreaterThan(npv - npvBefore, 4.5 * npvSE, "npv p50: \(npvBefore) -> \(npv), SE \(npvSE)")
      let revenue = try cell(msp2[i], 7)
      let revenueBefore = try cell(msp2[i - 1], 7)
      XCTAssertGreaterThan(revenue, revenueBefore, "last-year revenue p50")
      let beats = try cell(msp2[i], 6)
      let beatsBefore = try cell(msp2[i - 1], 6)
      let beatsSE = (shareSE(beats) * shareSE(beats) + shareSE(beatsBefore) * shareSE(beatsBefore)).squareRoot()
      XCTAssertGreaterThan(beats - beatsBefore, 4.5 * beatsSE, "P(beats): \(beatsBefore) -> \(beats), SE \(beatsSE)")
      XCTAssertEqual(
        Array(msp1[i].dropFirst()), Array(msp1[0].dropFirst()), "msp1 must not move (common random numbers)")
    }
  }

  /// The economics keys of version 2 are inputs like any other: a delivery share
  /// drawn per path is ranked by the sensitivity analysis, and a sweep over a delivery
  /// share and the hiring lag moves NPV the way the model says. A book of 40 clients of
  /// 25 seats on app management only (revenue R a month, constant without churn),
  /// delivery share s ~ Uniform(0, 0.8), the only draw: NPV = (1 - s) x the discounted
  /// revenue - the technicians, a strictly falling function of s, so Spearman = -1 up
  /// to rounding. With 30 % churn, swept at 0.1, 0.5, 0.9, the mean NPV falls strictly,
  /// and a hiring lag past the horizon (every month employs month 1's need; the need
  /// falls as clients churn) costs more than none.
  func testEconomicsKeysAreSensitivityInputsAndSweepAxes() throws {
    let yaml = """
      horizon_years: 3
      seed: 12
      models:
        m:
          clients: {initial: 40, seats: 25}
          adoption: {initial_share: 1}
          streams:
            app_management: {apps_per_client: 3, tier_price: 10, user_share: 1}
          costs:
            seats_per_technician: 100
            technician_monthly: 6000
            delivery_share: {app_management: {uniform: {min: 0, max: 0.8}}}
      """
    let s = try ScenarioLoader.load(text: yaml, file: "economics.yaml")
    let rows = try Self.sensitivityRows(of: s, paths: 2000)
    let npv = rows.filter { $0.output == "npv.ebitda" }
    XCTAssertEqual(npv.first?.parameter, "models.m.costs.delivery_share.app_management", "\(npv)")
    XCTAssertLessThan(try XCTUnwrap(npv.first).spearman, -0.999)

    let fixed = try s.applying([.paths(400), .value(keyPath: "models.m.churn.annual", 0.3)])
    let shares = try SweepAxis(parsing: "models.m.costs.delivery_share.app_management=0.1,0.5,0.9")
    let lags = try SweepAxis(parsing: "models.m.costs.hiring_lag_months=0,40")
    let table = try CSVTable(SweepTable.csv(try Sweep.run(scenario: fixed, axes: [shares, lags], threads: 2)))
    let mean = try XCTUnwrap(table.column("npv_mean"))
    let npvByPoint = table.rows.map { Double($0[mean])! }
    XCTAssertEqual(npvByPoint.count, 6)
    // Rows: share-major (0.1: lag 0, 40; 0.5: ...; 0.9: ...).
    for i in 0..<2 {
      XCTAssertGreaterThan(npvByPoint[2 * i], npvByPoint[2 * (i + 1)], "NPV falls with the delivery share")
    }
    for i in 0..<3 { XCTAssertGreaterThanOrEqual(npvByPoint[2 * i], npvByPoint[2 * i + 1], "a lag never saves") }
    XCTAssertGreaterThan(npvByPoint[0], npvByPoint[1], "with churn, a lag past the horizon keeps idle staff")
  }

  func testSweepRejectsUnknownKeysAndBadValues() throws {
    let s = try ScenarioLoader.load(text: DefaultScenario.text, file: "d.yaml")
    func rejects(_ key: String, _ value: Double, saying part: String, line: UInt = #line) {
      XCTAssertThrowsError(try s.applying([.value(keyPath: key, value)]), line: line) { e in
        let text = "\(e)"
        XCTAssertTrue(text.contains("--set \(key)") && text.contains(part), text, line: line)
      }
    }
    rejects("models.msp2.adoption.monthy", 0.1, saying: "did you mean 'adoption.monthly'")
    rejects("models.msp2.adoption.monthly", 1.5, saying: "a probability (0...1)")
    rejects("models.msp1.streams.vcio.monthly_fee", 100, saying: "has no streams.vcio section")
    XCTAssertThrowsError(try SweepAxis(parsing: "models.msp2.adoption.monthly=0.1,abc"))
    let swept = try s.applying([.value(keyPath: "market.churn", 0.2)])
    guard case .constant(let c) = swept.market.first(where: { $0.name == "churn" })!.distribution else {
      return XCTFail("market.churn should now be a constant")
    }
    XCTAssertEqual(c, 0.2)
  }

  /// `sweep --set` takes the keys `seek --vary` takes (Scenario.numberKey): a key
  /// referring to a shared market entry and a key the model never reads are refused,
  /// every wrong key at once; a follower the file does not give may be set though
  /// the key it follows is a market entry, and the market entry itself may be swept.
  func testSweepTakesTheKeysSeekVaries() throws {
    let s = try ScenarioLoader.load(text: DefaultScenario.text, file: "d.yaml")
    let shared = try SweepAxis(parsing: "models.msp2.churn.annual=0.05,0.1")
    let unread = try SweepAxis(parsing: "models.msp1.adoption.monthly=0.01,0.02")
    XCTAssertThrowsError(try Sweep.check(scenario: s, axes: [shared, unread])) { e in
      let issues = (e as! ScenarioError).issues
      XCTAssertEqual(
        issues.map(\.keyPath), ["--set models.msp2.churn.annual", "--set models.msp1.adoption.monthly"], "\(issues)")
      XCTAssertTrue(issues[0].message.contains("would break the shared draw: vary market.churn itself"), "\(issues)")
      XCTAssertTrue(issues[1].message.contains("varying it changes nothing"), "\(issues)")
    }
    XCTAssertNoThrow(try Sweep.check(scenario: s, axes: [try SweepAxis(parsing: "market.churn=0.05,0.1")]))

    // A follower: msp2's adopted churn, not given, follows churn.annual = market.churn.
    let text = DefaultScenario.text.replacingOccurrences(
      of: "annual_adopted: {uniform: {min: 0.03, max: 0.08}}", with: "")
    XCTAssertNotEqual(text, DefaultScenario.text, "the default scenario gives msp2's adopted churn")
    let follower = try ScenarioLoader.load(text: text, file: "f.yaml")
    XCTAssertFalse(follower.models[1].isOwn(.churnAnnualAdopted))
    XCTAssertNoThrow(
      try Sweep.check(scenario: follower, axes: [try SweepAxis(parsing: "models.msp2.churn.annual_adopted=0.02,0.04")]))
    let key = try follower.numberKey("models.msp2.churn.annual_adopted", flag: "--vary")
    XCTAssertNil(key.value)
    XCTAssertEqual(key.replaces, "no value of its own (it follows churn.annual, market.churn)")
    let set = try follower.applying([.value(keyPath: "models.msp2.churn.annual_adopted", 0.02)])
    XCTAssertTrue(set.models[1].isOwn(.churnAnnualAdopted))
    guard case .market = set.models[1][.churnAnnual] else { return XCTFail("churn.annual keeps its market entry") }
  }

  /// A market entry set on the command line is checked against every key that uses
  /// it, as the loader checks a file (docs/scenario-format.md, "market").
  func testOverrideOfMarketEntryIsCheckedAtEveryUse() throws {
    let s = try ScenarioLoader.load(text: DefaultScenario.text, file: "d.yaml")
    XCTAssertThrowsError(try s.applying([.value(keyPath: "market.churn", 1.5)])) { e in
      let issues = (e as! ScenarioError).issues
      XCTAssertEqual(issues.map(\.keyPath), ["--set market.churn", "--set market.churn"], "\(issues)")
      XCTAssertTrue(
        issues[0].message.contains(
          "1.5 is outside what the key allows (a probability (0...1)) (used by models.msp1.churn.annual)"),
        issues[0].message)
      XCTAssertTrue(issues[1].message.contains("models.msp2.churn.annual"), issues[1].message)
    }
    XCTAssertThrowsError(try s.applying([.years(31)])) { e in XCTAssertTrue("\(e)".contains("--years: 31")) }
    XCTAssertThrowsError(try s.applying([.paths(0)]))
    XCTAssertThrowsError(try s.applying([.rng("mt1993")])) { e in
      XCTAssertTrue("\(e)".contains("did you mean 'mt19937'"))
    }
    XCTAssertEqual(try s.applying([.years(3), .paths(7)]).months, 36)
  }
}

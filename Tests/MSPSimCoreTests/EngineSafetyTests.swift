import CGSL
import Foundation
import XCTest

@testable import MSPSimCore

/// The engine on the scenarios that overran its memory, and its limits
/// (docs/model.md, "Randomness and seeding"; docs/model.md, "Large counts";
/// docs/model.md, "Engine limits").
final class EngineSafetyTests: XCTestCase {
  /// The file that aborted with heap corruption: 100 clients adopting at once put 100
  /// clients in a ramping list that had room for 64. Closed form (docs/model.md,
  /// "Revenue streams"): every client adopts in month 1 (monthly = 1), none leaves, so
  /// revenue.marketplace(t) = clients x seats x capture x spend x commission x
  /// min(1, t / ramp) = 100 x 10 x 0.5 x 100 x 0.1 x min(1, t/4) = 5,000 min(1, t/4),
  /// the same on every path (SE 0: checked to rounding).
  func testWholeBookAdoptingAtOnceWithARampingMarketplaceMatchesTheClosedForm() throws {
    let yaml = """
      name: market
      horizon_years: 3
      seed: 17
      models:
        only:
          clients: {initial: 100, seats: 10}
          acquisition: {monthly_rate: 0}
          churn: {annual: 0}
          adoption: {start_month: 1, monthly: 1.0}
          streams:
            marketplace: {commission: 0.1, capture: 0.5, capture_ramp_months: 4, cloud_spend_per_seat: 100}
          costs: {seats_per_technician: 300, technician_monthly: 6000, clients_per_vcio: 30, vcio_monthly: 12000}
      """
    for paths in [10, 1000] {
      guard let run = runModel(yaml, paths: paths) else { return }
      let market = run.stream(0, .marketplace)
      for t in 1...36 {
        run.checkMonthly(0, market, month: t, expected: 5000 * Swift.min(1, Double(t) / 4))
        run.checkMonthly(0, MetricLayout.adoptedClients, month: t, expected: 100)
      }
    }
  }

  /// Draws outside a key's domain are clamped and counted. churn.annual ~ Normal(0, 0.1)
  /// per path: P(draw < 0) = 1/2, so the count over n paths is Binomial(n, 1/2), mean
  /// n/2, sd sqrt(n)/2. clients.seats ~ Normal(0, 5) per client (20 initial clients, no
  /// arrivals): each draw is negative with probability 1/2, count ~ Binomial(20 n, 1/2).
  /// Both within 4 sd. A file without clamping counts nothing.
  func testClampedDrawsAreCountedPerKey() throws {
    let n = 2000
    let yaml = scenarioYAML(
      models: """
          m:
            clients: {initial: 20, seats: {normal: {mean: 0, sd: 5}}}
            churn: {annual: {normal: {mean: 0, sd: 0.1}}}
            streams:
              managed_services: {price_per_seat: 100}
        """, horizonYears: 1, seed: 99)
    guard let run = runModel(yaml, paths: n) else { return }
    let counts = Dictionary(
      uniqueKeysWithValues: run.engine.result.clampedDraws(modelNames: ["m"]).map { ($0.keyPath, $0.count) })
    XCTAssertEqual(Set(counts.keys), ["models.m.churn.annual", "models.m.clients.seats"], "\(counts)")
    let churn = Double(counts["models.m.churn.annual"] ?? 0)
    XCTAssertLessThan(abs(churn - Double(n) / 2), 4 * Double(n).squareRoot() / 2, "churn clamps \(churn)")
    let seats = Double(counts["models.m.clients.seats"] ?? 0)
    XCTAssertLessThan(abs(seats - Double(20 * n) / 2), 4 * Double(20 * n).squareRoot() / 2, "seat clamps \(seats)")
    // Identical for any thread count (integers add exactly).
    guard let one = runModel(yaml, paths: n, threads: 1) else { return }
    XCTAssertEqual(one.engine.result.clampCounts, run.engine.result.clampCounts)
    // Reported: run.json and a warning line in the terminal summary.
    let result = RunResult(
      scenario: try ScenarioLoader.load(text: yaml, file: "clamp.yaml"), plan: run.engine.plan,
      accumulator: run.engine.result, threads: 2, wallSeconds: 0)
    let json = try JSONSerialization.jsonObject(with: Data(RunRecord(result).json().utf8)) as! [String: Any]
    let reported = json["clamped_draws"] as! [String: Int]
    XCTAssertEqual(reported["models.m.churn.annual"], Int(churn))
    let summary = TerminalSummary(result).text(outputFolder: nil)
    XCTAssertTrue(summary.contains("Warning: draws outside their key's allowed range were clamped"), summary)
    XCTAssertTrue(summary.contains("models.m.clients.seats"), summary)

    let cleanYAML = scenarioYAML(
      models: """
          m:
            clients: {initial: 20, seats: {uniform: {min: 1, max: 5}}}
            streams:
              managed_services: {price_per_seat: 100}
        """, horizonYears: 1, seed: 99)
    let clean = try XCTUnwrap(runModel(cleanYAML, paths: 256))
    XCTAssertTrue(clean.engine.result.clampedDraws(modelNames: ["m"]).isEmpty)
    let cleanResult = RunResult(
      scenario: try ScenarioLoader.load(text: cleanYAML, file: "clean.yaml"),
      plan: clean.engine.plan, accumulator: clean.engine.result, threads: 2, wallSeconds: 0)
    XCTAssertFalse(TerminalSummary(cleanResult).text(outputFolder: nil).contains("Warning"))
  }

  /// A book past ClientBook.maximumClients stops the run with an error naming the
  /// keys, as a scenario error (exit 2), whatever the thread count.
  func testBookPastTheClientLimitIsAScenarioErrorNamingTheKeys() throws {
    let yaml = scenarioYAML(
      models: """
          big:
            clients: {initial: 100, seats: 5}
            acquisition: {monthly_rate: 30000, annual_growth: 1}
            streams:
              managed_services: {price_per_seat: 100}
        """, horizonYears: 10, seed: 5)
    let scenario = try ScenarioLoader.load(text: yaml, file: "big.yaml")
    var messages: [String] = []
    for threads in [1, 2] {
      XCTAssertThrowsError(try Pipeline.simulate(scenario.applying([.paths(300)]), threads: threads)) { e in
        guard let issue = (e as? ScenarioError)?.issues.first else { return XCTFail("\(e)") }
        XCTAssertEqual(issue.file, "big.yaml")
        XCTAssertEqual(issue.keyPath, "models.big.acquisition")
        XCTAssertTrue(issue.message.contains("more than \(ClientBook.maximumClients) clients"), issue.message)
        messages.append(issue.description)
      }
      let engine = Engine(plan: ScenarioPlan(scenario), threads: threads)
      XCTAssertThrowsError(try engine.advance(to: 300))
      XCTAssertEqual(engine.result.paths, 0, "nothing is accumulated from a failed run")
    }
    XCTAssertEqual(messages.count, 2)
    XCTAssertEqual(messages.first, messages.last, "the same (lowest) failing path for any thread count")
  }

  /// Poisson means past GSL's unsigned range: sum of parts up to 2^40 (exact), a
  /// normal past it. Mean of 400 draws within 5 SE (sd sqrt(mean / 400)); an infinite
  /// mean gives the cap instead of never returning. Below 2^30, with `sampler: gsl`:
  /// GSL's own draws, draw for draw (and the same for `binomial`).
  func testLargePoissonMeansAreDrawnAndBelowTheLimitAreGSLs() throws {
    for sampler in Sampler.allCases { try checkLargePoissonMeans(sampler) }
    let a = try GSLRandom(name: "mt19937", sampler: .gsl)
    let b = try GSLRandom(name: "mt19937")
    a.reseed(11)
    b.reseed(11)
    for mean in [0.5, 16, 600, 1e6] {
      for _ in 0..<1000 { XCTAssertEqual(a.poisson(mean: mean), b.gslPoisson(mean: mean)) }
    }
    for (n, p) in [(10, 0.3), (150, 0.02), (2000, 0.4), (500, 0.9)] {
      for _ in 0..<1000 {
        XCTAssertEqual(a.binomial(n: n, p: p), Int(gsl_ran_binomial(b.rng, p, UInt32(n))))
      }
    }
  }

  func checkLargePoissonMeans(_ sampler: Sampler) throws {
    let rng = try GSLRandom(name: "mt19937", sampler: sampler)
    for mean in [Double(1 << 31), 5e9, 3e12] {
      rng.reseed(7)
      var sum = 0.0
      for _ in 0..<400 { sum += Double(rng.poisson(mean: mean)) }
      let z = (sum / 400 - mean) / (mean / 400).squareRoot()
      XCTAssertLessThan(abs(z), 5, "mean \(mean): z = \(z)")
    }
    XCTAssertEqual(rng.poisson(mean: .infinity), GSLRandom.poissonCap)
    XCTAssertEqual(rng.poisson(mean: .nan), 0)
  }

  /// The 64-bit geometric draws exactly what `gsl_ran_geometric` draws wherever GSL's
  /// unsigned int does not wrap (here 100,000 draws at p from 1 to 1e-4), and stays
  /// large where GSL would wrap (p = 1e-12: P(k < 2^32) = 1 - (1-p)^(2^32) ~ 0.0043).
  func testGeometricMatchesGSLDrawForDrawAndDoesNotWrap() throws {
    let a = try GSLRandom(name: "mt19937")
    let b = try GSLRandom(name: "mt19937")
    a.reseed(3)
    b.reseed(3)
    for p in [1, 0.5, 0.1, 0.01, 1e-4] {
      for _ in 0..<20_000 { XCTAssertEqual(a.geometric(p: p), b.gslGeometric(p: p)) }
    }
    var small = 0
    for _ in 0..<10_000 where a.geometric(p: 1e-12) < 1 << 32 { small += 1 }
    // Binomial(10,000, 0.0043): mean 43, sd 6.5; within 5 x 7 (> 5 sd) on both sides:
    // P(>= 78) = 8.6e-7 and P(<= 8) = 8e-11 (binomial tails), so a correct sampler
    // fails with probability below 1e-6. Too many below 2^32 is the wrap this guards
    // against; too few, a sampler drawing too large.
    XCTAssertLessThan(small, 43 + 5 * 7, "draws below 2^32 at p = 1e-12: \(small)")
    XCTAssertGreaterThan(small, 43 - 5 * 7, "draws below 2^32 at p = 1e-12: \(small)")
  }

  /// The event calendar holds at most a few events per client, however long the
  /// horizon and however often refreshes fall due: a refresh reuses its event.
  /// Per client: one live refresh, at most two churn events (at join and, when the
  /// adopted rate differs, at adoption) and one commission end, so the pool stays
  /// within 4 x clients added (before: one event per refresh, here 360 per client).
  func testEventPoolStaysWithinAFewEventsPerClient() throws {
    let yaml = scenarioYAML(
      models: """
          m:
            clients: {initial: 100, seats: 10}
            churn: {annual: 0.05, annual_adopted: 0.02}
            adoption: {monthly: 0.05}
            streams:
              refresh_projects: {cycle_months: 1, win_rate: 0.5, value_per_seat: 100}
              marketplace: {commission: 0.1, capture: 0.5, cloud_spend_per_seat: 100, commission_months: 24}
        """, horizonYears: 30, seed: 8)
    let plan = ScenarioPlan(try ScenarioLoader.load(text: yaml, file: "events.yaml"))
    let worker = try PathWorker(plan: plan, layout: CellLayout(plan: plan), recorder: nil)
    for path in 0..<20 {
      try worker.run(path: path)
      let sim = worker.sims[0]
      XCTAssertLessThanOrEqual(sim.sim.calendar.count, 4 * sim.sim.book.count, "path \(path)")
      XCTAssertGreaterThan(sim.sim.calendar.count, 0)
    }
  }
}

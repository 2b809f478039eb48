import Foundation
import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

/// Correlated inputs and recessions (docs/model.md, "Correlated inputs", "Recessions"):
/// - every kind's CDF agrees with its GSL sampler (KS) and its quantile inverts it;
/// - the Gaussian copula gives the target Spearman correlations within 4.5 standard errors and
///   leaves each marginal as it was (KS); targets that cannot hold are refused, naming them;
/// - the recession months' share follows the Markov chain's exact month-by-month
///   probability; survival through the path's own recession months is
///   prod (1 - p_s) with p_s = p x the churn multiplier in them; each effect multiplies
///   what it should; probability 0 changes nothing but adds the `recession` row.
/// Every KS check here (`assertKS`) rejects at a false-alarm probability of 1e-4
/// (`ksCriticalOneIn10000`, derived in SampleStatistics.swift): 10 continuous kinds in
/// each of the first two tests, the mixture's draws off its atom and 5 copula marginals,
/// 26 checks, so a correct implementation fails one of them with probability at most
/// 26 x 1e-4 = 0.26 %.
final class CorrelatedRiskTests: XCTestCase {
  // MARK: CDF and quantile of every kind

  private static func kinds() throws -> [(String, Distribution)] {
    [
      ("constant", try .makeConstant(3)),
      ("uniform", try .makeUniform(min: 2, max: 5)),
      ("normal", try .makeNormal(mean: 1, sd: 2)),
      ("truncated_normal", try .makeTruncatedNormal(mean: 0, sd: 1, min: -0.5, max: 2)),
      ("lognormal", try .makeLognormal(mean: 25, sd: 15)),
      ("triangular", try .makeTriangular(min: 0.05, mode: 0.1, max: 0.15)),
      ("pert", try .makePERT(min: 1, mode: 2, max: 6)),
      ("beta", try .makeBeta(a: 2, b: 5, min: 10, max: 20)),
      ("gamma", try .makeGamma(shape: 2.5, scale: 3)),
      ("exponential", try .makeExponential(mean: 4)),
      ("poisson", try .makePoisson(mean: 7.5)),
      ("poisson large", try .makePoisson(mean: 2500)),
      ("binomial", try .makeBinomial(n: 20, p: 0.3)),
      ("bernoulli", try .makeBernoulli(p: 0.3)),
      ("discrete", try .makeDiscrete(values: [5, 1, 3], weights: [1, 2, 1])),
      (
        "mixture",
        try .makeMixture(
          components: [try .makeUniform(min: 0, max: 1), try .makeTriangular(min: 2, mode: 3, max: 5)],
          weights: [1, 3])
      ),
      (
        "mixture with an atom",
        try .makeMixture(components: [try .makeConstant(0.5), try .makeUniform(min: 0, max: 1)], weights: [1, 1])
      ),
    ]
  }

  /// The CDF is the sampler's: a KS test of 20,000 GSL draws against `cdf` (continuous
  /// kinds), and for every kind the quantile at u is the smallest x with F(x) >= u:
  /// F(q(u)) >= u, and F just below q(u) is below u (the left limit for atoms).
  func testCDFMatchesTheSamplerAndQuantileInvertsIt() throws {
    for (name, d) in try Self.kinds() {
      if !d.isIntegerValued, d.support.lowerBound < d.support.upperBound, !name.contains("atom") {
        assertKS(name, seed: 8101, sample: drawSample(d, n: 20_000, seed: 8101), cdf: d.cdf)
      }
      for u in stride(from: 0.001, through: 0.999, by: 0.0137) {
        let q = d.quantile(u)
        XCTAssertGreaterThanOrEqual(d.cdf(q) + 1e-9, u, "\(name): F(q(\(u))) = \(d.cdf(q))")
        let below = q - Swift.max(1e-7, abs(q) * 1e-7)
        XCTAssertLessThan(d.cdf(below), u + 1e-9, "\(name): F below q(\(u)) = \(d.cdf(below))")
      }
    }
  }

  /// Quantiles of uniforms are draws of the distribution: frequencies for the counts
  /// (the pmf from the CDF's steps), the discrete table and the mixture's atom against
  /// their weights as written, and KS for the rest.
  func testQuantilesOfUniformsHaveTheDistribution() throws {
    let rng = try GSLRandom(name: "mt19937", seed: 8102)
    let n = 20_000
    for (name, d) in try Self.kinds() {
      let xs = (0..<n).map { _ in d.quantile(rng.uniformPositive()) }
      switch d {
      case .constant(let v):
        XCTAssertTrue(xs.allSatisfy { $0 == v }, "\(name): a quantile other than \(v)")
      case .discrete:
        // From the weights [1, 2, 1] of the values [5, 1, 3] as written, not from `cdf`.
        assertFrequencies(name, seed: 8102, sample: xs, pmf: [(1, 0.5), (3, 0.25), (5, 0.25)])
      case .mixture where name.contains("atom"):
        // Weights 1 : 1 of the constant 0.5 and U(0, 1): the atom holds half the draws
        // (a binomial count, SE sqrt(n / 4), checked within 5 SE), and the others are
        // the uniform's, U(0, 1) (KS).
        let onAtom = xs.filter { $0 == 0.5 }.count
        XCTAssertEqual(
          Double(onAtom), Double(n) / 2, accuracy: 5 * (Double(n) / 4).squareRoot(), "\(name): draws on the atom")
        assertKS(name + " (quantile, off the atom)", seed: 8102, sample: xs.filter { $0 != 0.5 }) { x in
          Swift.min(1, Swift.max(0, x))
        }
      default:
        if d.isIntegerValued {
          let lo = Int(d.support.lowerBound)
          let hi = Int(Swift.min(d.support.upperBound, d.quantile(1 - 1e-12)))
          let pmf = (lo...hi).map { k in (value: Double(k), p: d.cdf(Double(k)) - d.cdf(Double(k) - 1)) }
          assertFrequencies(name, seed: 8102, sample: xs, pmf: pmf)
        } else {
          assertKS(name + " (quantile)", seed: 8102, sample: xs, cdf: d.cdf)
        }
      }
    }
  }

  // MARK: The copula

  private static let copulaYAML = """
    name: copula
    horizon_years: 1
    paths: 20000
    seed: 8103
    market:
      churn: {triangular: {min: 0.05, mode: 0.10, max: 0.15}}
      price: {lognormal: {mean: 0.02, sd: 0.03}}
      cloud: {pert: {min: 0.08, mode: 0.12, max: 0.20}}
      growth: {gamma: {shape: 2, scale: 0.01}}
      alone: {uniform: {min: 0, max: 1}}
    correlations:
      - [market.churn, market.price, -0.4]
      - [market.cloud, market.price, 0.6]
      - [market.growth, market.churn, 0.3]
    models:
      m:
        clients: {initial: 1, seats: 1}
        churn: {annual: market.churn}
        streams:
          managed_services: {price_per_seat: 1, annual_price_change: market.price}
        costs: {seats_per_technician: 0, technician_monthly: 0, tools_per_seat: 0, project_cost_share: 0}

    """

  /// Spearman correlations of the market draws over n = 200,000 paths within 4.5 standard
  /// errors of their targets (pairs not listed: 0); each marginal unchanged (KS against its CDF).
  ///
  /// The standard error: for a Gaussian copula, Fisher's z of the sample rank correlation,
  /// atanh(r_s), has variance about 1.06 / (n - 3) (Fieller, Hartley and Pearson, 1957);
  /// by the delta method (d atanh(r)/dr = 1 / (1 - r^2)) r_s itself has
  /// SE(rho) = (1 - rho^2) sqrt(1.06 / (n - 3)). At rho = 0 that is above the exact null
  /// SE 1/sqrt(n - 1), so the test errs on the side of passing. Five checks at 4.5 SE
  /// (two-sided 6.8e-6 each): a false alarm at most once in 29,000 runs.
  ///
  /// The tolerance is tight enough to see a copula that forgets Kruskal's adjustment
  /// (docs/model.md, "Correlated inputs": the normals' correlation is 2 sin(pi rho / 6),
  /// not rho): its rank correlation would be (6/pi) asin(rho/2), 0.582 for a target
  /// of 0.6, and the test asserts that this miss is at least twice its tolerance.
  func testCopulaGivesTheTargetRankCorrelationsAndKeepsTheMarginals() throws {
    let scenario = try ScenarioLoader.load(text: Self.copulaYAML, file: "copula.yaml")
    let plan = ScenarioPlan(scenario)
    let runner = try SinglePathRunner(plan: plan)
    let n = 200_000
    var draws = [[Double]](repeating: [], count: plan.market.count)
    for i in plan.market.indices { draws[i].reserveCapacity(n) }
    for path in 0..<n {
      try runner.run(path: path)
      for i in plan.market.indices { draws[i].append(runner.worker.marketValues[i]) }
    }
    let names = scenario.market.map(\.name)
    func spearman(_ a: String, _ b: String) -> Double {
      Correlation.pearson(ranks(draws[names.firstIndex(of: a)!]), ranks(draws[names.firstIndex(of: b)!]))
    }
    func tolerance(_ rho: Double) -> Double { 4.5 * (1 - rho * rho) * (1.06 / Double(n - 3)).squareRoot() }
    let unadjusted = 6 / Double.pi * asin(0.6 / 2)
    XCTAssertGreaterThan(abs(0.6 - unadjusted), 2 * tolerance(0.6), "the test could not see a missing adjustment")
    for (a, b, rho) in [
      ("churn", "price", -0.4), ("cloud", "price", 0.6), ("growth", "churn", 0.3), ("alone", "price", 0),
      ("alone", "churn", 0),
    ] {
      XCTAssertEqual(spearman(a, b), rho, accuracy: tolerance(rho), "Spearman(\(a), \(b))")
    }
    for (i, entry) in scenario.market.enumerated() {
      assertKS("market.\(entry.name) marginal", seed: 8103, sample: draws[i], cdf: entry.distribution.cdf)
    }
  }

  private func ranks(_ xs: [Double]) -> [Double] {
    var r = [Double](repeating: 0, count: xs.count)
    for (rank, i) in xs.indices.sorted(by: { xs[$0] < xs[$1] }).enumerated() { r[i] = Double(rank) }
    return r
  }

  /// Targets no joint distribution has (a strongly with b and c, b and c strongly
  /// apart) are refused, naming the pairs; so are a self-pair, a pair given twice, an
  /// unknown entry and a rho outside -1...1.
  func testImpossibleTargetsAreRefusedNamingThePairs() {
    func issues(_ correlations: String) -> [ScenarioIssue] {
      let yaml = Self.copulaYAML.replacingOccurrences(
        of: """
          correlations:
            - [market.churn, market.price, -0.4]
            - [market.cloud, market.price, 0.6]
            - [market.growth, market.churn, 0.3]
          """, with: "correlations:\n" + correlations)
      do {
        _ = try ScenarioLoader.load(text: yaml, file: "copula.yaml")
        XCTFail("accepted: \(correlations)")
        return []
      } catch { return error.issues }
    }
    let impossible = issues(
      "  - [market.churn, market.price, 0.9]\n  - [market.churn, market.cloud, 0.9]\n  - [market.price, market.cloud, -0.9]\n"
    )
    XCTAssertTrue(
      impossible.contains {
        $0.keyPath == "correlations" && $0.message.contains("[market.churn, market.price, 0.9]")
          && $0.message.contains("not positive definite")
      }, "\(impossible)")
    XCTAssertTrue(
      issues("  - [market.churn, market.churn, 0.5]\n").contains { $0.message.contains("paired with itself") })
    XCTAssertTrue(
      issues("  - [market.churn, market.price, 0.5]\n  - [market.price, market.churn, 0.2]\n").contains {
        $0.message.contains("paired twice")
      })
    XCTAssertTrue(
      issues("  - [market.chrun, market.price, 0.5]\n").contains { $0.message.contains("did you mean 'market.churn'") })
    XCTAssertTrue(
      issues("  - [market.churn, market.price, 1.5]\n").contains { $0.message.contains("allowed: a Spearman rho") })
  }

  // MARK: Recessions

  private static func recessionYAML(
    probability: Double, duration: String, effects: String = "{}", model: String, years: Int, seed: UInt64
  ) -> String {
    """
    name: recession check
    horizon_years: \(years)
    paths: 1000
    seed: \(seed)
    recessions:
      annual_probability: \(probability)
      duration_months: \(duration)
      effects: \(effects)
    models:
    \(model)
    """
  }

  private static let plainModel = """
      m:
        clients: {initial: 40, seats: 10}
        churn: {annual: 0.2}
        streams:
          managed_services: {price_per_seat: 100}
        costs: {seats_per_technician: 0, technician_monthly: 0, tools_per_seat: 0, project_cost_share: 0}

    """

  /// P(month t is a recession month), exactly: a Markov chain over the months left of
  /// the current recession (0: none). From a month with none left, a recession starts
  /// with q = 1 - (1 - p)^(1/12) and lasts D months counting that one (D from
  /// `duration_months`, here 3 or 9 with equal odds), so r(t) = D - 1 with probability
  /// q P(D); otherwise r(t) = max(0, r(t-1) - 1) and month t is in a recession when
  /// r(t-1) > 0. The mean of the `recession` row at each month over 20,000 paths
  /// matches it within 4 SE, and so does the annual count (the row is a flow).
  func testRecessionMonthsFollowTheMarkovChain() throws {
    let p = 0.15
    let q = 1 - pow(1 - p, 1.0 / 12)
    let yaml = Self.recessionYAML(
      probability: p, duration: "{discrete: {values: [3, 9], weights: [1, 1]}}", model: Self.plainModel, years: 5,
      seed: 8104)
    guard let run = runModel(yaml, paths: 20_000) else { return }
    let row = try XCTUnwrap(run.layout(0).recession)
    XCTAssertEqual(run.layout(0).names.last, "recession")
    var state = [Double](repeating: 0, count: 9)  // P(r = k) after month t
    state[0] = 1
    var annual = 0.0
    for t in 1...run.plan.months {
      var next = [Double](repeating: 0, count: 9)
      var inRecession = 0.0
      for k in 0..<9 where state[k] > 0 {
        if k > 0 {
          next[k - 1] += state[k]
          inRecession += state[k]
        } else {
          next[0] += state[0] * (1 - q)
          next[2] += state[0] * q * 0.5
          next[8] += state[0] * q * 0.5
          inRecession += state[0] * q
        }
      }
      state = next
      annual += inRecession
      if [1, 6, 12, 30, 60].contains(t) { run.checkMonthly(0, row, month: t, expected: inRecession) }
      if t % 12 == 0 {
        run.checkAnnual(0, row, year: t / 12, expected: annual)
        annual = 0
      }
    }
  }

  /// The mean duration. A spell of consecutive recession months is one recession or
  /// several back to back: when one ends, the next month starts another with
  /// probability q, so a spell holds K recessions, K ~ Geometric(1 - q) on {1, 2, ...}
  /// independent of their durations, and E[spell] = E[D] / (1 - q) (Wald). With
  /// D in {3, 9} (E[D] = 6), p = 0.15 and 30 years, spells starting in the first 20
  /// years are complete by the horizon but for a chance below 1e-12; their mean length
  /// over 4,000 paths matches within 4 SE.
  func testRecessionSpellsLastTheirClosedFormMean() throws {
    let p = 0.15
    let q = 1 - pow(1 - p, 1.0 / 12)
    let yaml = Self.recessionYAML(
      probability: p, duration: "{discrete: {values: [3, 9], weights: [1, 1]}}", model: Self.plainModel, years: 30,
      seed: 8108)
    let plan = ScenarioPlan(try ScenarioLoader.load(text: yaml, file: "spells.yaml"))
    let runner = try SinglePathRunner(plan: plan)
    let row = try XCTUnwrap(plan.models[0].layout.recession)
    var spells = Moments()
    for path in 0..<4000 {
      try runner.run(path: path)
      let r = runner.monthly(model: 0, metric: row)
      var t = 0
      while t < 240 {
        if r[t] > 0, t == 0 || r[t - 1] == 0 {
          var end = t
          while end < r.count, r[end] > 0 { end += 1 }
          spells.add(Double(end - t))
          t = end
        } else {
          t += 1
        }
      }
    }
    XCTAssertGreaterThan(spells.count, 1000)
    assertExpectation("mean recession spell (months)", spells, expected: 6 / (1 - q), seed: 8108)
  }

  /// Survival through the path's own recession months. Without arrivals, a client of
  /// the initial book is in the book after month t with probability
  /// prod_{s <= t} (1 - p_s), p_s = p x m in a recession month (m = 2.5 here), else p;
  /// half the book adopted at month 0 with p_A in place of p. Given the path's
  /// recession months (its `recession` row), E[clients(t)] = 20 S(t) + 20 S_A(t), so
  /// X = clients(t) - 20 S(t) - 20 S_A(t) has mean 0 over paths, checked within 4 SE
  /// at several months: this holds only if the leaving months are drawn again at each
  /// regime change.
  func testSurvivalThroughRecessionsIsTheProductOfMonthlyRates() throws {
    let model = """
        m:
          clients: {initial: 40, seats: 10}
          churn: {annual: 0.2, annual_adopted: 0.05}
          adoption: {initial_share: 0.5}
          streams:
            vcio: {monthly_fee: 100}
          costs: {seats_per_technician: 0, technician_monthly: 0, tools_per_seat: 0, project_cost_share: 0}

      """
    // initial_share draws each client's adoption: the expectation is 40 x (S + S_A)/2.
    let yaml = Self.recessionYAML(
      probability: 0.4, duration: "{uniform: {min: 2, max: 10}}", effects: "{churn: 2.5}", model: model, years: 4,
      seed: 8105)
    let plan = ScenarioPlan(try ScenarioLoader.load(text: yaml, file: "survival.yaml"))
    let runner = try SinglePathRunner(plan: plan)
    let layout = plan.models[0].layout
    let row = try XCTUnwrap(layout.recession)
    let p = monthlyProbability(0.2)
    let pA = monthlyProbability(0.05)
    let months = [3, 12, 24, 48]
    var x = months.map { _ in Moments() }
    var recessionMonths = 0.0
    for path in 0..<6000 {
      try runner.run(path: path)
      let r = runner.monthly(model: 0, metric: row)
      let clients = runner.monthly(model: 0, metric: MetricLayout.clients)
      var s = 1.0
      var sA = 1.0
      var k = 0
      for t in 1...plan.months {
        let m = r[t - 1] > 0 ? 2.5 : 1
        s *= 1 - Swift.min(1, p * m)
        sA *= 1 - Swift.min(1, pA * m)
        recessionMonths += r[t - 1]
        if k < months.count, months[k] == t {
          x[k].add(clients[t - 1] - 20 * s - 20 * sA)
          k += 1
        }
      }
    }
    XCTAssertGreaterThan(recessionMonths, 6000, "too few recession months: the check is weak")
    for (k, t) in months.enumerated() {
      assertExpectation("clients(\(t)) - 20 S - 20 S_A", x[k], expected: 0, seed: 8105)
    }
  }

  /// A recession in every month (probability 1, each as long as the horizon): each
  /// effect multiplies its quantity. Model `book`: 10 clients of 10 seats, no churn, no
  /// arrivals, all adopted at month 0, so each month
  /// - marketplace commissions 0.1 x capture 1 x cloud 100 x 100 seats x 0.9 = 900, exactly;
  /// - billed hours Poisson(0.5 x 100 x 0.8) at 50: E = 2000;
  /// - every client's refresh due every month (cycle 1), won at 1 x 0.5, worth
  ///   300 x 10 seats: E = 10 x 0.5 x 3000 = 15,000;
  /// - third-party projects Poisson(10 x 1.2/12 x 0.6) of 1000 at fee share 0.5: E = 300.
  /// Model `growth`: no initial book, Poisson(2 x 0.25) new clients a month and no
  /// churn: E[clients(t)] = 0.5 t.
  func testEachEffectMultipliesItsQuantity() throws {
    let models = """
        book:
          clients: {initial: 10, seats: 10}
          churn: {annual: 0}
          adoption: {initial_share: 1}
          streams:
            block_hours: {hours_per_seat: 0.5, hourly_rate: 50}
            refresh_projects: {cycle_months: 1, win_rate: 1, value_per_seat: 300}
            third_party_pm: {projects_per_year: 1.2, value: 1000, fee_share: 0.5}
            marketplace: {commission: 0.1, capture: 1, cloud_spend_per_seat: 100}
          costs: {seats_per_technician: 0, technician_monthly: 0, tools_per_seat: 0, project_cost_share: 0}
        growth:
          clients: {initial: 0, seats: 10}
          acquisition: {monthly_rate: 2}
          churn: {annual: 0}
          streams:
            managed_services: {price_per_seat: 100}
          costs: {seats_per_technician: 0, technician_monthly: 0, tools_per_seat: 0, project_cost_share: 0}

      """
    let yaml = Self.recessionYAML(
      probability: 1, duration: "36",
      effects:
        "{acquisition: 0.25, churn: 3, block_hours: 0.8, refresh_win_rate: 0.5, third_party_pm: 0.6, cloud_spend: 0.9}",
      model: models, years: 3, seed: 8106)
    guard let run = runModel(yaml, paths: 4000) else { return }
    let book = run.model("book")
    let growth = run.model("growth")
    for t in [1, 12, 36] {
      run.checkMonthly(book, run.layout(book).recession!, month: t, expected: 1)
      run.assertDeterministic(book, run.layout(book).recession!, month: t)
      run.checkMonthly(book, run.stream(book, .marketplace), month: t, expected: 900, relEps: 1e-12)
      run.assertDeterministic(book, run.stream(book, .marketplace), month: t)
      run.checkMonthly(book, run.stream(book, .blockHours), month: t, expected: 2000)
      run.checkMonthly(book, run.stream(book, .refreshProjects), month: t, expected: 15_000)
      run.checkMonthly(book, run.stream(book, .thirdPartyPM), month: t, expected: 300)
      run.checkMonthly(book, MetricLayout.clients, month: t, expected: 10)
      run.checkMonthly(growth, MetricLayout.clients, month: t, expected: 0.5 * Double(t))
    }
  }

  /// `annual_probability: 0` draws nothing: every row but the added `recession` (all 0)
  /// is byte-identical to the scenario without the block.
  func testProbabilityZeroChangesNothingButAddsTheRow() throws {
    let with = Self.recessionYAML(
      probability: 0, duration: "{uniform: {min: 2, max: 10}}", effects: "{churn: 3, acquisition: 0.1}",
      model: Self.plainModel, years: 2, seed: 8107)
    let without = with.replacingOccurrences(
      of:
        "recessions:\n  annual_probability: 0.0\n  duration_months: {uniform: {min: 2, max: 10}}\n  effects: {churn: 3, acquisition: 0.1}\n",
      with: "")
    XCTAssertFalse(without.contains("recessions"))
    let a = try SinglePathRunner(plan: ScenarioPlan(try ScenarioLoader.load(text: with, file: "a.yaml")))
    let b = try SinglePathRunner(plan: ScenarioPlan(try ScenarioLoader.load(text: without, file: "b.yaml")))
    let layoutB = ScenarioPlan(try ScenarioLoader.load(text: without, file: "b.yaml")).models[0].layout
    for path in 0..<50 {
      try a.run(path: path)
      try b.run(path: path)
      for k in 0..<layoutB.count {
        XCTAssertEqual(a.monthly(model: 0, metric: k), b.monthly(model: 0, metric: k), "metric \(k) path \(path)")
      }
      XCTAssertEqual(a.summary(model: 0), b.summary(model: 0))
      XCTAssertEqual(a.monthly(model: 0, metric: layoutB.count), [Double](repeating: 0, count: 24))
    }
  }
}

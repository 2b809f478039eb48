import Foundation
import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

/// Issue 4: the tuned engine did not change the model. For every file in
/// Scenarios/ (horizon overridden to 5 years), the engine's means agree with those
/// of an independent, naive reference implementation of docs/model.md
/// (ReferenceModel.swift: a Bernoulli draw per client per month for churn and
/// adoption, seats recomputed per client, revenue summed client by client) within
/// 4.5 standard errors of the difference:
///
///     |mean_engine - mean_reference| <= 4.5 sqrt(se_engine^2 + se_reference^2) + eps
///
/// Budget: about 2,300 comparisons a run (the files' 2,020 and the feature scenario's
/// 279, printed), each a two-sided 6.8e-6 at 4.5 SE, so these fixed seeds are unlucky
/// somewhere with probability at most 1.6 % (Bonferroni; the cells are positively
/// correlated, so less). Power: a mechanism off by 1 % of a mean whose SE is 0.1 % of
/// it shows as |z| near 7 (`RandomScenarioReferenceTests` uses the same limit).
///
/// eps = 1e-9 x max(1, |means|) only absorbs rounding in cells that are constant
/// across paths (SE = 0: e.g. adopted_clients of a 1.0 model).
///
/// Compared per model: npv.ebitda, revenue.horizon_total, ebitda.horizon_total,
/// and at months 3, 12, 36 and 60 clients, adopted_clients, seats, each stream's
/// revenue, revenue.total, revenue.recurring, cost.total and ebitda; per pair: the
/// NPV difference, p_npv_better, p_crossover, the crossover month over the paths
/// that cross, the valley depth and the share of paths with a valley, and with
/// `valuation:` the value difference and p_value_better. Both sides use fixed
/// seeds, so the outcome is deterministic.
///
/// Environment: MSPSIM_REFERENCE_PATHS (default 2048) paths per side;
/// MSPSIM_REFERENCE_VERBOSE=1 prints every comparison; MSPSIM_REFERENCE_ALL_CELLS=1
/// compares every metric of every month (for an investigation with many paths);
/// MSPSIM_REFERENCE_ENGINE_SEED=n runs the engine with seed n instead of the file's.
final class ReferenceModelTests: XCTestCase {
  static let environment = ProcessInfo.processInfo.environment
  static let paths = environment["MSPSIM_REFERENCE_PATHS"].flatMap { Int($0) } ?? 2048
  static let verbose = environment["MSPSIM_REFERENCE_VERBOSE"] != nil
  /// Compare every metric of every month instead of the selection (investigation).
  static let allCells = environment["MSPSIM_REFERENCE_ALL_CELLS"] != nil
  /// Overrides the scenarios' seed on the engine side (investigation: another engine sample).
  static let engineSeed = environment["MSPSIM_REFERENCE_ENGINE_SEED"].flatMap { UInt64($0) }
  static let tolerance = 4.5
  static let comparedMonths = [3, 12, 36, 60]
  static let horizonYears = 5

  /// One mean compared.
  struct Comparison {
    let scenario: String
    let model: String
    let metric: String
    let engine: Moments
    let reference: Moments

    var se: Double { (pow(engine.standardError, 2) + pow(reference.standardError, 2)).squareRoot() }
    var diff: Double { engine.mean - reference.mean }
    var eps: Double { 1e-9 * Swift.max(1, abs(engine.mean), abs(reference.mean)) }
    /// The difference in standard errors of the difference (0 within eps when SE = 0).
    var z: Double { se > 0 ? diff / se : (abs(diff) <= eps ? 0 : .infinity) }
    var passed: Bool { abs(diff) <= ReferenceModelTests.tolerance * se + eps }

    var line: String {
      "\(scenario) \(model) \(metric): engine \(engine.mean) (SE \(engine.standardError)), "
        + "reference \(reference.mean) (SE \(reference.standardError)), z = \(String(format: "%.2f", z))"
    }
  }

  // MARK: Running both sides

  /// Runs the engine and the reference on `scenario` (horizon and paths already set)
  /// and returns every comparison.
  static func compare(_ scenario: Scenario, label: String, referenceSeed: UInt64) throws -> [Comparison] {
    try compare(scenario, label: label) { scenario in
      try ReferenceSimulator(scenario: scenario, seed: referenceSeed).run(paths: scenario.paths)
    }
  }

  /// The same with any reference run of the scenario (`reference(scenario)` simulates its paths).
  static func compare(
    _ scenario: Scenario, label: String,
    reference runReference: (Scenario) throws -> ReferenceRun
  ) throws -> [Comparison] {
    var scenario = scenario
    if let seed = engineSeed { scenario.seed = seed }
    let plan = ScenarioPlan(scenario)
    let engine = Engine(plan: plan, threads: 2)
    try engine.advance(to: plan.paths)
    let reference = try runReference(scenario)
    let r = engine.result
    precondition(r.paths == plan.paths && reference.paths == plan.paths)

    var out: [Comparison] = []
    for (mi, model) in plan.models.enumerated() {
      let ml = model.layout
      func add(_ metric: String, _ e: Moments, _ ref: Moments) {
        out.append(Comparison(scenario: label, model: model.name, metric: metric, engine: e, reference: ref))
      }
      add("npv.ebitda", r.moments[r.layout.summary(model: mi, metric: MetricLayout.summaryNPV)], reference.npv[mi])
      add(
        "revenue.horizon_total", r.moments[r.layout.summary(model: mi, metric: MetricLayout.summaryRevenueTotal)],
        reference.revenueTotal[mi])
      add(
        "ebitda.horizon_total", r.moments[r.layout.summary(model: mi, metric: MetricLayout.summaryEBITDATotal)],
        reference.ebitdaTotal[mi])
      // The decision's summary values (docs/model.md, "Exit value", "Cash").
      for (k, name) in ml.summaryNames.enumerated() where k >= MetricLayout.summaryFirstMix + ml.streams.count {
        guard let ref = reference.decision[mi][name] else {
          preconditionFailure("the reference model does not compute summary metric \(name)")
        }
        add(name, r.moments[r.layout.summary(model: mi, metric: k)], ref)
      }
      func monthly(_ metric: Int, _ t: Int) {
        add(
          "\(ml.names[metric]) month \(t)", r.moments[r.layout.monthly(model: mi, metric: metric, month: t)],
          reference.monthly[mi][metric][t - 1])
      }
      if allCells {
        for metric in 0..<ml.count { for t in 1...plan.months { monthly(metric, t) } }
        continue
      }
      // Every monthly metric but ebitda.cumulative (the horizon totals cover it) at
      // months 3 (adoption starts and vCIO hiring around it), 12, 36 and 60.
      for t in comparedMonths where t <= plan.months {
        for metric in 0..<ml.count where metric != ml.ebitdaCumulative { monthly(metric, t) }
      }
    }
    // compare.csv's quantities of each pair (docs/model.md, "What is reported", "The
    // valley"): the engine's shares and month histograms as moments of indicators and
    // months, the reference's computed from its own rows (`ReferenceSimulator.addPair`).
    for (pi, pair) in plan.pairs.enumerated() {
      let label = "\(plan.models[pair.baseline].name):\(plan.models[pair.alternative].name)"
      let ref = reference.pairs[pi]
      let counts = r.pairs[pi]
      func add(_ metric: String, _ e: Moments, _ reference: Moments) {
        out.append(Comparison(scenario: label, model: label, metric: metric, engine: e, reference: reference))
      }
      add("npv difference", r.moments[r.layout.pair(pi)], ref.npvDiff)
      add("p_npv_better", Self.share(counts.better, of: r.paths), ref.better)
      add("p_crossover", Self.share(counts.crossed, of: r.paths), ref.crossed)
      // The month over the paths that cross, when 30 or more do on each side: fewer
      // make the SE itself too uncertain for a 4-SE bound (a t with few degrees of freedom).
      if counts.crossed >= 30, ref.crossoverMonth.count >= 30 {
        add("crossover month", Self.moments(of: counts.crossoverHistogram), ref.crossoverMonth)
      }
      add("valley depth", r.moments[r.layout.valleyDepth(pi)], ref.valleyDepth)
      add("share with a valley", Self.share(counts.valleys, of: r.paths), ref.valley)
      if let cell = r.layout.valueDifference(pi) {
        add("value difference", r.moments[cell], ref.valueDiff)
        add("p_value_better", Self.share(counts.valueBetter, of: r.paths), ref.valueBetter)
      } else {
        precondition(ref.valueDiff.count == 0, "the reference has a value difference without valuation")
      }
    }
    return out
  }

  /// The moments of an indicator that is 1 on `k` of `n` paths: mean p = k/n and
  /// sum of squared deviations k (1-p)^2 + (n-k) p^2 = n p (1-p).
  static func share(_ k: Int, of n: Int) -> Moments {
    let p = Double(k) / Double(n)
    return Moments(count: n, mean: p, m2: Double(n) * p * (1 - p))
  }

  /// The moments of the months counted in `histogram` (index = month).
  static func moments(of histogram: [Int]) -> Moments {
    let n = histogram.reduce(0, +)
    let mean = Double(zip(histogram.indices, histogram).reduce(0) { $0 + $1.0 * $1.1 }) / Double(n)
    let m2 = zip(histogram.indices, histogram).reduce(0.0) { $0 + Double($1.1) * pow(Double($1.0) - mean, 2) }
    return Moments(count: n, mean: mean, m2: m2)
  }

  /// Asserts every comparison, prints the summary (max |z|) and, if asked, every line.
  static func check(_ comparisons: [Comparison], scenario: String, file: StaticString = #filePath, line: UInt = #line) {
    for c in comparisons {
      if verbose { print("[reference] " + c.line) }
      XCTAssert(c.passed, "engine and reference disagree beyond \(tolerance) SE: " + c.line, file: file, line: line)
    }
    if let worst = comparisons.max(by: { abs($0.z) < abs($1.z) }) {
      let beyond2 = comparisons.filter { abs($0.z) > 2 }.count
      let beyond3 = comparisons.filter { abs($0.z) > 3 }.count
      print(
        "[reference] \(scenario): \(comparisons.count) comparisons, max |z| = "
          + String(format: "%.2f", abs(worst.z)) + " (\(worst.model) \(worst.metric)), "
          + "|z| > 2: \(beyond2), |z| > 3: \(beyond3)")
    }
  }

  // MARK: Tests

  /// Every file in Scenarios/, horizon 5 years, MSPSIM_REFERENCE_PATHS paths.
  func testEngineMatchesNaiveReferenceOnEveryScenarioFile() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Fixtures.scenariosFolder.path)
      .filter { $0.hasSuffix(".yaml") }.sorted()
    XCTAssertGreaterThanOrEqual(files.count, 7, "Scenarios/ should hold the seven example scenarios")
    var all: [Comparison] = []
    for (i, name) in files.enumerated() {
      let s = try ScenarioLoader.load(path: Fixtures.scenariosFolder.appendingPathComponent(name).path)
        .applying([.years(Self.horizonYears), .paths(Self.paths)])
      let comparisons = try Self.compare(s, label: name, referenceSeed: 0x5EED_0000 + UInt64(i))
      Self.check(comparisons, scenario: name)
      all += comparisons
    }
    let zs = all.map { abs($0.z) }
    print(
      "[reference] all files: \(all.count) comparisons at \(Self.paths) paths a side, max |z| = "
        + String(format: "%.2f", zs.max() ?? 0) + ", mean |z| = "
        + String(format: "%.2f", zs.reduce(0, +) / Double(Swift.max(1, zs.count))))
  }

  /// A synthetic scenario for the mechanisms the example files leave untouched:
  /// annual_cost_change, initial adopters with capped and ramping commissions,
  /// bounties, a drawn (and rounded) refresh cycle and commission length, normal
  /// draws clamped to their domain, market per-event quantities, clients_per_vcio 0
  /// with min_vcios from a late start month, acquisition growth, a default
  /// churn.annual_adopted that is the path's drawn churn.annual.
  func testEngineMatchesNaiveReferenceOnFeatureScenario() throws {
    let s = try ScenarioLoader.load(text: Self.featureYAML, file: "reference-features.yaml")
    let comparisons = try Self.compare(s, label: "feature-coverage", referenceSeed: 0xFEA7)
    Self.check(comparisons, scenario: "feature-coverage")
  }

  static let featureYAML = """
    name: reference feature coverage
    horizon_years: 5
    paths: \(paths)
    seed: 777
    rng: mt19937
    discount_rate: 0.08
    market:
      churn: {uniform: {min: 0.05, max: 0.25}}
      cloud_spend: {normal: {mean: 120, sd: 60}}
      fee: {uniform: {min: 800, max: 1600}}
    models:
      legacy:
        clients: {initial: 40, seats: {normal: {mean: 20, sd: 12}}, annual_seat_growth: {normal: {mean: 0.03, sd: 0.05}}}
        acquisition: {monthly_rate: 0.8, annual_growth: {uniform: {min: -0.2, max: 0.3}}}
        churn: {annual: market.churn}
        streams:
          managed_services: {price_per_seat: 120, annual_price_change: {normal: {mean: -0.02, sd: 0.03}}}
          block_hours: {hours_per_seat: 0.08, hourly_rate: 140, annual_demand_change: -0.1, annual_rate_change: 0.03}
          refresh_projects: {cycle_months: {uniform: {min: 10, max: 30}}, win_rate: {beta: {a: 2, b: 2}}, value_per_seat: {normal: {mean: 900, sd: 500}}}
          resale: {spend_per_seat_per_year: 700, margin: 0.12, annual_margin_change: -0.05}
        costs: {seats_per_technician: 90, technician_monthly: 6500, tools_per_seat: 15, project_cost_share: 0.7,
                fixed_monthly: 50000, marketing_monthly: 5000, annual_cost_change: {uniform: {min: 0.0, max: 0.08}}}
      modern:
        clients: {initial: 40, seats: {lognormal: {mean: 20, sd: 10}}, annual_seat_growth: 0.05}
        acquisition: {monthly_rate: 1.2, annual_growth: 0.1}
        churn: {annual: market.churn}
        adoption: {initial_share: 0.25, at_signup: 0.4, monthly: {uniform: {min: 0.01, max: 0.06}}, ramp_months: 9, start_month: 5}
        streams:
          managed_services: {price_per_seat: 120}
          vcio: {monthly_fee: market.fee}
          framework_projects: {fee: {normal: {mean: 8000, sd: 6000}}}
          third_party_pm: {projects_per_year: 2, value: {gamma: {shape: 2, scale: 6000}}, fee_share: 0.12}
          app_management: {apps_per_client: {normal: {mean: 3, sd: 2}}, tier_price: {discrete: {values: [4, 9], weights: [0.6, 0.4]}}, user_share: 0.5}
          marketplace:
            commission: {mixture: {components: [{uniform: {min: 0.08, max: 0.10}}, {uniform: {min: 0.20, max: 0.30}}], weights: [0.6, 0.4]}}
            capture: {uniform: {min: 0.2, max: 0.6}}
            capture_ramp_months: 4
            commission_months: {uniform: {min: 6, max: 20}}
            bounty_per_seat: 20
            cloud_spend_per_seat: market.cloud_spend
            annual_cloud_growth: 0.15
        costs: {seats_per_technician: 100, technician_monthly: 7000, clients_per_vcio: 0, vcio_monthly: 11000,
                min_vcios: 2, tools_per_seat: 16, project_cost_share: 0.75, fixed_monthly: 60000,
                marketing_monthly: 9000, annual_cost_change: 0.04}
      adopted_churn:
        clients: {initial: 30, seats: 12}
        churn: {annual: {uniform: {min: 0.1, max: 0.4}}, annual_adopted: 0.02}
        adoption: {initial_share: 0.5, monthly: 0.05}
        streams:
          vcio: {monthly_fee: 900}
          marketplace: {commission: 0.1, capture: 1, capture_ramp_months: 0, commission_months: 1, bounty_per_seat: 5, cloud_spend_per_seat: 100}
        costs: {clients_per_vcio: 7, vcio_monthly: 9000, min_vcios: 1, fixed_monthly: 1000}
    """
}

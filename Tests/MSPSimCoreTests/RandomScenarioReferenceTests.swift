import Foundation
import XCTest

@testable import MSPSimCore

/// The engine against the naive `ReferenceModel` on random scenarios (not only the
/// files in Scenarios/): ScenarioGenerator with `Size.reference` (books of at most a
/// few hundred clients, 1-5 years, moderate tails), 512 paths a side, the same
/// comparisons as ReferenceModelTests (NPV, horizon totals, every monthly metric at
/// months 3, 12, 36 and 60 within the horizon, each pair's compare.csv quantities),
/// each within 4.5 standard errors of the difference:
///
///     |mean_engine - mean_reference| <= 4.5 sqrt(se_engine^2 + se_reference^2) + eps
///
/// At 4.5 SE a single comparison fails by chance with probability 6.8e-6 (normal
/// tails); over ~10,000 comparisons that is < 0.07 expected false alarms, and the
/// seeds are fixed, so the outcome is deterministic.
///
/// Environment: MSPSIM_DIFFERENTIAL_CASES (default 50), MSPSIM_DIFFERENTIAL_SEED.
final class RandomScenarioReferenceTests: XCTestCase {
  static let environment = ProcessInfo.processInfo.environment
  static let cases = environment["MSPSIM_DIFFERENTIAL_CASES"].flatMap { Int($0) } ?? 50
  static let seed = environment["MSPSIM_DIFFERENTIAL_SEED"].flatMap { UInt64($0) } ?? 0xD1FF_2026
  static let tolerance = 4.5

  func testEngineMatchesNaiveReferenceOnRandomScenarios() throws {
    var all: [ReferenceModelTests.Comparison] = []
    var failing = 0
    // Models whose vCIO-only rate is not the constant 0 (docs/model.md, "Bigger clients
    // and vCIO-only clients"): the comparison covers them.
    var vcioOnlyModels = 0
    // Models adopting through a sales funnel (docs/model.md, "The sales funnel").
    var funnelModels = 0
    // Scenarios with `correlations:` and with `recessions:` (docs/model.md, "Correlated
    // inputs", "Recessions").
    var correlated = 0
    var withRecessions = 0
    // Scenarios sampled with a Latin hypercube: the reference draws at random, and the
    // engine's standard errors (from the sample variance) overstate a stratified mean's,
    // so the comparison is conservative.
    var latinHypercubes = 0
    var gslSamplers = 0
    // Defaults the reference applied itself (ReferenceDefaults.swift, written from the docs)
    // to keys the random files left out: without them an engine default would be on both sides.
    let ownDefaultsBefore = ReferenceSimulator.ownDefaultsApplied
    for k in 0..<Self.cases {
      var generator = ScenarioGenerator(seed: Self.seed &+ UInt64(k), size: .reference)
      let (yaml, _) = generator.scenario(name: "differential-\(k)")
      let scenario: Scenario
      do { scenario = try ScenarioLoader.load(text: yaml, file: "differential-\(k).yaml") } catch {
        XCTFail("the generator wrote a scenario the loader rejects: \(error)\n\(yaml)")
        continue
      }
      for m in scenario.models where m.uses(.acquisitionVCIOOnlyRate) {
        if case .constant(0) = m[.acquisitionVCIOOnlyRate] { continue }
        vcioOnlyModels += 1
      }
      funnelModels += scenario.models.filter(\.hasFunnel).count
      if !scenario.correlations.isEmpty { correlated += 1 }
      if scenario.has(.recessions) { withRecessions += 1 }
      if scenario.sampling == .latinHypercube { latinHypercubes += 1 }
      if scenario.sampler == .gsl { gslSamplers += 1 }
      let comparisons = try ReferenceModelTests.compare(
        scenario, label: "differential-\(k)",
        referenceSeed: 0xD1FF_0000 &+ UInt64(k))
      let bad = comparisons.filter { abs($0.diff) > Self.tolerance * $0.se + $0.eps }
      if !bad.isEmpty {
        failing += 1
        XCTFail(
          "engine and reference disagree beyond \(Self.tolerance) SE on random scenario \(k):\n"
            + bad.prefix(5).map(\.line).joined(separator: "\n") + "\n--- scenario ---\n\(yaml)---")
      }
      all += comparisons
    }
    let ownDefaults = ReferenceSimulator.ownDefaultsApplied - ownDefaultsBefore
    let worst = all.max { abs($0.z) < abs($1.z) }
    print(
      "[differential] \(Self.cases) random scenarios, \(all.count) comparisons of monthly and summary means, "
        + "worst |z| = \(String(format: "%.2f", abs(worst?.z ?? 0))) (\(worst?.scenario ?? "-") \(worst?.model ?? "") \(worst?.metric ?? "")), "
        + "|z| > 3: \(all.filter { abs($0.z) > 3 }.count), failing scenarios: \(failing), "
        + "models with vCIO-only clients: \(vcioOnlyModels), models with a funnel: \(funnelModels), "
        + "scenarios with correlations: \(correlated), with recessions: \(withRecessions), "
        + "with a Latin hypercube: \(latinHypercubes), with sampler: gsl: \(gslSamplers), "
        + "reference's own defaults applied: \(ownDefaults) "
        + "(keys so far: \(ReferenceSimulator.ownDefaultKeys.count))"
        + "; the worst: \(worst?.line ?? "-")")
    if Self.cases >= 50 {
      XCTAssertGreaterThan(vcioOnlyModels, 0, "no random model had vCIO-only clients")
      XCTAssertGreaterThan(funnelModels, 0, "no random model had a sales funnel")
      XCTAssertGreaterThan(correlated, 0, "no random scenario had correlations")
      XCTAssertGreaterThan(withRecessions, 0, "no random scenario had recessions")
      XCTAssertGreaterThan(latinHypercubes, 0, "no random scenario sampled with a Latin hypercube")
      XCTAssertTrue(gslSamplers > 0 && gslSamplers < Self.cases, "both samplers (gsl: \(gslSamplers))")
      XCTAssertGreaterThan(ownDefaults, 0, "the reference applied none of its own documented defaults")
    }
    XCTAssertGreaterThan(all.count, Self.cases * 10, "each scenario should give many comparisons")
  }
}

/// `--sensitivity sobol` against the naive reference (docs/model.md, "Sobol indices"):
/// every column of the Saltelli design (A, B and each A_B^(g)) is on its own a sample
/// of the model, its inputs drawn from their distributions (the correlated ones
/// through the copula) and its within-path randomness that of a plain path. So on
/// random scenarios each column's mean NPV per model equals the reference's within
/// the differential's 4.5 standard errors: a design that drew an input from the wrong
/// place, shared randomness wrongly or broke the copula would move those means.
final class SobolDesignReferenceTests: XCTestCase {
  func testEveryDesignColumnIsASampleOfTheModel() throws {
    let cases = Swift.min(12, RandomScenarioReferenceTests.cases)
    var comparisons = 0
    var worst = 0.0
    for k in 0..<cases {
      var generator = ScenarioGenerator(
        seed: RandomScenarioReferenceTests.seed &+ 0x50B0 &+ UInt64(k), size: .reference)
      let (yaml, _) = generator.scenario(name: "sobol-\(k)")
      let scenario = try ScenarioLoader.load(text: yaml, file: "sobol-\(k).yaml")
      let plan = ScenarioPlan(scenario)
      let rows = 384
      let design = SobolDesign(plan: plan, rows: rows)
      let engine = Engine(
        plan: plan, threads: 2, recordPaths: true, recordCapacity: design.evaluations, recordSummaries: true,
        sobol: design)
      try engine.advance(to: design.evaluations)
      let recorder = try XCTUnwrap(engine.recorder)
      let reference = try ReferenceSimulator(scenario: scenario, seed: 0x50B0_0000 &+ UInt64(k)).run(paths: rows)
      for (mi, model) in plan.models.enumerated() {
        let column = recorder.inputs.count + 2 * mi
        // Column A, column B, the first group's A_B, and the within-path group's.
        for c in Set([0, 1, 2, design.evaluationsPerRow - 1]) {
          var m = Moments()
          for j in 0..<rows { m.add(recorder.value(path: j * design.evaluationsPerRow + c, column: column)) }
          let cmp = ReferenceModelTests.Comparison(
            scenario: "sobol-\(k)", model: model.name, metric: "npv.ebitda (design column \(c))", engine: m,
            reference: reference.npv[mi])
          comparisons += 1
          worst = Swift.max(worst, abs(cmp.z))
          XCTAssert(
            abs(cmp.diff) <= RandomScenarioReferenceTests.tolerance * cmp.se + cmp.eps,
            cmp.line + "\n--- scenario ---\n\(yaml)---")
        }
      }
    }
    print(
      "[differential, Sobol design] \(cases) random scenarios, \(comparisons) comparisons, worst |z| = \(String(format: "%.2f", worst))"
    )
    XCTAssertGreaterThan(comparisons, cases * 4)
  }
}

import Foundation
import XCTest

@testable import MSPSimCore

// Shared helpers for the closed-form model tests (ModelClosedFormTests.swift):
// run a small YAML scenario through the real loader, plan and engine at a fixed
// seed, then compare a simulated mean with its exact expectation in standard errors.

/// Tolerance of the closed-form checks, in standard errors of the simulated mean.
///
/// Budget: the closed-form tests (ModelClosedForm, EconomicsClosedForm, FunnelClosedForm,
/// VCIOOnlyClosedForm, DecisionClosedForm, EscalationClosedForm, CorrelatedRisk's
/// recessions, Seek's churning book) make about 420 checks through this limit, each a
/// two-sided 6.3e-5 at 4 SE, so at their fixed seeds a correct engine fails one with
/// probability at most 2.7 % (Bonferroni; many are months of one path's quantity, so
/// positively correlated and less). The seeds are fixed: a pass is deterministic, and
/// the figure is the chance these seeds are unlucky, not a flake rate.
let modelTolerance = 4.0

/// Set MSPSIM_MODEL_TESTS_VERBOSE=1 to print every comparison (mean, expected, SE, z).
let modelTestsVerbose = ProcessInfo.processInfo.environment["MSPSIM_MODEL_TESTS_VERBOSE"] != nil

/// One finished run of a small scenario.
struct ModelRun {
  let engine: Engine
  let seed: UInt64

  var plan: ScenarioPlan { engine.plan }
  var paths: Int { engine.result.paths }

  /// Index of the model named `name` in the plan (its order in the file).
  func model(_ name: String) -> Int {
    guard let i = plan.models.firstIndex(where: { $0.name == name }) else {
      preconditionFailure("no model \(name) in the scenario")
    }
    return i
  }

  func layout(_ m: Int) -> MetricLayout { plan.models[m].layout }

  /// Metric index of `revenue.<kind>` in model `m` (streams follow StreamKind order).
  func stream(_ m: Int, _ kind: StreamKind) -> Int {
    guard let s = layout(m).streams.firstIndex(of: kind) else {
      preconditionFailure("model \(plan.models[m].name) has no stream \(kind.rawValue)")
    }
    return MetricLayout.firstStream + s
  }

  /// Metric name, for messages.
  func name(_ m: Int, _ metric: Int) -> String { "\(plan.models[m].name).\(layout(m).names[metric])" }

  func monthly(_ m: Int, _ metric: Int, _ t: Int) -> Moments {
    engine.result.moments[engine.layout.monthly(model: m, metric: metric, month: t)]
  }

  func annual(_ m: Int, _ metric: Int, _ year: Int) -> Moments {
    engine.result.moments[engine.layout.annual(model: m, metric: metric, year: year)]
  }

  func summary(_ m: Int, _ metric: Int) -> Moments {
    engine.result.moments[engine.layout.summary(model: m, metric: metric)]
  }
}

/// The YAML of a small scenario around `models` (already indented by 2 spaces under
/// `models:`); `market` is the body of a `market:` section (indented by 2), or "".
func scenarioYAML(
  models: String, horizonYears: Int, seed: UInt64, discountRate: Double = 0,
  market: String = ""
) -> String {
  var text = """
    name: closed-form check
    horizon_years: \(horizonYears)
    paths: 1000
    seed: \(seed)
    rng: mt19937
    discount_rate: \(discountRate)

    """
  if !market.isEmpty { text += "market:\n" + market + "\n" }
  text += "models:\n" + models
  return text
}

/// Loads `yaml` with `ScenarioLoader.load(text:file:)`, compiles it and runs `paths`
/// paths on `threads` workers. Fails the test (and returns nil) on any error.
func runModel(
  _ yaml: String, paths: Int, threads: Int = 2,
  file: StaticString = #filePath, line: UInt = #line
) -> ModelRun? {
  let scenario: Scenario
  do { scenario = try ScenarioLoader.load(text: yaml, file: "closed-form.yaml") } catch {
    XCTFail("scenario rejected:\n\(error)\n--- YAML ---\n\(yaml)", file: file, line: line)
    return nil
  }
  let engine = Engine(plan: ScenarioPlan(scenario), threads: threads)
  do { try engine.advance(to: paths) } catch {
    XCTFail("engine failed: \(error)", file: file, line: line)
    return nil
  }
  XCTAssertEqual(engine.result.paths, paths, file: file, line: line)
  return ModelRun(engine: engine, seed: scenario.seed)
}

/// Asserts |mean - expected| <= 4 SE + eps, eps = relEps x max(1, |expected|) + absEps.
///
/// The epsilon only absorbs floating-point rounding (pow vs. products, sums in a
/// different order): a deterministic cell has SE = 0 exactly (ShiftedSums of a
/// constant), so those checks are exact up to rounding. Returns the z-score.
@discardableResult
func assertExpectation(
  _ label: String, _ m: Moments, expected: Double, seed: UInt64,
  relEps: Double = 1e-9, absEps: Double = 1e-9,
  file: StaticString = #filePath, line: UInt = #line
) -> Double {
  let se = m.standardError
  let eps = relEps * Swift.max(1, abs(expected)) + absEps
  let diff = m.mean - expected
  let z = se > 0 ? diff / se : (abs(diff) <= eps ? 0 : .infinity)
  if modelTestsVerbose {
    print("\(label) [seed \(seed), n \(m.count)]: mean \(m.mean) expected \(expected) SE \(se) z \(z)")
  }
  XCTAssert(
    abs(diff) <= modelTolerance * se + eps,
    "\(label) [seed \(seed), n \(m.count)]: mean \(m.mean) vs expected \(expected), SE \(se), diff \(diff) (z = \(z), limit \(modelTolerance) SE + \(eps))",
    file: file, line: line)
  return z
}

extension ModelRun {
  /// `assertExpectation` on a monthly cell of model `m`.
  @discardableResult
  func checkMonthly(
    _ m: Int, _ metric: Int, month t: Int, expected: Double, relEps: Double = 1e-9,
    file: StaticString = #filePath, line: UInt = #line
  ) -> Double {
    assertExpectation(
      "\(name(m, metric)) month \(t)", monthly(m, metric, t), expected: expected, seed: seed,
      relEps: relEps, file: file, line: line)
  }

  @discardableResult
  func checkAnnual(
    _ m: Int, _ metric: Int, year: Int, expected: Double, relEps: Double = 1e-9,
    file: StaticString = #filePath, line: UInt = #line
  ) -> Double {
    assertExpectation(
      "\(name(m, metric)) year \(year)", annual(m, metric, year), expected: expected, seed: seed,
      relEps: relEps, file: file, line: line)
  }

  @discardableResult
  func checkSummary(
    _ m: Int, _ metric: Int, expected: Double, relEps: Double = 1e-9,
    file: StaticString = #filePath, line: UInt = #line
  ) -> Double {
    assertExpectation(
      "\(plan.models[m].name).\(layout(m).summaryNames[metric])", summary(m, metric),
      expected: expected, seed: seed, relEps: relEps, file: file, line: line)
  }

  /// Asserts the cell is a constant across paths (SE exactly 0): for quantities the
  /// model makes deterministic, so a stray random draw shows.
  func assertDeterministic(_ m: Int, _ metric: Int, month t: Int, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(
      monthly(m, metric, t).m2, 0, "\(name(m, metric)) month \(t) should not vary across paths",
      file: file, line: line)
  }
}

/// Monthly probability from an annual one, 1 - (1 - a)^(1/12) (docs/model.md, "Notation").
func monthlyProbability(_ annual: Double) -> Double { 1 - pow(1 - annual, 1.0 / 12) }

/// y(t) = floor((t - 1) / 12) (docs/model.md, "Notation").
func yearIndex(_ t: Int) -> Int { (t - 1) / 12 }

import Foundation
import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

/// `--sensitivity sobol` (docs/model.md, "Sobol indices"): the estimators on functions
/// with closed-form variance decompositions, the Saltelli design the engine runs
/// (which matrix each evaluation takes each group from), and a scenario where one
/// input alone moves the answer.
final class SobolTests: XCTestCase {
  // MARK: The estimators

  /// Ishigami, f = sin x1 + a sin^2 x2 + b x3^4 sin x1 with x_i ~ U(-pi, pi), a = 7,
  /// b = 0.1 (Ishigami and Homma 1990; Saltelli et al. 2008, p. 179):
  ///   V1 = b pi^4 / 5 + b^2 pi^8 / 50 + 1/2,  V2 = a^2 / 8,  V3 = 0,
  ///   V13 = b^2 pi^8 (1/18 - 1/50) = 8 b^2 pi^8 / 225,
  ///   V = V1 + V2 + V13 = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2,
  /// so S1 = (V1, V2, 0) / V and ST = (V1 + V13, V2, V13) / V
  /// = (0.3139, 0.4424, 0) and (0.5576, 0.4424, 0.2437).
  /// At N = 20,000 rows (seed 11) each closed form lies inside its 95 % bootstrap
  /// interval, and each estimate is within 0.03 of it (the intervals are ~0.02 wide).
  func testIshigamiIndicesAgainstTheirClosedForms() {
    let a = 7.0
    let b = 0.1
    let pi = Double.pi
    let v1 = b * pow(pi, 4) / 5 + b * b * pow(pi, 8) / 50 + 0.5
    let v2 = a * a / 8
    let v13 = 8 * b * b * pow(pi, 8) / 225
    let v = v1 + v2 + v13
    let s1 = [v1 / v, v2 / v, 0]
    let st = [(v1 + v13) / v, v2 / v, v13 / v]
    func f(_ x: [Double]) -> Double { sin(x[0]) + a * pow(sin(x[1]), 2) + b * pow(x[2], 4) * sin(x[0]) }
    let estimates = Self.estimate(rows: 20_000, seed: 11, inputs: 3, f: f, transform: { u in -pi + 2 * pi * u })
    for g in 0..<3 {
      let e = estimates[g]
      XCTAssert(e.s1Low <= s1[g] && s1[g] <= e.s1High, "x\(g + 1): S1 \(s1[g]) outside [\(e.s1Low), \(e.s1High)]")
      XCTAssert(e.stLow <= st[g] && st[g] <= e.stHigh, "x\(g + 1): ST \(st[g]) outside [\(e.stLow), \(e.stHigh)]")
      XCTAssertEqual(e.s1, s1[g], accuracy: 0.03, "x\(g + 1) S1")
      XCTAssertEqual(e.st, st[g], accuracy: 0.03, "x\(g + 1) ST")
      XCTAssertLessThan(e.s1High - e.s1Low, 0.1)
    }
  }

  /// A linear model f = sum c_i x_i of independent inputs has no interactions:
  /// S1_i = ST_i = c_i^2 Var x_i / sum_k c_k^2 Var x_k. With x_i ~ U(0, 1) (Var 1/12)
  /// and c = (1, 2, 3, 0): (1, 4, 9, 0) / 14. A constant output has every index 0.
  func testLinearModelIndicesAreItsVarianceShares() {
    let c = [1.0, 2, 3, 0]
    let shares = c.map { $0 * $0 / 14 }
    let estimates = Self.estimate(
      rows: 20_000, seed: 12, inputs: 4, f: { x in zip(c, x).map(*).reduce(0, +) }, transform: { $0 })
    for g in 0..<4 {
      let e = estimates[g]
      XCTAssert(
        e.s1Low <= shares[g] && shares[g] <= e.s1High, "x\(g + 1): S1 \(shares[g]) outside [\(e.s1Low), \(e.s1High)]")
      XCTAssert(
        e.stLow <= shares[g] && shares[g] <= e.stHigh, "x\(g + 1): ST \(shares[g]) outside [\(e.stLow), \(e.stHigh)]")
    }
    // The input with c = 0 changes nothing: its ST is exactly 0.
    XCTAssertEqual(estimates[3].st, 0)
    let constant = Self.estimate(rows: 100, seed: 13, inputs: 2, f: { _ in 5 }, transform: { $0 })
    XCTAssertEqual(
      constant,
      [SobolEstimate](repeating: SobolEstimate(s1: 0, s1Low: 0, s1High: 0, st: 0, stLow: 0, stHigh: 0), count: 2))
  }

  /// Runs the Saltelli design on `f` through `SobolIndices.estimate`: A and B from
  /// SplitMix64(seed), each input x = transform(u).
  static func estimate(
    rows n: Int, seed: UInt64, inputs k: Int, f: ([Double]) -> Double, transform: (Double) -> Double
  ) -> [SobolEstimate] {
    var rng = SplitMix64(seed: seed)
    var fa: [Double] = []
    var fb: [Double] = []
    var fab = [[Double]](repeating: [], count: k)
    for _ in 0..<n {
      let xa = (0..<k).map { _ in transform(rng.uniform()) }
      let xb = (0..<k).map { _ in transform(rng.uniform()) }
      fa.append(f(xa))
      fb.append(f(xb))
      for g in 0..<k {
        var x = xa
        x[g] = xb[g]
        fab[g].append(f(x))
      }
    }
    return SobolIndices.estimate(a: fa, b: fb, ab: fab, seed: seed)
  }

  // MARK: The design the engine runs

  private static let yaml = """
    name: sobol design
    horizon_years: 1
    paths: 40
    seed: 4242
    market:
      churn: {triangular: {min: 0.05, mode: 0.10, max: 0.15}}
      price: {lognormal: {mean: 0.02, sd: 0.03}}
      joined: {uniform: {min: 0, max: 1}}
      other: {uniform: {min: 0, max: 1}}
    correlations:
      - [market.joined, market.other, 0.7]
    valuation:
      multiple_base: {uniform: {min: 3, max: 6}}
    models:
      m:
        clients: {initial: 3, seats: {gamma: {shape: 2, scale: 10}}}
        churn: {annual: market.churn}
        streams:
          managed_services: {price_per_seat: {pert: {min: 80, mode: 100, max: 150}}, annual_price_change: market.price}
        costs: {seats_per_technician: 0, technician_monthly: {normal: {mean: 7000, sd: 500}}, tools_per_seat: 0,
                project_cost_share: 0}

    """

  /// The groups: the correlated entries as one, each other market entry and model
  /// key, each drawn decision key, and the within-path randomness last. In every
  /// row, A_B^(g) has A's inputs except group g's, which are B's; each input's A
  /// values are its inverse CDF at the design's uniforms; and the run's numbers do
  /// not depend on the thread count.
  func testEvaluationsTakeEachGroupFromTheRightMatrix() throws {
    let scenario = try ScenarioLoader.load(text: Self.yaml, file: "sobol.yaml")
    let plan = ScenarioPlan(scenario)
    let design = SobolDesign(plan: plan, rows: 40)
    XCTAssertEqual(
      design.groups.map(\.name),
      [
        "market.joined+market.other", "market.churn", "market.price",
        "models.m.streams.managed_services.price_per_seat", "models.m.costs.technician_monthly",
        "valuation.multiple_base", "within_path",
      ])
    // Client seats are drawn per client (within the path), not per path.
    let per = design.evaluationsPerRow
    XCTAssertEqual(per, 9)
    let engine = Engine(
      plan: plan, threads: 2, recordPaths: true, recordCapacity: design.evaluations, recordSummaries: true,
      sobol: design)
    try engine.advance(to: design.evaluations)
    let recorder = try XCTUnwrap(engine.recorder)
    // The recorder's input columns, by key path; the decision key is not one of
    // them (it is checked through the value below).
    let column = Dictionary(uniqueKeysWithValues: recorder.inputs.enumerated().map { ($1.keyPath, $0) })
    func inputs(of g: Int) -> [Int] {
      design.groups[g].name.split(separator: "+").compactMap { column[String($0)] }
    }
    for j in 0..<design.rows {
      let a = j * per
      let b = a + 1
      for g in 0..<(design.groups.count - 1) {
        let e = a + 2 + g
        for (h, _) in design.groups.enumerated() where h < design.groups.count - 1 {
          for c in inputs(of: h) {
            let expected = recorder.value(path: h == g ? b : a, column: c)
            XCTAssertEqual(recorder.value(path: e, column: c), expected, "row \(j), A_B^(\(g)), input \(c)")
          }
        }
      }
      // Each group's A value is its inverse CDF at the design's uniform (clamped keys aside).
      let churn = try XCTUnwrap(column["market.churn"])
      XCTAssertEqual(
        recorder.value(path: a, column: churn),
        plan.market[0].quantile(design.uniform(group: 1, component: 0, evaluation: a)))
      // The within-path group: A_B^(noise) has A's inputs and B's randomness.
      XCTAssertEqual(design.noisePath(evaluation: a), 2 * j)
      XCTAssertEqual(design.noisePath(evaluation: b), 2 * j + 1)
      XCTAssertEqual(design.noisePath(evaluation: a + 2 + design.groups.count - 1), 2 * j + 1)
      XCTAssertEqual(design.noisePath(evaluation: a + 2), 2 * j)
    }
    // The correlated pair keeps its correlation across the A rows (Spearman of the
    // Gaussian copula at normal correlation r is (6/pi) asin(r/2); r set so the
    // Spearman target is 0.7): with 40 rows, only its sign and size are checked.
    let joined = (0..<40).map { recorder.value(path: $0 * per, column: column["market.joined"]!) }
    let other = (0..<40).map { recorder.value(path: $0 * per, column: column["market.other"]!) }
    XCTAssertGreaterThan(Correlation.pearson(Sensitivity.ranks(joined), Sensitivity.ranks(other)), 0.4)

    // Byte-identical sobol.csv for 1 and 3 threads.
    let one = try Pipeline.simulate(scenario, threads: 1, sobol: true)
    let three = try Pipeline.simulate(scenario, threads: 3, sobol: true)
    XCTAssertEqual(SobolTable.csv(try XCTUnwrap(one.sobol)), SobolTable.csv(try XCTUnwrap(three.sobol)))
    // A model's rows cover the groups that can move it; the value uses the multiple.
    let rows = try XCTUnwrap(one.sobol)
    XCTAssertEqual(Set(rows.map(\.output)), ["npv.ebitda", "value"])
    XCTAssertEqual(rows.filter { $0.output == "value" }.count, design.groups.count)
    // NPV of EBITDA does not see the exit multiple: its indices are exactly 0.
    let multiple = try XCTUnwrap(rows.first { $0.output == "npv.ebitda" && $0.input == "valuation.multiple_base" })
    XCTAssertEqual(multiple.estimate.st, 0)
    XCTAssertEqual(multiple.estimate.s1, 0)
  }

  /// Two books where only `alt`'s price per seat varies, uniform on [100, 200]:
  /// npv_diff = 200 (P - 100) D on every path (ConstantBooks), a function of P alone,
  /// so P's S1 and ST are 1 (within their intervals, which are narrow), the
  /// within-path randomness and an unused market entry have indices exactly 0 (their
  /// A_B^(g) rows equal the A rows), and `base`'s NPV does not vary (all 0).
  func testOneVaryingInputHasTotalIndexOne() throws {
    let yaml =
      ConstantBooks.pair(paths: 2000, seed: 77).replacingOccurrences(
        of: """
          alt:
              clients: {initial: 10, seats: 20}
              streams:
                managed_services: {price_per_seat: 100}
          """,
        with: """
          alt:
              clients: {initial: 10, seats: 20}
              streams:
                managed_services: {price_per_seat: {uniform: {min: 100, max: 200}}}
          """) + "market:\n  unused: {uniform: {min: 0, max: 1}}\n"
    let scenario = try ScenarioLoader.load(text: yaml, file: "one-input.yaml")
    let rows = try XCTUnwrap(try Pipeline.simulate(scenario, threads: 2, sobol: true).sobol)
    let diff = rows.filter { $0.model == "base:alt" && $0.output == "npv_diff" }
    XCTAssertEqual(
      diff.map(\.input), ["models.alt.streams.managed_services.price_per_seat", "market.unused", "within_path"])
    let price = diff[0].estimate
    XCTAssert(price.stLow <= 1 && 1 <= price.stHigh, "ST \(price.st) [\(price.stLow), \(price.stHigh)]")
    XCTAssert(price.s1Low <= 1 && 1 <= price.s1High, "S1 \(price.s1) [\(price.s1Low), \(price.s1High)]")
    XCTAssertEqual(price.st, 1, accuracy: 0.05)
    for r in diff.dropFirst() {
      XCTAssertEqual(r.estimate.st, 0, r.input)
      XCTAssertEqual(r.estimate.s1, 0, r.input)
    }
    for r in rows where r.model == "base" {
      XCTAssertEqual(r.estimate, SobolEstimate(s1: 0, s1Low: 0, s1High: 0, st: 0, stLow: 0, stHigh: 0))
    }
  }

  /// `--precision` and Sobol: refused (the design needs a fixed N), naming the option.
  func testPrecisionIsRefused() throws {
    let scenario = try ScenarioLoader.load(text: Self.yaml, file: "sobol.yaml")
    XCTAssertThrowsError(
      try Pipeline.simulate(
        scenario, until: .precision(relativeStandardError: 0.01, maxPaths: 10_000), threads: 1, sobol: true)
    ) { e in
      let issue = (e as? ScenarioError)?.issues.first
      XCTAssertEqual(issue?.keyPath, "--sensitivity")
      XCTAssert(issue?.message.contains("--precision") == true)
    }
  }
}

import Foundation
import XCTest

@testable import MSPSimCore

/// `sampling: latin_hypercube` (docs/model.md, "Sampling design"): over a run's N paths
/// each input drawn from a distribution has exactly one value in each of its N
/// equal-probability strata (market entries and model keys; entries under the copula
/// keep plain normals), results are byte-identical for 1, 2 and 3 threads, and the
/// mean of each input is its distribution's mean, far closer than random sampling
/// gets (the stratified mean's error is O(1/N) for a smooth inverse CDF).
final class LatinHypercubeTests: XCTestCase {
  private static let yaml = """
    name: lhs
    horizon_years: 1
    paths: 500
    seed: 9101
    sampling: latin_hypercube
    market:
      churn: {triangular: {min: 0.05, mode: 0.10, max: 0.15}}
      price: {lognormal: {mean: 0.02, sd: 0.03}}
      joined: {uniform: {min: 0, max: 1}}
      other: {uniform: {min: 0, max: 1}}
    correlations:
      - [market.joined, market.other, 0.5]
    models:
      m:
        clients: {initial: 3, seats: {gamma: {shape: 2, scale: 10}}}
        churn: {annual: market.churn}
        streams:
          managed_services: {price_per_seat: {pert: {min: 80, mode: 100, max: 150}}, annual_price_change: market.price}
        costs: {seats_per_technician: 0, technician_monthly: {normal: {mean: 7000, sd: 500}}, tools_per_seat: 0,
                project_cost_share: 0}

    """

  func testEachInputHasOneValueInEachStratum() throws {
    let scenario = try ScenarioLoader.load(text: Self.yaml, file: "lhs.yaml")
    let plan = ScenarioPlan(scenario)
    XCTAssertEqual(plan.sampling, .latinHypercube)
    let runner = try SinglePathRunner(plan: plan)
    let n = plan.paths
    var market = [[Double]](repeating: [], count: plan.market.count)
    var price: [Double] = []
    var salary: [Double] = []
    for path in 0..<n {
      try runner.run(path: path)
      for i in plan.market.indices { market[i].append(runner.worker.marketValues[i]) }
      price.append(runner.worker.sims[0].sim.value[ParameterID.pricePerSeat.rawValue])
      salary.append(runner.worker.sims[0].sim.value[ParameterID.technicianMonthly.rawValue])
    }
    func strata(_ xs: [Double], _ d: Distribution) -> [Int] {
      xs.map { Int((d.cdf($0) * Double(n)).rounded(.down)) }.sorted()
    }
    let all = Array(0..<n)
    let names = scenario.market.map(\.name)
    for name in ["churn", "price"] {
      let i = names.firstIndex(of: name)!
      XCTAssertEqual(strata(market[i], plan.market[i]), all, "market.\(name)")
    }
    guard case .distribution(let pd) = plan.models[0].parameters[ParameterID.pricePerSeat.rawValue],
      case .distribution(let sd) = plan.models[0].parameters[ParameterID.technicianMonthly.rawValue]
    else { return XCTFail("not distributions") }
    XCTAssertEqual(strata(price, pd), all, "price_per_seat")
    XCTAssertEqual(strata(salary, sd), all, "technician_monthly")
    // The copula's entries are not stratified: some stratum holds two values.
    let joined = names.firstIndex(of: "joined")!
    XCTAssertNotEqual(strata(market[joined], plan.market[joined]), all, "market.joined is under the copula")
    // The stratified mean of PERT(80, 100, 150) (mean 105, sd 12.68: random
    // sampling's SE at n = 500 is 12.68 / sqrt(500) = 0.57) is within 0.05 of it.
    // Derivation: with Q the inverse CDF and q_i = Q(i/n) the strata's ends, stratum
    // i holds one value x_i = Q((i + v_i)/n), v_i uniform and independent across
    // strata (docs/model.md, "Sampling design"), and the mean of Q over the stratum is
    // m_i, so mean(x) - 105 = (1/n) sum (x_i - m_i): a sum of independent, centred
    // terms, each confined to its stratum [q_i, q_(i+1)] of width w_i, hence of
    // variance <= w_i^2 / 4. So sd(mean) <= sqrt(sum w_i^2) / (2n); for this PERT
    // (Beta(15/7, 27/7) on [80, 150]) at n = 500, sum w_i^2 = 101.7 (the widest
    // stratum, the top one, is 9.2), so sd <= 0.0101 (the exact within-stratum
    // variances give 0.0039; both computed outside the suite). 0.05 is then at
    // least 4.9 sd, and without a normal approximation Hoeffding's inequality bounds
    // P(|mean - 105| >= 0.05) by 2 exp(-2 (0.05 n)^2 / sum w_i^2) = 9e-6; random
    // sampling's SE is 11 times 0.05. (Whatever the v_i, |mean - 105| <= sum w_i / n
    // = (150 - 80)/500 = 0.14.)
    XCTAssertEqual(price.reduce(0, +) / Double(n), pd.mean, accuracy: 0.05)
  }

  func testResultsAreIdenticalForAnyThreadCount() throws {
    let scenario = try ScenarioLoader.load(text: Self.yaml, file: "lhs.yaml")
    var texts: [String] = []
    for threads in [1, 2, 3] {
      let result = try Pipeline.simulate(scenario, threads: threads)
      let files = OutputFiles.render(result, charts: false).filter { $0.name != "run.json" }
      texts.append(files.map(\.contents).joined())
    }
    XCTAssertEqual(texts[0], texts[1])
    XCTAssertEqual(texts[0], texts[2])
  }

  func testUnknownSamplingIsRefused() {
    let yaml = Self.yaml.replacingOccurrences(of: "sampling: latin_hypercube", with: "sampling: latin_hypercub")
    do {
      _ = try ScenarioLoader.load(text: yaml, file: "lhs.yaml")
      XCTFail("accepted")
    } catch {
      XCTAssertTrue(
        error.issues.contains { $0.keyPath == "sampling" && $0.message.contains("did you mean 'latin_hypercube'") },
        "\(error.issues)")
    }
  }
}

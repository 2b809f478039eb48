import Foundation
import XCTest

@testable import MSPSimCore

/// The sales funnel (docs/model.md, "The sales funnel") against exact timing and
/// closed forms:
/// - with every stage rate 1 and fixed lags, an assessment in month t0 holds its
///   workshop in t0 + L_w, its quick win in + L_q, its trial in + L_t and closes 3
///   months later, each quick-win value and trial fee in its month, exactly, on every path;
/// - failed clients come back after `retry_months`, are never assessed while in the
///   funnel, and assessments never exceed the free clients;
/// - closes per assessment are r_w r_q r_t r_c (no churn), and r_w r_q r_t r_c (1-p)^D
///   with monthly churn p (D months from assessment to close), within 4 SE;
/// - the summary's funnel entries are the horizon totals of the monthly rows;
/// - the loader refuses a funnel beside `adoption.monthly`, without a vcio stream, and
///   a quick win without framework projects, naming the keys; the command line's
///   keys follow the same rules.
final class FunnelClosedFormTests: XCTestCase {
  /// One model, `initial` clients of 10 seats, no churn unless `churn` given, no
  /// arrivals; vcio and framework streams with constant prices; costs only the
  /// funnel's (annual_cost_change 0).
  private static func model(_ funnel: String, initial: Int, churn: Double = 0, extra: String = "") -> String {
    """
      m:
        clients: {initial: \(initial), seats: 10}
        acquisition: {monthly_rate: 0}
        churn: {annual: \(churn)}
        adoption:
          start_month: 1
          funnel: \(funnel)
        streams:
          managed_services: {price_per_seat: 0}
          vcio: {monthly_fee: 900}
          framework_projects: {fee: 7000}
        costs: {seats_per_technician: 0, technician_monthly: 0, clients_per_vcio: 0, vcio_monthly: 0,
                tools_per_seat: 0, project_cost_share: 0\(extra)}

    """
  }

  private func plan(_ yaml: String) throws -> ScenarioPlan {
    ScenarioPlan(try ScenarioLoader.load(text: yaml, file: "funnel.yaml"))
  }

  private func row(_ runner: SinglePathRunner, _ metric: Int) -> [Double] { runner.monthly(model: 0, metric: metric) }

  /// A month-indexed series (index t - 1) that is `value` in the listed months and 0 elsewhere.
  private func series(_ months: Int, _ values: [Int: Double]) -> [Double] {
    (1...months).map { values[$0] ?? 0 }
  }

  /// Rates 1, lags 2, 3, 1, and far more assessments a month than clients: all N
  /// clients are assessed in month 1, hold the workshop in month 3, buy the quick win
  /// (worth 2500) in month 6, pay the trial fee (400) in months 7, 8 and 9 and adopt in
  /// month 10 = 1 + 2 + 3 + 1 + 3, paying the framework fee (7000) then and the vCIO
  /// fee (900) from then on. Nobody is free after month 1, so no other assessment
  /// starts. Costs: 300 per assessment in month 1, 1100 per workshop in month 3, both
  /// overhead. Exact on every path (the only draw, the number of assessments, is
  /// capped by the N free clients: P(Poisson(500) < 6) is below 1e-200).
  func testStagesLandInTheirMonthsExactly() throws {
    let n = 6.0
    let funnel = """
      {assessments_per_month: 500, workshop_rate: 1, workshop_lag_months: 2, quick_win_rate: 1,
                  quick_win_lag_months: 3, trial_rate: 1, trial_lag_months: 1, close_rate: 1, quick_win_value: 2500,
                  trial_fee: 400, assessment_cost: 300, workshop_cost: 1100}
      """
    let plan = try plan(scenarioYAML(models: Self.model(funnel, initial: Int(n)), horizonYears: 2, seed: 7101))
    let layout = plan.models[0].layout
    let T = plan.months
    let first = try XCTUnwrap(layout.firstFunnel)
    XCTAssertEqual(Array(layout.names.suffix(5)), FunnelStage.allCases.map(\.metricName))
    let vcio = MetricLayout.firstStream + layout.streams.firstIndex(of: .vcio)!
    let framework = MetricLayout.firstStream + layout.streams.firstIndex(of: .frameworkProjects)!
    let runner = try SinglePathRunner(plan: plan)
    for path in 0..<50 {
      try runner.run(path: path)
      XCTAssertEqual(row(runner, first + FunnelStage.assessments.rawValue), series(T, [1: n]), "path \(path)")
      XCTAssertEqual(row(runner, first + FunnelStage.workshops.rawValue), series(T, [3: n]), "path \(path)")
      XCTAssertEqual(row(runner, first + FunnelStage.quickWins.rawValue), series(T, [6: n]), "path \(path)")
      XCTAssertEqual(row(runner, first + FunnelStage.trials.rawValue), series(T, [7: n]), "path \(path)")
      XCTAssertEqual(row(runner, first + FunnelStage.closed.rawValue), series(T, [10: n]), "path \(path)")
      XCTAssertEqual(row(runner, framework), series(T, [6: n * 2500, 10: n * 7000]), "path \(path)")
      XCTAssertEqual(
        row(runner, vcio), (1...T).map { t in t >= 10 ? n * 900 : (7...9).contains(t) ? n * 400 : 0 }, "path \(path)")
      XCTAssertEqual(row(runner, MetricLayout.adoptedClients), (1...T).map { $0 >= 10 ? n : 0 }, "path \(path)")
      XCTAssertEqual(row(runner, layout.costTotal), series(T, [1: n * 300, 3: n * 1100]), "path \(path)")
      XCTAssertEqual(row(runner, layout.costOverhead), series(T, [1: n * 300, 3: n * 1100]), "path \(path)")
      // The summary: n assessments, n closes, close rate 1, cost per close 300 + 1100.
      let s = runner.summary(model: 0)
      let f = try XCTUnwrap(layout.summaryFirstFunnel)
      XCTAssertEqual(s[f + FunnelSummary.assessments.index], n)
      XCTAssertEqual(s[f + FunnelSummary.closed.index], n)
      XCTAssertEqual(s[f + FunnelSummary.closeRate.index], 1)
      XCTAssertEqual(s[f + FunnelSummary.costPerClose.index], 1400, accuracy: 1e-9)
    }
  }

  /// Workshop rate 0, lag 1, retry 2: every client is assessed in month 1, fails in
  /// month 2, is free again in month 4, assessed then, fails in 5, and so on: the N
  /// clients are assessed in months 1, 4, 7, ... exactly, never while in the funnel,
  /// and never more than the N there are (500 a month are asked for). No workshop, no
  /// close; the summary's cost per close with no close is the whole funnel cost.
  func testFailedClientsWaitTheirRetryAndAreNeverAssessedTwiceAtOnce() throws {
    let n = 5.0
    let funnel = """
      {assessments_per_month: 500, workshop_rate: 0, quick_win_rate: 1, trial_rate: 1, close_rate: 1,
                  retry_months: 2, assessment_cost: 10}
      """
    let plan = try plan(scenarioYAML(models: Self.model(funnel, initial: Int(n)), horizonYears: 2, seed: 7102))
    let layout = plan.models[0].layout
    let first = try XCTUnwrap(layout.firstFunnel)
    let runner = try SinglePathRunner(plan: plan)
    let expected = (1...plan.months).map { t in (t - 1) % 3 == 0 ? n : 0 }
    for path in 0..<20 {
      try runner.run(path: path)
      XCTAssertEqual(row(runner, first + FunnelStage.assessments.rawValue), expected, "path \(path)")
      XCTAssertEqual(row(runner, first + FunnelStage.workshops.rawValue).reduce(0, +), 0)
      let f = try XCTUnwrap(layout.summaryFirstFunnel)
      let s = runner.summary(model: 0)
      XCTAssertEqual(s[f + FunnelSummary.assessments.index], n * 8)
      XCTAssertEqual(s[f + FunnelSummary.closeRate.index], 0)
      XCTAssertEqual(s[f + FunnelSummary.costPerClose.index], n * 8 * 10, accuracy: 1e-9)
    }
  }

  /// A small book asked for many assessments, random rates and some churn (with
  /// arrivals): on every path and month the assessments never exceed the clients
  /// in the book before the month who have not adopted (a bound on the free ones), and
  /// each stage's horizon total is at most the one before it.
  func testAssessmentsNeverExceedTheFreeClients() throws {
    let models = """
        m:
          clients: {initial: 4, seats: 10}
          acquisition: {monthly_rate: 0.5}
          churn: {annual: 0.3}
          adoption:
            funnel: {assessments_per_month: 20, workshop_rate: 0.7, quick_win_rate: 0.7, trial_rate: 0.7,
                     close_rate: 0.7, retry_months: 3}
          streams:
            vcio: {monthly_fee: 900}
          costs: {seats_per_technician: 0, technician_monthly: 0, clients_per_vcio: 0, vcio_monthly: 0,
                  tools_per_seat: 0, project_cost_share: 0}

      """
    let plan = try plan(scenarioYAML(models: models, horizonYears: 3, seed: 7103))
    let layout = plan.models[0].layout
    let first = try XCTUnwrap(layout.firstFunnel)
    let runner = try SinglePathRunner(plan: plan)
    var assessed = 0.0
    for path in 0..<300 {
      try runner.run(path: path)
      let clients = row(runner, MetricLayout.clients)
      let adopted = row(runner, MetricLayout.adoptedClients)
      let stages = FunnelStage.allCases.map { row(runner, first + $0.rawValue) }
      for t in 1...plan.months {
        let before = t == 1 ? 4 : clients[t - 2] - adopted[t - 2]
        XCTAssertLessThanOrEqual(stages[0][t - 1], before, "path \(path) month \(t)")
      }
      let totals = stages.map { $0.reduce(0, +) }
      for k in 1..<totals.count { XCTAssertLessThanOrEqual(totals[k], totals[k - 1], "path \(path) stage \(k)") }
      assessed += totals[0]
    }
    XCTAssertGreaterThan(assessed, 0, "no assessment started: the check is vacuous")
  }

  /// Closes per assessment. Each assessment started in month t0 closes in month
  /// t0 + D (D = L_w + L_q + L_t + 3 = 6 here) with probability r_w r_q r_t r_c when the
  /// client survives the D months to its close, (1-p)^D with monthly churn p, stages
  /// and churn independent. With a book of 3000 clients and 8 assessments a month, the
  /// free clients never run out, and retries come after the horizon, so every
  /// assessment is a fresh client. Per path,
  ///   X = closes over the horizon - r (1-p)^D x (assessments in months 1 ... T - D)
  /// has E[X] = 0 (assessments in the last D months cannot close within the horizon;
  /// given the assessments, each closes independently). The mean of X over paths is
  /// tested against 0 within 4 SE, with and without churn.
  func testClosesPerAssessmentAreTheProductOfTheRates() throws {
    for churnAnnual in [0.0, 0.3] {
      let funnel = """
        {assessments_per_month: {uniform: {min: 4, max: 12}}, workshop_rate: 0.7, quick_win_rate: 0.5,
                    trial_rate: 0.8, close_rate: 0.6, retry_months: 1000}
        """
      let plan = try plan(
        scenarioYAML(models: Self.model(funnel, initial: 3000, churn: churnAnnual), horizonYears: 3, seed: 7104))
      let layout = plan.models[0].layout
      let first = try XCTUnwrap(layout.firstFunnel)
      let runner = try SinglePathRunner(plan: plan)
      let D = 6
      let p = monthlyProbability(churnAnnual)
      let r = 0.7 * 0.5 * 0.8 * 0.6 * pow(1 - p, Double(D))
      var x = Moments()
      var closes = 0.0
      for path in 0..<2000 {
        try runner.run(path: path)
        let assessments = row(runner, first + FunnelStage.assessments.rawValue)
        let closed = row(runner, first + FunnelStage.closed.rawValue).reduce(0, +)
        let early = assessments[0..<(plan.months - D)].reduce(0, +)
        x.add(closed - r * early)
        closes += closed
      }
      XCTAssertGreaterThan(closes, 1000)
      assertExpectation("closes - r (1-p)^D x early assessments, churn \(churnAnnual)", x, expected: 0, seed: 7104)
    }
  }

  /// The stage flows follow each other by their lags and rates: E[workshops(t)] =
  /// r_w E[assessments(t - L_w)] and so on, E[trials(t)] = r_t E[quick_wins(t - L_t)],
  /// E[closed(t)] = r_c E[trials(t - 3)], without churn; and the trial fee: vcio revenue
  /// before any close is fee x (trials(t) + trials(t-1) + trials(t-2)), exactly per path.
  /// Tested on the per-path differences (mean 0 within 4 SE).
  func testStageFlowsFollowTheirLagsAndRates() throws {
    let funnel = """
      {assessments_per_month: 6, workshop_rate: 0.6, workshop_lag_months: 1, quick_win_rate: 0.5,
                  quick_win_lag_months: 2, trial_rate: 0.7, trial_lag_months: 1, close_rate: 0.4, trial_fee: 250,
                  retry_months: 1000}
      """
    let plan = try plan(scenarioYAML(models: Self.model(funnel, initial: 2000), horizonYears: 2, seed: 7105))
    let layout = plan.models[0].layout
    let first = try XCTUnwrap(layout.firstFunnel)
    let vcio = MetricLayout.firstStream + layout.streams.firstIndex(of: .vcio)!
    let runner = try SinglePathRunner(plan: plan)
    let links: [(stage: FunnelStage, from: FunnelStage, lag: Int, rate: Double)] = [
      (.workshops, .assessments, 1, 0.6), (.quickWins, .workshops, 2, 0.5), (.trials, .quickWins, 1, 0.7),
      (.closed, .trials, 3, 0.4),
    ]
    var diffs = links.map { _ in Moments() }
    for path in 0..<3000 {
      try runner.run(path: path)
      let rows = FunnelStage.allCases.map { row(runner, first + $0.rawValue) }
      for (k, link) in links.enumerated() {
        let t = 12
        diffs[k].add(rows[link.stage.rawValue][t - 1] - link.rate * rows[link.from.rawValue][t - 1 - link.lag])
      }
      // Before the first possible close (month 1 + 1 + 2 + 1 + 3 = 8) vCIO revenue is the trial fees.
      let revenue = row(runner, vcio)
      let trials = rows[FunnelStage.trials.rawValue]
      for t in 1..<8 {
        let inTrial = (Swift.max(1, t - 2)...t).reduce(0.0) { $0 + trials[$1 - 1] }
        XCTAssertEqual(revenue[t - 1], 250 * inTrial, "path \(path) month \(t)")
      }
    }
    for (k, link) in links.enumerated() {
      assertExpectation(
        "\(link.stage.metricName)(12) - rate x \(link.from.metricName)(12 - lag)", diffs[k], expected: 0, seed: 7105)
    }
  }

  // MARK: What the loader and the command line refuse

  private func issues(_ yaml: String) -> [ScenarioIssue] {
    do {
      _ = try ScenarioLoader.load(text: yaml, file: "funnel.yaml")
      XCTFail("accepted:\n\(yaml)")
      return []
    } catch { return error.issues }
  }

  func testTheLoaderRefusesWhatAFunnelCannotBe() {
    let funnel = "{assessments_per_month: 2, workshop_rate: 0.5, quick_win_rate: 0.5, trial_rate: 0.5, close_rate: 0.5}"
    // adoption.monthly beside the funnel.
    let both = scenarioYAML(models: Self.model(funnel, initial: 3), horizonYears: 1, seed: 1)
      .replacingOccurrences(of: "start_month: 1\n", with: "start_month: 1\n      monthly: 0.01\n")
    var found = issues(both)
    XCTAssertTrue(
      found.contains {
        $0.keyPath == "models.m.adoption.funnel" && $0.message.contains("models.m.adoption.monthly")
          && $0.message.contains("not both")
      }, "\(found)")
    // No vcio stream.
    let noVCIO = scenarioYAML(models: Self.model(funnel, initial: 3), horizonYears: 1, seed: 1)
      .replacingOccurrences(of: "      vcio: {monthly_fee: 900}\n", with: "")
    found = issues(noVCIO)
    XCTAssertTrue(
      found.contains { $0.keyPath == "models.m.adoption.funnel" && $0.message.contains("vcio") }, "\(found)")
    // A quick-win value without framework projects.
    let noFramework = scenarioYAML(
      models: Self.model(funnel.replacingOccurrences(of: "}", with: ", quick_win_value: 100}"), initial: 3),
      horizonYears: 1, seed: 1
    ).replacingOccurrences(of: "      framework_projects: {fee: 7000}\n", with: "")
    found = issues(noFramework)
    XCTAssertTrue(
      found.contains {
        $0.keyPath == "models.m.adoption.funnel.quick_win_value" && $0.message.contains("framework_projects")
      }, "\(found)")
    // A lag of 0, a rate above 1, a missing rate, an unknown key.
    let bad = scenarioYAML(
      models: Self.model(
        "{assessments_per_month: 2, workshop_rate: 1.5, quick_win_rate: 0.5, trial_rate: 0.5, trial_lag_months: 0, workshop_lagmonths: 1}",
        initial: 3), horizonYears: 1, seed: 1)
    found = issues(bad)
    XCTAssertTrue(found.contains { $0.keyPath == "models.m.adoption.funnel.workshop_rate" }, "\(found)")
    XCTAssertTrue(found.contains { $0.keyPath == "models.m.adoption.funnel.trial_lag_months" }, "\(found)")
    XCTAssertTrue(
      found.contains { $0.keyPath == "models.m.adoption.funnel.close_rate" && $0.message.contains("missing") },
      "\(found)")
    XCTAssertTrue(
      found.contains { $0.message.contains("workshop_lagmonths") && $0.message.contains("did you mean") }, "\(found)")
  }

  func testCommandLineKeysFollowTheFunnel() throws {
    let funnel = "{assessments_per_month: 2, workshop_rate: 0.5, quick_win_rate: 0.5, trial_rate: 0.5, close_rate: 0.5}"
    let s = try ScenarioLoader.load(
      text: scenarioYAML(models: Self.model(funnel, initial: 3), horizonYears: 1, seed: 1), file: "funnel.yaml")
    let set = try s.applying([.value(keyPath: "models.m.adoption.funnel.assessments_per_month", 7)])
    guard case .constant(let a) = set.models[0][.funnelAssessmentsPerMonth] else { return XCTFail("not set") }
    XCTAssertEqual(a, 7)
    XCTAssertEqual(try s.numberKey("models.m.adoption.funnel.close_rate", flag: "--vary").allowedRange, 0...1)
    func refused(_ key: String, _ x: Double, saying text: String) {
      do {
        _ = try s.applying([.value(keyPath: key, x)])
        XCTFail("\(key) accepted")
      } catch {
        XCTAssertTrue(error.issues.contains { $0.message.contains(text) }, "\(key): \(error.issues)")
      }
    }
    refused("models.m.adoption.monthly", 0.1, saying: "replaces adoption.monthly")
    refused("models.m.adoption.funnel.workshop_lag_months", 0, saying: "allowed")
    refused("models.m.adoption.funnel.workshop_rate", 2, saying: "allowed")
    // A model without a funnel has none of its keys.
    let plain = try ScenarioLoader.load(
      text: scenarioYAML(
        models: Self.model(funnel, initial: 3).replacingOccurrences(
          of: "funnel: \(funnel)", with: "monthly: 0.01"), horizonYears: 1, seed: 1), file: "plain.yaml")
    do {
      _ = try plain.applying([.value(keyPath: "models.m.adoption.funnel.close_rate", 0.5)])
      XCTFail("a funnel key accepted on a model without a funnel")
    } catch {
      XCTAssertTrue(error.issues.contains { $0.message.contains("has no adoption.funnel") }, "\(error.issues)")
    }
  }
}

extension FunnelClosedFormTests {
  /// A funnel key given as a distribution is an uncertain input of the sensitivity
  /// analysis (and `adoption.monthly`, which a funnel model does not read, is not);
  /// run.json's resolved scenario lists the funnel's keys, its defaults filled in.
  func testFunnelKeysAreSensitivityInputsAndResolved() throws {
    let funnel = """
      {assessments_per_month: {uniform: {min: 1, max: 3}}, workshop_rate: {uniform: {min: 0.4, max: 0.8}},
                  quick_win_rate: 0.5, trial_rate: 0.5, close_rate: 0.5}
      """
    let yaml = scenarioYAML(models: Self.model(funnel, initial: 3), horizonYears: 1, seed: 1)
    let scenario = try ScenarioLoader.load(text: yaml, file: "funnel.yaml")
    let inputs = ScenarioPlan(scenario).uncertainInputs.map(\.keyPath)
    XCTAssertTrue(inputs.contains("models.m.adoption.funnel.assessments_per_month"), "\(inputs)")
    XCTAssertTrue(inputs.contains("models.m.adoption.funnel.workshop_rate"), "\(inputs)")
    XCTAssertFalse(inputs.contains("models.m.adoption.monthly"), "\(inputs)")
    let resolved = ResolvedScenario(scenario).models[0].parameters
    XCTAssertEqual(resolved["adoption.funnel.retry_months"], .number(12))
    XCTAssertEqual(resolved["adoption.funnel.workshop_lag_months"], .number(1))
    XCTAssertEqual(resolved["adoption.funnel.quick_win_value"], .number(0))
    XCTAssertNil(resolved["adoption.monthly"], "a funnel model does not read adoption.monthly")
  }
}

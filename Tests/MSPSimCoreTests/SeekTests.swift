import Foundation
import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

/// Goal seek (docs/outputs.md, "Seek"): the root finder on functions with known
/// roots, the key and target checks, and whole seeks on scenarios whose target has a
/// closed form in the key.
final class SeekTests: XCTestCase {

  // MARK: The root finder

  /// f(x) = 3x - 2 reaches 4 at x = 2; with no standard error the search stops on
  /// the bracket's width, and both ends of a bracket holding 2 are within it.
  func testLinearFigureIsFoundWithinTheTolerance() {
    let (evaluations, outcome) = Seek.find(bracket: 0...10, target: 4, tolerance: 1e-9) { x in (3 * x - 2, 0) }
    guard case .found(let i, _) = outcome else { return XCTFail("\(outcome)") }
    XCTAssertEqual(evaluations[i].keyValue, 2, accuracy: 1e-9)
    XCTAssertEqual(Array(evaluations.prefix(2).map(\.keyValue)), [0, 10], "the ends come first")
  }

  /// exp(x) = 10 at x = ln 10. On a convex f plain regula falsi keeps one end and
  /// creeps; Illinois converges superlinearly. Bisection would need
  /// 2 + ceil(log2(5 / 1e-10)) = 38 evaluations for this tolerance.
  func testCurvedFigureConvergesFasterThanBisection() {
    let (evaluations, outcome) = Seek.find(bracket: 0...5, target: 10, tolerance: 1e-10) { x in (exp(x), 0) }
    guard case .found(let i, .bracketWithinTolerance) = outcome else { return XCTFail("\(outcome)") }
    XCTAssertEqual(evaluations[i].keyValue, log(10), accuracy: 1e-10)
    XCTAssertLessThanOrEqual(evaluations.count, 16, "\(evaluations.map(\.keyValue))")
  }

  /// A decreasing figure: -x^3 = -8 at x = 2.
  func testDecreasingFigure() {
    let (evaluations, outcome) = Seek.find(bracket: -1...4, target: -8, tolerance: 1e-8) { x in (-x * x * x, 0) }
    guard case .found(let i, _) = outcome else { return XCTFail("\(outcome)") }
    XCTAssertEqual(evaluations[i].keyValue, 2, accuracy: 1e-8)
  }

  /// A step figure with a standard error: the search stops at the first point whose
  /// figure is within one standard error of the target, not on the bracket.
  func testStopsWithinOneStandardError() {
    let (evaluations, outcome) = Seek.find(bracket: 0...1, target: 0.5, tolerance: 1e-9) { x in
      ((100 * x * x).rounded(.down) / 100, 0.02)
    }
    guard case .found(let i, .withinStandardError) = outcome else { return XCTFail("\(outcome)") }
    XCTAssertEqual(i, evaluations.count - 1, "stops at the evaluation that got there")
    XCTAssertLessThanOrEqual(abs(evaluations[i].value! - 0.5), 0.02)
    XCTAssertLessThan(evaluations.count, 10)
  }

  /// Both ends below the target: not reached, after the two ends only.
  func testTargetOutsideTheBracketIsNotReached() {
    let (evaluations, outcome) = Seek.find(bracket: 0...10, target: 20, tolerance: 0.01) { x in (x, 0.1) }
    XCTAssertEqual(outcome, .notReached)
    XCTAssertEqual(evaluations.map(\.value), [0, 10])
  }

  /// An end within one standard error of the target is the answer.
  func testAnEndWithinOneStandardErrorIsFound() {
    let (evaluations, outcome) = Seek.find(bracket: 0...10, target: 10.3, tolerance: 0.01) { x in (x, 0.5) }
    XCTAssertEqual(outcome, .found(evaluation: 1, .withinStandardError))
    XCTAssertEqual(evaluations.count, 2)
  }

  /// A whole-number key: every point is whole and the bracket stops at width 1, at
  /// the end closer to the target (3x = 10: 3 gives 9, 4 gives 12).
  func testWholeNumberKey() {
    let (evaluations, outcome) = Seek.find(bracket: 0...20, target: 10, tolerance: 0.02, isWhole: true) { x in
      (3 * x, 0)
    }
    XCTAssertEqual(evaluations.filter { $0.keyValue != $0.keyValue.rounded() }.map(\.keyValue), [])
    XCTAssertEqual(Set(evaluations.map(\.keyValue)).count, evaluations.count, "no point twice")
    guard case .found(let i, .bracketWithinTolerance) = outcome else { return XCTFail("\(outcome)") }
    XCTAssertEqual(evaluations[i].keyValue, 3)
  }

  /// The cap on evaluations ends the search with the closer end of the last bracket.
  /// By hand (Illinois, g = e^x - 10): the ends give g(0) = -9, g(5) = 138.4; the
  /// secant's zeros are x3 = 45 / 147.4 = 0.305 (e^x3 = 1.36) and then, with 0.305
  /// replacing 0, x4 = 0.581 (e^x4 = 1.79), which replaces 0.305 again (the high end
  /// kept twice: its g halved, no evaluation left). The last bracket is
  /// [x4, 5], evaluations 3 and 1 (0-based), and x4 is the closer: |1.79 - 10| = 8.2
  /// against |148.4 - 10| = 138.4.
  func testEvaluationLimit() throws {
    let (evaluations, outcome) = Seek.find(bracket: 0...5, target: 10, tolerance: 1e-12, maxEvaluations: 4) { x in
      (exp(x), 0)
    }
    XCTAssertEqual(evaluations.count, 4)
    guard case .evaluationLimit(let best) = outcome else { return XCTFail("\(outcome)") }
    // The last bracket of an increasing figure: the largest key below the target and
    // the smallest key above it.
    let values = evaluations.map { $0.value ?? .nan }
    func byKey(_ i: Int, _ j: Int) -> Bool { evaluations[i].keyValue < evaluations[j].keyValue }
    let below = try XCTUnwrap(evaluations.indices.filter { values[$0] < 10 }.max(by: byKey))
    let above = try XCTUnwrap(evaluations.indices.filter { values[$0] > 10 }.min(by: byKey))
    XCTAssertEqual([below, above], [3, 1], "\(evaluations.map(\.keyValue))")
    let closer = abs(values[below] - 10) <= abs(values[above] - 10) ? below : above
    XCTAssertEqual(best, closer, "the end of the last bracket closer to 10: \(evaluations)")
    XCTAssertEqual(best, 3)
  }

  /// An empty cell (e.g. no crossing path) stops the search where it happened.
  func testEmptyCellStopsTheSearch() {
    let (evaluations, outcome) = Seek.find(bracket: 0...10, target: 1, tolerance: 0.01) { x in
      x > 5 ? nil : (x, 0.01)
    }
    XCTAssertEqual(outcome, .undefined(evaluation: 1))
    XCTAssertEqual(evaluations.last, SeekEvaluation(keyValue: 10, value: nil, standardError: nil))
  }

  // MARK: The varied key

  let keys = """
    market:
      share: 0.3
      growth: {uniform: {min: 0, max: 0.1}}
      unused: 5
    models:
      one:
        clients: {initial: 10, seats: 20}
        churn: {annual: market.share}
        streams:
          managed_services: {price_per_seat: 100, annual_price_change: market.growth}
        costs: {fixed_monthly: 1000}
      two:
        clients: {initial: 10, seats: {uniform: {min: 10, max: 30}}}
        adoption: {monthly: 0.02, start_month: 3}
        streams:
          managed_services: {price_per_seat: 100}
          vcio: {monthly_fee: 500}

    """

  func testKeysHoldingANumber() throws {
    let s = try ScenarioLoader.load(text: keys, file: "keys.yaml")
    func key(_ path: String) throws -> NumberKey { try s.numberKey(path, flag: "--vary") }
    XCTAssertEqual(
      try key("models.one.streams.managed_services.price_per_seat"),
      NumberKey(
        keyPath: "models.one.streams.managed_services.price_per_seat", value: 100, replaces: nil, isWhole: false,
        allowedRange: nil))
    XCTAssertEqual(try key("models.two.adoption.monthly").allowedRange, 0...1)
    XCTAssertEqual(try key("models.two.adoption.monthly").value, 0.02)
    XCTAssertEqual(try key("models.two.adoption.start_month").isWhole, true)
    XCTAssertEqual(try key("models.two.adoption.start_month").value, 3)
    XCTAssertEqual(try key("models.two.streams.vcio.monthly_fee").value, 500, "a per-event quantity")
    XCTAssertEqual(try key("market.share").value, 0.3)
    XCTAssertEqual(try key("market.share").allowedRange, 0...1, "used by churn keys only: a probability")
    XCTAssertEqual(try key("discount_rate").allowedRange, nil, "(-1, 10]: an open end")
    XCTAssertEqual(try key("models.two.clients.initial").isWhole, true)
    // A distribution is varied as a number: each evaluation fixes it (as sweep --set).
    XCTAssertEqual(try key("models.two.clients.seats").value, nil)
    XCTAssertEqual(try key("models.two.clients.seats").replaces, "a uniform distribution")
    XCTAssertEqual(try key("market.growth").replaces, "a uniform distribution")
  }

  func testKeysThatAreRefused() throws {
    let s = try ScenarioLoader.load(text: keys, file: "keys.yaml")
    func refused(_ path: String, saying part: String, line: UInt = #line) {
      XCTAssertThrowsError(try s.numberKey(path, flag: "--vary"), line: line) { e in
        let issues = (e as! ScenarioError).issues
        XCTAssertEqual(issues.count, 1, line: line)
        XCTAssertEqual(issues.first?.keyPath, "--vary " + path, line: line)
        XCTAssertTrue(issues.first?.description.hasPrefix("command line:1:1: --vary ") == true, "\(issues)", line: line)
        XCTAssertTrue(issues.first?.message.contains(part) == true, "\(issues)", line: line)
      }
    }
    refused("models.one.churn.annual", saying: "refers to market.share; fixing it for one model would break")
    refused("models.one.churn.annual", saying: "vary market.share itself")
    refused("models.one.streams.managed_services.annual_price_change", saying: "market.growth, a uniform distribution")
    refused("market.unused", saying: "no model key uses market.unused")
    refused("models.one.adoption.monthly", saying: "has no 2.0 stream")
    refused("models.one.streams.vcio.monthly_fee", saying: "has no streams.vcio section")
    refused("models.three.churn.annual", saying: "no model 'three'")
    refused("models.one.churn.anual", saying: "did you mean 'churn.annual'")
    refused("market.shar", saying: "did you mean 'market.share'")
    refused(
      "horizon_years",
      saying: "allowed: discount_rate, market.NAME, valuation.KEY, cash.KEY, recessions.KEY, models.MODEL.SECTION.KEY")
    refused("valuation.multiple_base", saying: "the scenario has no valuation: block")
  }

  // MARK: The target

  func testTargetsResolveEveryNameOfTheTables() throws {
    let plan = ScenarioPlan(try ScenarioLoader.load(text: DefaultScenario.text, file: "d.yaml"))
    // Read from the lists the files are written from: a new metric or column is covered here at once.
    var count = 0
    for m in plan.models {
      for metric in m.layout.summaryNames {
        for statistic in SummaryStatistic.allCases {
          let t = try ResultTarget(parsing: "\(m.name).\(metric).\(statistic.name)=1.5", plan: plan)
          XCTAssertEqual(t.value, 1.5)
          guard case .summary(_, let k, let s) = t.figure else { return XCTFail(t.name) }
          XCTAssertEqual(m.layout.summaryNames[k], metric)
          XCTAssertEqual(s, statistic)
          count += 1
        }
      }
    }
    for column in CompareColumn.all {
      let t = try ResultTarget(parsing: "msp1:msp2.\(column.name)=-2e3", plan: plan)
      XCTAssertEqual(t.value, -2000)
      guard case .compare(0, let c) = t.figure else { return XCTFail(t.name) }
      XCTAssertEqual(c.name, column.name)
      count += 1
    }
    XCTAssertGreaterThan(count, 100)
  }

  func testMalformedOrUnknownTargets() throws {
    let plan = ScenarioPlan(try ScenarioLoader.load(text: DefaultScenario.text, file: "d.yaml"))
    func refused(_ text: String, saying part: String, line: UInt = #line) {
      XCTAssertThrowsError(try ResultTarget(parsing: text, plan: plan), line: line) { e in
        let issues = (e as! ScenarioError).issues
        XCTAssertEqual(issues.map(\.description).first?.hasPrefix("command line:1:1: --target: "), true, line: line)
        XCTAssertTrue(issues.first?.message.contains(part) == true, "\(issues)", line: line)
      }
    }
    refused("msp1.npv.ebitda.p50", saying: "is not MODEL.METRIC.STAT=VALUE")
    refused("msp1.npv.ebitda.p50=abc", saying: "'abc' is not a finite number")
    refused("msp1.npv.ebitda.p50=.inf", saying: "is not a finite number")
    refused("msp1.npv=5", saying: "'msp1.npv' is not MODEL.METRIC.STAT")
    refused("msp3.npv.ebitda.p50=5", saying: "no model 'msp3'; did you mean")
    refused("msp1.npv.ebitdaa.p50=5", saying: "has no summary metric 'npv.ebitdaa'; did you mean 'npv.ebitda'?")
    refused("msp1.mix.vcio.p50=5", saying: "model 'msp1' has no summary metric 'mix.vcio'")
    refused("msp1.npv.ebitda.median=5", saying: "no statistic 'median'")
    refused("msp1:msp2.p_npv_beter=0.8", saying: "no column 'p_npv_beter'; did you mean 'p_npv_better'?")
    refused("msp2:msp1.p_npv_better=0.8", saying: "no pair msp2:msp1 (pairs: msp1:msp2;")
    refused("msp1:msp1.p_npv_better=0.8", saying: "no pair msp1:msp1")
    refused("msp1:msp2=0.8", saying: "is not BASELINE:ALTERNATIVE.COLUMN")
    refused(":msp2.p_npv_better=0.8", saying: "is not BASELINE:ALTERNATIVE.COLUMN")
  }

  /// Without `valuation:` or `cash:` the figures those blocks give are refused before
  /// anything runs, naming the block: before, `p_value_better` ran one evaluation and
  /// stopped with exit 1 on "an empty cell", and `value` was listed as unknown.
  func testFiguresOfAMissingBlockAreRefusedNamingTheBlock() throws {
    let models =
      DecisionClosedFormTests.steadyModel(name: "a", fixed: 1000)
      + DecisionClosedFormTests.steadyModel(name: "b", fixed: 2000)
    let plan = ScenarioPlan(
      try ScenarioLoader.load(text: scenarioYAML(models: models, horizonYears: 2, seed: 1), file: "s.yaml"))
    XCTAssertFalse(plan.hasValuation)
    XCTAssertFalse(plan.hasCash)
    func refused(_ text: String, saying part: String, line: UInt = #line) {
      XCTAssertThrowsError(try ResultTarget(parsing: text, plan: plan), line: line) { e in
        let message = (e as! ScenarioError).issues.first?.message ?? ""
        XCTAssertTrue(message.contains(part), message, line: line)
      }
    }
    for column in CompareColumn.all where column.needsValuation {
      refused("a:b.\(column.name)=0.5", saying: "the scenario has no `valuation:` block")
    }
    XCTAssertEqual(CompareColumn.all.filter(\.needsValuation).count, 5)
    for metric in MetricLayout.valuationSummaryNames {
      refused("b.\(metric).p50=1", saying: "has no summary metric '\(metric)': the scenario has no `valuation:` block")
    }
    for metric in MetricLayout.cashSummaryNames {
      refused("b.\(metric).mean=1", saying: "has no summary metric '\(metric)': the scenario has no `cash:` block")
    }
    // The other columns and metrics still resolve.
    XCTAssertNoThrow(try ResultTarget(parsing: "a:b.p_npv_better=0.5", plan: plan))
    XCTAssertNoThrow(try ResultTarget(parsing: "b.npv.ebitda.p50=1", plan: plan))
    refused("b.npv.ebitdaa.p50=1", saying: "did you mean 'npv.ebitda'?")
  }

  /// A target's value is the number its file prints under that name (to the file's
  /// digits): every cell of summary.csv and compare.csv of a run, read back through
  /// `ResultTarget`.
  func testTargetValuesAreTheNumbersOfTheFiles() throws {
    let s = try ScenarioLoader.load(text: DefaultScenario.text, file: "d.yaml").applying([.years(2)])
    let result = try Pipeline.simulate(s, until: .paths(300), threads: 2)
    let plan = ScenarioPlan(s)
    var compared = 0
    let summary = try CSVTable(ResultTables(result).summary())
    for row in summary.rows {
      for (c, column) in summary.header.enumerated().dropFirst(2) {
        let t = try ResultTarget(parsing: "\(row[0]).\(row[1]).\(column)=0", plan: plan)
        XCTAssertEqual(t.evaluate(result).map { CSVFormat.number($0.value) }, row[c], "\(t.name)")
        compared += 1
      }
    }
    let compare = try CSVTable(ResultTables(result).compare())
    for row in compare.rows {
      for (c, column) in compare.header.enumerated().dropFirst(2) {
        let t = try ResultTarget(parsing: "\(row[0]):\(row[1]).\(column)=0", plan: plan)
        // A month column is printed as a whole number, the others as summary.csv's are.
        let printed = t.evaluate(result).map { CSVFormat.number($0.value) } ?? ""
        XCTAssertEqual(Double(printed), Double(row[c]), "\(t.name)")
        compared += 1
      }
    }
    XCTAssertEqual(compared, summary.rows.count * SummaryStatistic.allCases.count + CompareColumn.all.count)
  }

  // MARK: Whole seeks with a closed form

  /// D = sum_{t=1}^{T} (1 + r)^(-t/12): the discount factors of docs/model.md, "Costs and profit".
  func discountSum(months: Int, rate r: Double) -> Double { ConstantBooks.discountSum(months: months, rate: r) }

  /// A constant book with only managed services: N0 = 10 clients of 20 seats, no
  /// churn, no arrivals, flat prices, fixed cost F = 5,000 a month, nothing else. Every
  /// month EBITDA = 200 P - F for price_per_seat P, so
  ///   NPV(P) = (200 P - F) D,  D = sum_{t=1}^{24} 1.1^(-t/12),
  /// linear in P, the same on every path (standard error 0). NPV(P) = V at
  ///   P* = (V / D + F) / 200.
  /// With no standard error the search stops on the bracket's width: the value
  /// found is within the tolerance of P*.
  func testConstantBookPriceForAnNPVIsWithinTheTolerance() throws {
    let yaml = """
      horizon_years: 2
      paths: 64
      seed: 11
      discount_rate: 0.1
      models:
        flat:
          clients: {initial: 10, seats: 20}
          streams:
            managed_services: {price_per_seat: 100}
          costs: {fixed_monthly: 5000}

      """
    let s = try ScenarioLoader.load(text: yaml, file: "flat.yaml")
    let v = 300_000.0
    let exact = (v / discountSum(months: 24, rate: 0.1) + 5000) / 200
    let request = try SeekRequest(
      scenario: s, vary: "models.flat.streams.managed_services.price_per_seat",
      target: "flat.npv.ebitda.mean=\(v)", between: "50,200", tolerance: nil)
    XCTAssertEqual(request.tolerance, 0.15, accuracy: 1e-12, "(HI - LO) / 1000")
    let r = try Seek.run(scenario: s, request: request, threads: 2)
    guard let i = r.foundIndex else { return XCTFail("\(r.outcome)") }
    XCTAssertLessThanOrEqual(abs(r.evaluations[i].keyValue - exact), r.tolerance, "found vs exact \(exact)")
    XCTAssertEqual(r.evaluations.compactMap(\.standardError).max(), 0, "a constant book has no sampling error")
    XCTAssertEqual(r.paths, 64)
    XCTAssertEqual(r.seed, 11)
  }

  /// The same book with churn: a = 0.2 a year, so each client is in the book in
  /// month t with probability (1 - a)^(t/12) (docs/model.md, "Notation": monthly
  /// p = 1 - (1-a)^(1/12)), N0 = 50 clients of 20 seats, F = 20,000, r = 0.1, T = 36:
  ///   E[NPV](P) = P A - F D,  A = 1000 sum_t 0.8^(t/12) 1.1^(-t/12),  D = sum_t 1.1^(-t/12),
  /// so E[NPV](P) = V at P* = (V + F D) / A.
  ///
  /// The churn draws do not depend on P, so under common random numbers each
  /// path's NPV is P X_i - F D with X_i independent of P, and the simulated mean is
  /// exactly the line P Â - F D; its root is P^ = (V + F D) / Â. The search stops
  /// within one standard error se_f of V (|P_f - P^| <= se_f / Â) or on the
  /// bracket (|P_f - P^| <= tolerance). And P^ - P* = P^ (A - Â) / A, with
  /// |Â - A| <= 4 se(Â) (4 standard errors, as the model tests), se(Â) = se(NPV at
  /// P) / P. So |P_f - P*| <= max(tolerance, se_f / Â) + 4 P^ se(Â) / A.
  func testChurningBookPriceForAMeanNPVIsWithinItsStatedTolerance() throws {
    let yaml = """
      horizon_years: 3
      paths: 4000
      seed: 20261130
      discount_rate: 0.1
      models:
        churning:
          clients: {initial: 50, seats: 20}
          churn: {annual: 0.2}
          streams:
            managed_services: {price_per_seat: 100}
          costs: {fixed_monthly: 20000}

      """
    let s = try ScenarioLoader.load(text: yaml, file: "churning.yaml")
    let v = 1_000_000.0
    let fd = 20_000 * discountSum(months: 36, rate: 0.1)
    let a = (1...36).reduce(0.0) { $0 + 1000 * pow(0.8, Double($1) / 12) * pow(1.1, -Double($1) / 12) }
    let exact = (v + fd) / a
    let request = try SeekRequest(
      scenario: s, vary: "models.churning.streams.managed_services.price_per_seat",
      target: "churning.npv.ebitda.mean=\(v)", between: "20,300", tolerance: nil)
    let r = try Seek.run(scenario: s, request: request, threads: 2)
    guard let i = r.foundIndex else { return XCTFail("\(r.outcome)") }
    // The simulated line through the two ends.
    let lo = r.evaluations[0]
    let hi = r.evaluations[1]
    let aHat = (hi.value! - lo.value!) / (hi.keyValue - lo.keyValue)
    let rootHat = (v + fd) / aHat
    let seA = hi.standardError! / hi.keyValue
    let found = r.evaluations[i]
    let bound = Swift.max(r.tolerance, found.standardError! / aHat) + 4 * rootHat * seA / a
    XCTAssertLessThanOrEqual(abs(aHat - a), 4 * seA, "simulated slope \(aHat) vs exact \(a)")
    XCTAssertLessThanOrEqual(
      abs(found.keyValue - rootHat), Swift.max(r.tolerance, found.standardError! / aHat) * (1 + 1e-9),
      "the simulated mean's own root \(rootHat)")
    XCTAssertLessThanOrEqual(
      abs(found.keyValue - exact), bound, "found \(found.keyValue) vs exact \(exact), bound \(bound)")
    XCTAssertGreaterThan(found.standardError!, 0)
  }

  /// npv_diff_mean of two constant books differing only in price: (P - P0) 200 D; a
  /// target above what HI gives is reported as not reached, with both ends evaluated.
  func testTargetBeyondTheBracketIsReportedAsNotReached() throws {
    let yaml = ConstantBooks.pair(paths: 32)
    let s = try ScenarioLoader.load(text: yaml, file: "pair.yaml")
    let d = discountSum(months: 24, rate: 0.1)
    // At HI = 150 the difference is 50 x 200 x D; ask for twice that.
    let request = try SeekRequest(
      scenario: s, vary: "models.alt.streams.managed_services.price_per_seat",
      target: "base:alt.npv_diff_mean=\(2 * 50 * 200 * d)", between: "100,150", tolerance: nil)
    let r = try Seek.run(scenario: s, request: request, threads: 1)
    XCTAssertEqual(r.outcome, .notReached)
    XCTAssertEqual(r.evaluations.count, 2)
    XCTAssertEqual(r.evaluations[0].value!, 0, accuracy: 1e-6)
    XCTAssertEqual(r.evaluations[1].value!, 50 * 200 * d, accuracy: 1e-6)
    let line = SeekTable.outcomeLine(r)
    XCTAssertTrue(line.contains("is not reached for models.alt.streams.managed_services.price_per_seat in"), line)
    let csv = try CSVTable(SeekTable.csv(r))
    XCTAssertEqual(csv.header, ["evaluation", "key_value", "target_value", "target_se", "found"])
    XCTAssertEqual(csv.rows.map { $0[1] }, ["100", "150"])
    XCTAssertEqual(csv.rows.map { $0[4] }, ["0", "0"], "no row is the answer")
  }

  // MARK: The request

  func testRequestReportsEveryProblemAtOnce() throws {
    let s = try ScenarioLoader.load(text: keys, file: "keys.yaml")
    XCTAssertThrowsError(
      try SeekRequest(
        scenario: s, vary: "models.one.churn.annual", target: "one.npv.ebitda=1", between: "1", tolerance: 0,
        maxEvaluations: 2)
    ) { e in
      let flags = (e as! ScenarioError).issues.map(\.keyPath)
      XCTAssertEqual(
        flags, ["--vary models.one.churn.annual", "--target", "--between", "--tolerance", "--max-evaluations"])
    }
    // Ends outside what the key allows, named with the key.
    XCTAssertThrowsError(
      try SeekRequest(
        scenario: s, vary: "market.share", target: "one.npv.ebitda.mean=1", between: "-0.5,0.5", tolerance: nil)
    ) { e in
      let issue = (e as! ScenarioError).issues
      XCTAssertEqual(issue.map(\.keyPath), ["--between"])
      XCTAssertTrue(issue[0].message.hasPrefix("market.share: -0.5 is outside what the key allows"), "\(issue)")
    }
    // No finite range to default to.
    XCTAssertThrowsError(
      try SeekRequest(
        scenario: s, vary: "models.one.streams.managed_services.price_per_seat", target: "one.npv.ebitda.mean=1",
        between: nil, tolerance: nil)
    ) { e in
      XCTAssertTrue("\(e)".contains("give --between LO,HI"), "\(e)")
    }
    // Defaults: a probability's range, a thousandth of it; a whole key's tolerance is at least 1.
    let p = try SeekRequest(
      scenario: s, vary: "models.two.adoption.monthly", target: "one:two.p_npv_better=0.5", between: nil,
      tolerance: nil)
    XCTAssertEqual(p.bracket, 0...1)
    XCTAssertEqual(p.tolerance, 0.001)
    XCTAssertEqual(p.maxEvaluations, Seek.defaultMaxEvaluations)
    let w = try SeekRequest(
      scenario: s, vary: "models.two.adoption.start_month", target: "two.npv.ebitda.p50=0", between: "1,24",
      tolerance: 0.5)
    XCTAssertEqual(w.tolerance, 1)
  }

  /// A probability or share aimed at outside 0...1 (a percent typed for a fraction)
  /// and a tolerance as wide as the bracket are refused before anything runs; their
  /// edges (0, 1, a tolerance just below the width) are not.
  func testUnreachableTargetsAndToleranceAsWideAsTheBracketAreRefused() throws {
    let s = try ScenarioLoader.load(text: keys, file: "keys.yaml")
    let vary = "models.two.adoption.monthly"
    for target in ["one:two.p_npv_better=90", "one:two.p_crossover=-0.1", "two.mix.managed_services.p50=1.5"] {
      XCTAssertThrowsError(try SeekRequest(scenario: s, vary: vary, target: target, between: nil, tolerance: nil)) {
        e in
        let issues = (e as! ScenarioError).issues
        XCTAssertEqual(issues.map(\.keyPath), ["--target"], target)
        XCTAssertTrue(
          issues[0].message.contains("can never be reached: it is a probability or share, in 0...1"), "\(e)")
      }
    }
    XCTAssertThrowsError(
      try SeekRequest(scenario: s, vary: vary, target: "one:two.p_npv_better=90", between: nil, tolerance: nil)
    ) { e in
      XCTAssertTrue("\(e)".contains("90 % is 0.9"), "\(e)")
    }
    for target in ["one:two.p_npv_better=0", "one:two.p_npv_better=1", "two.mix.managed_services.mean=0.5"] {
      XCTAssertNoThrow(try SeekRequest(scenario: s, vary: vary, target: target, between: nil, tolerance: nil), target)
    }
    // A figure that is not a share may take any value.
    XCTAssertNoThrow(
      try SeekRequest(scenario: s, vary: vary, target: "two.npv.ebitda.p50=90", between: nil, tolerance: nil))

    for tolerance in [1.0, 2.0] {
      XCTAssertThrowsError(
        try SeekRequest(scenario: s, vary: vary, target: "one:two.p_npv_better=0.5", between: nil, tolerance: tolerance)
      ) { e in
        let issues = (e as! ScenarioError).issues
        XCTAssertEqual(issues.map(\.keyPath), ["--tolerance"])
        XCTAssertTrue(issues[0].message.contains("is not below the width of the bracket [0, 1], 1"), "\(e)")
      }
    }
    let narrow = try SeekRequest(
      scenario: s, vary: vary, target: "one:two.p_npv_better=0.5", between: "0.2,0.4", tolerance: 0.19)
    XCTAssertEqual(narrow.tolerance, 0.19)
  }
}

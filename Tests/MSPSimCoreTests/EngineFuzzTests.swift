import Foundation
import XCTest

@testable import MSPSimCore

/// Runs thousands of random valid scenarios (ScenarioGenerator: every key of the key
/// table, values across each domain and its edges, every distribution kind, 1-4
/// models, 1-30 years, 1 to a few hundred paths) through the engine and checks the
/// accounting identities of docs/model.md, "What is reported":
///
/// - per model, path and month (read from the worker's buffers after each path):
///   revenue.total = sum of the stream revenues; ebitda = revenue.total - cost.total;
///   ebitda.cumulative is the running sum of ebitda; 0 <= adopted_clients <= clients,
///   both whole; 0 <= vcio_only_clients <= adopted_clients (a model giving
///   `acquisition.vcio_only_rate`), whole; every stream's revenue, recurring revenue, cost and seats >= 0;
///   recurring revenue <= revenue.total; every value finite;
/// - version 2's economics, per model, path and month
///   (docs/model.md, "Delivery cost and gross margin", "Hiring lag"):
///   cost.direct + cost.overhead = cost.total, both >= 0; the sum of margin.<kind> -
///   cost.overhead = ebitda; each margin at most its stream's revenue (a direct cost
///   is never negative); staff.* whole and >= 0, no
///   vCIO in a model without 2.0 streams, no technician at seats_per_technician 0;
///   with the path's hiring lag L, employed staff hold month 1's need for months
///   1 ... L + 1, and since e(t + L) = need(t), staff.contractors(t) =
///   max(0, e_tech(t + L) - e_tech(t)) + max(0, e_vcio(t + L) - e_vcio(t)) for
///   t + L <= T (the sum of the two roles' shortfalls, so >= 0 and 0 when L = 0);
///   per path, gross_margin.<kind> = the sum over months of margin.<kind>;
/// - the sales funnel, per model with `adoption.funnel`, path and month
///   (docs/model.md, "The sales funnel"): every funnel.<stage> count whole and >= 0;
///   each stage follows the one before by at least a month (three from a trial to its
///   close), so up to any month t the closes are at most the trials up to t - 3, the
///   trials at most the quick wins up to t - 1, those at most the workshops up to
///   t - 1, those at most the assessments up to t - 1 (and over the path closed <=
///   trials <= quick wins <= workshops <= assessments); a month's assessments are at
///   most the clients not adopted at the end of the month before (the initial
///   clients in month 1); a month's closes are adopted clients of that month; per
///   path, the horizon totals are the sums of the rows, funnel.close_rate is
///   closed / assessments (0 without an assessment) in 0...1, and
///   funnel.cost_per_close x max(1, closes) is the sum of the assessment and
///   workshop costs, inflated by (1 + annual_cost_change)^y, at most the month's overhead;
/// - per model and path: NPV of EBITDA = sum of ebitda(t) / (1+r)^(t/12);
///   horizon totals are the sums of the monthly values; with `valuation:`, the
///   recurring share, multiple and EV follow from the trailing twelve months and
///   value - NPV to the exit = EV discounted; with `cash:`, cash.min is the lowest
///   month, cash.below_floor agrees with the floor, and no month's cash grows by
///   more than the revenue it collects;
/// - per pair and path: each month's gap cell, the valley depth, the NPV (and value)
///   difference, and what the path adds to the pair's counts: better (and value
///   better) when the difference is above 0, a crossover in the first month of the
///   last run of months ahead that reaches the horizon, a valley in the first month
///   at the depth;
/// - on the whole run (the engine, 2 threads): every mean, standard deviation and
///   sketch quantile is finite, and the mean identities hold (means are linear).
///
/// Tolerances: the identities are computed in the engine's own summation order, so
/// they hold to rounding: |a - b| <= 1e-9 x (1 + |a| + |b|) per path (and 1e-9 x the
/// sum of the magnitudes for sums over months and over paths).
///
/// Environment: MSPSIM_ENGINE_FUZZ_CASES (default 2,000), MSPSIM_ENGINE_FUZZ_SEED
/// (default 20261129), MSPSIM_ENGINE_FUZZ_REPLAY=file.yaml runs one file instead,
/// MSPSIM_ENGINE_FUZZ_VERBOSE=1 names each case on stderr as it starts,
/// MSPSIM_ENGINE_FUZZ_DUMP=folder writes every case's YAML there (for other tools).
/// A failing case prints its YAML, to be replayed that way.
final class EngineFuzzTests: XCTestCase {
  static let environment = ProcessInfo.processInfo.environment
  static let cases = environment["MSPSIM_ENGINE_FUZZ_CASES"].flatMap { Int($0) } ?? 2000
  static let seed = environment["MSPSIM_ENGINE_FUZZ_SEED"].flatMap { UInt64($0) } ?? 20_261_129

  /// What one case found wrong (the first few problems).
  struct Failure: Error, CustomStringConvertible {
    var problems: [String]
    var description: String { problems.joined(separator: "\n") }
  }

  func testRandomScenariosRunAndHoldAccountingIdentities() throws {
    if let replay = Self.environment["MSPSIM_ENGINE_FUZZ_REPLAY"] {
      let yaml = try String(contentsOfFile: replay, encoding: .utf8)
      try Self.check(yaml: yaml, label: replay)
      return
    }
    var failures = 0
    var kinds = Set<String>()
    var eventTables = 0
    var modelPathMonths = 0
    var contractorMonths = 0
    var vcioOnlyMonths = 0
    var clamped = 0
    var programLists = 0
    var funnels = 0
    var correlated = 0
    var withRecessions = 0
    var latinHypercubes = 0
    var gslSamplers = 0
    var funnelTrialMonths = 0
    var funnelClosedMonths = 0
    var scaledMoney = 0
    var codesKeptAside = 0
    var recessionMarketReferences = 0
    for k in 0..<Self.cases {
      var generator = ScenarioGenerator(seed: Self.seed &+ UInt64(k), size: .fuzz)
      let (yaml, _) = generator.scenario(name: "fuzz-\(k)")
      kinds.formUnion(generator.kindsUsed)
      programLists += generator.programListsWritten
      funnels += generator.funnelsWritten
      correlated += generator.correlationBlocksWritten
      withRecessions += generator.recessionBlocksWritten
      recessionMarketReferences += generator.recessionMarketReferencesWritten
      latinHypercubes += generator.latinHypercubesWritten
      gslSamplers += generator.gslSamplersWritten
      scaledMoney += generator.scaledMoneyWritten
      if let folder = Self.environment["MSPSIM_ENGINE_FUZZ_DUMP"] {
        try yaml.write(toFile: "\(folder)/fuzz-\(k).yaml", atomically: true, encoding: .utf8)
      }
      if Self.environment["MSPSIM_ENGINE_FUZZ_VERBOSE"] != nil {
        // Unbuffered, so a case that hangs or crashes is known by its number.
        FileHandle.standardError.write(Data("[engine fuzz] case \(k)\n".utf8))
      }
      do {
        // The Sobol design on every fourth case and shards on every fourth other one:
        // a second engine per case is most of a case's time, and 500 of each (75
        // under ASan) cover their branches.
        let stats = try Self.check(yaml: yaml, label: "fuzz-\(k)", sobol: k % 4 == 0, shards: k % 4 == 2)
        modelPathMonths += stats.modelPathMonths
        clamped += stats.clamped
        eventTables += stats.eventTables
        contractorMonths += stats.contractorMonths
        vcioOnlyMonths += stats.vcioOnlyMonths
        funnelTrialMonths += stats.funnelTrialMonths
        funnelClosedMonths += stats.funnelClosedMonths
        codesKeptAside += stats.codesKeptAside
      } catch {
        failures += 1
        XCTFail(
          "engine fuzz case \(k) (seed \(Self.seed &+ UInt64(k))): \(error)\n--- scenario (save and replay with MSPSIM_ENGINE_FUZZ_REPLAY) ---\n\(yaml)---"
        )
        if failures >= 5 { break }
      }
    }
    print(
      "[engine fuzz] \(Self.cases) cases, \(modelPathMonths) model-path-months, \(clamped) clamped draws, "
        + "\(failures) failing; \(eventTables) per-event discrete/mixture quantities; \(contractorMonths) model-path-months with contractors; "
        + "\(vcioOnlyMonths) with vCIO-only clients; "
        + "\(programLists) marketplaces with programs; "
        + "\(funnels) models with a funnel, \(funnelTrialMonths) model-path-months with trials started, "
        + "\(funnelClosedMonths) with funnel closes; \(correlated) scenarios with correlations, "
        + "\(withRecessions) with recessions (\(recessionMarketReferences) recession keys as market.NAME), "
        + "\(latinHypercubes) with a Latin hypercube, "
        + "\(gslSamplers) with sampler: gsl (the rest fast); "
        + "\(scaledMoney) with money scaled by 10^4-10^6, \(codesKeptAside) sketch codes kept aside; "
        + "distribution kinds generated: \(kinds.sorted().joined(separator: ", "))"
    )
    if Self.cases >= 100 {
      XCTAssertGreaterThan(eventTables, 0, "no per-event discrete or mixture quantity was generated")
      // The hiring-lag identities are not vacuous: some staff shortfalls were covered.
      XCTAssertGreaterThan(contractorMonths, 0, "no month had contractors (hiring lag never bit)")
      XCTAssertGreaterThan(vcioOnlyMonths, 0, "no month had a vCIO-only client")
      XCTAssertGreaterThan(programLists, 0, "no marketplace with programs was generated")
      // The funnel identities are not vacuous: clients went through every stage.
      XCTAssertGreaterThan(funnels, 0, "no model with a funnel was generated")
      XCTAssertGreaterThan(correlated, 0, "no scenario with correlations was generated")
      XCTAssertGreaterThan(withRecessions, 0, "no scenario with recessions was generated")
      XCTAssertGreaterThan(recessionMarketReferences, 0, "no recession key was written as market.NAME")
      XCTAssertGreaterThan(latinHypercubes, 0, "no scenario with a Latin hypercube was generated")
      XCTAssertTrue(
        gslSamplers > 0 && gslSamplers < Self.cases, "both samplers must be generated (gsl: \(gslSamplers))")
      XCTAssertGreaterThan(funnelTrialMonths, 0, "no month started a funnel trial")
      XCTAssertGreaterThan(funnelClosedMonths, 0, "no month closed a client through the funnel")
      // The chunk buffer's rare path (codes outside a cell's 2-byte window) ran, under
      // ASan in CI: scaled money takes cumulative figures past 2^34.
      XCTAssertGreaterThan(scaledMoney, 0, "no scenario with money in a small currency was generated")
      XCTAssertGreaterThan(codesKeptAside, 0, "no sketch code was kept aside outside its cell's window")
    }
    if Self.cases >= 500 {
      XCTAssertEqual(
        kinds, Set(DistributionKind.names),
        "the generator should write every distribution kind")
    }
  }

  /// Loads, runs and checks one scenario; returns what it ran.
  @discardableResult
  static func check(yaml: String, label: String, sobol: Bool = true, shards: Bool = true) throws -> (
    modelPathMonths: Int, clamped: Int, eventTables: Int, contractorMonths: Int, vcioOnlyMonths: Int,
    funnelTrialMonths: Int, funnelClosedMonths: Int, codesKeptAside: Int
  ) {
    let scenario: Scenario
    do { scenario = try ScenarioLoader.load(text: yaml, file: label + ".yaml") } catch {
      throw Failure(problems: ["the generator wrote a scenario the loader rejects: \(error)"])
    }
    let plan = ScenarioPlan(scenario)
    var problems: [String] = []
    func expect(_ ok: Bool, _ message: @autoclosure () -> String) {
      if !ok, problems.count < 8 { problems.append(message()) }
    }
    func close(_ a: Double, _ b: Double, scale: Double = 0) -> Bool {
      abs(a - b) <= 1e-9 * (1 + abs(a) + abs(b) + scale)
    }

    // Per path, from the worker's own buffers.
    let layout = CellLayout(plan: plan)
    let worker = try PathWorker(plan: plan, layout: layout, recorder: nil, keepsLastValues: true)
    let T = plan.months
    var contractorMonths = 0
    var vcioOnlyMonths = 0
    var funnelTrialMonths = 0
    var funnelClosedMonths = 0
    for path in 0..<plan.paths {
      if worker.chunk.chunkPaths == Engine.chunkSize {
        _ = worker.endChunk()
        worker.beginChunk()
      }
      let pairCountsBefore = worker.tallies.pairs
      try worker.run(path: path)
      for (mi, slot) in worker.sims.enumerated() {
        let ml = plan.models[mi].layout
        let name = plan.models[mi].name
        func v(_ metric: Int, _ t: Int) -> Double { slot.sim.out[metric * T + t - 1] }
        var cumulative = 0.0
        var npv = 0.0
        var revenueTotal = 0.0
        var ebitdaTotal = 0.0
        var magnitude = 0.0
        var grossMargin = [Double](repeating: 0, count: ml.streams.count)
        var marginMagnitude = 0.0
        for t in 1...T {
          for metric in 0..<ml.count {
            expect(v(metric, t).isFinite, "\(name) path \(path) month \(t): \(ml.names[metric]) = \(v(metric, t))")
          }
          var streams = 0.0
          for k in ml.streams.indices {
            let r = v(MetricLayout.firstStream + k, t)
            streams += r
            expect(r >= 0, "\(name) path \(path) month \(t): revenue.\(ml.streams[k].rawValue) = \(r) < 0")
          }
          let revenue = v(ml.revenueTotal, t)
          let cost = v(ml.costTotal, t)
          let ebitda = v(ml.ebitda, t)
          let clients = v(MetricLayout.clients, t)
          let adopted = v(MetricLayout.adoptedClients, t)
          let recurring = v(ml.revenueRecurring, t)
          expect(
            close(revenue, streams),
            "\(name) path \(path) month \(t): revenue.total \(revenue) != sum of streams \(streams)")
          expect(
            close(ebitda, revenue - cost),
            "\(name) path \(path) month \(t): ebitda \(ebitda) != revenue - cost \(revenue - cost)")
          expect(cost >= 0, "\(name) path \(path) month \(t): cost.total = \(cost) < 0")
          expect(
            recurring >= 0 && recurring <= revenue * (1 + 1e-12) + 1e-9,
            "\(name) path \(path) month \(t): revenue.recurring \(recurring) outside 0...\(revenue)")
          expect(
            v(MetricLayout.seats, t) >= 0, "\(name) path \(path) month \(t): seats = \(v(MetricLayout.seats, t)) < 0")
          expect(
            adopted >= 0 && adopted <= clients && adopted == adopted.rounded() && clients == clients.rounded(),
            "\(name) path \(path) month \(t): adopted_clients \(adopted), clients \(clients)")
          // vCIO-only clients are adopted clients in the book (docs/model.md, "Bigger
          // clients and vCIO-only clients"): vcio_only_clients <= adopted_clients <= clients.
          if let row = ml.vcioOnlyClients {
            let vcioOnly = v(row, t)
            expect(
              vcioOnly >= 0 && vcioOnly <= adopted && vcioOnly == vcioOnly.rounded(),
              "\(name) path \(path) month \(t): vcio_only_clients \(vcioOnly), adopted_clients \(adopted)")
            if vcioOnly > 0 { vcioOnlyMonths += 1 }
          }
          // Version 2's economics: direct + overhead is the whole cost; the stream
          // margins less overhead are EBITDA, to the rounding of sums of this size.
          let direct = v(ml.costDirect, t)
          let overhead = v(ml.costOverhead, t)
          expect(
            direct >= 0 && overhead >= 0,
            "\(name) path \(path) month \(t): cost.direct \(direct), cost.overhead \(overhead)")
          expect(
            close(direct + overhead, cost, scale: direct + overhead),
            "\(name) path \(path) month \(t): cost.direct + cost.overhead \(direct + overhead) != cost.total \(cost)")
          var margins = 0.0
          for k in ml.streams.indices {
            let margin = v(ml.firstMargin + k, t)
            let r = v(MetricLayout.firstStream + k, t)
            margins += margin
            grossMargin[k] += margin
            marginMagnitude += abs(margin)
            expect(
              margin <= r + 1e-9 * (1 + abs(r)),
              "\(name) path \(path) month \(t): margin.\(ml.streams[k].rawValue) \(margin) > its revenue \(r)")
          }
          expect(
            close(margins - overhead, ebitda, scale: revenue + cost),
            "\(name) path \(path) month \(t): sum of margins - overhead \(margins - overhead) != ebitda \(ebitda)")
          for metric in [ml.staffTechnicians, ml.staffVCIOs, ml.staffContractors] {
            let n = v(metric, t)
            expect(
              n >= 0 && n == n.rounded(), "\(name) path \(path) month \(t): \(ml.names[metric]) = \(n), not whole >= 0")
          }
          if !plan.models[mi].hasAdoption {
            expect(v(ml.staffVCIOs, t) == 0, "\(name) path \(path) month \(t): vCIOs in a model without 2.0 streams")
          }
          if slot.sim.value[ParameterID.seatsPerTechnician.rawValue] == 0 {
            expect(
              v(ml.staffTechnicians, t) == 0,
              "\(name) path \(path) month \(t): technicians with seats_per_technician 0")
          }
          cumulative += ebitda
          magnitude += abs(ebitda)
          expect(
            close(v(ml.ebitdaCumulative, t), cumulative, scale: magnitude),
            "\(name) path \(path) month \(t): ebitda.cumulative \(v(ml.ebitdaCumulative, t)) != running sum \(cumulative)"
          )
          npv += ebitda * plan.discountFactors[t]
          revenueTotal += revenue
          ebitdaTotal += ebitda
        }
        // Hiring lag (docs/model.md, "Hiring lag"): e(t) = need(max(1, t - L)), so the
        // employed head count stays at month 1's need through month L + 1, and
        // need(t) = e(t + L): the contractors are the shortfalls read L months ahead.
        let lag = Int(min(slot.sim.value[ParameterID.hiringLagMonths.rawValue], Double(T)))
        for t in 1...T {
          let technicians = v(ml.staffTechnicians, t)
          let vcios = v(ml.staffVCIOs, t)
          if v(ml.staffContractors, t) > 0 { contractorMonths += 1 }
          if t <= lag + 1 {
            expect(
              technicians == v(ml.staffTechnicians, 1) && vcios == v(ml.staffVCIOs, 1),
              "\(name) path \(path) month \(t): staff changed within the hiring lag \(lag)")
          }
          if t + lag <= T {
            let shortfall =
              max(0, v(ml.staffTechnicians, t + lag) - technicians) + max(0, v(ml.staffVCIOs, t + lag) - vcios)
            expect(
              v(ml.staffContractors, t) == shortfall,
              "\(name) path \(path) month \(t): staff.contractors \(v(ml.staffContractors, t)) != shortfall \(shortfall) (lag \(lag))"
            )
          }
        }
        // Recessions (docs/model.md, "Recessions"): 0 or 1, and one market process: the
        // same months in every model of the path.
        if let row = ml.recession {
          for t in 1...T {
            let r = v(row, t)
            expect(r == 0 || r == 1, "\(name) path \(path) month \(t): recession = \(r)")
            expect(r == worker.recessionMonths[t], "\(name) path \(path) month \(t): recession not the path's")
          }
        }
        let summary = { (i: Int) in slot.sim.summary[i] }
        // The sales funnel (docs/model.md, "The sales funnel").
        if let first = ml.firstFunnel, let summaryFirst = ml.summaryFirstFunnel {
          func row(_ stage: FunnelStage, _ t: Int) -> Double { v(first + stage.rawValue, t) }
          func parameter(_ id: ParameterID) -> Double { slot.sim.value[id.rawValue] }
          // Running totals of each stage up to month t, by FunnelStage.rawValue (index t, 0 = none).
          var upTo = [[Double]](repeating: [Double](repeating: 0, count: T + 1), count: FunnelStage.allCases.count)
          var cost = 0.0
          for t in 1...T {
            for stage in FunnelStage.allCases {
              let n = row(stage, t)
              expect(
                n >= 0 && n == n.rounded(),
                "\(name) path \(path) month \(t): \(stage.metricName) = \(n), not whole >= 0")
              upTo[stage.rawValue][t] = upTo[stage.rawValue][t - 1] + n
            }
            // Each stage comes at least a month after the one before (the close three
            // months after the trial starts), one client at most once per start.
            let pairs: [(FunnelStage, FunnelStage, Int)] = [
              (.workshops, .assessments, 1), (.quickWins, .workshops, 1), (.trials, .quickWins, 1),
              (.closed, .trials, 3),
            ]
            for (later, earlier, lag) in pairs {
              let before = t - lag >= 0 ? upTo[earlier.rawValue][t - lag] : 0
              expect(
                upTo[later.rawValue][t] <= before,
                "\(name) path \(path) month \(t): \(upTo[later.rawValue][t]) \(later.metricName) up to now > \(before) \(earlier.metricName) up to month \(t - lag)"
              )
            }
            // Only clients in the book before the month, not adopted, are assessed.
            let free =
              t == 1
              ? parameter(.clientsInitial).rounded()
              : v(MetricLayout.clients, t - 1) - v(MetricLayout.adoptedClients, t - 1)
            expect(
              row(.assessments, t) <= free,
              "\(name) path \(path) month \(t): \(row(.assessments, t)) assessments of \(free) clients free to be assessed"
            )
            expect(
              row(.closed, t) <= v(MetricLayout.adoptedClients, t),
              "\(name) path \(path) month \(t): \(row(.closed, t)) funnel closes, \(v(MetricLayout.adoptedClients, t)) adopted"
            )
            // Assessments and workshops are overhead, inflated like marketing.
            let monthCost =
              (row(.assessments, t) * parameter(.funnelAssessmentCost) + row(.workshops, t)
                * parameter(.funnelWorkshopCost)) * pow(1 + parameter(.annualCostChange), Double((t - 1) / 12))
            cost += monthCost
            expect(
              monthCost <= v(ml.costOverhead, t) * (1 + 1e-9) + 1e-9,
              "\(name) path \(path) month \(t): funnel cost \(monthCost) > cost.overhead \(v(ml.costOverhead, t))")
            if row(.trials, t) > 0 { funnelTrialMonths += 1 }
            if row(.closed, t) > 0 { funnelClosedMonths += 1 }
          }
          let assessments = upTo[FunnelStage.assessments.rawValue][T]
          let closed = upTo[FunnelStage.closed.rawValue][T]
          expect(
            summary(summaryFirst + FunnelSummary.assessments.index) == assessments
              && summary(summaryFirst + FunnelSummary.closed.index) == closed,
            "\(name) path \(path): funnel horizon totals \(summary(summaryFirst + FunnelSummary.assessments.index)), \(summary(summaryFirst + FunnelSummary.closed.index)) != sums of the rows \(assessments), \(closed)"
          )
          let closeRate = summary(summaryFirst + FunnelSummary.closeRate.index)
          expect(
            closeRate >= 0 && closeRate <= 1 && close(closeRate, assessments > 0 ? closed / assessments : 0),
            "\(name) path \(path): funnel.close_rate \(closeRate) with \(closed) closes of \(assessments) assessments")
          let costPerClose = summary(summaryFirst + FunnelSummary.costPerClose.index)
          expect(
            costPerClose >= 0 && close(costPerClose * max(1, closed), cost, scale: cost),
            "\(name) path \(path): funnel.cost_per_close \(costPerClose) x max(1, \(closed)) != funnel cost \(cost)")
        }
        for k in ml.streams.indices {
          expect(
            close(summary(ml.summaryFirstGrossMargin + k), grossMargin[k], scale: marginMagnitude),
            "\(name) path \(path): gross_margin.\(ml.streams[k].rawValue) \(summary(ml.summaryFirstGrossMargin + k)) != sum of months \(grossMargin[k])"
          )
        }
        expect(
          close(summary(MetricLayout.summaryNPV), npv, scale: magnitude),
          "\(name) path \(path): npv.ebitda \(summary(MetricLayout.summaryNPV)) != discounted sum \(npv)")
        expect(
          close(summary(MetricLayout.summaryRevenueTotal), revenueTotal, scale: revenueTotal),
          "\(name) path \(path): revenue.horizon_total != sum of months")
        expect(
          close(summary(MetricLayout.summaryEBITDATotal), ebitdaTotal, scale: magnitude),
          "\(name) path \(path): ebitda.horizon_total != sum of months")
        for i in 0..<ml.summaryCount {
          expect(summary(i).isFinite, "\(name) path \(path): summary \(ml.summaryNames[i]) = \(summary(i))")
        }
        // Exit value (docs/model.md, "Exit value"), with the path's drawn terms.
        let terms = DecisionTerms(worker.decisionValues, horizonYears: plan.years)
        if let slot = ml.summaryValue {
          let X = terms.exitMonth
          var ttm = (revenue: 0.0, recurring: 0.0, ebitda: 0.0)
          var npvToExit = 0.0
          for t in 1...X {
            npvToExit += v(ml.ebitda, t) * plan.discountFactors[t]
            if t > X - 12 {
              ttm.revenue += v(ml.revenueTotal, t)
              ttm.recurring += v(ml.revenueRecurring, t)
              ttm.ebitda += v(ml.ebitda, t)
            }
          }
          let share = ttm.revenue != 0 ? ttm.recurring / ttm.revenue : 0
          let multiple = terms.multiple(recurringShare: share)
          expect(
            (1...T).contains(X) && X % 12 == 0, "\(name) path \(path): exit month \(X) not a year end in the horizon")
          expect(
            close(summary(slot + 3), share) && summary(slot + 3) >= 0 && summary(slot + 3) <= 1 + 1e-12,
            "\(name) path \(path): recurring_share.exit \(summary(slot + 3)) != \(share)")
          expect(close(summary(slot + 2), multiple), "\(name) path \(path): multiple.exit \(summary(slot + 2))")
          expect(
            summary(slot + 1) >= 0 && close(summary(slot + 1), multiple * max(0, ttm.ebitda), scale: magnitude),
            "\(name) path \(path): ev.exit \(summary(slot + 1)) != M x max(0, TTM EBITDA)")
          expect(
            close(summary(slot) - npvToExit, summary(slot + 1) * plan.discountFactors[X], scale: magnitude),
            "\(name) path \(path): value - NPV to the exit != discounted EV")
        }
        // Cash (docs/model.md, "Cash"): the month's change is collected - cost - tax - draw,
        // collections a mix of two months' revenue; the summary is its minimum.
        if let row = ml.cash, let slot = ml.summaryCashMin {
          var lowest = Double.infinity
          var collectedTotal = 0.0
          var taxTotal = 0.0
          var previous = terms.opening
          for t in 1...T {
            lowest = min(lowest, v(row, t))
            let change = v(row, t) - previous
            previous = v(row, t)
            // change + cost + draw = collected - tax: at most the larger of the two
            // revenues collected from, never below what tax could take.
            let collectedLessTax = change + v(ml.costTotal, t) + terms.ownerDrawMonthly
            collectedTotal += collectedLessTax
            if t % 12 == 0 {
              var year = 0.0
              for s in (t - 11)...t { year += v(ml.ebitda, s) }
              taxTotal += terms.taxRate * max(0, year)
            }
            let k = Int(terms.receivableDays / 30)
            let most = max(v(ml.revenueTotal, max(1, t - k)), v(ml.revenueTotal, max(1, t - k - 1)))
            expect(
              collectedLessTax <= most * (1 + 1e-9) + 1e-6 * (1 + abs(previous)),
              "\(name) path \(path) month \(t): cash grew by more than a month's revenue can pay")
          }
          expect(summary(slot) == lowest, "\(name) path \(path): cash.min \(summary(slot)) != lowest cash \(lowest)")
          expect(
            summary(slot + 1) == (lowest < terms.floor ? 1 : 0),
            "\(name) path \(path): cash.below_floor \(summary(slot + 1)) with lowest \(lowest), floor \(terms.floor)")
          expect(taxTotal >= 0, "\(name) path \(path): negative tax")
        }
      }
      // The valley of each pair (docs/model.md, "The valley"): the gap cells, the
      // depth as their positive maximum.
      for (pi, pair) in plan.pairs.enumerated() {
        let a = worker.sims[pair.baseline]
        let b = worker.sims[pair.alternative]
        let ca = plan.models[pair.baseline].layout.ebitdaCumulative * T
        let cb = plan.models[pair.alternative].layout.ebitdaCumulative * T
        var deepest = 0.0
        for t in 1...T {
          let gap = a.sim.out[ca + t - 1] - b.sim.out[cb + t - 1]
          deepest = max(deepest, gap)
          expect(
            worker.chunk.lastValue(cell: layout.gap(pi, month: t)) == gap,
            "pair \(pi) path \(path) month \(t): gap cell")
        }
        expect(
          worker.chunk.lastValue(cell: layout.valleyDepth(pi)) == deepest,
          "pair \(pi) path \(path): valley depth")
        // What the path added to the pair's counts: one better, one crossover in the
        // month where the alternative gets ahead for good (every later month ahead,
        // the month before not), one valley in the first month at the depth.
        let before = pairCountsBefore[pi]
        let after = worker.tallies.pairs[pi]
        let npvDiff = b.sim.summary[MetricLayout.summaryNPV] - a.sim.summary[MetricLayout.summaryNPV]
        expect(worker.chunk.lastValue(cell: layout.pair(pi)) == npvDiff, "pair \(pi) path \(path): NPV difference")
        expect(after.better - before.better == (npvDiff > 0 ? 1 : 0), "pair \(pi) path \(path): better")
        let ahead = (1...T).map { b.sim.out[cb + $0 - 1] > a.sim.out[ca + $0 - 1] }
        var crossover: Int?
        if ahead[T - 1] {
          var start = T
          while start > 1, ahead[start - 2] { start -= 1 }
          crossover = start
        }
        expect(after.crossed - before.crossed == (crossover == nil ? 0 : 1), "pair \(pi) path \(path): crossed")
        for m in 0...T {
          expect(
            after.crossoverHistogram[m] - before.crossoverHistogram[m] == (m == crossover ? 1 : 0),
            "pair \(pi) path \(path): crossover month \(m) (expected \(crossover.map(String.init) ?? "none"))")
        }
        let valleyMonth =
          deepest > 0 ? (1...T).first { a.sim.out[ca + $0 - 1] - b.sim.out[cb + $0 - 1] == deepest } : nil
        expect(after.valleys - before.valleys == (valleyMonth == nil ? 0 : 1), "pair \(pi) path \(path): valley")
        for m in 0...T {
          expect(
            after.valleyHistogram[m] - before.valleyHistogram[m] == (m == valleyMonth ? 1 : 0),
            "pair \(pi) path \(path): valley month \(m)")
        }
        if let cell = layout.valueDifference(pi), let valueA = plan.models[pair.baseline].layout.summaryValue,
          let valueB = plan.models[pair.alternative].layout.summaryValue
        {
          let valueDiff = b.sim.summary[valueB] - a.sim.summary[valueA]
          expect(worker.chunk.lastValue(cell: cell) == valueDiff, "pair \(pi) path \(path): value difference")
          expect(
            after.valueBetter - before.valueBetter == (valueDiff > 0 ? 1 : 0), "pair \(pi) path \(path): value better")
        }
      }
      if !problems.isEmpty { throw Failure(problems: problems) }
    }
    // The codes still held go to the single worker's sketches, through the codes kept
    // aside when a cell's values leave its 2-byte window (scaled money reaches them).
    worker.finishSketches()
    let codesKeptAside = worker.chunk.codesKeptAside

    // The whole run through the engine (2 threads): every statistic finite, mean identities.
    // With the per-path recorder of --sensitivity and --per-path (every summary value
    // too), so its raw rows run under ASan, every column read back.
    let engine = Engine(plan: plan, threads: 2, recordPaths: true, recordSummaries: true)
    try engine.advance(to: plan.paths)
    let r = engine.result
    // Sketches add exactly: one worker's blocks of paths in order and two workers'
    // blocks of interleaved chunks (other windows, other codes kept aside) give the
    // same sketch of every cell.
    if let i = r.sketches.indices.first(where: { r.sketches[$0] != worker.tallies.sketches[$0] }) {
      expect(false, "cell \(i): the engine's sketch differs from one worker's over the same paths")
    }
    expect(engine.recorder != nil, "recordPaths: true gave no per-path recorder")
    if let recorder = engine.recorder {
      for j in 0..<recorder.width {
        let column = recorder.column(j, paths: plan.paths)
        expect(column.count == plan.paths && column.allSatisfy(\.isFinite), "recorded column \(j) not finite")
      }
      // The --per-path table: one row per path, and each model's NPV column's mean is
      // the run's mean NPV.
      let table = PerPathTable(plan: plan, recorder: recorder, paths: plan.paths)
      expect(table.paths == plan.paths, "per-path table: \(table.paths) rows for \(plan.paths) paths")
      for (mi, model) in plan.models.enumerated() {
        guard let j = table.header.firstIndex(of: model.name + ".npv.ebitda") else {
          expect(false, "per-path table has no \(model.name).npv.ebitda")
          continue
        }
        let width = table.header.count - 1
        let npv = (0..<table.paths).map { table.values[$0 * width + j - 1] }
        let mean = npv.reduce(0, +) / Double(Swift.max(1, npv.count))
        let expected = r.moments[layout.summary(model: mi, metric: MetricLayout.summaryNPV)].mean
        expect(
          close(mean, expected, scale: npv.reduce(0) { $0 + abs($1) } / Double(Swift.max(1, npv.count))),
          "per-path \(model.name).npv.ebitda mean \(mean) != the run's \(expected)")
      }
    }
    if sobol { try checkSobolDesign(plan, expect: expect) }
    if shards { try checkShards(plan, whole: r, expect: expect) }
    for (i, m) in r.moments.enumerated() {
      expect(m.mean.isFinite && m.sd.isFinite, "cell \(i): mean \(m.mean), sd \(m.sd)")
      let q = r.sketches[i].quantiles([0.05, 0.5, 0.95])
      expect(q.allSatisfy(\.isFinite), "cell \(i): quantiles \(q)")
    }
    for (mi, model) in plan.models.enumerated() {
      let ml = model.layout
      for t in 1...T {
        func mean(_ metric: Int) -> Double { r.moments[layout.monthly(model: mi, metric: metric, month: t)].mean }
        let streams = ml.streams.indices.reduce(0.0) { $0 + mean(MetricLayout.firstStream + $1) }
        let scale = ml.streams.indices.reduce(0.0) { $0 + abs(mean(MetricLayout.firstStream + $1)) }
        expect(
          close(mean(ml.revenueTotal), streams, scale: scale),
          "\(model.name) month \(t): mean revenue.total \(mean(ml.revenueTotal)) != sum of stream means \(streams)")
        expect(
          close(mean(ml.ebitda), mean(ml.revenueTotal) - mean(ml.costTotal), scale: abs(mean(ml.costTotal))),
          "\(model.name) month \(t): mean ebitda != mean revenue - mean cost")
        expect(
          close(mean(ml.costDirect) + mean(ml.costOverhead), mean(ml.costTotal), scale: abs(mean(ml.costTotal))),
          "\(model.name) month \(t): mean cost.direct + mean cost.overhead != mean cost.total")
        expect(
          mean(MetricLayout.adoptedClients) <= mean(MetricLayout.clients) + 1e-9,
          "\(model.name) month \(t): mean adopted_clients > mean clients")
      }
    }
    if !problems.isEmpty { throw Failure(problems: problems) }
    let clamped = r.clampCounts.joined().reduce(0, +)
    // Per-event discrete and mixture quantities: drawn through GSL table handles
    // (EventSampler), which this run exercised (under ASan in CI).
    let eventTables = plan.models.reduce(0) { count, m in
      count
        + m.events.filter { spec in
          guard case .distribution(let d) = spec else { return false }
          return d.kind == .discrete || d.kind == .mixture
        }.count
    }
    return (
      plan.models.count * plan.paths * T, clamped, eventTables, contractorMonths, vcioOnlyMonths, funnelTrialMonths,
      funnelClosedMonths, codesKeptAside
    )
  }
}

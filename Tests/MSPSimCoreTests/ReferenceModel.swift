import CGSL
import Foundation

@testable import MSPSimCore

// A deliberately naive reference implementation of the simulation model, written
// straight from docs/model.md, to show that the tuned engine did not change the
// model (docs/testing.md, "What holds the engine").
//
// It shares nothing with the engine but the compiled `ScenarioPlan` (the parsed
// scenario), the parameters of each `Distribution` as the loader stored them and
// `ParameterDomain.clamp`. Its randomness is its own (ReferenceDraws.swift): GSL's taus2
// generator and GSL's samplers called directly, other algorithms than the engine's for
// the normal, Gamma and binomial, and its own inverse CDFs for the copula. Of the loaded scenario it reads only the keys the file gave: every
// key left out takes the reference's own default, written from the docs
// (ReferenceDefaults.swift), not the loader's, so a wrong default of the engine shows as
// a difference. It uses none of the engine's shortcuts:
// - every client in the book gets a Bernoulli churn draw every month (no
//   Geometric leaving month, no calendar);
// - every eligible client gets a Bernoulli adoption draw every month (no
//   Binomial count and random subset);
// - each client's seats are recomputed every month as
//   seats0 x (1 + g)^((t - join)/12) with `pow` (no running weight sums);
// - each revenue stream is summed client by client; billed hours and third-party
//   projects are Poisson per client (whose sum is the Poisson of docs/model.md);
// - refresh projects: each client carries the month its next refresh falls due;
// - resale: each client's resale is its own seats x (its adopted share or 1);
// - staff (docs/model.md, "Hiring lag"): the month's need of each role is kept in a
//   plain array over the path's months, employed staff are read back L months
//   earlier, the shortfall paid as contractors; each cost goes to the stream it
//   delivers or to overhead, and every margin is recomputed from scratch;
// - the sales funnel (docs/model.md, "The sales funnel"): each client carries its
//   stage and the month that stage is settled (or its retry month), and every month
//   each client of the book is looked at (no calendar, no free list); the assessed
//   clients are a partial Fisher-Yates shuffle of the free ones, counted afresh.
// Its streams are seeded differently from the engine's (a plain sequential
// generator per model and one for the market, of another kind than the engine's), so it
// is statistically, not numerically, equal to the engine. It is slow on purpose: readable first.

/// One client of one model's book on one path (docs/model.md, "The client book").
struct ReferenceClient {
  /// seats0: seats when it joined (drawn from `clients.seats`).
  var seats0: Double
  /// Month it joined (0 for the initial book).
  var joined: Int
  /// Adoption month a_i (0 for an initial adopter); nil while not adopted.
  var adoptedAt: Int?
  /// vCIO fee, drawn at adoption (`vcio.monthly_fee`).
  var vcioFee = 0.0
  /// Sum of its apps' price per user, drawn at adoption (`apps_per_client` x `tier_price`).
  var appPricePerUser = 0.0
  /// Commission rate of its vendor mix, drawn at adoption (`marketplace.commission`).
  var commissionRate = 0.0
  /// With marketplace programs: share_k x rate_k of each program, drawn at adoption.
  var programParts: [Double] = []
  /// The month its next refresh project falls due (docs/model.md, "Revenue streams").
  var nextRefresh = Int.max
  /// A vCIO-only client (docs/model.md, "Bigger clients and vCIO-only clients"):
  /// adopted at joining, no support contract, so no 1.0 stream and no technician.
  var vcioOnly = false
  /// Where it stands in the sales funnel (docs/model.md, "The sales funnel").
  var funnel = ReferenceFunnelStage.free
  /// The month its funnel stage is settled (or, waiting, the month it is free again).
  var funnelDue = 0

  /// seats_i(t) = seats0 x (1+g)^(k/12), k = months in the book (docs/model.md, "The client book":
  /// growth starts from the month after joining).
  func seats(at t: Int, growth g: Double) -> Double {
    seats0 * pow(1 + g, Double(t - joined) / 12)
  }
}

/// A client's place in the sales funnel (docs/model.md, "The sales funnel").
enum ReferenceFunnelStage {
  /// Not in the funnel (free to be assessed while in the book and not adopted).
  case free
  /// Assessed; the workshop is settled at `funnelDue`.
  case assessed
  /// Workshop held; the quick win is settled at `funnelDue`.
  case workshopHeld
  /// Quick win bought; the trial is settled at `funnelDue`.
  case quickWon
  /// In the trial quarter, paying the trial fee; the close is settled at `funnelDue`.
  case inTrial
  /// Failed a stage; free again from `funnelDue`.
  case waiting
}

/// What one model reports on one path (docs/model.md, "What is reported").
struct ReferenceModelPath {
  /// `monthly[metric][t - 1]`, metrics in the model's `MetricLayout` order.
  var monthly: [[Double]]
  /// NPV of EBITDA: sum of EBITDA(t) / (1 + discount_rate)^(t/12).
  var npv = 0.0
  /// Total revenue over the horizon.
  var revenueTotal = 0.0
  /// Total EBITDA over the horizon.
  var ebitdaTotal = 0.0
  /// The summary values after the mix, by name: the decision's (docs/model.md, "Exit
  /// value", "Cash": value, ev.exit, multiple.exit, recurring_share.exit, cash.min,
  /// cash.below_floor, those the scenario's blocks give) and gross_margin.<kind> per
  /// stream (docs/model.md, "Delivery cost and gross margin").
  var decision: [String: Double] = [:]
}

/// Moments across paths of every monthly cell and of the summary values of each model.
struct ReferenceRun {
  /// `monthly[model][metric][t - 1]`.
  var monthly: [[[Moments]]]
  /// `npv[model]`, `revenueTotal[model]`, `ebitdaTotal[model]`.
  var npv: [Moments]
  var revenueTotal: [Moments]
  var ebitdaTotal: [Moments]
  /// `decision[model][name]`: the summary values after the mix (decision, gross margins).
  var decision: [[String: Moments]]
  /// Per pair of models (`plan.pairs` order): compare.csv's quantities.
  var pairs: [ReferencePairRun]
  var paths = 0
}

/// Moments over paths of one pair's quantities (docs/model.md, "What is reported",
/// "The valley"), computed from the two models' own rows: indicators for the shares,
/// the crossover month over the paths that cross.
struct ReferencePairRun {
  /// NPV(alternative) - NPV(baseline).
  var npvDiff = Moments()
  /// 1 when NPV(alternative) > NPV(baseline).
  var better = Moments()
  /// 1 when the path has a crossover month.
  var crossed = Moments()
  /// The crossover month, over the paths that have one.
  var crossoverMonth = Moments()
  /// max(0, max over t of gap(t)), gap = cumulative EBITDA of the baseline - the alternative's.
  var valleyDepth = Moments()
  /// 1 when the depth is above 0.
  var valley = Moments()
  /// With `valuation:`: value(alternative) - value(baseline), and 1 when it is above 0.
  var valueDiff = Moments()
  var valueBetter = Moments()
}

/// The naive simulator. Draws from its own generators: `market` for the `market:`
/// entries (once per path, shared by all models: docs/model.md, "Two levels of
/// uncertainty"), and one per model for everything else of that model.
final class ReferenceSimulator {
  let plan: ScenarioPlan
  /// The models as the file gave them: their parameters as written and which keys were given.
  let specs: [ModelSpec]
  /// Each model's per-path parameters as the reference draws them, by `ParameterID.rawValue`:
  /// the keys the file gave as written, every other key's default from `ReferenceDefaults`
  /// (not the loader's), a follower a placeholder for its source's draw.
  let modelParameters: [[ParameterSpec]]
  /// The `valuation:`, `cash:` and `recessions:` keys as the reference draws them, by
  /// `DecisionKey.rawValue`: given ones as written, the rest from `ReferenceDefaults` (not
  /// `plan.decision`, which holds the engine's defaults).
  let decisionSpecs: [ParameterSpec]
  /// The key paths of the defaults this simulator took from `ReferenceDefaults`: one per
  /// model and per-path key the file left out that the model reads, one per decision key
  /// left out of a block the file has.
  let appliedDefaults: [String]
  /// The same over every simulator made in this process, for a test to read before and
  /// after its runs (`ownDefaultsApplied`, `ownDefaultKeys`).
  static let ownDefaultsLedger = Locked(ReferenceDefaultsLedger())
  /// How many defaults the reference has applied itself so far, over every simulator.
  static var ownDefaultsApplied: Int { ownDefaultsLedger.withLock { $0.applied } }
  /// The key paths whose reference default has been applied so far, over every simulator.
  static var ownDefaultKeys: Set<String> { ownDefaultsLedger.withLock { $0.keys } }
  /// The scenario's annual discount rate (the reference discounts month by month itself).
  let discountRate: Double
  let marketRNG: ReferenceDraws
  let modelRNG: [ReferenceDraws]
  /// `correlations:` as given (docs/model.md, "Correlated inputs").
  let correlations: [MarketCorrelation]
  /// This path's recession months (index t - 1) and multipliers (docs/model.md, "Recessions").
  var recession: [Bool] = []
  var effects: [Double] = []

  /// - Parameter seed: any seed; different from the engine's streams by construction
  ///   (the generators are seeded directly and used sequentially, path after path).
  init(scenario: Scenario, seed: UInt64) throws {
    plan = ScenarioPlan(scenario)
    specs = scenario.models
    // The keys the file left out take the reference's own documented defaults.
    var parameters: [[ParameterSpec]] = []
    var applied: [String] = []
    for m in scenario.models {
      let own = try ReferenceDefaults.modelParameters(m)
      parameters.append(own.specs)
      applied += own.applied
    }
    let decision = try ReferenceDefaults.decisionParameters(scenario)
    modelParameters = parameters
    decisionSpecs = decision.specs
    appliedDefaults = applied + decision.applied
    discountRate = scenario.discountRate
    correlations = scenario.correlations
    // Successive SplitMix64 outputs for well-separated generator seeds (not the
    // engine's StreamSeeds chain).
    var seeds = SplitMix64(seed: seed ^ 0x5245_4645_5245_4E43)  // "REFERENC"
    // Whatever the scenario's `sampler:` (docs/model.md, "Randomness and seeding"), the
    // reference draws with its own GSL samplers: each of the engine's is exact, so each
    // must agree with these in distribution.
    marketRNG = ReferenceDraws(seed: seeds.next())
    modelRNG = plan.models.map { _ in ReferenceDraws(seed: seeds.next()) }
    let count = appliedDefaults.count
    let keys = appliedDefaults
    Self.ownDefaultsLedger.withLock { ledger in
      ledger.applied += count
      ledger.keys.formUnion(keys)
    }
  }

  /// Simulates `paths` paths and returns the moments of every cell.
  func run(paths: Int) -> ReferenceRun {
    let T = plan.months
    var result = ReferenceRun(
      monthly: plan.models.map { m in
        [[Moments]](repeating: [Moments](repeating: Moments(), count: T), count: m.layout.count)
      },
      npv: plan.models.map { _ in Moments() },
      revenueTotal: plan.models.map { _ in Moments() },
      ebitdaTotal: plan.models.map { _ in Moments() },
      decision: plan.models.map { _ in [:] },
      pairs: plan.pairs.map { _ in ReferencePairRun() })
    for _ in 0..<paths {
      let outs = runPath()
      for (pi, pair) in plan.pairs.enumerated() {
        addPair(baseline: pair.baseline, alternative: pair.alternative, of: outs, to: &result.pairs[pi])
      }
      for (mi, out) in outs.enumerated() {
        for k in out.monthly.indices {
          for t in 0..<T { result.monthly[mi][k][t].add(out.monthly[k][t]) }
        }
        result.npv[mi].add(out.npv)
        result.revenueTotal[mi].add(out.revenueTotal)
        result.ebitdaTotal[mi].add(out.ebitdaTotal)
        for (name, x) in out.decision { result.decision[mi][name, default: Moments()].add(x) }
      }
      result.paths += 1
    }
    return result
  }

  /// One path's pair quantities, written from docs/model.md as it reads: cumulative
  /// EBITDA summed here from each model's monthly EBITDA, the crossover month by
  /// trying every month as the start of a run of months ahead to the horizon.
  func addPair(baseline mb: Int, alternative ma: Int, of outs: [ReferenceModelPath], to pair: inout ReferencePairRun) {
    let T = plan.months
    let (b, a) = (outs[mb], outs[ma])
    // Each model's own row: the rows before EBITDA differ with the streams.
    let ebitdaB = b.monthly[plan.models[mb].layout.ebitda]
    let ebitdaA = a.monthly[plan.models[ma].layout.ebitda]
    var cumulativeB = 0.0
    var cumulativeA = 0.0
    var ahead: [Bool] = []  // D(t) > 0: the alternative's cumulative EBITDA above the baseline's
    var deepest = 0.0
    for t in 0..<T {
      cumulativeB += ebitdaB[t]
      cumulativeA += ebitdaA[t]
      ahead.append(cumulativeA > cumulativeB)
      deepest = Swift.max(deepest, cumulativeB - cumulativeA)
    }
    pair.npvDiff.add(a.npv - b.npv)
    pair.better.add(a.npv > b.npv ? 1 : 0)
    let month = (1...T).first { start in (start...T).allSatisfy { ahead[$0 - 1] } }
    pair.crossed.add(month == nil ? 0 : 1)
    if let month { pair.crossoverMonth.add(Double(month)) }
    pair.valleyDepth.add(deepest)
    pair.valley.add(deepest > 0 ? 1 : 0)
    if let valueB = b.decision["value"], let valueA = a.decision["value"] {
      pair.valueDiff.add(valueA - valueB)
      pair.valueBetter.add(valueA > valueB ? 1 : 0)
    }
  }

  /// One path: the market draws, then every model on its own book.
  func runPath() -> [ReferenceModelPath] {
    // docs/model.md, "Two levels of uncertainty": a `market:` parameter is drawn once per
    // path and is the same for every model in that path.
    let market = correlations.isEmpty ? plan.market.map { marketRNG.sample($0) } : correlatedMarket()
    // docs/model.md, "Exit value": the valuation and cash keys are drawn once per path,
    // after the market entries, and shared by every model; brought into their domains.
    // A key the file left out is the reference's own default (`decisionSpecs`).
    var decision = [Double](repeating: 0, count: DecisionKey.allCases.count)
    func drawKey(_ key: DecisionKey) -> Double {
      switch decisionSpecs[key.rawValue] {
      case .constant(let c): return key.domain.clamp(c)
      case .distribution(let d): return key.domain.clamp(marketRNG.sample(d))
      case .market(let m): return key.domain.clamp(market[m])
      }
    }
    for key in DecisionKey.allCases where plan.has(key.block) && key != .recessionDurationMonths {
      decision[key.rawValue] = drawKey(key)
    }
    // docs/model.md, "Recessions": month by month, a recession starts in a month not in
    // one with probability 1 - (1 - p)^(1/12) and lasts its drawn duration (whole, >= 1
    // month, counting the month it starts).
    recession = [Bool](repeating: false, count: plan.months)
    effects = DecisionKey.recessionEffects.map { decision[$0.rawValue] }
    if plan.hasRecessions {
      let q = 1 - pow(1 - decision[DecisionKey.recessionAnnualProbability.rawValue], 1.0 / 12)
      var left = 0
      for t in 1...plan.months {
        if left == 0, marketChance(q) { left = Int(drawKey(.recessionDurationMonths).rounded()) }
        if left > 0 {
          recession[t - 1] = true
          left -= 1
        }
      }
    }
    return plan.models.indices.map { mi in
      var out = simulate(model: mi, market: market)
      decide(&out, layout: plan.models[mi].layout, terms: decision)
      return out
    }
  }

  /// A Bernoulli(q) of the market stream.
  private func marketChance(_ q: Double) -> Bool { q > 0 && marketRNG.chance(q) }

  /// The market entries under a Gaussian copula, computed the long way (docs/model.md,
  /// "Correlated inputs"): the normals' correlation matrix C_ab = 2 sin(pi rho / 6) over
  /// the entries named in the pairs (in market order), its Cholesky factor by the
  /// textbook recursion, z = L n, and each entry's inverse CDF at Phi(z); then the
  /// entries named in no pair, drawn on their own.
  private func correlatedMarket() -> [Double] {
    let entries = Array(Set(correlations.flatMap { [$0.a, $0.b] })).sorted()
    let k = entries.count
    var c = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
    for i in 0..<k { c[i][i] = 1 }
    for pair in correlations {
      let i = entries.firstIndex(of: pair.a)!
      let j = entries.firstIndex(of: pair.b)!
      c[i][j] = 2 * sin(Double.pi * pair.rho / 6)
      c[j][i] = c[i][j]
    }
    var l = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
    for i in 0..<k {
      for j in 0...i {
        var s = c[i][j]
        for m in 0..<j { s -= l[i][m] * l[j][m] }
        l[i][j] = i == j ? s.squareRoot() : s / l[j][j]
      }
    }
    let n = (0..<k).map { _ in marketRNG.gaussian() }
    var market = [Double](repeating: 0, count: plan.market.count)
    for i in 0..<k {
      let z = (0...i).reduce(0.0) { $0 + l[i][$1] * n[$1] }
      market[entries[i]] = marketRNG.quantile(plan.market[entries[i]], gsl_cdf_ugaussian_P(z))
    }
    for i in plan.market.indices where !entries.contains(i) { market[i] = marketRNG.sample(plan.market[i]) }
    return market
  }

  /// Exit value and cash of one model's path, straight from docs/model.md ("Exit
  /// value", "Cash"), on its finished monthly rows.
  func decide(_ out: inout ReferenceModelPath, layout: MetricLayout, terms v: [Double]) {
    func term(_ k: DecisionKey) -> Double { v[k.rawValue] }
    let T = plan.months
    let revenue = out.monthly[layout.revenueTotal]
    let ebitda = out.monthly[layout.ebitda]
    if plan.hasValuation {
      // X = 12 x exit_year, the exit year at most the horizon.
      let X = 12 * min(plan.years, Int(term(.exitYear)))
      let months = (X - 12)..<X  // months X-11 ... X, 0-based
      let ttmRevenue = months.reduce(0.0) { $0 + revenue[$1] }
      let ttmRecurring = months.reduce(0.0) { $0 + out.monthly[layout.revenueRecurring][$1] }
      let ttmEBITDA = months.reduce(0.0) { $0 + ebitda[$1] }
      let share = ttmRevenue == 0 ? 0 : ttmRecurring / ttmRevenue
      let multiple = min(
        term(.multipleMax), max(term(.multipleMin), term(.multipleBase) + term(.multiplePerRecurring) * share))
      let ev = multiple * max(0, ttmEBITDA)
      var value = ev / pow(1 + discountRate, Double(X) / 12)
      for t in 1...X { value += ebitda[t - 1] / pow(1 + discountRate, Double(t) / 12) }
      out.decision["value"] = value
      out.decision["ev.exit"] = ev
      out.decision["multiple.exit"] = multiple
      out.decision["recurring_share.exit"] = share
    }
    if plan.hasCash, let row = layout.cash {
      // D/30 = k + f; revenue before month 1 is month 1's.
      let lag = term(.receivableDays) / 30
      let k = Int(lag.rounded(.down))
      let f = lag - Double(k)
      func revenueOf(_ t: Int) -> Double { revenue[max(1, t) - 1] }
      var cash = term(.opening)
      var lowest = Double.infinity
      for t in 1...T {
        let collected = (1 - f) * revenueOf(t - k) + f * revenueOf(t - k - 1)
        // Tax in the year's last month on that year's positive EBITDA.
        let tax = t % 12 == 0 ? term(.taxRate) * max(0, ebitda[(t - 12)..<t].reduce(0, +)) : 0
        cash += collected - out.monthly[layout.costTotal][t - 1] - tax - term(.ownerDrawMonthly)
        out.monthly[row][t - 1] = cash
        lowest = min(lowest, cash)
      }
      out.decision["cash.min"] = lowest
      out.decision["cash.below_floor"] = lowest < term(.floor) ? 1 : 0
    }
  }

  // MARK: One model on one path

  /// docs/scenario-format.md, "Keys that follow another", written out here rather than
  /// read from `ParameterID.follows`, so a slip in the engine's table shows as a
  /// difference: each key, and the key whose per-path draw it takes when not given.
  static let follows: [(key: ParameterID, source: ParameterID)] = [
    (.churnAnnualAdopted, .churnAnnual),
    (.refreshWinRateAdopted, .refreshWinRate),
    (.deliveryShareRefreshProjects, .projectCostShare),
    (.deliveryShareFrameworkProjects, .projectCostShare),
    (.deliveryShareThirdPartyPM, .projectCostShare),
  ]
  /// The same for per-event quantities: one not given is drawn from its source's sampler.
  static let eventFollows: [EventID: EventID] = [.acquisitionSeats: .clientSeats, .vcioOnlySeats: .acquisitionSeats]

  /// A per-event quantity the file left out and that follows nothing (`draw` has walked
  /// `eventFollows` first): its documented default. A required one the loader refuses to
  /// leave out, so the reference never reaches it.
  static func defaultEvent(_ id: EventID) -> ParameterSpec {
    switch ReferenceDefaults.event(id) {
    case .number(let v): return .constant(v)
    case .follows, .required, .horizonYears:
      preconditionFailure("\(id): left out, but docs/scenario-format.md has no default for it to take here")
    }
  }

  func simulate(model mi: Int, market: [Double]) -> ReferenceModelPath {
    let model = plan.models[mi]
    let rng = modelRNG[mi]
    let T = plan.months
    let layout = model.layout

    // Per-path parameters (docs/model.md, "Two levels of uncertainty"): a distribution is
    // drawn once per path; every draw is brought into its key's domain (docs/model.md:
    // unbounded draws clamped, whole-number keys rounded).
    // Drawn from the parameters as the file gave them, not the plan's; a key the file left
    // out is the reference's own documented default (`ReferenceDefaults`), clamped into the
    // key's domain as a given key is, and a follower is set by the follow logic below.
    let spec = specs[mi]
    var value = [Double](repeating: 0, count: ParameterID.allCases.count)
    for id in ParameterID.allCases {
      let domain = ScenarioPlan.parameterDomains[id.rawValue]
      switch modelParameters[mi][id.rawValue] {
      case .constant(let c): value[id.rawValue] = domain.clamp(c)
      case .distribution(let d): value[id.rawValue] = domain.clamp(rng.sample(d))
      case .market(let m): value[id.rawValue] = domain.clamp(market[m])
      }
    }
    // docs/scenario-format.md, "Keys that follow another": a key not given takes the
    // same per-path draw as the key it follows (`Self.follows`, not the engine's table).
    for (key, source) in Self.follows where !spec.given.contains(key.rawValue) {
      value[key.rawValue] = value[source.rawValue]
    }
    func p(_ id: ParameterID) -> Double { value[id.rawValue] }
    // Hiring lag L in whole months (the domain rounds it); a lag past the horizon
    // means "never caught up", so it is capped where it changes nothing.
    let hiringLag = Int(min(p(.hiringLagMonths), Double(T + 1)))

    // Per-event quantities (docs/model.md, "Two levels of uncertainty"): drawn each time
    // the event happens, brought into the quantity's domain; a `market.NAME` one is
    // the path's market value.
    /// A quantity not given that follows another (`acquisition.seats` follows `clients.seats`,
    /// `vcio_only_seats` follows `acquisition.seats`) is drawn from its source.
    func draw(_ e: EventID) -> Double {
      var source = e
      while spec.events[source.rawValue] == nil, let next = Self.eventFollows[source] { source = next }
      return drawEvent(source.rawValue, domain: e.domain)
    }
    /// Event quantity `i`: an `EventID`, or `EventID.allCases.count + k` for marketplace
    /// program k's commission.
    /// Read from the model as the file gave it, not from the plan: a quantity left out
    /// takes the reference's own documented default (`ReferenceDefaults.event`).
    func drawEvent(_ i: Int, domain: ParameterDomain) -> Double {
      let quantity: ParameterSpec
      if i < EventID.allCases.count {
        quantity = spec.events[i] ?? Self.defaultEvent(EventID(rawValue: i)!)
      } else {
        quantity = spec.programs[i - EventID.allCases.count].commission
      }
      switch quantity {
      case .constant(let c): return domain.clamp(c)
      case .distribution(let d): return domain.clamp(rng.sample(d))
      case .market(let m): return domain.clamp(market[m])
      }
    }

    let has = { (k: StreamKind) in spec.streams.contains(k) }
    let hasAdoption = spec.streams.contains(where: \.isMSP2)  // "A model without any 2.0 stream has no adoption"
    precondition(hasAdoption == model.hasAdoption)

    // docs/model.md, "Notation": annual probability a -> monthly 1 - (1 - a)^(1/12).
    func monthlyProbability(_ a: Double) -> Double { 1 - pow(1 - a, 1.0 / 12) }
    let pChurn = monthlyProbability(p(.churnAnnual))
    let pChurnAdopted = monthlyProbability(p(.churnAnnualAdopted))
    let g = p(.seatGrowth)
    let startMonth = Int(p(.adoptionStartMonth))
    let L = Int(p(.refreshCycleMonths))  // rounded to whole months (domain: whole >= 1)
    let capture = p(.marketCapture)
    let commissionMonths = Int(p(.marketCommissionMonths))
    let captureRamp = p(.marketCaptureRampMonths)

    var bookOfClients: [ReferenceClient] = []
    var frameworkThisMonth = 0.0
    var bountyThisMonth = 0.0

    /// Client `c` adopts in month t (0: already adopted at the start). The per-event
    /// quantities of adoption are drawn now (docs/model.md, "Revenue streams"); the
    /// framework fee and the bounty are paid in an adoption month inside the horizon
    /// only (docs/model.md: initial adopters pay neither).
    func adopt(_ c: inout ReferenceClient, month t: Int) {
      c.adoptedAt = t
      if has(.vcio) { c.vcioFee = draw(.vcioMonthlyFee) }
      if has(.frameworkProjects), t >= 1 { frameworkThisMonth += draw(.frameworkFee) }
      if has(.appManagement) {
        let apps = Int(draw(.appsPerClient))  // integer (domain rounds)
        var perUser = 0.0
        for _ in 0..<apps { perUser += draw(.appTierPrice) }
        c.appPricePerUser = perUser
      }
      if has(.marketplace) {
        if spec.programs.isEmpty {
          c.commissionRate = draw(.marketCommission)
        } else {
          // docs/model.md, "Marketplace programs": a rate per program, weighted by its share.
          c.programParts = spec.programs.indices.map { k in
            spec.programs[k].share * drawEvent(EventID.allCases.count + k, domain: EventID.marketCommission.domain)
          }
        }
        if t >= 1 {
          // One-off bounty per routed seat in the adoption month: routed seats = capture x seats_i.
          bountyThisMonth += p(.marketBountyPerSeat) * capture * c.seats(at: t, growth: g)
        }
      }
    }

    /// A new client joining in month `t`, seats drawn from `seats` (`clients.seats` for the
    /// initial book, `acquisition.seats` for arrivals); its first
    /// refresh falls due uniformly in months t+1 ... t+L (docs/model.md).
    func newClient(month t: Int, seats: EventID = .clientSeats) -> ReferenceClient {
      var c = ReferenceClient(seats0: draw(seats), joined: t, adoptedAt: nil)
      if has(.refreshProjects) { c.nextRefresh = t + 1 + rng.uniformInt(L) }
      return c
    }

    // The sales funnel (docs/model.md, "The sales funnel"). Lags and the retry are whole
    // months >= 1 (the domain rounds them); one past the horizon is capped where it
    // changes nothing (every month after T is outside the path).
    func funnelMonths(_ id: ParameterID) -> Int { Int(min(max(1, p(id)), Double(T + 1))) }
    let workshopLag = funnelMonths(.funnelWorkshopLagMonths)
    let quickWinLag = funnelMonths(.funnelQuickWinLagMonths)
    let trialLag = funnelMonths(.funnelTrialLagMonths)
    let retryMonths = funnelMonths(.funnelRetryMonths)
    /// The month's count of clients reaching each stage, by `FunnelStage.rawValue`.
    var funnelMonth = [Int](repeating: 0, count: FunnelStage.allCases.count)
    var funnelTotal = [Int](repeating: 0, count: FunnelStage.allCases.count)
    var funnelCost = 0.0

    /// Step 3 of a funnel model in month t: first every client of the book whose stage
    /// is due this month is settled (passed with the stage's rate, else it leaves the
    /// funnel and is free again from t + retry_months; a waiting client whose month has
    /// come is free); then N ~ Poisson(assessments_per_month x ramp(t)), t >= s, of the
    /// free clients (in the book before this month, not adopted, not in the funnel, not
    /// waiting) are assessed, chosen uniformly without replacement, all when fewer are free.
    func funnelStep(month t: Int, inBookBefore: Int) {
      func fail(_ i: Int) {
        bookOfClients[i].funnel = .waiting
        bookOfClients[i].funnelDue = t + retryMonths
      }
      func pass(_ i: Int, _ stage: FunnelStage, next: ReferenceFunnelStage, due: Int) {
        funnelMonth[stage.rawValue] += 1
        bookOfClients[i].funnel = next
        bookOfClients[i].funnelDue = due
      }
      // Clients who joined this month are not in the funnel (they are free from t + 1).
      for i in 0..<inBookBefore where bookOfClients[i].funnel != .free && bookOfClients[i].funnelDue == t {
        switch bookOfClients[i].funnel {
        case .free: break
        case .waiting: bookOfClients[i].funnel = .free
        case .assessed:
          // Workshop at t1 = t0 + workshop_lag_months.
          if rng.uniform() < p(.funnelWorkshopRate) {
            pass(i, .workshops, next: .workshopHeld, due: t + quickWinLag)
          } else {
            fail(i)
          }
        case .workshopHeld:
          // Quick win at t2 = t1 + quick_win_lag_months: a framework project of this month.
          if rng.uniform() < p(.funnelQuickWinRate) {
            pass(i, .quickWins, next: .quickWon, due: t + trialLag)
            if has(.frameworkProjects) { frameworkThisMonth += draw(.funnelQuickWinValue) }
          } else {
            fail(i)
          }
        case .quickWon:
          // Trial at t3 = t2 + trial_lag_months: paying the trial fee in t3, t3+1, t3+2.
          if rng.uniform() < p(.funnelTrialRate) {
            pass(i, .trials, next: .inTrial, due: t + 3)
          } else {
            fail(i)
          }
        case .inTrial:
          // Close at t3 + 3: the client adopts this month, as version 1 defines adoption.
          if rng.uniform() < p(.funnelCloseRate) {
            pass(i, .closed, next: .free, due: 0)
            adopt(&bookOfClients[i], month: t)
          } else {
            fail(i)
          }
        }
      }
      guard t >= startMonth else { return }
      let rampMonths = p(.adoptionRampMonths)
      let ramp = rampMonths > 0 ? min(1, Double(t - startMonth + 1) / rampMonths) : 1
      let n = rng.poisson(mean: p(.funnelAssessmentsPerMonth) * ramp)
      var free = (0..<inBookBefore).filter { bookOfClients[$0].adoptedAt == nil && bookOfClients[$0].funnel == .free }
      let assessed = min(n, free.count)
      // A partial Fisher-Yates shuffle: the first `assessed` of `free` are a uniform
      // random subset of that size.
      for k in 0..<assessed {
        free.swapAt(k, k + rng.uniformInt(free.count - k))
        let i = free[k]
        bookOfClients[i].funnel = .assessed
        bookOfClients[i].funnelDue = t + workshopLag
      }
      funnelMonth[FunnelStage.assessments.rawValue] += assessed
    }

    // t = 0: the initial book; each client already adopted with probability
    // `adoption.initial_share` (adoption month 0).
    for _ in 0..<Int(p(.clientsInitial)) {
      var c = newClient(month: 0)
      if hasAdoption, rng.uniform() < p(.adoptionInitialShare) { adopt(&c, month: 0) }
      bookOfClients.append(c)
    }

    var out = ReferenceModelPath(monthly: [[Double]](repeating: [Double](repeating: 0, count: T), count: layout.count))
    var cumulative = 0.0
    // The head count each role needs in month t (docs/model.md, "Hiring lag": need(t) is
    // version 1's head count), by month, index t - 1: employed staff look it up L
    // months back.
    var technicianNeed: [Double] = []
    var vcioNeed: [Double] = []
    var grossMargin = [Double](repeating: 0, count: layout.streams.count)
    for t in 1...T {
      let y = Double((t - 1) / 12)  // y(t) = floor((t-1)/12)
      frameworkThisMonth = 0
      bountyThisMonth = 0

      // In a recession month every effect multiplies its quantity (docs/model.md,
      // "Recessions"); 1 otherwise.
      let inRecession = recession[t - 1]
      func effect(_ k: DecisionKey) -> Double {
        inRecession ? effects[DecisionKey.recessionEffects.firstIndex(of: k)!] : 1
      }

      // 1. Churn: each client in the book leaves with its monthly probability
      //    (adopted: from churn.annual_adopted), x the churn effect in a recession,
      //    at most 1. A leaver brings nothing this month.
      var survivors: [ReferenceClient] = []
      for c in bookOfClients {
        let pLeave = min(1, (c.adoptedAt != nil ? pChurnAdopted : pChurn) * effect(.effectChurn))
        if rng.uniform() < pLeave { continue }
        survivors.append(c)
      }
      bookOfClients = survivors
      let inBookBefore = bookOfClients.count  // clients who were in the book before this month

      // 2. Acquisition: Poisson(lambda(t)) new clients, lambda(t) = rate x (1+growth)^y;
      //    each adopts at signup with probability at_signup when t >= start_month.
      let lambda = p(.acquisitionMonthlyRate) * pow(1 + p(.acquisitionAnnualGrowth), y) * effect(.effectAcquisition)
      let arrivals = rng.poisson(mean: lambda)
      for _ in 0..<arrivals {
        var c = newClient(month: t, seats: .acquisitionSeats)
        if hasAdoption, t >= startMonth, rng.uniform() < p(.adoptionAtSignup) { adopt(&c, month: t) }
        bookOfClients.append(c)
      }
      //    Then Poisson(vcio_only_rate x (1+growth)^y) vCIO-only clients (docs/model.md,
      //    "Bigger clients and vCIO-only clients"): seats from vcio_only_seats, no refresh,
      //    adopted at joining. At rate 0 nothing is drawn.
      let vcioOnlyLambda =
        p(.acquisitionVCIOOnlyRate) * pow(1 + p(.acquisitionAnnualGrowth), y) * effect(.effectAcquisition)
      if hasAdoption, vcioOnlyLambda > 0 {
        for _ in 0..<rng.poisson(mean: vcioOnlyLambda) {
          var c = ReferenceClient(seats0: draw(.vcioOnlySeats), joined: t, adoptedAt: nil)
          c.vcioOnly = true
          adopt(&c, month: t)
          bookOfClients.append(c)
        }
      }

      // 3. Adoption: each client in the book before this month that has not adopted
      //    adopts with probability monthly x min(1, (t - s + 1)/ramp_months), t >= s.
      //    A funnel model adopts through its funnel instead (no monthly probability).
      funnelMonth = [Int](repeating: 0, count: FunnelStage.allCases.count)
      if spec.hasFunnel {
        funnelStep(month: t, inBookBefore: inBookBefore)
      } else if hasAdoption, t >= startMonth {
        let rampMonths = p(.adoptionRampMonths)
        let ramp = rampMonths > 0 ? min(1, Double(t - startMonth + 1) / rampMonths) : 1
        let q = p(.adoptionMonthly) * ramp
        for i in 0..<inBookBefore where bookOfClients[i].adoptedAt == nil {
          if rng.uniform() < q { adopt(&bookOfClients[i], month: t) }
        }
      }

      // 4. Revenue and cost over the book after steps 1-3, client by client.
      var seatsTotal = 0.0
      var supportedSeats = 0.0  // seats under a support contract: what technicians and tools serve
      var vcioOnlyClients = 0
      var adopted = 0
      var managed = 0.0
      var blockHours = 0.0
      var refresh = 0.0
      var resale = 0.0
      var vcio = 0.0
      var pm = 0.0
      var apps = 0.0
      var marketplace = 0.0
      var trialFees = 0.0
      // This month's annual-change factors (1 + r)^y(t) (docs/model.md, "Notation").
      let price = p(.pricePerSeat) * pow(1 + p(.annualPriceChange), y)
      let hoursPerSeat = p(.hoursPerSeat) * pow(1 + p(.annualDemandChange), y)
      let hourlyRate = p(.hourlyRate) * pow(1 + p(.annualRateChange), y)
      let resalePerSeat =
        p(.resaleSpendPerSeatPerYear) / 12 * p(.resaleMargin) * pow(1 + p(.resaleAnnualMarginChange), y)
      // C(t), x the cloud-spend effect in a recession.
      let cloudPerSeat =
        p(.marketCloudSpendPerSeat) * pow(1 + p(.marketAnnualCloudGrowth), y) * effect(.effectCloudSpend)
      for i in bookOfClients.indices {
        let seats = bookOfClients[i].seats(at: t, growth: g)
        seatsTotal += seats
        let isAdopted = bookOfClients[i].adoptedAt != nil
        // A vCIO-only client pays none of the 1.0 streams and needs no technician.
        if bookOfClients[i].vcioOnly {
          vcioOnlyClients += 1
        } else {
          supportedSeats += seats
        }
        // managed_services: P x (1+d)^y x seats.
        if !bookOfClients[i].vcioOnly { managed += price * seats }
        // block_hours: hours ~ Poisson(h x (1+c)^y x seats) per client (the sum over the
        // book is Poisson(h (1+c)^y S(t))), billed at rate x (1+e)^y.
        if has(.blockHours), !bookOfClients[i].vcioOnly {
          let hours = rng.poisson(mean: hoursPerSeat * seats * effect(.effectBlockHours))
          blockHours += Double(hours) * hourlyRate
        }
        // refresh_projects: a project falling due this month is won with probability
        // win_rate (win_rate_adopted for a client adopted by now: the vCIO's roadmap
        // brings projects), worth value_per_seat x seats at this month; the next is due
        // L later.
        if has(.refreshProjects), bookOfClients[i].nextRefresh == t {
          let winRate = min(
            1, (isAdopted ? p(.refreshWinRateAdopted) : p(.refreshWinRate)) * effect(.effectRefreshWinRate))
          if rng.uniform() < winRate { refresh += draw(.refreshValuePerSeat) * seats }
          bookOfClients[i].nextRefresh = t + L
        }
        // resale: spend/12 x seats x margin x (1+k)^y; of an adopted client only the
        // share adopted_share stays resale (the rest moved to the marketplace).
        if !bookOfClients[i].vcioOnly { resale += resalePerSeat * seats * (isAdopted ? p(.resaleAdoptedShare) : 1) }

        // The sales funnel: a client in its trial quarter pays the trial fee as vcio
        // revenue (as given in every year); one who left is no longer in the book.
        if bookOfClients[i].funnel == .inTrial { trialFees += p(.funnelTrialFee) }

        guard let a = bookOfClients[i].adoptedAt else { continue }
        adopted += 1
        // vCIO fee escalation: fee_i x (1+f)^y.
        vcio += bookOfClients[i].vcioFee * pow(1 + p(.vcioAnnualFeeChange), y)
        // third_party_pm: projects ~ Poisson(n/12) per adopted client (sum: Poisson(A n/12)).
        if has(.thirdPartyPM) {
          let projects = rng.poisson(mean: p(.pmProjectsPerYear) / 12 * effect(.effectThirdPartyPM))
          for _ in 0..<projects { pm += p(.pmFeeShare) * draw(.pmProjectValue) }
        }
        // app_management: apps' price per user x user_share x seats.
        // App tier prices escalate by (1+a)^y.
        apps += bookOfClients[i].appPricePerUser * p(.appUserShare) * seats * pow(1 + p(.appAnnualPriceChange), y)
        // marketplace: rate_i x capture x ramp_i x C(t) x seats_i while the commission
        // lasts: months a .. a + N - 1 (N = commission_months; 0: for ever). Ramp:
        // min(1, (t - a + 1)/R), the adoption month counting as month 1; 1 when R = 0.
        // With programs, program k pays its part in months a .. a + N_k - 1 (N_k = 0: for ever).
        var rate = 0.0
        if spec.programs.isEmpty {
          if commissionMonths == 0 || t <= a + commissionMonths - 1 { rate = bookOfClients[i].commissionRate }
        } else {
          for (k, months) in spec.programs.map(\.months).enumerated() where months == 0 || t <= a + months - 1 {
            rate += bookOfClients[i].programParts[k]
          }
        }
        if rate > 0 {
          let ramp = captureRamp > 0 ? min(1, Double(t - a + 1) / captureRamp) : 1
          marketplace += rate * capture * ramp * cloudPerSeat * seats
        }
      }
      // Recurring revenue counts the commissions, not the one-off bounties.
      let commissions = has(.marketplace) ? marketplace : 0
      marketplace += bountyThisMonth
      let framework = frameworkThisMonth
      vcio += trialFees

      // The model's streams, in its layout order.
      var streamRevenue: [StreamKind: Double] = [
        .managedServices: managed, .blockHours: blockHours, .refreshProjects: refresh, .resale: resale,
        .vcio: vcio, .frameworkProjects: framework, .thirdPartyPM: pm, .appManagement: apps,
        .marketplace: marketplace,
      ]
      for k in StreamKind.allCases where !has(k) { streamRevenue[k] = 0 }
      let revenue = spec.streams.reduce(0.0) { $0 + streamRevenue[$1]! }
      let recurring =
        streamRevenue[.managedServices]! + streamRevenue[.vcio]! + streamRevenue[.appManagement]!
        + commissions

      // Costs (docs/model.md, "Costs and profit"; annual_cost_change c multiplies the
      // technician, vCIO, tools, fixed and marketing costs by (1+c)^y).
      let costFactor = pow(1 + p(.annualCostChange), y)
      // Version 1's head counts, the need of this month (docs/model.md, "Hiring lag").
      // Seats per technician in year y: spt x (1+p)^y.
      let seatsPerTechnician = p(.seatsPerTechnician) * pow(1 + p(.annualSeatsPerTechnicianChange), y)
      technicianNeed.append(p(.seatsPerTechnician) > 0 ? (supportedSeats / seatsPerTechnician).rounded(.up) : 0)
      var vcios = 0.0
      if hasAdoption {
        if p(.clientsPerVCIO) > 0 { vcios = (Double(adopted) / p(.clientsPerVCIO)).rounded(.up) }
        if t >= startMonth { vcios = max(vcios, p(.minVCIOs)) }
      }
      vcioNeed.append(vcios)
      // Employed e(t) = need(max(1, t - L)), up and down; the shortfall max(0, need - e)
      // is covered by contractors at (1 + premium) x the month's salary, an excess is
      // paid salary. need[] is indexed from month 1.
      let employedMonth = max(1, t - hiringLag)
      let technicians = technicianNeed[employedMonth - 1]
      let technicianContractors = max(0, technicianNeed[t - 1] - technicians)
      let employedVCIOs = vcioNeed[employedMonth - 1]
      let vcioContractors = max(0, vcioNeed[t - 1] - employedVCIOs)
      let premium = 1 + p(.contractorPremium)
      let technicianSalary = p(.technicianMonthly) * costFactor
      let vcioSalary = p(.vcioMonthly) * costFactor
      let technicianCost = technicians * technicianSalary + technicianContractors * technicianSalary * premium
      let vcioCost = employedVCIOs * vcioSalary + vcioContractors * vcioSalary * premium
      let tools = p(.toolsPerSeat) * supportedSeats * costFactor

      // Direct cost of each stream (docs/model.md, "Delivery cost and gross margin"):
      // its delivery share of its own revenue ...
      var direct: [StreamKind: Double] = [:]
      for k in spec.streams { direct[k] = p(ParameterID.deliveryShare(k)) * streamRevenue[k]! }
      var overhead = (p(.fixedMonthly) + p(.marketingMonthly)) * costFactor
      // The transition budget in months s ... s + M - 1, not inflated: overhead.
      if t >= startMonth && t < startMonth + Int(p(.transitionMonths)) { overhead += p(.transitionMonthly) }
      // The funnel's assessments and workshops, in their month: overhead, inflated like marketing.
      if spec.hasFunnel {
        let funnel =
          (Double(funnelMonth[FunnelStage.assessments.rawValue]) * p(.funnelAssessmentCost)
            + Double(funnelMonth[FunnelStage.workshops.rawValue]) * p(.funnelWorkshopCost)) * costFactor
        overhead += funnel
        funnelCost += funnel
      }
      // ... technicians and tools to managed_services and block_hours by their revenue
      // shares this month (both earning 0: all to managed_services if the model has it,
      // else block_hours; neither stream: overhead) ...
      let supportCost = technicianCost + tools
      let managedRevenue = streamRevenue[.managedServices]!
      let hoursRevenue = streamRevenue[.blockHours]!
      if managedRevenue + hoursRevenue > 0 {
        if has(.managedServices) {
          direct[.managedServices]! += supportCost * managedRevenue / (managedRevenue + hoursRevenue)
        }
        if has(.blockHours) { direct[.blockHours]! += supportCost * hoursRevenue / (managedRevenue + hoursRevenue) }
      } else if has(.managedServices) {
        direct[.managedServices]! += supportCost
      } else if has(.blockHours) {
        direct[.blockHours]! += supportCost
      } else {
        overhead += supportCost
      }
      // ... and vCIO salaries to vcio (overhead in a model without it).
      if has(.vcio) { direct[.vcio]! += vcioCost } else { overhead += vcioCost }
      let directTotal = spec.streams.reduce(0.0) { $0 + direct[$1]! }
      let cost = directTotal + overhead
      let ebitda = revenue - cost
      cumulative += ebitda

      out.monthly[MetricLayout.clients][t - 1] = Double(bookOfClients.count)
      out.monthly[MetricLayout.adoptedClients][t - 1] = Double(adopted)
      out.monthly[MetricLayout.seats][t - 1] = seatsTotal
      for (slot, k) in layout.streams.enumerated() {
        out.monthly[MetricLayout.firstStream + slot][t - 1] = streamRevenue[k]!
      }
      out.monthly[layout.revenueTotal][t - 1] = revenue
      out.monthly[layout.revenueRecurring][t - 1] = recurring
      out.monthly[layout.costTotal][t - 1] = cost
      out.monthly[layout.ebitda][t - 1] = ebitda
      out.monthly[layout.ebitdaCumulative][t - 1] = cumulative
      for (slot, k) in layout.streams.enumerated() {
        let margin = streamRevenue[k]! - direct[k]!
        out.monthly[layout.firstMargin + slot][t - 1] = margin
        grossMargin[slot] += margin
      }
      out.monthly[layout.costDirect][t - 1] = directTotal
      out.monthly[layout.costOverhead][t - 1] = overhead
      out.monthly[layout.staffTechnicians][t - 1] = technicians
      out.monthly[layout.staffVCIOs][t - 1] = employedVCIOs
      out.monthly[layout.staffContractors][t - 1] = technicianContractors + vcioContractors
      if let row = layout.vcioOnlyClients { out.monthly[row][t - 1] = Double(vcioOnlyClients) }
      if let row = layout.recession { out.monthly[row][t - 1] = inRecession ? 1 : 0 }
      if let first = layout.firstFunnel {
        for stage in FunnelStage.allCases {
          out.monthly[first + stage.rawValue][t - 1] = Double(funnelMonth[stage.rawValue])
          funnelTotal[stage.rawValue] += funnelMonth[stage.rawValue]
        }
      }
      // NPV discounts month t by (1 + discount_rate)^(t/12).
      out.npv += ebitda / pow(1 + discountRate, Double(t) / 12)
      out.revenueTotal += revenue
      out.ebitdaTotal += ebitda
    }
    // gross_margin.<kind>: the horizon total of margin.<kind>.
    for (slot, k) in layout.streams.enumerated() { out.decision["gross_margin." + k.rawValue] = grossMargin[slot] }
    // The funnel's summary: horizon totals, closes per assessment (0 without one), the
    // funnel's cost per close (the whole cost on a path with no close).
    if spec.hasFunnel {
      let assessments = Double(funnelTotal[FunnelStage.assessments.rawValue])
      let closed = Double(funnelTotal[FunnelStage.closed.rawValue])
      out.decision[FunnelSummary.assessments.rawValue] = assessments
      out.decision[FunnelSummary.closed.rawValue] = closed
      out.decision[FunnelSummary.closeRate.rawValue] = assessments > 0 ? closed / assessments : 0
      out.decision[FunnelSummary.costPerClose.rawValue] = funnelCost / max(1, closed)
    }
    return out
  }
}

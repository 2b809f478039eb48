import Foundation

@testable import MSPSimCore

/// Random valid scenarios, as YAML text, generated from the key table itself
/// (`ParameterID`, `EventID`, their sections and `ParameterDomain`s), for the engine
/// fuzz and the differential test (docs/testing.md, "Random scenarios").
///
/// Every key of a model's sections is either left out (when it has a default), a
/// constant (often a domain edge: 0 and 1 for probabilities, 0 and thousands of
/// initial clients, months past the horizon, `cycle_months: 1`), a distribution of a
/// kind the key's domain accepts (every kind of the catalog, bounded ones inside the
/// domain, unbounded ones so that some draws are clamped), or a `market.NAME`
/// reference to an entry shared by every model that uses the key.
///
/// Version 2's economics: `costs.delivery_share` is written as the nested mapping the
/// loader reads (only streams the model has; an entry left out follows
/// `project_cost_share` or defaults to 0); probabilities such as `win_rate_adopted`
/// and `adopted_share` hit 0 and 1 as every probability does; `hiring_lag_months`
/// 0, a few months, or at and past the horizon; `contractor_premium` 0 to large.
///
/// Bigger clients and vCIO-only clients (docs/model.md, "Bigger clients and vCIO-only clients"): `acquisition.seats`
/// and `vcio_only_seats` are often left to follow the quantity they follow;
/// `vcio_only_rate` is written only for a model with a 2.0 stream.
///
/// The sales funnel (docs/model.md, "The sales funnel"): about a third of the models
/// with a `vcio` stream adopt through `adoption.funnel` instead of `adoption.monthly`
/// (never both): rates across 0...1 and its edges, lags of a month to a few (sometimes
/// past the horizon), retries of 1-24 months, costs and the trial fee from 0 up;
/// `quick_win_value` only with a `framework_projects` stream, and sometimes left out.
///
/// `Size.fuzz` spans the edges; `Size.reference` keeps books small and tails
/// moderate, so the naive reference model is fast and sample standard errors are
/// trustworthy at a few hundred paths.
struct ScenarioGenerator {
  enum Size { case fuzz, reference }

  let size: Size
  private var rng: GSLRandom
  /// The keys of bigger clients and vCIO-only clients (`acquisition.vcio_only_rate`,
  /// `seats`, `vcio_only_seats`: section F of issue 13) draw
  /// from a generator of their own, and their `market:` entries come after all the
  /// others: every key written before them is what it was, so the fuzz and the
  /// differential test keep their earlier cases, with the new keys added.
  private var sectionFRNG: GSLRandom
  private var inSectionF = false
  private var sectionFMarket: [(name: String, value: String)] = []
  /// The sales funnel (`adoption.funnel`: section E of issue 13) likewise: whether a
  /// model has one and every value of it come from a third generator, and its `market:`
  /// entries come after section F's. `adoption.monthly` is still drawn from the main
  /// generator in a model with a funnel (and left out), so every later key is what it was.
  private var sectionERNG: GSLRandom
  private var inSectionE = false
  private var sectionEMarket: [(name: String, value: String)] = []
  /// Correlations and recessions (section C of issue 14) likewise, from a fourth
  /// generator, written after everything else (they use no market entry of their own).
  private var sectionCRNG: GSLRandom
  /// Money in a small currency (fuzz only): one scenario in eight has every amount
  /// of money scaled by 10^4-10^6 (rupiah, dong or won against dollars), so that
  /// cumulative figures pass 2^34 and the chunk buffer keeps codes aside outside a
  /// cell's 2-byte window (docs/performance.md, "Codes in 2 bytes"). Drawn from a
  /// fifth generator, so every other draw, and so every earlier case's keys, is what
  /// it was (their amounts scaled).
  private var currencyRNG: GSLRandom
  /// Whether a recession key is written as `market.NAME` (one in ten), from a sixth
  /// generator: the keys' values are drawn as before, so every earlier case is what it
  /// was but for those references (docs/scenario-format.md, "Correlations and recessions").
  private var recessionMarketRNG: GSLRandom
  /// Market entries the recession keys refer to, written after all the others.
  private var sectionCMarket: [(name: String, value: String)] = []
  /// Recession keys written as `market.NAME` (to check the tests reach them).
  private(set) var recessionMarketReferencesWritten = 0
  private var moneyScale = 1.0
  /// Scenarios written with money scaled (to check the fuzz reaches them).
  private(set) var scaledMoneyWritten = 0
  /// Scenarios written with `correlations:` and with `recessions:` (to check the tests reach them).
  private(set) var correlationBlocksWritten = 0
  private(set) var recessionBlocksWritten = 0
  /// Scenarios written with `sampling: latin_hypercube`.
  private(set) var latinHypercubesWritten = 0
  /// Scenarios written with `sampler: gsl`.
  private(set) var gslSamplersWritten = 0
  private(set) var horizonYears = 1
  private var market: [(name: String, value: String)] = []
  private var marketByKey: [String: String] = [:]
  /// Distribution kinds written so far (to check every kind is generated).
  private(set) var kindsUsed: Set<String> = []
  /// Marketplaces written with `programs` (to check the fuzz reaches them).
  private(set) var programListsWritten = 0
  /// Models written with `adoption.funnel` (to check the tests reach the funnel).
  private(set) var funnelsWritten = 0

  init(seed: UInt64, size: Size) {
    self.size = size
    rng = try! GSLRandom(name: "mt19937")
    rng.reseed(seed)
    sectionFRNG = try! GSLRandom(name: "mt19937")
    sectionFRNG.reseed(seed ^ 0x5345_4354_494F_4E46)  // "SECTIONF"
    sectionERNG = try! GSLRandom(name: "mt19937")
    sectionERNG.reseed(seed ^ 0x5345_4354_494F_4E45)  // "SECTIONE"
    sectionCRNG = try! GSLRandom(name: "mt19937")
    sectionCRNG.reseed(seed ^ 0x5345_4354_494F_4E43)  // "SECTIONC"
    currencyRNG = try! GSLRandom(name: "mt19937")
    currencyRNG.reseed(seed ^ 0x4355_5252_454E_4359)  // "CURRENCY"
    recessionMarketRNG = try! GSLRandom(name: "mt19937")
    recessionMarketRNG.reseed(seed ^ 0x5245_4345_5353_4E4D)  // "RECESSNM"
  }

  // MARK: Randomness

  /// Runs `body` on the generator and `market:` entries of those keys.
  private mutating func sectionF(_ body: (inout ScenarioGenerator) -> String?) -> String? {
    swap(&rng, &sectionFRNG)
    inSectionF = true
    defer {
      inSectionF = false
      swap(&rng, &sectionFRNG)
    }
    return body(&self)
  }

  /// Runs `body` on the generator and `market:` entries of the funnel's keys.
  private mutating func sectionE(_ body: (inout ScenarioGenerator) -> String?) -> String? {
    swap(&rng, &sectionERNG)
    inSectionE = true
    defer {
      inSectionE = false
      swap(&rng, &sectionERNG)
    }
    return body(&self)
  }

  private func u() -> Double { rng.uniform() }
  private func below(_ n: Int) -> Int { rng.uniformInt(n) }
  private func chance(_ p: Double) -> Bool { u() < p }
  private func between(_ a: Double, _ b: Double) -> Double { a + (b - a) * u() }
  private func pick<T>(_ xs: [T]) -> T { xs[below(xs.count)] }
  /// A number written so YAML reads it back exactly.
  private func num(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)" }

  // MARK: Scenario

  /// A whole scenario: 1-4 models, 1-30 years (1-5 for the reference), 1 to a few hundred paths.
  mutating func scenario(name: String) -> (yaml: String, paths: Int) {
    market = []
    sectionFMarket = []
    sectionEMarket = []
    marketByKey = [:]
    moneyScale = 1
    if size == .fuzz, currencyRNG.uniform() < 1.0 / 8 {
      moneyScale = [1e4, 16_000, 1e6][currencyRNG.uniformInt(3)]
      scaledMoneyWritten += 1
    }
    switch size {
    case .fuzz:
      horizonYears = chance(0.1) ? pick([20, 25, 30]) : 1 + below(10)
    case .reference:
      horizonYears = 1 + below(5)
    }
    let paths: Int
    switch size {
    // Long horizons and many paths cost time, never both (the suite stays within minutes).
    case .fuzz: paths = horizonYears > 10 ? 1 + below(8) : (chance(0.05) ? 100 + below(200) : 1 + below(24))
    case .reference: paths = 512
    }
    let modelCount = 1 + below(size == .fuzz ? 4 : 3)
    var models = ""
    for m in 0..<modelCount { models += model(named: "m\(m + 1)") }
    var blocks = ""
    for block in [DecisionBlock.valuation, .cash] where chance(0.5) { blocks += decisionBlock(block) }
    var yaml = "name: \(name)\nhorizon_years: \(horizonYears)\npaths: \(paths)\nseed: \(below(1_000_000))\n"
    if chance(0.5) { yaml += "discount_rate: \(num(pick([0, 0.05, 0.1, between(-0.5, 1)])))\n" }
    if chance(0.2) { yaml += "rng: \(pick(["mt19937", "ranlxd1", "taus2", "gfsr4"]))\n" }
    // Before the market block: a recession key may add an entry of its own.
    swap(&rng, &sectionCRNG)
    let risk = riskBlocks(marketNames: (market + sectionFMarket + sectionEMarket).map(\.name))
    swap(&rng, &sectionCRNG)
    let entries = market + sectionFMarket + sectionEMarket + sectionCMarket
    if !entries.isEmpty {
      yaml += "market:\n"
      for e in entries { yaml += "  \(e.name): \(e.value)\n" }
    }
    return (yaml + blocks + risk + "models:\n" + models, paths)
  }

  /// `value` as written, or one time in ten (by `recessionMarketRNG`) a reference to a
  /// new market entry holding it: a per-path draw feeding a recession key.
  private mutating func recessionValue(_ value: String) -> String {
    guard recessionMarketRNG.uniform() < 0.1 else { return value }
    let name = "c\(sectionCMarket.count + 1)"
    sectionCMarket.append((name, value))
    recessionMarketReferencesWritten += 1
    return "market." + name
  }

  /// `correlations:` (a third of the scenarios with two market entries or more: a
  /// chain over 2-4 of them, |rho| <= 0.5, which keeps the copula's matrix positive
  /// definite) and `recessions:` (a third of the scenarios: probability and duration as
  /// any key of their domain, each effect left out 40 % of the time, else 0 to 3 with
  /// the edges) (docs/model.md, "Correlated inputs", "Recessions").
  private mutating func riskBlocks(marketNames: [String]) -> String {
    var text = ""
    if marketNames.count >= 2, chance(0.35) {
      var names = marketNames
      var chain: [String] = []
      for _ in 0..<Swift.min(names.count, 2 + below(3)) { chain.append(names.remove(at: below(names.count))) }
      text += "correlations:\n"
      for j in 0..<(chain.count - 1) {
        let rho = pick([-0.5, 0.5, 0, between(-0.5, 0.5)])
        text += "  - [market.\(chain[j]), market.\(chain[j + 1]), \(num(rho))]\n"
      }
      correlationBlocksWritten += 1
    }
    if chance(0.35) {
      text += "recessions:\n"
      text += "  annual_probability: \(recessionValue(plainValue(.probability, 0...1)))\n"
      text +=
        "  duration_months: \(recessionValue(plainValue(.wholePositive, 1...Double(Swift.max(2, horizonYears * 6)))))\n"
      var effects = ""
      for key in DecisionKey.recessionEffects where !chance(0.4) {
        let name = key.key.dropFirst(DecisionKey.effectsPrefix.count)
        effects += "    \(name): \(recessionValue(plainValue(.nonNegative, 0...3)))\n"
      }
      if !effects.isEmpty { text += "  effects:\n" + effects }
      recessionBlocksWritten += 1
    }
    // A quarter of the scenarios sample with a Latin hypercube (docs/model.md, "Sampling design").
    if chance(0.25) {
      text += "sampling: latin_hypercube\n"
      latinHypercubesWritten += 1
    }
    // A third of the scenarios use GSL's own Poisson and binomial algorithms, the
    // rest the fast ones, written out or by default (docs/model.md, "Randomness and seeding").
    let sampler = sectionCRNG.uniform()
    if sampler < 1.0 / 3 {
      text += "sampler: gsl\n"
      gslSamplersWritten += 1
    } else if sampler < 0.5 {
      text += "sampler: fast\n"
    }
    return text
  }

  /// A `valuation:` or `cash:` block from the `DecisionKey` table: each optional key
  /// left out 30 % of the time, else a value as for a model key.
  private mutating func decisionBlock(_ block: DecisionBlock) -> String {
    var text = "\(block.rawValue):\n"
    for key in DecisionKey.keys(of: block) {
      // Left out only where the docs give a default (the reference's table, not the
      // engine's): a key the engine wrongly required would then be refused here.
      if ReferenceDefaults.decisionKey(key) != .required, chance(0.3) { continue }
      text += "  \(key.key): \(value(key: key.keyPath, key.domain, range: range(key)))\n"
    }
    return text
  }

  /// Typical range of a decision key: multiple_min below every multiple_max, the exit
  /// within the horizon.
  private func range(_ key: DecisionKey) -> ClosedRange<Double> {
    let r = typicalRange(key)
    return Self.isMoney(key) ? scaled(r) : r
  }

  private func typicalRange(_ key: DecisionKey) -> ClosedRange<Double> {
    switch key {
    case .exitYear: return 1...Double(horizonYears)
    case .multipleBase: return -2...10
    case .multiplePerRecurring: return -5...10
    case .multipleMin: return 0...5
    case .multipleMax: return 5...15
    case .opening: return -1_000_000...1_000_000
    case .receivableDays: return 0...120
    case .taxRate: return 0...1
    case .ownerDrawMonthly: return 0...50000
    case .floor: return -100_000...500_000
    case .recessionAnnualProbability: return 0...1
    case .recessionDurationMonths: return 1...Double(horizonYears * 12)
    case .effectAcquisition, .effectChurn, .effectBlockHours, .effectRefreshWinRate, .effectThirdPartyPM,
      .effectCloudSpend:
      return 0...3
    }
  }

  private mutating func model(named name: String) -> String {
    var kinds = StreamKind.allCases.filter { _ in chance(0.45) }
    if kinds.isEmpty { kinds = [pick(StreamKind.allCases)] }
    let hasAdoption = kinds.contains(where: \.isMSP2)
    // A funnel closes into the vCIO service: only a model with a vcio stream has one.
    let funnel: String? =
      kinds.contains(.vcio)
      ? sectionE { g in
        g.chance(0.35) ? g.funnelSection(hasFramework: kinds.contains(.frameworkProjects), indent: "        ") : nil
      } : nil
    var text = "  \(name):\n"
    func section(_ s: ModelSection, indent: String) -> String {
      var entries: [String] = []
      var shares: [String] = []
      // A third of the marketplaces split the routed spend between programs instead
      // of one commission and cap (docs/model.md, "Marketplace programs").
      let programs = s == .stream(.marketplace) && chance(0.35)
      if programs { entries.append("\(MarketplaceProgram.key): [\(programList())]") }
      for id in ParameterID.allCases where id.section == s {
        if programs, id == .marketCommissionMonths { continue }
        // `costs.delivery_share` is one nested mapping, of the model's streams only.
        if let k = id.deliveryShareStream, !kinds.contains(k) { continue }
        // vCIO-only clients buy 2.0 services: a model without a 2.0 stream may not give the rate.
        if id == .acquisitionVCIOOnlyRate {
          if hasAdoption,
            let v = sectionF({ g in g.chance(0.3) ? nil : g.value(key: id.keyPath, id.domain, range: g.range(id)) })
          {
            entries.append("\(id.key): \(v)")
          }
          continue
        }
        // Left to its documented default (or the key it follows; `ReferenceDefaults`, not
        // the engine's table, so a key the engine wrongly required is refused here).
        if ReferenceDefaults.parameter(id) != .required, chance(0.3) { continue }
        let v = value(key: id.keyPath, id.domain, range: range(id))
        // The funnel replaces the monthly probability (drawn all the same: later keys keep their values).
        if id == .adoptionMonthly, funnel != nil { continue }
        if let k = id.deliveryShareStream {
          shares.append("\(k.rawValue): \(v)")
        } else {
          entries.append("\(id.key): \(v)")
        }
      }
      if !shares.isEmpty { entries.append("\(ModelReader.deliveryShareKey): {\(shares.joined(separator: ", "))}") }
      if s == .adoption, let funnel { entries.append("\(ModelReader.funnelKey):\n" + funnel) }
      for e in EventID.allCases where e.section == s {
        if programs, e == .marketCommission { continue }
        if e.follows != nil {
          // Left out 40 % of the time: drawn as the quantity it follows.
          if let v = sectionF({ g in g.chance(0.4) ? nil : g.value(key: e.keyPath, e.domain, range: g.range(e)) }) {
            entries.append("\(e.key): \(v)")
          }
          continue
        }
        entries.append("\(e.key): \(value(key: e.keyPath, e.domain, range: range(e)))")
      }
      return entries.isEmpty ? "" : indent + entries.joined(separator: "\n" + indent) + "\n"
    }
    text += "    clients:\n" + section(.clients, indent: "      ")
    var adoptionWritten = false
    for s in [ModelSection.acquisition, .churn, .costs] + (hasAdoption ? [.adoption] : []) where chance(0.85) {
      let body = section(s, indent: "      ")
      if !body.isEmpty { text += "    \(s.path):\n" + body }
      if s == .adoption { adoptionWritten = true }
    }
    // A funnel in a model whose other adoption keys were all left out.
    if let funnel, !adoptionWritten {
      text += "    \(ModelSection.adoption.path):\n      \(ModelReader.funnelKey):\n" + funnel + "\n"
    }
    text += "    streams:\n"
    for k in kinds {
      let body = section(.stream(k), indent: "        ")
      text += body.isEmpty ? "      \(k.rawValue): {}\n" : "      \(k.rawValue):\n" + body
    }
    return text
  }

  /// 1 to 4 marketplace programs: shares of at least 5 % summing to 1 (the last is 1
  /// minus the others), commissions of any kind, caps of 0 (for ever), short, or past
  /// the horizon.
  private mutating func programList() -> String {
    programListsWritten += 1
    let n = 1 + below(4)
    let weights = (0..<n).map { _ in between(0.05, 1) }
    let total = weights.reduce(0, +)
    var shares = weights.dropLast().map { $0 / total }
    shares.append(1 - shares.reduce(0, +))
    return shares.map { share in
      let commission = value(
        key: "streams.marketplace.programs.commission", EventID.marketCommission.domain, range: range(.marketCommission)
      )
      let months = chance(0.4) ? 0 : 1 + below(horizonYears * 12 + 6)
      return "{share: \(share), commission: \(commission), months: \(months)}"
    }.joined(separator: ", ")
  }

  /// The lines of an `adoption.funnel` mapping (each optional key left out 30 % of the
  /// time), each line starting with `indent`, without a final newline; `quick_win_value` only with a
  /// `framework_projects` stream.
  private mutating func funnelSection(hasFramework: Bool, indent: String) -> String {
    funnelsWritten += 1
    var entries: [String] = []
    for id in ParameterID.funnelKeys {
      if ReferenceDefaults.parameter(id) != .required, chance(0.3) { continue }
      entries.append("\(id.key): \(value(key: id.keyPath, id.domain, range: range(id)))")
    }
    let e = EventID.funnelQuickWinValue
    if hasFramework, chance(0.7) { entries.append("\(e.key): \(value(key: e.keyPath, e.domain, range: range(e)))") }
    return entries.map { indent + $0 }.joined(separator: "\n")
  }

  // MARK: Values

  /// Typical range of a key (the generator's, not a limit of the model): sizes that
  /// multiply (clients, arrivals, growth) are held so a path's book stays small
  /// enough to run thousands of cases in minutes.
  private func range(_ id: ParameterID) -> ClosedRange<Double> {
    let r = typicalRange(id)
    return Self.isMoney(id) ? scaled(r) : r
  }

  /// Whether a key is an amount of money (the others are counts, shares, rates and
  /// months). Every key is named, with no default, so a key added to the table does
  /// not compile here until it is sorted: a new amount of money is then scaled too.
  static func isMoney(_ key: ParameterID) -> Bool {
    switch key {
    case .pricePerSeat, .hourlyRate, .resaleSpendPerSeatPerYear, .marketBountyPerSeat, .marketCloudSpendPerSeat,
      .technicianMonthly, .vcioMonthly, .toolsPerSeat, .fixedMonthly, .marketingMonthly, .transitionMonthly,
      .funnelTrialFee, .funnelAssessmentCost, .funnelWorkshopCost:
      return true
    case .clientsInitial, .seatGrowth, .acquisitionMonthlyRate, .acquisitionAnnualGrowth, .churnAnnual,
      .churnAnnualAdopted, .adoptionInitialShare, .adoptionAtSignup, .adoptionMonthly, .adoptionRampMonths,
      .adoptionStartMonth, .annualPriceChange, .hoursPerSeat, .annualDemandChange, .annualRateChange,
      .refreshCycleMonths, .refreshWinRate, .resaleMargin, .resaleAnnualMarginChange, .pmProjectsPerYear,
      .pmFeeShare, .appUserShare, .marketCapture, .marketCaptureRampMonths, .marketCommissionMonths,
      .marketAnnualCloudGrowth, .seatsPerTechnician, .clientsPerVCIO, .minVCIOs, .projectCostShare,
      .annualCostChange, .vcioAnnualFeeChange, .appAnnualPriceChange, .annualSeatsPerTechnicianChange,
      .transitionMonths, .refreshWinRateAdopted, .resaleAdoptedShare, .hiringLagMonths, .contractorPremium,
      .deliveryShareManagedServices, .deliveryShareBlockHours, .deliveryShareRefreshProjects, .deliveryShareResale,
      .deliveryShareVCIO, .deliveryShareFrameworkProjects, .deliveryShareThirdPartyPM, .deliveryShareAppManagement,
      .deliveryShareMarketplace, .acquisitionVCIOOnlyRate, .funnelAssessmentsPerMonth, .funnelWorkshopRate,
      .funnelWorkshopLagMonths, .funnelQuickWinRate, .funnelQuickWinLagMonths, .funnelTrialRate,
      .funnelTrialLagMonths, .funnelCloseRate, .funnelRetryMonths:
      return false
    }
  }

  static func isMoney(_ key: EventID) -> Bool {
    switch key {
    case .refreshValuePerSeat, .vcioMonthlyFee, .frameworkFee, .pmProjectValue, .appTierPrice, .funnelQuickWinValue:
      return true
    case .clientSeats, .appsPerClient, .marketCommission, .acquisitionSeats, .vcioOnlySeats: return false
    }
  }

  static func isMoney(_ key: DecisionKey) -> Bool {
    switch key {
    case .opening, .ownerDrawMonthly, .floor: return true
    case .exitYear, .multipleBase, .multiplePerRecurring, .multipleMin, .multipleMax, .receivableDays, .taxRate,
      .recessionAnnualProbability, .recessionDurationMonths, .effectAcquisition, .effectChurn, .effectBlockHours,
      .effectRefreshWinRate, .effectThirdPartyPM, .effectCloudSpend:
      return false
    }
  }

  private func scaled(_ r: ClosedRange<Double>) -> ClosedRange<Double> {
    (r.lowerBound * moneyScale)...(r.upperBound * moneyScale)
  }

  private func typicalRange(_ id: ParameterID) -> ClosedRange<Double> {
    let small = size == .reference
    let long = horizonYears > 10
    switch id {
    case .clientsInitial: return small ? 0...120 : (chance(0.03) && !long ? 1000...4000 : 0...200)
    case .acquisitionMonthlyRate: return small ? 0...4 : (horizonYears <= 3 ? 0...30 : 0...6)
    case .acquisitionVCIOOnlyRate: return small ? 0...2 : (long ? 0...0.5 : (horizonYears <= 3 ? 0...10 : 0...3))
    case .acquisitionAnnualGrowth: return long ? -0.5...0.1 : (small ? -0.3...0.3 : -0.9...0.5)
    case .seatGrowth: return small ? -0.2...0.2 : -0.5...0.3
    case .adoptionRampMonths, .marketCaptureRampMonths, .marketCommissionMonths:
      return 0...Double(horizonYears * 12 + 24)
    case .adoptionStartMonth: return 1...Double(horizonYears * 12 + 12)
    case .refreshCycleMonths: return 1...Double(small ? 48 : 400)
    case .pricePerSeat: return 0...200
    case .hoursPerSeat: return 0...1
    case .hourlyRate: return 0...250
    case .resaleSpendPerSeatPerYear: return 0...2000
    case .pmProjectsPerYear: return 0...6
    case .marketBountyPerSeat: return 0...50
    case .marketCloudSpendPerSeat: return 0...300
    case .seatsPerTechnician: return 0...300
    case .technicianMonthly: return 0...9000
    case .clientsPerVCIO: return 0...40
    case .vcioMonthly: return 0...15000
    case .minVCIOs: return 0...3
    case .toolsPerSeat: return 0...30
    case .fixedMonthly: return 0...80000
    case .marketingMonthly: return 0...10000
    // Hiring lag: none or a few months, often; or at or past the horizon (staff never
    // catch up: every month employs month 1's need). Constants hit 0 and each range's ends.
    case .hiringLagMonths:
      let months = Double(horizonYears * 12)
      return pick([0...2, 1...12, months...(months + 24)])
    // Contractor premium: 0 (contractors at salary) to a few times salary, sometimes huge.
    case .contractorPremium: return chance(0.2) ? 0...50 : 0...2
    // The sales funnel: a few assessments a month (more in the fuzz); lags of a month
    // to a few, sometimes at or past the horizon; retries of up to two years.
    case .funnelAssessmentsPerMonth: return small ? 0...3 : (horizonYears <= 3 ? 0...20 : 0...8)
    case .funnelWorkshopLagMonths, .funnelQuickWinLagMonths, .funnelTrialLagMonths:
      let months = Double(horizonYears * 12)
      return chance(0.1) ? months...(months + 12) : 1...4
    case .funnelRetryMonths: return 1...24
    case .funnelTrialFee: return 0...3000
    case .funnelAssessmentCost: return 0...2000
    case .funnelWorkshopCost: return 0...3000
    default:
      switch id.domain {
      case .annualChange: return small ? -0.2...0.2 : -0.5...0.5
      case .probability: return 0...1
      default: return 0...100
      }
    }
  }

  private func range(_ e: EventID) -> ClosedRange<Double> {
    let r = typicalRange(e)
    return Self.isMoney(e) ? scaled(r) : r
  }

  private func typicalRange(_ e: EventID) -> ClosedRange<Double> {
    switch e {
    case .clientSeats: return 0...(size == .reference ? 60 : 200)
    case .refreshValuePerSeat: return 0...2000
    case .vcioMonthlyFee: return 0...3000
    case .frameworkFee: return 0...20000
    case .pmProjectValue: return 0...50000
    case .appsPerClient: return 0...(size == .reference ? 6 : 12)
    case .appTierPrice: return 0...30
    case .marketCommission: return 0...1
    // Bigger new clients (the seed's 150-500) and vCIO-only clients of any size.
    case .acquisitionSeats: return size == .reference ? 0...150 : 0...500
    case .vcioOnlySeats: return 0...(size == .reference ? 100 : 400)
    case .funnelQuickWinValue: return 0...15000
    }
  }

  /// A value for `key`: a constant, a distribution or (10 %) a market reference.
  private mutating func value(key: String, _ domain: ParameterDomain, range: ClosedRange<Double>) -> String {
    if chance(0.1) {
      // One entry per key, shared by every model that uses the key (as market.churn).
      if let name = marketByKey[key] { return "market." + name }
      let name =
        inSectionE
        ? "e\(sectionEMarket.count + 1)" : inSectionF ? "f\(sectionFMarket.count + 1)" : "k\(market.count + 1)"
      let entry = (name, plainValue(domain, range, declineEdge: declineEdge(key)))
      if inSectionE {
        sectionEMarket.append(entry)
      } else if inSectionF {
        sectionFMarket.append(entry)
      } else {
        market.append(entry)
      }
      marketByKey[key] = name
      return "market." + name
    }
    return plainValue(domain, range, declineEdge: declineEdge(key))
  }

  /// Whether an annual change may take the edge -0.999999. Not for seats per
  /// technician: need = seats / (spt x (1+p)^y) grows as 1e6^y, past what a Double
  /// holds within 30 years (every cost overflows to infinity); the range's -0.5
  /// already doubles the need every year.
  private func declineEdge(_ key: String) -> Bool { key != ParameterID.annualSeatsPerTechnicianChange.keyPath }

  private mutating func plainValue(
    _ domain: ParameterDomain, _ range: ClosedRange<Double>, declineEdge: Bool = true
  ) -> String {
    chance(0.5) ? constant(domain, range, declineEdge: declineEdge) : distribution(domain, range)
  }

  private func constant(_ domain: ParameterDomain, _ range: ClosedRange<Double>, declineEdge: Bool = true) -> String {
    let whole = domain == .wholeNonNegative || domain == .wholePositive
    let lo = domain == .wholePositive ? Swift.max(1, range.lowerBound) : range.lowerBound
    if chance(0.25) {
      // Edges of the domain and of the range.
      var edges = [lo, range.upperBound]
      if domain == .annualChange, declineEdge { edges.append(-0.999999) }
      if domain == .probability { edges += [0, 1] }
      let x = pick(edges)
      return num(whole ? x.rounded() : x)
    }
    let x = between(lo, range.upperBound)
    return num(whole ? x.rounded() : x)
  }

  /// A distribution the domain accepts: bounded kinds inside `range` (and the domain),
  /// unbounded kinds anywhere (their draws outside the domain are clamped).
  private mutating func distribution(_ domain: ParameterDomain, _ range: ClosedRange<Double>) -> String {
    let lo = domain == .wholePositive ? Swift.max(1, range.lowerBound) : range.lowerBound
    let hi = Swift.max(range.upperBound, lo + 1e-3)
    let width = hi - lo
    let tame = size == .reference
    let a = between(lo, hi)
    let b = between(lo, hi)
    // A sub-range [x0, x1] of [lo, hi], at least 1/1000 of it wide.
    var (x0, x1) = (Swift.min(a, b), Swift.max(a, b))
    if x1 - x0 < 1e-3 * width {
      if x1 + 1e-3 * width <= hi { x1 += 1e-3 * width } else { x0 = x1 - 1e-3 * width }
    }
    let mode = between(x0, x1)
    let mean = between(lo, hi)
    let sd = width * between(0.02, tame ? 0.25 : 0.6)
    var kinds = ["uniform", "triangular", "pert", "beta", "truncated_normal", "discrete", "mixture", "normal"]
    // Kinds whose support starts at 0 (a domain > 0 refuses them: a draw could be 0).
    if lo >= 0, domain != .positive { kinds += ["gamma", "exponential", "lognormal", "poisson", "binomial"] }
    if (lo >= 0 && hi <= 1 && domain != .positive) || domain == .wholeNonNegative || domain == .nonNegative {
      kinds.append("bernoulli")
    }
    if domain == .wholePositive { kinds = ["uniform", "triangular", "pert", "discrete", "normal", "mixture"] }
    kinds.append("constant")
    let kind = pick(kinds)
    kindsUsed.insert(kind)
    switch kind {
    case "uniform": return "{uniform: {min: \(num(x0)), max: \(num(x1))}}"
    case "triangular": return "{triangular: {min: \(num(x0)), mode: \(num(mode)), max: \(num(x1))}}"
    case "pert": return "{pert: {min: \(num(x0)), mode: \(num(mode)), max: \(num(x1))}}"
    case "beta":
      return "{beta: {a: \(num(between(0.5, 5))), b: \(num(between(0.5, 5))), min: \(num(x0)), max: \(num(x1))}}"
    case "truncated_normal":
      // The mean inside [x0, x1] and sd a fair part of it: the loader refuses a
      // window that holds almost none of the normal.
      return
        "{truncated_normal: {mean: \(num(between(x0, x1))), sd: \(num((x1 - x0) * between(0.1, 2))), min: \(num(x0)), max: \(num(x1))}}"
    case "discrete":
      let n = 1 + below(4)
      let values = (0..<n).map { _ -> String in
        let x = between(lo, hi)
        return num(domain == .wholeNonNegative || domain == .wholePositive ? x.rounded() : x)
      }
      let weights = (0..<n).map { _ in num(between(0.1, 3)) }
      return "{discrete: {values: [\(values.joined(separator: ", "))], weights: [\(weights.joined(separator: ", "))]}}"
    case "mixture":
      let first = "{uniform: {min: \(num(x0)), max: \(num(x1))}}"
      let second =
        chance(0.5)
        ? constant(domain, range)
        : "{triangular: {min: \(num(lo)), mode: \(num(lo)), max: \(num(hi))}}"
      kindsUsed.insert("uniform")
      return
        "{mixture: {components: [\(first), \(second)], weights: [\(num(between(0.1, 1))), \(num(between(0.1, 1)))]}}"
    case "constant": return "{constant: {value: \(constant(domain, range))}}"
    case "normal":
      // Unbounded: accepted, and its draws outside the domain are clamped.
      return "{normal: {mean: \(num(mean)), sd: \(num(sd))}}"
    case "gamma":
      let shape = between(tame ? 1 : 0.3, 5)
      return "{gamma: {shape: \(num(shape)), scale: \(num(Swift.max(1e-3, mean) / shape))}}"
    case "exponential": return "{exponential: {mean: \(num(Swift.max(1e-3, mean)))}}"
    case "lognormal": return "{lognormal: {mean: \(num(Swift.max(1e-3, mean))), sd: \(num(Swift.max(1e-3, sd)))}}"
    // Within the loader's limits (a mean of at most 1e9, n below 2^32), which only
    // money in a small currency reaches.
    case "poisson": return "{poisson: {mean: \(num(Swift.min(mean, 1e9)))}}"
    case "binomial":
      let n = Swift.min(Double(UInt32.max), Swift.max(0, hi.rounded(.down)))
      return "{binomial: {n: \(num(n)), p: \(num(u()))}}"
    case "bernoulli": return "{bernoulli: {p: \(num(u()))}}"
    default: fatalError("unknown kind \(kind)")
    }
  }
}

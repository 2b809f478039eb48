import Foundation

/// One model, compiled: everything the engine needs, resolved; no strings looked
/// up and no optionals left to check in the hot loop.
public struct ModelPlan: Sendable {
  public let name: String
  /// Position in the scenario's models (file order).
  public let index: Int
  /// FNV-1a of the name: the model's stream is seeded from (seed, path, nameHash).
  public let nameHash: UInt64
  public let streams: [StreamKind]
  public let layout: MetricLayout
  /// Indexed by `ParameterID.rawValue`.
  public let parameters: [ParameterSpec]
  /// Indexed by `EventID.rawValue`; a quantity of a stream the model lacks is `.constant(0)`.
  /// Then the commission of each marketplace program (`events[EventID.allCases.count + k]`).
  public let events: [ParameterSpec]
  /// `streams.marketplace.programs` (empty: the single form): each program's share of
  /// the routed spend and its months (0: for ever).
  public let programShares: [Double]
  public let programMonths: [Int]
  /// docs/model.md: a model without any 2.0 stream has no adoption.
  public let hasAdoption: Bool
  /// Position of each stream kind in `streams` (-1 when absent), by `StreamKind.index`.
  public let streamSlot: [Int]
  /// Keys that follow another and were not given (`ParameterID.follows`): after the
  /// draws, `target` takes the path's value of `source`. Not drawn themselves, except
  /// `churn.annual_adopted`, whose discarded draw version 1 made and which is kept so
  /// that every later draw of the path stays where it was.
  public let followers: [(target: Int, source: Int)]
  /// Indexed by `EventID.rawValue`: the sampler each quantity draws from (`ModelSpec.eventSource`):
  /// new clients draw `acquisition.seats` from `clients.seats`'s sampler when it is not given.
  public let eventSource: [Int]
  /// The model gives `acquisition.vcio_only_rate`: it reports `vcio_only_clients`
  /// (docs/model.md, "Bigger clients and vCIO-only clients").
  public let hasVCIOOnly: Bool
  /// The model adopts through `adoption.funnel` (docs/model.md, "The sales funnel").
  public let hasFunnel: Bool
  /// The scenario has `recessions:` (docs/model.md, "Recessions").
  public let hasRecessions: Bool

  public func has(_ k: StreamKind) -> Bool { streamSlot[k.index] >= 0 }
}

/// A per-path input drawn from a distribution, named by its key path: the
/// candidates of the sensitivity analysis.
public struct UncertainInput: Sendable {
  /// `market.NAME` or `models.M.section.key`.
  public let keyPath: String
  /// nil for a market entry.
  public let model: Int?
  /// The parameter (model inputs) or market index.
  public let index: Int
}

/// The whole run, compiled from a validated `Scenario`: only what the engine needs
/// (no names beyond the models' and the key paths of the uncertain inputs, no source
/// text). Outputs never read it: they get a `RunResult`.
public struct ScenarioPlan: Sendable {
  public let months: Int
  public let years: Int
  public let paths: Int
  public let seed: UInt64
  public let rng: String
  /// The `market:` entries, drawn once per path from the market stream (a number
  /// is `.constant`).
  public let market: [Distribution]
  public let models: [ModelPlan]
  /// 1 / (1 + discount_rate)^(t/12) for t = 0...months (docs/model.md, "Costs and profit").
  public let discountFactors: [Double]
  public let uncertainInputs: [UncertainInput]
  /// The scenario has `valuation:` / `cash:` (docs/model.md, "Exit value", "Cash").
  public let hasValuation: Bool
  public let hasCash: Bool
  /// The scenario has `recessions:` (docs/model.md, "Recessions"): every model reports
  /// the monthly `recession` row.
  public let hasRecessions: Bool
  /// The Gaussian copula of `correlations:` (docs/model.md, "Correlated inputs"); nil
  /// without the block: every market entry is drawn on its own, as before.
  public let copula: MarketCopula?
  /// `sampling:` (docs/model.md, "Sampling design"), and the Latin hypercube's
  /// permutations when it is `latin_hypercube`.
  public let sampling: Sampling
  /// `sampler:`: the Poisson and binomial algorithms of every stream (docs/model.md,
  /// "Randomness and seeding").
  public let sampler: Sampler
  public let latinHypercube: LatinHypercube?
  /// Indexed by `DecisionKey.rawValue`: each key of the blocks present, defaults
  /// filled; drawn once per path from the market stream after the `market:` entries
  /// (`market(index:)` reads the path's market value). Keys of an absent block are
  /// never drawn.
  public let decision: [ParameterSpec]
  /// Whether the scenario has `block`: its keys are drawn on every path.
  public func has(_ block: DecisionBlock) -> Bool {
    switch block {
    case .valuation: return hasValuation
    case .cash: return hasCash
    case .recessions: return hasRecessions
    }
  }
  /// The horizon in years: the latest exit year.
  public var horizonYears: Int { years }

  /// Compiles a validated scenario. Cannot fail: every check happened when loading.
  public init(_ s: Scenario) {
    months = s.months
    years = s.horizonYears
    paths = s.paths
    seed = s.seed
    rng = s.rng
    market = s.market.map(\.distribution)
    hasValuation = s.has(.valuation)
    hasCash = s.has(.cash)
    hasRecessions = s.has(.recessions)
    // Checked when loading: the targets can hold together.
    copula = s.correlations.isEmpty ? nil : (try? MarketCopula.make(s.correlations).get())
    let hasRecessions = hasRecessions
    decision = DecisionKey.allCases.map { s.decisionSpec($0) }
    let hasValuation = hasValuation
    let hasCash = hasCash
    let r = s.discountRate
    discountFactors = (0...s.months).map { t in 1 / pow(1 + r, Double(t) / 12) }
    var inputs: [UncertainInput] = []
    for (i, m) in s.market.enumerated() where !m.distribution.isConstant {
      inputs.append(UncertainInput(keyPath: "market." + m.name, model: nil, index: i))
    }
    models = s.models.enumerated().map { (mi, m) in
      var slot = [Int](repeating: -1, count: StreamKind.allCases.count)
      for (i, k) in m.streams.enumerated() { slot[k.index] = i }
      var params = m.parameters
      let hasVCIOOnly = m.given.contains(ParameterID.acquisitionVCIOOnlyRate.rawValue)
      let events = EventID.allCases.map { e in m.events[e.rawValue] ?? .constant(0) } + m.programs.map(\.commission)
      var followers: [(target: Int, source: Int)] = []
      for id in ParameterID.allCases {
        if let source = id.follows, !m.isOwn(id) {
          followers.append((id.rawValue, source.rawValue))
          if id != .churnAnnualAdopted { params[id.rawValue] = .constant(0) }
        }
      }
      for id in ParameterID.allCases where m.isOwn(id) {
        if case .distribution = params[id.rawValue], m.uses(id) {
          inputs.append(UncertainInput(keyPath: "models.\(m.name).\(id.keyPath)", model: mi, index: id.rawValue))
        }
      }
      return ModelPlan(
        name: m.name, index: mi, nameHash: StreamSeeds.fnv1a(m.name), streams: m.streams,
        layout: MetricLayout(
          streams: m.streams, valuation: hasValuation, cash: hasCash, vcioOnly: hasVCIOOnly, funnel: m.hasFunnel,
          recession: hasRecessions),
        parameters: params,
        events: events, programShares: m.programs.map(\.share), programMonths: m.programs.map(\.months),
        hasAdoption: m.hasMSP2Streams, streamSlot: slot,
        followers: followers, eventSource: EventID.allCases.map { m.eventSource($0).rawValue },
        hasVCIOOnly: hasVCIOOnly, hasFunnel: m.hasFunnel, hasRecessions: hasRecessions)
    }
    uncertainInputs = inputs
    sampling = s.sampling
    sampler = s.sampler
    latinHypercube =
      s.sampling == .latinHypercube
      ? LatinHypercube(
        inputs: inputs, marketCount: s.market.count, modelCount: s.models.count, seed: s.seed, paths: s.paths,
        excludedMarket: Set(copula?.entries ?? [])) : nil
    var pairs: [(Int, Int)] = []
    for i in 0..<models.count { for j in (i + 1)..<models.count { pairs.append((i, j)) } }
    self.pairs = pairs
  }

  /// Ordered pairs (baseline, alternative) with the baseline listed first in the file.
  public let pairs: [(baseline: Int, alternative: Int)]
  /// `ParameterID.allCases.map(\.domain)`, by raw value (no array built per path).
  public static let parameterDomains: [ParameterDomain] = ParameterID.allCases.map(\.domain)
  /// Per-event domains, then the programs' commissions (`MarketplaceProgram.maximumCount`).
  public static let eventDomains: [ParameterDomain] =
    EventID.allCases.map(\.domain)
    + Array(repeating: EventID.marketCommission.domain, count: MarketplaceProgram.maximumCount)
}

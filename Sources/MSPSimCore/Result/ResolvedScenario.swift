/// The scenario as run, every default filled in: run.json's `resolved_scenario`
/// (docs/outputs.md), so a result can be traced and re-run.
public struct ResolvedScenario: Codable, Sendable, Equatable {
  public struct Model: Codable, Sendable, Equatable {
    public var name: String
    public var streams: [String]
    /// By key path inside the model: a number, `market.NAME`, a distribution, or
    /// "same draw as churn.annual" for `churn.annual_adopted` when not given.
    public var parameters: [String: JSONValue]
  }

  public var name: String
  public var currency: String
  public var horizonYears: Int
  public var paths: Int
  public var seed: UInt64
  public var rng: String
  /// `sampling:` and `sampler:` (random and fast when not given).
  public var sampling: String
  public var sampler: String
  public var discountRate: Double
  public var market: [String: JSONValue]
  public var models: [Model]
  /// The `valuation:` and `cash:` blocks by key, defaults filled in (absent when
  /// the scenario has no such block; `multiple_max` with no cap is "none").
  public var valuation: [String: JSONValue]?
  public var cash: [String: JSONValue]?
  /// `recessions:` by key (`effects.churn`, ...), defaults filled in; absent without the block.
  public var recessions: [String: JSONValue]?
  /// `correlations:` as given: [market.A, market.B, rho]; absent without the block.
  public var correlations: [[JSONValue]]?

  enum CodingKeys: String, CodingKey {
    case name, currency, paths, seed, rng, sampling, sampler, market, models, valuation, cash, recessions, correlations
    case horizonYears = "horizon_years"
    case discountRate = "discount_rate"
  }

  /// What run.json says of a key that takes another's value: "same draw as churn.annual".
  public static func follows(_ source: ParameterID) -> String { followsPrefix + source.keyPath }
  /// A per-event quantity not given, drawn from the sampler of another (`EventID.follows`).
  public static func drawnAs(_ source: EventID) -> String { drawnAsPrefix + source.keyPath }
  static let followsPrefix = "same draw as "
  static let drawnAsPrefix = "drawn as "

  public init(_ s: Scenario) {
    name = s.name
    currency = s.currency
    horizonYears = s.horizonYears
    paths = s.paths
    seed = s.seed
    rng = s.rng
    sampling = s.sampling.rawValue
    sampler = s.sampler.rawValue
    discountRate = s.discountRate
    func value(_ spec: ParameterSpec) -> JSONValue {
      switch spec {
      case .constant(let x): return .number(x)
      case .market(let i): return .text("market." + s.market[i].name)
      case .distribution(let d): return d.recorded
      }
    }
    market = Dictionary(
      uniqueKeysWithValues: s.market.map { m in
        (m.name, m.distribution.isConstant ? .number(m.distribution.recordedValues[0]) : m.distribution.recorded)
      })
    func block(_ b: DecisionBlock) -> [String: JSONValue]? {
      guard s.has(b) else { return nil }
      var keys: [String: JSONValue] = [:]
      for key in DecisionKey.keys(of: b) {
        let spec = s.decisionSpec(key)
        if case .constant(let x) = spec, x.isInfinite {
          keys[key.key] = .text("none")
        } else {
          keys[key.key] = value(spec)
        }
      }
      return keys
    }
    valuation = block(.valuation)
    cash = block(.cash)
    recessions = block(.recessions)
    correlations =
      s.correlations.isEmpty
      ? nil
      : s.correlations.map {
        [.text("market." + s.market[$0.a].name), .text("market." + s.market[$0.b].name), .number($0.rho)]
      }
    models = s.models.map { m in
      var parameters: [String: JSONValue] = [:]
      for id in ParameterID.allCases where m.uses(id) {
        if let source = id.follows, !m.isOwn(id) {
          parameters[id.keyPath] = .text(Self.follows(source))
        } else {
          parameters[id.keyPath] = value(m[id])
        }
      }
      for e in EventID.allCases {
        if let spec = m.events[e.rawValue] {
          parameters[e.keyPath] = value(spec)
        } else if e.follows != nil, m.eventSpec(e) != nil {
          parameters[e.keyPath] = .text(Self.drawnAs(m.eventSource(e)))
        }
      }
      for (k, program) in m.programs.enumerated() {
        let path = MarketplaceProgram.path(k)
        parameters[path + ".share"] = .number(program.share)
        parameters[path + ".commission"] = value(program.commission)
        parameters[path + ".months"] = .number(Double(program.months))
      }
      return Model(name: m.name, streams: m.streams.map(\.rawValue), parameters: parameters)
    }
  }
}

extension ResolvedScenario.Model {
  /// The key whose value `key`'s draw comes from, and that value: `key` and its own
  /// value, or for a key that takes another's ("same draw as churn.annual", "drawn as
  /// clients.seats"), that key's, followed on to a key with a value of its own. nil
  /// when `key`, or a key it follows, is not among the parameters.
  public func drawSource(of key: String) -> (key: String, value: JSONValue)? {
    var key = key
    // Each step goes to another key; more steps than keys would be a loop.
    for _ in 0...parameters.count {
      guard let value = parameters[key] else { return nil }
      guard case .text(let t) = value,
        let prefix = [ResolvedScenario.followsPrefix, ResolvedScenario.drawnAsPrefix].first(where: t.hasPrefix)
      else { return (key, value) }
      key = String(t.dropFirst(prefix.count))
    }
    return nil
  }
}

/// A parameter as written: a constant, a distribution drawn once per path (or per
/// event, by where it is used), or a reference to a shared `market:` draw.
public enum ParameterSpec: Sendable {
  case constant(Double)
  case distribution(Distribution)
  /// `market.NAME`: index into `Scenario.market`.
  case market(index: Int)
}

/// A `market:` entry: drawn once per path from the market stream, shared by all models.
public struct MarketParameter: Sendable {
  public var name: String
  public var spec: ParameterSpec
  public var position: SourcePosition
}

/// One model of a scenario, validated: every parameter typed, every required one present.
public struct ModelSpec: Sendable {
  public var name: String
  /// Indexed by `ParameterID.rawValue`; absent keys hold their default.
  public var parameters: [ParameterSpec]
  /// Indexed by `EventID.rawValue`; nil for events of streams the model does not have.
  public var events: [ParameterSpec?]
  /// The model's streams in `StreamKind` order.
  public var streams: [StreamKind]
  /// Whether the scenario gave the key (for the resolved-scenario record and docs).
  public var given: Set<Int>

  public var hasMSP2Streams: Bool { streams.contains(where: \.isMSP2) }
  public func has(_ kind: StreamKind) -> Bool { streams.contains(kind) }
  public subscript(_ id: ParameterID) -> ParameterSpec { parameters[id.rawValue] }
}

/// A scenario file, loaded and validated: what the compiler turns into a plan.
public struct Scenario: Sendable {
  public var name: String
  public var currency: String
  public var horizonYears: Int
  public var paths: Int
  public var seed: UInt64
  public var rng: String
  /// Annual discount rate for NPV.
  public var discountRate: Double
  public var market: [MarketParameter]
  public var models: [ModelSpec]
  /// Where it came from ("<built-in default>" for the embedded default) and its text.
  public var sourcePath: String
  public var sourceText: String

  public var months: Int { horizonYears * 12 }

  /// Defaults of docs/scenario-format.md, "Scenario files".
  public static let defaultHorizonYears = 10
  public static let defaultPaths = 10_000
  public static let defaultSeed: UInt64 = 20_261_127
  public static let defaultRNG = "mt19937"
  public static let maxPaths = 100_000_000
  public static let horizonRange = 1...30
}

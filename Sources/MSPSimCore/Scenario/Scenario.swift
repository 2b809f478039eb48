/// A parameter as written: a constant, a distribution drawn once per path (or per
/// event, by where it is used), or a reference to a shared `market:` draw. The one
/// form a parameter has from the scenario to the plan; the engine compiles it once
/// per worker (`EventSampler` for per-event quantities).
public enum ParameterSpec: Sendable {
  case constant(Double)
  case distribution(Distribution)
  /// `market.NAME`: index into `Scenario.market`.
  case market(index: Int)
}

/// A `market:` entry: drawn once per path from the market stream, shared by all models.
public struct MarketParameter: Sendable {
  public internal(set) var name: String
  /// `.constant(x)` when the file gives a number.
  public internal(set) var distribution: Distribution
  public internal(set) var position: SourcePosition
}

/// One model of a scenario, validated: every parameter typed, every required one present.
public struct ModelSpec: Sendable {
  public internal(set) var name: String
  /// Indexed by `ParameterID.rawValue`; absent keys hold their default.
  public internal(set) var parameters: [ParameterSpec]
  /// Indexed by `EventID.rawValue`; nil for events of streams the model does not have.
  public internal(set) var events: [ParameterSpec?]
  /// The model's streams in `StreamKind` order.
  public internal(set) var streams: [StreamKind]
  /// Whether the scenario gave the key (for the resolved-scenario record and docs).
  public internal(set) var given: Set<Int>
  /// `streams.marketplace.programs`; empty for the single form (`commission`, `commission_months`).
  public internal(set) var programs: [MarketplaceProgram] = []
  /// The model adopts through `adoption.funnel` instead of `adoption.monthly`
  /// (docs/model.md, "The sales funnel").
  public internal(set) var hasFunnel = false

  public var hasMSP2Streams: Bool { streams.contains(where: \.isMSP2) }
  public func has(_ kind: StreamKind) -> Bool { streams.contains(kind) }
  public subscript(_ id: ParameterID) -> ParameterSpec { parameters[id.rawValue] }

  /// Whether the model reads `id` at all: a stream's keys only when it has the
  /// stream, adoption keys only when it has a 2.0 stream (docs/model.md, "The client book").
  public func uses(_ id: ParameterID) -> Bool {
    if let k = id.stream { return has(k) }
    if id == .acquisitionVCIOOnlyRate { return hasMSP2Streams }
    if id == .adoptionMonthly { return hasMSP2Streams && !hasFunnel }
    switch id.section {
    case .adoption: return hasMSP2Streams
    case .funnel: return hasFunnel
    default: return true
    }
  }

  /// The key has a value of its own: it does not follow another key (`ParameterID.follows`),
  /// or the file gave it.
  public func isOwn(_ id: ParameterID) -> Bool { id.follows == nil || given.contains(id.rawValue) }

  /// The quantity whose sampler `e` draws from: `e` itself when the file gave it (or it
  /// follows nothing), else what it follows, followed on (`EventID.follows`):
  /// `acquisition.seats` not given draws from `clients.seats`, the same sampler and
  /// the same draws as before the key existed.
  public func eventSource(_ e: EventID) -> EventID {
    var source = e
    while events[source.rawValue] == nil, let next = source.follows { source = next }
    return source
  }

  /// The spec `e` is drawn from (its source's when it follows another); nil for an
  /// event of a stream the model lacks.
  public func eventSpec(_ e: EventID) -> ParameterSpec? { events[eventSource(e).rawValue] }
}

/// A scenario file, loaded and validated: what the compiler turns into a plan.
///
/// Immutable to every user of the library: the only way to change one is
/// `applying(_:)` (Scenario/ScenarioOverride.swift), which validates the result again.
public struct Scenario: Sendable {
  public internal(set) var name: String
  public internal(set) var currency: String
  public internal(set) var horizonYears: Int
  public internal(set) var paths: Int
  public internal(set) var seed: UInt64
  public internal(set) var rng: String
  /// Annual discount rate for NPV.
  public internal(set) var discountRate: Double
  public internal(set) var market: [MarketParameter]
  /// `correlations:`: Spearman targets between market entries (docs/model.md,
  /// "Correlated inputs"); empty: every entry drawn on its own.
  public internal(set) var correlations: [MarketCorrelation] = []
  /// `sampling:` (docs/model.md, "Sampling design").
  public internal(set) var sampling: Sampling = .random
  /// `sampler:` (docs/model.md, "Randomness and seeding").
  public internal(set) var sampler: Sampler = .fast
  public internal(set) var models: [ModelSpec]
  /// The `valuation:` and `cash:` blocks the file has, in `DecisionBlock` order.
  public internal(set) var decisionBlocks: [DecisionBlock] = []
  /// Indexed by `DecisionKey.rawValue`; absent keys hold their default (read
  /// them through `decisionSpec(_:)`, which fills in `exit_year`).
  public internal(set) var decision: [ParameterSpec] = DecisionKey.allCases.map { .constant($0.defaultValue ?? 0) }
  /// The decision keys the file gave, by raw value.
  public internal(set) var decisionGiven: Set<Int> = []
  /// Where it came from ("<built-in default>" for the embedded default) and its text.
  public internal(set) var sourcePath: String
  public internal(set) var sourceText: String
  /// Where each key of the file stands, by key path (`position(of:)`).
  var keyPositions: [String: SourcePosition] = [:]
  /// Values the file may hold but probably did not mean (a rate typed as a
  /// percentage), in file order, then what a command-line override changed that the
  /// outputs would not show (a `--years` that moves the exit): the commands print them
  /// before running (docs/errors.md, "Warnings").
  public internal(set) var warnings: [ScenarioIssue] = []
  /// `--years` shortened the horizon below the exit years the file's distribution can
  /// draw: draws after it move the exit to its end (docs/scenario-format.md,
  /// "Valuation and cash"), where the file itself must keep its exit within its horizon.
  var exitDrawsCutAtHorizon = false

  public var months: Int { horizonYears * 12 }

  /// Where `keyPath` stands in the file, or the nearest key above it that the file
  /// has ("models.msp1.acquisition" not given: "models.msp1"); the file's start when
  /// none is (the built-in default's keys are all there; an override's key may not be).
  public func position(of keyPath: String) -> SourcePosition {
    var path = Substring(keyPath)
    while !path.isEmpty {
      if let p = keyPositions[String(path)] { return p }
      guard let dot = path.lastIndex(of: ".") else { break }
      path = path[..<dot]
    }
    return .start
  }

  /// Defaults of docs/scenario-format.md, "Top-level keys".
  public static let defaultHorizonYears = 10
  public static let defaultPaths = 10_000
  public static let defaultSeed: UInt64 = 20_261_127
  public static let defaultRNG = "mt19937"
  public static let maxPaths = 100_000_000
  public static let horizonRange = 1...30
  /// `seed` is a whole number below 2^64.
  public static let seedLimit: Double = 18_446_744_073_709_551_616
  /// `discount_rate` is above the floor and at most the ceiling.
  public static let discountRateFloor: Double = -1
  public static let discountRateCeiling: Double = 10
}

/// The run settings the command line can override (`--paths`, `--seed`, `--years`,
/// `--rng`), nil where the file's own value stands. `RunOptions` holds them, and a
/// shard file records them (docs/outputs.md, "Shard files") so a merge rebuilds
/// exactly the scenario that was run.
public struct SettingOverrides: Codable, Sendable, Equatable {
  public var paths: Int?
  public var seed: UInt64?
  public var years: Int?
  public var rng: String?

  public init(paths: Int? = nil, seed: UInt64? = nil, years: Int? = nil, rng: String? = nil) {
    self.paths = paths
    self.seed = seed
    self.years = years
    self.rng = rng
  }

  /// The set ones as overrides, in a fixed order, for `Scenario.applying(_:)`.
  public var list: [ScenarioOverride] {
    var o: [ScenarioOverride] = []
    if let paths { o.append(.paths(paths)) }
    if let seed { o.append(.seed(seed)) }
    if let years { o.append(.years(years)) }
    if let rng { o.append(.rng(rng)) }
    return o
  }
}

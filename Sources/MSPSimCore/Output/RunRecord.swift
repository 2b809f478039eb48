import Foundation

/// `run.json`: what was run, how, and the scenario as resolved (every default
/// filled in), so a result can be traced and re-run (docs/outputs.md, "run.json").
/// Keys are sorted and stable; new keys are added, none renamed.
public struct RunRecord: Codable, Sendable, Equatable {
  public static let toolVersion = "0.3.0"

  /// `--precision` runs: the target, the limit, the paths used and whether it was reached.
  public struct Convergence: Codable, Sendable, Equatable {
    public var precision: Double
    public var maxPaths: Int
    public var pathsUsed: Int
    public var converged: Bool

    enum CodingKeys: String, CodingKey {
      case precision, converged
      case maxPaths = "max_paths"
      case pathsUsed = "paths_used"
    }
  }

  public var tool = "mspsim"
  public var toolVersion = RunRecord.toolVersion
  public var scenarioPath: String
  public var scenarioSHA256: String
  public var seed: UInt64
  public var rng: String
  public var paths: Int
  public var years: Int
  public var months: Int
  public var threads: Int
  public var chunkSize: Int
  /// Rounded to milliseconds.
  public var wallSeconds: Double
  public var resolvedScenario: ResolvedScenario
  /// Draws clamped into their key's domain, by key path: an empty object when none were.
  public var clampedDraws: [String: Int]
  /// Per model: se(mean NPV) / |mean NPV|.
  public var relativeStandardErrorNPV: [String: Double]
  /// Only for `--precision` runs.
  public var convergence: Convergence?
  /// Only for a merge of shards: how many were merged (docs/scale-out.md).
  public var shards: Int?

  enum CodingKeys: String, CodingKey {
    case tool, seed, rng, paths, years, months, threads, convergence, shards
    case toolVersion = "tool_version"
    case scenarioPath = "scenario_path"
    case scenarioSHA256 = "scenario_sha256"
    case chunkSize = "chunk_size"
    case wallSeconds = "wall_seconds"
    case resolvedScenario = "resolved_scenario"
    case clampedDraws = "clamped_draws"
    case relativeStandardErrorNPV = "relative_standard_error_npv"
  }

  /// The record of a finished run.
  public init(_ r: RunResult) {
    let s = r.settings
    scenarioPath = s.scenarioPath
    scenarioSHA256 = s.scenarioSHA256
    seed = s.seed
    rng = s.rng
    paths = r.paths
    years = r.years
    months = r.months
    threads = s.threads
    chunkSize = Engine.chunkSize
    wallSeconds = (s.wallSeconds * 1000).rounded() / 1000
    resolvedScenario = r.resolvedScenario
    clampedDraws = Dictionary(r.clampedDraws.map { ($0.keyPath, $0.count) }, uniquingKeysWith: +)
    shards = s.shards
    relativeStandardErrorNPV = Dictionary(
      zip(r.models.map(\.name), r.relativeStandardErrorNPV), uniquingKeysWith: { a, _ in a })
    switch r.stopping {
    case .fixedPaths: convergence = nil
    case .precision(let target, let maxPaths, let converged):
      convergence = Convergence(precision: target, maxPaths: maxPaths, pathsUsed: r.paths, converged: converged)
    }
  }

  /// The JSON text of run.json: pretty-printed, keys sorted, ending in a newline.
  public func json() -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    // Encoding these plain values cannot fail (finite numbers: NaN and infinity
    // never reach a record; see relativeStandardErrorNPV's largest-double convention).
    let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}

/// The first line of a shard file: JSON saying what the shard is part of
/// (docs/outputs.md, "Shard files"). A merge compares these before it reads a body.
public struct ShardHeader: Codable, Sendable, Equatable {
  /// What the shard holds.
  public enum Kind: String, Codable, Sendable {
    /// A run's accumulators over a range of paths (`run --shard`).
    case run
    /// A sweep's rows over a range of grid points (`sweep --shard`).
    case sweep
  }

  /// The file's magic word.
  public static let formatName = "mspsim-shard"
  /// The body layout's version: a change of layout must change it.
  public static let currentFormatVersion = 1

  public var format = ShardHeader.formatName
  public var formatVersion = ShardHeader.currentFormatVersion
  public var toolVersion = RunRecord.toolVersion
  public var kind: Kind
  /// 1-based.
  public var shard: Int
  public var shards: Int
  public var scenarioPath: String
  public var scenarioSHA256: String
  /// The scenario file's text, so a merge needs no access to the file.
  public var scenarioText: String
  /// The command-line settings the scenario was run with (nil: the file's own).
  public var overrides: SettingOverrides
  /// The settings as run (the file's, overridden).
  public var seed: UInt64
  public var paths: Int
  public var years: Int
  public var rng: String
  /// This shard's paths (run) or grid points (sweep): first ..< end.
  public var first: Int
  public var end: Int
  /// A sweep's `--set` axes as given; empty for a run.
  public var axes: [String]
  public var threads: Int
  public var wallSeconds: Double
  /// Cells of the run's layout (0 for a sweep).
  public var cells: Int
  public var bodyBytes: Int
  /// SHA-256 of the body, lower-case hex.
  public var bodySHA256: String

  enum CodingKeys: String, CodingKey {
    case format, kind, shard, shards, overrides, seed, paths, years, rng, first, end, axes, threads, cells
    case formatVersion = "format_version"
    case toolVersion = "tool_version"
    case scenarioPath = "scenario_path"
    case scenarioSHA256 = "scenario_sha256"
    case scenarioText = "scenario_text"
    case wallSeconds = "wall_seconds"
    case bodyBytes = "body_bytes"
    case bodySHA256 = "body_sha256"
  }

  /// The part every format version keeps, read first so that another version is
  /// reported as such rather than as a header that does not parse.
  struct Preamble: Decodable {
    var format: String
    var formatVersion: Int
    enum CodingKeys: String, CodingKey {
      case format
      case formatVersion = "format_version"
    }
  }
}

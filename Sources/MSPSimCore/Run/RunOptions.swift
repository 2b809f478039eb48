/// What the command line says about a run; each set value overrides the file.
public struct RunOptions: Sendable {
  public var paths: Int?
  public var seed: UInt64?
  public var years: Int?
  public var rng: String?
  public var threads: Int
  public var outputFolder: String?
  public var quiet = false
  /// `--sensitivity [rank|sobol]`; nil without it.
  public var sensitivity: SensitivityMethod?
  /// `--per-path FILE.csv`: one row per path of inputs and summary outputs.
  public var perPathFile: String?
  public var charts = true
  /// `--report/--no-report`: write report.html (docs/outputs.md, "The report").
  public var report = true
  /// `--xlsx` (the default) / `--no-xlsx`: write results.xlsx (docs/outputs.md, "The workbook").
  public var xlsx = true
  /// Stop when every model's mean NPV has relative standard error <= this.
  public var precision: Double?
  public var maxPaths: Int?
  /// `--shard I/N`: run only this shard and write its shard file (docs/scale-out.md).
  public var shard: ShardSpec?

  public init(threads: Int) { self.threads = threads }

  /// The scenario settings these options change, for `Scenario.applying(_:)`.
  public var overrides: [ScenarioOverride] { settings.list }

  /// The same as a record (what a shard file keeps).
  public var settings: SettingOverrides { SettingOverrides(paths: paths, seed: seed, years: years, rng: rng) }
}

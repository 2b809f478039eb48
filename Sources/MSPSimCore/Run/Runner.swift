import Foundation

/// The whole `mspsim run`: scenario -> plan -> output folder checked -> engine ->
/// tables -> files written whole -> terminal summary. The executable only parses
/// arguments and maps errors to exit codes.
public struct Runner {
  public var options: RunOptions
  /// Called with (paths done, paths total) while running; nil for no progress.
  public var progress: (@Sendable (Int, Int) -> Void)?

  public init(options: RunOptions) { self.options = options }

  /// The default output folder: `results/<scenario file's stem>/`.
  public static func defaultOutputFolder(scenarioPath: String?) -> String {
    guard let scenarioPath else { return "results/" + DefaultScenario.stem }
    let stem = ((scenarioPath as NSString).lastPathComponent as NSString).deletingPathExtension
    return "results/" + stem
  }

  /// Loads the scenario at `path`, or the built-in default when nil.
  public static func loadScenario(path: String?) throws(ScenarioError) -> Scenario {
    if let path { return try ScenarioLoader.load(path: path) }
    return try ScenarioLoader.load(text: DefaultScenario.text, file: DefaultScenario.displayName)
  }

  /// What a finished run hands back: the text summary and where the files went.
  public struct Outcome {
    public var summary: String
    public var outputFolder: String
    public var plan: ScenarioPlan
    public var result: RunAccumulator
  }

  /// Runs the scenario.
  ///
  /// - Throws: `ScenarioError` (exit 2), `OutputError` (exit 1), `GSLError` (exit 1).
  public func run(scenarioPath: String?) throws -> Outcome {
    var scenario = try Self.loadScenario(path: scenarioPath)
    scenario.apply(options)
    let plan = ScenarioPlan(scenario)
    let folder = OutputFolder(path: options.outputFolder ?? Self.defaultOutputFolder(scenarioPath: scenarioPath))
    try folder.prepare()  // before any simulation time is spent

    let clock = ContinuousClock()
    let started = clock.now
    let engine = Engine(plan: plan, threads: options.threads, recordPaths: options.sensitivity)
    let total = plan.paths
    let progress = self.progress
    try engine.advance(to: total) { done in progress?(done, total) }
    let elapsed = started.duration(to: clock.now)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18

    let tables = ResultTables(plan: plan, result: engine.result)
    var record = RunRecord(plan: plan, threads: options.threads, wallSeconds: seconds, pathsRun: engine.result.paths)
    record.extra["relative_standard_error_npv"] = Dictionary(uniqueKeysWithValues: plan.models.enumerated().map { (mi, m) in
      (m.name, Self.relativeSE(engine.result, model: mi))
    })
    let files: [(name: String, contents: String)] = [
      ("monthly.csv", tables.monthly()), ("annual.csv", tables.annual()), ("summary.csv", tables.summary()),
      ("compare.csv", tables.compare()), ("run.json", record.json()),
    ]
    try folder.write(files)
    let summary = TerminalSummary(plan: plan, result: engine.result).text(outputFolder: folder.path)
    return Outcome(summary: summary, outputFolder: folder.path, plan: plan, result: engine.result)
  }

  /// se(mean NPV) / |mean NPV| of a model (0 when the mean is 0 and so is the se).
  static func relativeSE(_ r: RunAccumulator, model: Int) -> Double {
    let m = r.moments[r.layout.summary(model: model, metric: MetricLayout.summaryNPV)]
    if m.mean == 0 { return m.standardError == 0 ? 0 : Double.greatestFiniteMagnitude }
    return m.standardError / abs(m.mean)
  }
}

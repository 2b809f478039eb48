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
    public var sensitivity: [SensitivityRow]
  }

  /// --max-paths when --precision is given without it.
  public static let defaultMaxPaths = 1_000_000

  /// Runs the scenario.
  ///
  /// - Throws: `ScenarioError` (exit 2), `OutputError` (exit 1), `GSLError` (exit 1).
  public func run(scenarioPath: String?) throws -> Outcome {
    let scenario = try Self.loadScenario(path: scenarioPath).applying(options.overrides)
    let plan = ScenarioPlan(scenario)
    let folder = OutputFolder(path: options.outputFolder ?? Self.defaultOutputFolder(scenarioPath: scenarioPath))
    try folder.prepare()  // before any simulation time is spent

    // Per-path rows for --sensitivity: bounded memory, checked before any work.
    let capacity = options.precision != nil ? (options.maxPaths ?? Runner.defaultMaxPaths) : plan.paths
    if options.sensitivity {
      let bytes = Sensitivity.bytes(plan: plan, paths: capacity)
      if bytes > Sensitivity.memoryLimit {
        throw ScenarioError([ScenarioIssue(file: "command line", line: 1, column: 1, keyPath: "--sensitivity",
          message: "\(capacity) paths need \(bytes >> 20) MiB of per-path rows, above the \(Sensitivity.memoryLimit >> 20) MiB limit (allowed: at most \(Sensitivity.memoryLimit / Swift.max(1, bytes / Swift.max(1, capacity))) paths with --sensitivity)")])
      }
    }

    let clock = ContinuousClock()
    let started = clock.now
    let engine = Engine(plan: plan, threads: options.threads, recordPaths: options.sensitivity, recordCapacity: capacity)
    let progress = self.progress
    var convergence: [String: Any] = [:]
    if let precision = options.precision {
      // Batches of 1,024, 2,048, 4,096, ... paths (chunk-aligned) until every model's
      // mean NPV has relative standard error <= precision, or max paths. Same seed and
      // flags: same batches, same stopping point, same files.
      var target = Swift.min(capacity, 1024)
      var converged = false
      while true {
        let total = target
        try engine.advance(to: total, scenario: scenario) { done in progress?(done, total) }
        converged = plan.models.indices.allSatisfy { Self.relativeSE(engine.result, model: $0) <= precision }
        if converged || target >= capacity { break }
        target = Swift.min(capacity, target * 2)
      }
      convergence = ["precision": precision, "max_paths": capacity, "paths_used": engine.result.paths,
                     "converged": converged]
    } else {
      let total = plan.paths
      try engine.advance(to: total, scenario: scenario) { done in progress?(done, total) }
    }
    let elapsed = started.duration(to: clock.now)
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18

    let tables = ResultTables(plan: plan, result: engine.result)
    var record = RunRecord(plan: plan, threads: options.threads, wallSeconds: seconds, pathsRun: engine.result.paths)
    record.clampedDraws = engine.result.clampedDraws(modelNames: plan.models.map(\.name))
    record.extra["relative_standard_error_npv"] = Dictionary(uniqueKeysWithValues: plan.models.enumerated().map { (mi, m) in
      (m.name, Self.relativeSE(engine.result, model: mi))
    })
    if !convergence.isEmpty { record.extra["convergence"] = convergence }
    var files: [(name: String, contents: String)] = [
      ("monthly.csv", tables.monthly()), ("annual.csv", tables.annual()), ("summary.csv", tables.summary()),
      ("compare.csv", tables.compare()), ("run.json", record.json()),
    ]
    var sensitivity: [SensitivityRow] = []
    if let recorder = engine.recorder {
      sensitivity = Sensitivity.analyse(plan: plan, recorder: recorder, paths: engine.result.paths)
      files.append(("sensitivity.csv", Sensitivity.csv(sensitivity)))
    }
    if options.charts {
      files += Charts.render(plan: plan, result: engine.result, sensitivity: options.sensitivity ? sensitivity : nil)
    }
    try folder.write(files)
    var summary = TerminalSummary(plan: plan, result: engine.result).text(outputFolder: folder.path, files: files.map(\.name))
    if options.sensitivity { summary += "\n" + Sensitivity.tornado(sensitivity, currency: scenario.currency) }
    if let precision = options.precision {
      let reached = plan.models.enumerated().map { (mi, m) in
        "\(m.name) \(String(format: "%.4f", Self.relativeSE(engine.result, model: mi)))" }.joined(separator: ", ")
      summary += "\nConvergence: \(TerminalSummary.money(Double(engine.result.paths))) paths; relative standard error of mean NPV: \(reached) (target \(precision))"
        + ((convergence["converged"] as? Bool) == true ? "\n" : " - not reached within --max-paths \(capacity)\n")
    }
    return Outcome(summary: summary, outputFolder: folder.path, plan: plan, result: engine.result, sensitivity: sensitivity)
  }

  /// se(mean NPV) / |mean NPV| of a model (0 when the mean is 0 and so is the se).
  static func relativeSE(_ r: RunAccumulator, model: Int) -> Double {
    let m = r.moments[r.layout.summary(model: model, metric: MetricLayout.summaryNPV)]
    if m.mean == 0 { return m.standardError == 0 ? 0 : Double.greatestFiniteMagnitude }
    return m.standardError / abs(m.mean)
  }
}

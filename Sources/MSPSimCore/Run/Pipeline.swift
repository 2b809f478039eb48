import Foundation

/// The one pipeline every command and the benchmarks go through
/// (docs/architecture.md, "How a run flows"):
///
///     ScenarioDocument -> Scenario -> ScenarioPlan -> Engine -> RunResult -> output writers
///
/// Each step takes the previous step's type and nothing upstream of it.
public enum Pipeline {
  /// Simulates a validated scenario and hands back what the writers need.
  ///
  /// - Parameters:
  ///   - rule: when to stop (default: the scenario's number of paths).
  ///   - sensitivity: keep per-path rows and rank the uncertain inputs (`--sensitivity`).
  ///   - sobol: after the run, evaluate the Saltelli design of its N paths and estimate
  ///     Sobol indices (`--sensitivity sobol`; docs/model.md, "Sobol indices").
  ///   - progress: (paths done, paths in the current target), from a worker thread.
  /// - Throws: `ScenarioError` (exit 2) when a path cannot be simulated because of
  ///   the scenario (an engine limit), naming the file and key; `GSLError` (exit 1).
  public static func simulate(
    _ scenario: Scenario, until rule: StoppingRule? = nil, threads: Int,
    sensitivity: Bool = false, perPath: Bool = false, sobol: Bool = false,
    progress: (@Sendable (Int, Int) -> Void)? = nil
  ) throws -> RunResult {
    let plan = ScenarioPlan(scenario)
    let rule = rule ?? .paths(plan.paths)
    if sensitivity { try checkSensitivityMemory(plan, paths: rule.maximumPaths) }
    if sobol { try checkSobol(plan, rule: rule) }
    if perPath { try checkPerPathSize(plan, paths: rule.maximumPaths) }
    let clock = ContinuousClock()
    let started = clock.now
    let engine = Engine(
      plan: plan, threads: threads, recordPaths: sensitivity, recordCapacity: rule.maximumPaths,
      recordSummaries: perPath)
    let stopping: StoppingOutcome
    var sobolRows: [SobolRow]?
    do {
      stopping = try engine.run(until: rule, progress: progress)
      if sobol {
        // The design's N is the run's paths; its evaluations are a second pass.
        let design = SobolDesign(plan: plan, rows: engine.result.paths)
        let evaluations = Engine(
          plan: plan, threads: threads, recordPaths: true, recordCapacity: design.evaluations,
          recordSummaries: true, sobol: design)
        _ = try evaluations.run(until: .paths(design.evaluations), progress: progress)
        if let recorder = evaluations.recorder {
          sobolRows = SobolAnalysis.analyse(plan: plan, design: design, recorder: recorder)
        }
      }
    } catch let e as EngineError {
      throw ScenarioError([e.issue(in: scenario)])
    }
    let elapsed = started.duration(to: clock.now)
    let seconds = elapsed.inSeconds
    let rows =
      sensitivity
      ? engine.recorder.map { Sensitivity.analyse(plan: plan, recorder: $0, paths: engine.result.paths) } : nil
    let table =
      perPath ? engine.recorder.map { PerPathTable(plan: plan, recorder: $0, paths: engine.result.paths) } : nil
    return RunResult(
      scenario: scenario, plan: plan, accumulator: engine.result, threads: engine.threads,
      wallSeconds: seconds, stopping: stopping, sensitivity: rows, perPath: table, sobol: sobolRows)
  }
}

extension RunResult {
  /// Assembles the result of a run of `plan`, compiled from `scenario`: the labels
  /// and settings are copied out, so the result holds neither.
  public init(
    scenario: Scenario, plan: ScenarioPlan, accumulator: RunAccumulator, threads: Int,
    wallSeconds: Double, stopping: StoppingOutcome = .fixedPaths, sensitivity: [SensitivityRow]? = nil,
    perPath: PerPathTable? = nil, sobol: [SobolRow]? = nil, shards: Int? = nil
  ) {
    let settings = RunSettings(
      scenarioName: scenario.name, currency: scenario.currency, scenarioPath: scenario.sourcePath,
      scenarioSHA256: SHA256.hex(Array(scenario.sourceText.utf8)), seed: scenario.seed, rng: scenario.rng,
      discountRate: scenario.discountRate, threads: threads, wallSeconds: wallSeconds, shards: shards)
    self.init(
      accumulator: accumulator,
      models: plan.models.map { ModelLabels(name: $0.name, streams: $0.streams, layout: $0.layout) },
      modelPairs: plan.pairs.map { ModelPair(baseline: $0.baseline, alternative: $0.alternative) },
      months: plan.months, settings: settings, resolvedScenario: ResolvedScenario(scenario), stopping: stopping,
      sensitivity: sensitivity, perPath: perPath, sobol: sobol)
  }
}

extension Pipeline {
  /// `--per-path` files are bounded (`PerPathTable.maximumBytes`, estimated at
  /// `bytesPerValue` a value): checked before any path is run.
  static func checkPerPathSize(_ plan: ScenarioPlan, paths: Int) throws(ScenarioError) {
    let width = PerPathTable.columns(plan).count + 1
    let bytes = paths * width * PerPathTable.bytesPerValue
    guard bytes > PerPathTable.maximumBytes else { return }
    throw ScenarioError([
      ScenarioIssue(
        file: "command line", line: 1, column: 1, keyPath: "--per-path",
        message:
          "\(paths) paths x \(width) columns make a file of about \(bytes >> 20) MiB, above the \(PerPathTable.maximumBytes >> 20) MiB limit (allowed: at most \(PerPathTable.maximumBytes / (width * PerPathTable.bytesPerValue)) paths with --per-path)"
      )
    ])
  }

  /// `--sensitivity sobol` needs a fixed N (not `--precision`) and its evaluations'
  /// rows, N (G + 2) of them, within the memory limit: checked before any path is run.
  static func checkSobol(_ plan: ScenarioPlan, rule: StoppingRule) throws(ScenarioError) {
    func refuse(_ message: String) -> ScenarioError {
      ScenarioError([
        ScenarioIssue(file: "command line", line: 1, column: 1, keyPath: "--sensitivity", message: message)
      ])
    }
    guard case .paths(let n) = rule else {
      throw refuse(
        "sobol needs a fixed number of paths (its design is N rows of inputs), and --precision adds paths in batches (use --paths N with --sensitivity sobol)"
      )
    }
    let design = SobolDesign(plan: plan, rows: n)
    let bytes = PathRecorder.bytes(plan: plan, paths: design.evaluations, summaries: true)
    guard bytes > Sensitivity.memoryLimit else { return }
    let perRow = Swift.max(1, bytes / Swift.max(1, n))
    throw refuse(
      "sobol over \(n) paths evaluates \(design.evaluations) paths (\(design.groups.count) input groups + 2 per path) whose rows need \(bytes >> 20) MiB, above the \(Sensitivity.memoryLimit >> 20) MiB limit (allowed: at most \(Sensitivity.memoryLimit / perRow) paths with --sensitivity sobol)"
    )
  }

  /// Per-path rows for --sensitivity are bounded: checked before any path is run.
  static func checkSensitivityMemory(_ plan: ScenarioPlan, paths capacity: Int) throws(ScenarioError) {
    let bytes = PathRecorder.bytes(plan: plan, paths: capacity)
    guard bytes > Sensitivity.memoryLimit else { return }
    let perPath = Swift.max(1, bytes / Swift.max(1, capacity))
    throw ScenarioError([
      ScenarioIssue(
        file: "command line", line: 1, column: 1, keyPath: "--sensitivity",
        message:
          "\(capacity) paths need \(bytes >> 20) MiB of per-path rows, above the \(Sensitivity.memoryLimit >> 20) MiB limit (allowed: at most \(Sensitivity.memoryLimit / perPath) paths with --sensitivity)"
      )
    ])
  }
}

extension Pipeline {
  /// Simulates shard `shard` of a validated scenario's paths (docs/scale-out.md).
  ///
  /// - Returns: the shard's accumulators, the threads used and the seconds taken.
  /// - Throws: as `simulate`.
  public static func simulate(
    _ scenario: Scenario, shard: ShardSpec, threads: Int, progress: (@Sendable (Int, Int) -> Void)? = nil
  ) throws -> (accumulator: RunAccumulator, threads: Int, seconds: Double) {
    let plan = ScenarioPlan(scenario)
    let engine = Engine(plan: plan, threads: threads)
    let clock = ContinuousClock()
    let started = clock.now
    let paths = shard.paths(of: plan.paths)
    do {
      try engine.run(shard: shard) { done in progress?(done - paths.lowerBound, paths.count) }
    } catch let e as EngineError {
      throw ScenarioError([e.issue(in: scenario)])
    }
    return (engine.result, engine.threads, started.duration(to: clock.now).inSeconds)
  }
}

extension EngineError {
  /// The positioned message: at the key the problem is about, or the nearest key
  /// above it that the file has.
  func issue(in scenario: Scenario) -> ScenarioIssue {
    let at = scenario.position(of: keyPath)
    return ScenarioIssue(
      file: scenario.sourcePath, line: at.line, column: at.column, keyPath: keyPath, message: description)
  }
}

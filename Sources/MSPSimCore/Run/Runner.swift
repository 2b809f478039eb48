import Foundation

/// `mspsim run`, `mspsim sweep` and `mspsim seek` as library calls: scenario file -> overrides ->
/// output folder checked -> `Pipeline` -> files written whole -> terminal text.
/// The executable only parses arguments into `RunOptions` and maps errors to exit codes.
public struct Runner {
  public var options: RunOptions
  /// Called with (paths done, paths total) while running; nil for no progress.
  public var progress: (@Sendable (Int, Int) -> Void)?
  /// Called with each of the scenario file's warnings (`Scenario.warnings`) once it
  /// is read, before anything runs; nil to say nothing (docs/errors.md, "Warnings").
  public var warn: (@Sendable (ScenarioIssue) -> Void)?

  public init(options: RunOptions) { self.options = options }

  /// The default output folder: `results/<scenario file's stem>/`.
  public static func defaultOutputFolder(scenarioPath: String?) -> String {
    guard let scenarioPath else { return "results/" + DefaultScenario.stem }
    let stem = ((scenarioPath as NSString).lastPathComponent as NSString).deletingPathExtension
    return "results/" + stem
  }

  /// The folder holding `file`: what comes before its last "/" ("." for a bare name,
  /// "/" for a file at the root). Split by hand: Foundation's `deletingLastPathComponent`
  /// traps on a one-character name on Linux.
  static func folder(of file: String) -> String {
    guard let slash = file.lastIndex(of: "/") else { return "." }
    let folder = String(file[..<slash])
    return folder.isEmpty ? "/" : folder
  }

  /// The name after `file`'s last "/" (all of it for a bare name).
  static func name(of file: String) -> String {
    guard let slash = file.lastIndex(of: "/") else { return file }
    return String(file[file.index(after: slash)...])
  }

  /// Reads the scenario file at `path`, or the built-in default when nil.
  public static func document(path: String?) throws(ScenarioError) -> ScenarioDocument {
    if let path { return try ScenarioDocument.read(path: path) }
    return try ScenarioDocument(text: DefaultScenario.text, file: DefaultScenario.displayName)
  }

  /// Loads the scenario at `path` (the built-in default when nil) with the options' overrides.
  public func scenario(path: String?) throws(ScenarioError) -> Scenario {
    let scenario = try Scenario(Self.document(path: path))
    if let warn { scenario.warnings.forEach(warn) }
    let applied = try scenario.applying(options.overrides)
    // The overrides' own warnings (a `--years` that moves the exit) come after the file's.
    if let warn { applied.warnings.dropFirst(scenario.warnings.count).forEach(warn) }
    return applied
  }

  /// What a finished command hands back: the text to print, where the files went,
  /// the result (nil for a sweep or a seek, which have one per point), and when the
  /// command did not reach its goal, what to say about it (exit 1).
  public struct Outcome {
    public var summary: String
    public var outputFolder: String
    public var result: RunResult?
    /// A seek that found no value: the one line that says why; nil otherwise.
    public var failure: String? = nil
  }

  /// --max-paths when --precision is given without it.
  public static let defaultMaxPaths = 1_000_000

  /// The stopping rule the options ask for.
  public func stoppingRule(paths: Int) -> StoppingRule {
    guard let precision = options.precision else { return .paths(paths) }
    return .precision(relativeStandardError: precision, maxPaths: options.maxPaths ?? Self.defaultMaxPaths)
  }

  /// Runs the scenario and writes its files.
  ///
  /// - Throws: `ScenarioError` (exit 2), `OutputError` (exit 1), `GSLError` (exit 1).
  public func run(scenarioPath: String?) throws -> Outcome {
    let scenario = try scenario(path: scenarioPath)
    if scenario.sampling == .latinHypercube, options.precision != nil {
      // The design stratifies the scenario's N paths; --precision adds paths in batches.
      throw ScenarioError([
        ScenarioIssue(
          file: "command line", line: 1, column: 1, keyPath: "--precision",
          message:
            "the scenario samples with a Latin hypercube over its \(scenario.paths) paths, and --precision adds paths in batches (use one or the other: --paths N, or sampling: random)"
        )
      ])
    }
    if let shard = options.shard { return try runShard(scenario, shard: shard, scenarioPath: scenarioPath) }
    let rule = stoppingRule(paths: scenario.paths)
    // Refused before the output folder is touched: nothing is written.
    if options.sensitivity == .sobol { try Pipeline.checkSobol(ScenarioPlan(scenario), rule: rule) }
    // `--per-path FILE.csv`: its name checked now, its folder made with the output
    // folder, the file written whole after the run's files.
    let folder = OutputFolder(path: options.outputFolder ?? Self.defaultOutputFolder(scenarioPath: scenarioPath))
    if let file = options.perPathFile {
      try PerPathTarget.check(file, scenarioPath: scenarioPath, outputFolder: folder.path)
    }
    let perPath = options.perPathFile.map { (file: $0, folder: OutputFolder(path: Self.folder(of: $0))) }
    // Prepared before any simulation time is spent.
    return try Self.writing(into: [folder] + (perPath.map { [$0.folder] } ?? [])) {
      // Again, now that the folders exist (PerPathTarget.check).
      if let file = options.perPathFile {
        try PerPathTarget.check(file, scenarioPath: scenarioPath, outputFolder: folder.path)
      }
      let result = try Pipeline.simulate(
        scenario, until: rule, threads: options.threads,
        sensitivity: options.sensitivity == .rank, perPath: options.perPathFile != nil,
        sobol: options.sensitivity == .sobol, progress: progress)
      var summary = try write(result, to: folder, besides: perPath?.file)
      if let perPath, let table = result.perPath {
        try perPath.folder.write([(Self.name(of: perPath.file), table.csv())])
        summary += "Per-path rows: \(perPath.file) (\(table.paths) paths x \(table.header.count) columns)\n"
      }
      return Outcome(summary: summary, outputFolder: folder.path, result: result)
    }
  }

  /// Prepares `folders`, then runs `body`. When a step fails, the folders the
  /// preparation made are removed again (each only while empty), so a command that
  /// fails leaves no folder behind it (docs/errors.md, "Errors and exit codes").
  static func writing<Made>(into folders: [OutputFolder], _ body: () throws -> Made) throws -> Made {
    var made: [String] = []
    do {
      for folder in folders { made += try folder.prepare() }
      return try body()
    } catch {
      OutputFolder.removeIfEmpty(made)
      throw error
    }
  }

  /// Writes a run's files into `folder` (prepared) and returns the terminal summary.
  ///
  /// - Parameter perPathFile: `--per-path`'s file, written after these: refused
  ///   (exit 2, nothing written) when it is one of them.
  func write(_ result: RunResult, to folder: OutputFolder, besides perPathFile: String? = nil) throws -> String {
    let (files, book) = OutputFiles.render(
      result, charts: options.charts, report: options.report, workbook: options.xlsx)
    // results.xlsx is binary: written with the text files, whole or not at all.
    let workbook = options.xlsx ? [try ResultWorkbook.file(book, folder: folder.path)] : []
    if let perPathFile {
      try PerPathTarget.checkApart(
        perPathFile, from: files.map(\.name) + workbook.map(\.name), in: folder.path)
    }
    try folder.write(files.map { (name: $0.name, data: Data($0.contents.utf8)) } + workbook)
    return TerminalSummary(result).text(outputFolder: folder.path, files: files.map(\.name) + workbook.map(\.name))
  }

  /// Runs every point of a sweep (`--set KEY=V1,V2,...`, each a `SweepAxis`) and writes sweep.csv.
  ///
  /// - Throws: `ScenarioError` (exit 2) for a bad axis or value, before anything runs.
  public func sweep(scenarioPath: String, axes texts: [String]) throws -> Outcome {
    let scenario = try scenario(path: scenarioPath)
    let axes = try texts.map { text throws(ScenarioError) in try SweepAxis(parsing: text) }
    try Sweep.check(scenario: scenario, axes: axes)  // before the output folder is touched
    if let shard = options.shard {
      return try sweepShard(scenario, axes: axes, texts: texts, shard: shard, scenarioPath: scenarioPath)
    }
    let folder = OutputFolder(path: options.outputFolder ?? Self.defaultOutputFolder(scenarioPath: scenarioPath))
    return try Self.writing(into: [folder]) {
      let result = try Sweep.run(scenario: scenario, axes: axes, threads: options.threads, progress: progress)
      try folder.write([("sweep.csv", SweepTable.csv(result))])
      return Outcome(
        summary: SweepTable.text(result) + "\nResults: \(folder.path)/sweep.csv\n", outputFolder: folder.path,
        result: nil)
    }
  }

  /// Seeks the value of `request.key` at which the target is reached, and writes
  /// seek.csv (docs/outputs.md, "Seek"): every evaluation made, also when the target
  /// is not reached, so the ends' figures are there to read.
  ///
  /// - Parameters:
  ///   - vary, target, between, tolerance, maxEvaluations: the command line's words,
  ///     checked by `SeekRequest` before the output folder is touched.
  /// - Returns: the outcome; `failure` says why when no value was found (exit 1).
  /// - Throws: `ScenarioError` (exit 2) for every problem of the scenario or the
  ///   command line, before anything runs; `OutputError`, `GSLError` (exit 1).
  public func seek(
    scenarioPath: String?, vary: String, target: String, between: String?, tolerance: Double?,
    maxEvaluations: Int? = nil
  ) throws -> Outcome {
    let scenario = try scenario(path: scenarioPath)
    let request = try SeekRequest(
      scenario: scenario, vary: vary, target: target, between: between, tolerance: tolerance,
      maxEvaluations: maxEvaluations)
    let folder = OutputFolder(path: options.outputFolder ?? Self.defaultOutputFolder(scenarioPath: scenarioPath))
    return try Self.writing(into: [folder]) {
      let result = try Seek.run(scenario: scenario, request: request, threads: options.threads, progress: progress)
      try folder.write([("seek.csv", SeekTable.csv(result))])
      return Outcome(
        summary: SeekTable.text(result) + "Results: \(folder.path)/seek.csv\n", outputFolder: folder.path,
        result: nil, failure: result.foundIndex == nil ? SeekTable.outcomeLine(result) : nil)
    }
  }
}

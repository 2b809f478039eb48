import Foundation

/// `run --shard`, `sweep --shard` and `merge` (docs/scale-out.md): a shard writes only
/// its shard file; a merge checks the shards and writes what one run would have.
extension Runner {
  /// Runs shard `shard` of the scenario's paths and writes `shard.bin`.
  ///
  /// - Throws: `ScenarioError` (exit 2) for options a shard cannot honour, before
  ///   anything is written; what `run` throws otherwise.
  func runShard(_ scenario: Scenario, shard: ShardSpec, scenarioPath: String?) throws -> Outcome {
    func refuse(_ flag: String, _ why: String) -> ScenarioError {
      ScenarioError([
        ScenarioIssue(
          file: "command line", line: 1, column: 1, keyPath: "--shard",
          message: "cannot be combined with \(flag): \(why)")
      ])
    }
    if options.precision != nil {
      throw refuse(
        "--precision", "where a --precision run stops depends on all its paths (give --paths N to every shard)")
    }
    if let method = options.sensitivity {
      throw refuse(
        "--sensitivity \(method.rawValue)",
        "the indices need every path's inputs and outputs together, which shard files do not keep (run it in one piece)"
      )
    }
    if options.perPathFile != nil {
      throw refuse("--per-path", "per-path rows are not kept in shard files (run it in one piece)")
    }
    let folder = OutputFolder(path: options.outputFolder ?? Self.defaultOutputFolder(scenarioPath: scenarioPath))
    return try Self.writing(into: [folder]) {
      let (accumulator, threads, seconds) = try Pipeline.simulate(
        scenario, shard: shard, threads: options.threads, progress: progress)
      let header = Self.shardHeader(
        .run, shard: shard, scenario: scenario, overrides: options.settings,
        covering: accumulator.firstPath..<(accumulator.firstPath + accumulator.paths), axes: [], threads: threads,
        wallSeconds: seconds, cells: accumulator.layout.count)
      let data = try ShardFile(header: header, accumulator: accumulator).data()
      try folder.write([(name: ShardFile.fileName, data: data)])
      return Outcome(
        summary: Self.shardSummary(header, bytes: data.count, what: "paths", folder: folder.path),
        outputFolder: folder.path, result: nil)
    }
  }

  /// Runs shard `shard` of a sweep's grid points and writes `shard.bin`.
  func sweepShard(
    _ scenario: Scenario, axes: [SweepAxis], texts: [String], shard: ShardSpec, scenarioPath: String
  ) throws -> Outcome {
    let points = shard.range(of: Sweep.grid(axes).count)
    let folder = OutputFolder(path: options.outputFolder ?? Self.defaultOutputFolder(scenarioPath: scenarioPath))
    return try Self.writing(into: [folder]) {
      let clock = ContinuousClock()
      let started = clock.now
      let result = try Sweep.run(
        scenario: scenario, axes: axes, threads: options.threads, points: points, progress: progress)
      let header = Self.shardHeader(
        .sweep, shard: shard, scenario: scenario, overrides: options.settings, covering: points, axes: texts,
        threads: options.threads, wallSeconds: started.duration(to: clock.now).inSeconds, cells: 0)
      let data = try ShardFile(header: header, sweepRows: result.rows).data()
      try folder.write([(name: ShardFile.fileName, data: data)])
      return Outcome(
        summary: Self.shardSummary(header, bytes: data.count, what: "grid points", folder: folder.path),
        outputFolder: folder.path, result: nil)
    }
  }

  /// Merges the shards at `paths` and writes the outputs of the run or sweep they
  /// are parts of (byte-identical to one run's, run.json's threads, wall time and
  /// `shards` aside).
  ///
  /// - Throws: `ScenarioError` (exit 2) naming each shard that cannot be merged and
  ///   why, before anything is written.
  public func merge(paths: [String]) throws -> Outcome {
    let merged = try ShardMerge.merge(paths: paths)
    switch merged {
    case .run(let result):
      let folder = OutputFolder(
        path: options.outputFolder
          ?? Self.defaultOutputFolder(scenarioPath: Self.filePath(result.settings.scenarioPath)))
      try folder.prepare()
      var summary = try write(result, to: folder)
      summary += "Merged \(result.settings.shards ?? paths.count) shards.\n"
      return Outcome(summary: summary, outputFolder: folder.path, result: result)
    case .sweep(let result, let scenarioPath):
      let folder = OutputFolder(
        path: options.outputFolder ?? Self.defaultOutputFolder(scenarioPath: Self.filePath(scenarioPath)))
      try folder.prepare()
      try folder.write([("sweep.csv", SweepTable.csv(result))])
      return Outcome(
        summary: SweepTable.text(result) + "\nResults: \(folder.path)/sweep.csv\n", outputFolder: folder.path,
        result: nil)
    }
  }

  /// A recorded scenario path as a file path: nil for the built-in default.
  static func filePath(_ recorded: String) -> String? { recorded == DefaultScenario.displayName ? nil : recorded }

  static func shardHeader(
    _ kind: ShardHeader.Kind, shard: ShardSpec, scenario: Scenario, overrides: SettingOverrides,
    covering range: Range<Int>, axes: [String], threads: Int, wallSeconds: Double, cells: Int
  ) -> ShardHeader {
    ShardHeader(
      kind: kind, shard: shard.index, shards: shard.count, scenarioPath: scenario.sourcePath,
      scenarioSHA256: SHA256.hex(Array(scenario.sourceText.utf8)), scenarioText: scenario.sourceText,
      overrides: overrides, seed: scenario.seed, paths: scenario.paths,
      years: scenario.horizonYears, rng: scenario.rng, first: range.lowerBound, end: range.upperBound, axes: axes,
      threads: threads, wallSeconds: (wallSeconds * 1000).rounded() / 1000, cells: cells, bodyBytes: 0,
      bodySHA256: "")
  }

  static func shardSummary(_ h: ShardHeader, bytes: Int, what: String, folder: String) -> String {
    let count = h.end - h.first
    return """
      Shard \(h.shard)/\(h.shards) of \(h.scenarioPath): \(what) \(h.first)..<\(h.end) (\(count) of \
      \(h.kind == .run ? "\(h.paths)" : "the grid's")) in \(String(format: "%.2f", h.wallSeconds)) s.
      Shard file: \(folder)/\(ShardFile.fileName) (\(bytes) bytes). Merge all \(h.shards) with `mspsim merge`.

      """
  }
}

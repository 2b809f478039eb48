import Foundation

/// `mspsim merge`: the shards of one run or one sweep joined into the result one
/// machine would have computed (docs/scale-out.md). Every shard is checked against
/// the first one named and against the split its header claims; any problem is
/// reported, naming the file and the reason, before anything is merged.
public enum ShardMerge {
  /// What the shards held, joined.
  public enum Merged: Sendable {
    case run(RunResult)
    /// The sweep, and the scenario file it was run on (for the default output folder).
    case sweep(SweepResult, scenarioPath: String)
  }

  /// Reads, checks and merges the shards at `paths` (folders or `shard.bin` files).
  ///
  /// Every header (and each body's length) is read and checked before any body is
  /// read; then the bodies are read one at a time, each checked against its
  /// SHA-256 and merged, so a merge holds one shard's body at a time, whatever the
  /// number of shards. When a header is wrong, every body is still checked, so all
  /// the problems are named in one go (docs/scale-out.md, "Merging").
  ///
  /// - Throws: `ScenarioError` (exit 2) listing every file that cannot be merged and
  ///   why: unreadable, truncated or altered, another format or mspsim version, another
  ///   scenario, seed, path count, horizon, generator, sweep or shard count, a duplicate,
  ///   a missing shard, a file changed while being merged.
  public static func merge(paths: [String]) throws(ScenarioError) -> Merged {
    try merge(
      paths: paths,
      readingHeader: { path throws(ScenarioError) in try ShardFile.readHeader(path: path) },
      reading: { path throws(ScenarioError) in try ShardFile.read(path: path) })
  }

  /// `merge(paths:)` with the headers and the files read by the functions given (a
  /// test counts the reads and hands in a file that changes between them).
  static func merge(
    paths: [String], readingHeader: (String) throws(ScenarioError) -> ShardHeader,
    reading read: (String) throws(ScenarioError) -> ShardFile
  ) throws(ScenarioError) -> Merged {
    var issues: [ScenarioIssue] = []
    var files: [(path: String, header: ShardHeader)] = []
    for path in paths {
      do { files.append((path, try readingHeader(path))) } catch { issues += error.issues }
    }
    func issue(_ path: String, _ message: String) {
      issues.append(ScenarioIssue(file: path, line: 1, column: 1, keyPath: "shard", message: message))
    }
    /// Throws every issue found, after checking the bodies of the files whose headers
    /// were read (a body altered is named with the other problems, not after them).
    func refuse() throws(ScenarioError) -> Never {
      for (path, _) in files {
        do { _ = try read(path) } catch { issues += error.issues }
      }
      throw ScenarioError(issues)
    }
    /// The shard at `path` with its body, or nil (and an issue) when it cannot be
    /// read, its body does not match its SHA-256, or it is not the file whose
    /// header was checked.
    func body(_ path: String, _ checked: ShardHeader) -> ShardFile? {
      do {
        let shard = try read(path)
        guard shard.header == checked else {
          issue(path, "changed while the shards were being merged (its header is not the one checked)")
          return nil
        }
        return shard
      } catch {
        issues += error.issues
        return nil
      }
    }
    guard let reference = files.first else { try refuse() }
    let first = reference.header
    var byIndex: [Int: String] = [:]
    for (path, h) in files {
      var differences: [String] = []
      if h.toolVersion != RunRecord.toolVersion {
        differences.append(
          "written by mspsim \(h.toolVersion); this is mspsim \(RunRecord.toolVersion), and shards merge only with the version that wrote them"
        )
      }
      if h.kind != first.kind { differences.append("a \(h.kind.rawValue) shard among \(first.kind.rawValue) shards") }
      if h.scenarioSHA256 != first.scenarioSHA256 {
        differences.append("another scenario (\(h.scenarioPath), SHA-256 \(h.scenarioSHA256.prefix(12))...)")
      }
      if h.seed != first.seed { differences.append("another seed (\(h.seed))") }
      if h.paths != first.paths { differences.append("another path count (\(h.paths) paths)") }
      if h.years != first.years { differences.append("another horizon (\(h.years) years)") }
      if h.rng != first.rng { differences.append("another generator (\(h.rng))") }
      if h.axes != first.axes { differences.append("another sweep (\(h.axes.joined(separator: " ")))") }
      if h.shards != first.shards { differences.append("one of \(h.shards) shards") }
      if !differences.isEmpty {
        let context =
          "\(first.kind.rawValue) shard \(first.shard)/\(first.shards) of \(first.scenarioPath), seed \(first.seed), \(first.paths) paths"
        issue(path, differences.joined(separator: "; ") + " (the first shard, \(reference.path), is \(context))")
        continue
      }
      if let other = byIndex[h.shard] {
        issue(path, "shard \(h.shard)/\(h.shards) again (also \(other)); each shard is merged once")
      } else {
        byIndex[h.shard] = path
      }
    }
    if issues.isEmpty {
      let missing = (1...first.shards).filter { byIndex[$0] == nil }
      if !missing.isEmpty {
        let list = missing.prefix(20).map { "\($0)/\(first.shards)" }.joined(separator: ", ")
        issues.append(
          ScenarioIssue(
            file: "command line", line: 1, column: 1, keyPath: "merge",
            message:
              "shard\(missing.count == 1 ? "" : "s") \(list)\(missing.count > 20 ? ", ..." : "") missing (allowed: all \(first.shards) shards of the run, each once)"
          ))
      }
    }
    guard issues.isEmpty else { try refuse() }

    let ordered = files.sorted { $0.header.shard < $1.header.shard }
    let scenario = try Scenario(ScenarioDocument(text: first.scenarioText, file: first.scenarioPath))
      .applying(first.overrides.list)
    for (path, h) in ordered {
      let expected =
        h.kind == .run
        ? ShardSpec(index: h.shard, count: h.shards).paths(of: scenario.paths)
        : ShardSpec(index: h.shard, count: h.shards).range(of: Sweep.grid(try axes(h.axes)).count)
      if h.first..<h.end != expected {
        issue(
          path,
          "covers \(h.first)..<\(h.end), but shard \(h.shard)/\(h.shards) covers \(expected.lowerBound)..<\(expected.upperBound)"
        )
      }
    }
    guard issues.isEmpty else { try refuse() }

    switch first.kind {
    case .sweep:
      var rows: [SweepResult.Row] = []
      for (path, h) in ordered {
        guard let shard = body(path, h) else { continue }
        do { rows += try shard.sweepRows() } catch { issue(path, "its body does not parse: \(error)") }
      }
      guard issues.isEmpty else { throw ScenarioError(issues) }
      let result = Sweep.result(of: scenario, axes: try axes(first.axes), rows: rows)
      return .sweep(result, scenarioPath: first.scenarioPath)
    case .run:
      let plan = ScenarioPlan(scenario)
      let layout = CellLayout(plan: plan)
      var merged = RunAccumulator(layout: layout)
      for (path, h) in ordered {
        guard h.cells == layout.count else {
          issue(path, "\(h.cells) cells, but its scenario makes \(layout.count)")
          continue
        }
        guard let shard = body(path, h) else { continue }
        do { merged.append(try shard.accumulator(layout: layout)) } catch {
          issue(path, "its body does not parse: \(error)")
        }
      }
      guard issues.isEmpty else { throw ScenarioError(issues) }
      let chunkCount = (scenario.paths + Engine.chunkSize - 1) / Engine.chunkSize
      guard merged.paths == scenario.paths,
        MomentTree.root(of: merged.momentTree.nodes, chunkCount: chunkCount, cells: layout.count) != nil
      else {
        throw ScenarioError([
          ScenarioIssue(
            file: "command line", line: 1, column: 1, keyPath: "merge",
            message: "the shards' moments do not tile the run's \(chunkCount) chunks")
        ])
      }
      let result = RunResult(
        scenario: scenario, plan: plan, accumulator: merged,
        threads: ordered.map(\.header.threads).max() ?? 1,
        wallSeconds: ordered.map(\.header.wallSeconds).reduce(0, +), shards: first.shards)
      return .run(result)
    }
  }

  /// A sweep's axes from the texts its shards recorded.
  static func axes(_ texts: [String]) throws(ScenarioError) -> [SweepAxis] {
    try texts.map { text throws(ScenarioError) in try SweepAxis(parsing: text) }
  }
}

import Foundation
import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

/// Shards merge to exactly one run (docs/scale-out.md): the merge tree of moments,
/// and every file of `Scenarios/` run in one piece and in 1, 2, 3 and 7 shards,
/// compared byte for byte.
final class ShardMergeTests: XCTestCase {
  /// Random chunk moments for the tree tests (values of very different scales, so that
  /// a merge in another order would change the last bits).
  func chunkMoments(_ chunks: Int, cells: Int) -> [[Moments]] {
    var rng = SplitMix64(seed: 17)
    return (0..<chunks).map { _ in
      (0..<cells).map { _ in
        var sums = ShiftedSums()
        for _ in 0..<(1 + rng.below(9)) { sums.add(rng.normal() * 1e6 + rng.uniform()) }
        return sums.moments()
      }
    }
  }

  /// The run's tree from every chunk in order, in one piece, equals (bit for bit) the
  /// tree assembled from any split into contiguous pieces; gaps and overlaps give nil.
  func testMergeTreeIsTheSameForEverySplit() {
    var rng = SplitMix64(seed: 5)
    var foldDiffers = false
    for chunkCount in [1, 2, 3, 5, 7, 8, 9, 31, 64, 100] {
      let leaves = chunkMoments(chunkCount, cells: 3)
      var whole = MomentTree()
      for c in 0..<chunkCount { whole.push(chunk: c, leaves[c]) }
      XCTAssertLessThanOrEqual(whole.nodes.count, 2 * 8, "the tree keeps O(log C) nodes")
      let expected = MomentTree.root(of: whole.nodes, chunkCount: chunkCount, cells: 3)
      XCTAssertNotNil(expected)
      // The left fold the engine used before differs from the tree in the last bits
      // for these values, so the equalities below are not an accident of the order.
      var fold = leaves[0]
      for c in 1..<chunkCount { MomentTree.merge(leaves[c], into: &fold) }
      if fold != expected { foldDiffers = true }
      for _ in 0..<20 {
        // Random cut points, then each piece pushed into its own tree.
        let pieces = 1 + rng.below(Swift.min(chunkCount, 7))
        var cuts = Set([0, chunkCount])
        while cuts.count < pieces + 1 { cuts.insert(1 + rng.below(chunkCount - 1)) }
        let bounds = cuts.sorted()
        var nodes: [MomentTree.Node] = []
        for p in 0..<(bounds.count - 1) {
          var tree = MomentTree()
          for c in bounds[p]..<bounds[p + 1] { tree.push(chunk: c, leaves[c]) }
          nodes += tree.nodes
        }
        XCTAssertEqual(
          MomentTree.root(of: nodes.shuffled(using: &rng), chunkCount: chunkCount, cells: 3), expected,
          "\(chunkCount) chunks cut at \(bounds)")
        if nodes.count > 1 {
          XCTAssertNil(
            MomentTree.root(of: Array(nodes.dropFirst()), chunkCount: chunkCount, cells: 3), "a missing piece")
          XCTAssertNil(MomentTree.root(of: nodes + [nodes[0]], chunkCount: chunkCount, cells: 3), "a piece twice")
        }
      }
    }
    XCTAssertTrue(foldDiffers, "the merge order matters for these values")
    XCTAssertEqual(MomentTree.root(of: [], chunkCount: 0, cells: 2), [Moments(), Moments()])
  }

  /// The tree's root is the moments of all the values, to rounding (the closed form:
  /// the pooled mean and sum of squared deviations).
  func testMergeTreeRootIsThePooledMoments() {
    let leaves = chunkMoments(37, cells: 1)
    var tree = MomentTree()
    for c in leaves.indices { tree.push(chunk: c, leaves[c]) }
    let root = MomentTree.root(of: tree.nodes, chunkCount: 37, cells: 1)![0]
    let n = leaves.reduce(0) { $0 + $1[0].count }
    let mean = leaves.reduce(0.0) { $0 + Double($1[0].count) * $1[0].mean } / Double(n)
    let m2 = leaves.reduce(0.0) { $0 + $1[0].m2 + Double($1[0].count) * ($1[0].mean - mean) * ($1[0].mean - mean) }
    XCTAssertEqual(root.count, n)
    XCTAssertEqual(root.mean, mean, accuracy: 1e-9 * abs(mean) + 1e-6)
    XCTAssertEqual(root.m2, m2, accuracy: 1e-9 * m2)
  }

  /// Shard ranges follow chunk boundaries and tile the run.
  func testShardRangesTileTheRunOnChunkBoundaries() throws {
    for total in [1, 127, 128, 129, 1000, 10_000] {
      for count in [1, 2, 3, 7, 100] {
        var next = 0
        for i in 1...count {
          let r = ShardSpec(index: i, count: count).paths(of: total)
          XCTAssertEqual(r.lowerBound, next, "\(i)/\(count) of \(total)")
          XCTAssertTrue(r.lowerBound % Engine.chunkSize == 0 || r.isEmpty)
          next = r.upperBound
        }
        XCTAssertEqual(next, total)
      }
    }
    XCTAssertEqual(try ShardSpec(parsing: "2/8"), ShardSpec(index: 2, count: 8))
    for bad in ["0/3", "4/3", "a/3", "3", "1/0", "1/3/4", "", "1/1000000"] {
      XCTAssertThrowsError(try ShardSpec(parsing: bad), bad) { error in
        XCTAssertTrue("\(error)".contains("--shard"), "\(error)")
      }
    }
  }

  /// Runs `scenario` in one piece, then in each number of shards (shards on one
  /// thread, the whole run on two), merges, and compares every file but run.json and
  /// results.xlsx (whose threads, wall time and `shards` differ) byte for byte.
  func assertShardsMergeToOneRun(
    _ scenario: URL, paths: Int, shardCounts: [Int], edit: ((String) -> String)? = nil,
    file: StaticString = #filePath, line: UInt = #line
  ) throws {
    let root = temporaryFolder(create: true)
    var path = scenario.path
    if let edit {
      path = root.appendingPathComponent(scenario.lastPathComponent).path
      try edit(String(contentsOf: scenario, encoding: .utf8)).write(toFile: path, atomically: true, encoding: .utf8)
    }
    var options = RunOptions(threads: 2)
    options.paths = paths
    options.seed = 2026
    options.xlsx = false
    options.outputFolder = root.appendingPathComponent("whole").path
    let whole = try Runner(options: options).run(scenarioPath: path)
    let names = listing(URL(fileURLWithPath: whole.outputFolder)).filter { $0 != "run.json" }
    XCTAssertTrue(names.contains("summary.csv") && names.contains("compare.csv"), "\(names)", file: file, line: line)
    for count in shardCounts {
      var folders: [String] = []
      for i in 1...count {
        var shardOptions = options
        shardOptions.threads = 1
        shardOptions.shard = ShardSpec(index: i, count: count)
        shardOptions.outputFolder = root.appendingPathComponent("shards-\(count)/\(i)").path
        folders.append(try Runner(options: shardOptions).run(scenarioPath: path).outputFolder)
        XCTAssertEqual(listing(URL(fileURLWithPath: folders.last!)), [ShardFile.fileName], file: file, line: line)
      }
      var mergeOptions = RunOptions(threads: 1)
      mergeOptions.xlsx = false
      mergeOptions.outputFolder = root.appendingPathComponent("merged-\(count)").path
      // Given in another order: the merge orders shards by their index.
      let merged = try Runner(options: mergeOptions).merge(paths: folders.reversed())
      XCTAssertEqual(
        listing(URL(fileURLWithPath: merged.outputFolder)).filter { $0 != "run.json" }, names, file: file, line: line)
      for name in names {
        let a = FileManager.default.contents(atPath: whole.outputFolder + "/" + name)
        let b = FileManager.default.contents(atPath: merged.outputFolder + "/" + name)
        XCTAssertTrue(
          a != nil && a == b, "\(scenario.lastPathComponent): \(name) differs after a merge of \(count) shards",
          file: file, line: line)
      }
      // run.json: the same but for threads, wall time and the number of shards.
      let record = try XCTUnwrap(merged.result.map(RunRecord.init), file: file, line: line)
      var expected = try XCTUnwrap(whole.result.map(RunRecord.init), file: file, line: line)
      expected.threads = 1
      expected.wallSeconds = record.wallSeconds
      expected.shards = count
      XCTAssertEqual(record, expected, file: file, line: line)
    }
  }

  /// The default scenario (every stream, valuation and cash) in 1, 2, 3 and 7 shards
  /// of 1,000 paths: 8 chunks, the last one partial, so 7 shards split them unevenly.
  func testDefaultScenarioShardsMergeToOneRunByteForByte() throws {
    try assertShardsMergeToOneRun(Fixtures.defaultScenario, paths: 1000, shardCounts: [1, 2, 3, 7])
  }

  /// Every other file of Scenarios/ (the funnel, recessions, correlations, marketplace)
  /// in 3 shards, and with more shards than chunks (empty shards merge too).
  func testEveryScenarioFileShardsMergeToOneRunByteForByte() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Fixtures.scenariosFolder.path)
      .filter { $0.hasSuffix(".yaml") && $0 != "msp1-vs-msp2.yaml" }.sorted()
    XCTAssertGreaterThanOrEqual(files.count, 7)
    for name in files {
      try assertShardsMergeToOneRun(
        Fixtures.scenariosFolder.appendingPathComponent(name), paths: 700,
        shardCounts: name.hasPrefix("r") ? [3, 9] : [3])
    }
  }

  /// A Latin hypercube stratifies the run's N paths: a shard draws its paths' strata of
  /// the whole design, so the merge is still the one run.
  func testLatinHypercubeShardsMergeToOneRun() throws {
    try assertShardsMergeToOneRun(
      Fixtures.defaultScenario, paths: 600, shardCounts: [2, 7],
      edit: { $0.replacingOccurrences(of: "\nmodels:", with: "\nsampling: latin_hypercube\nmodels:") })
  }

  /// A sweep split in 3 (4 points: 1, 1 and 2 per shard) merges to the unsplit sweep.csv.
  func testSweepSplitInThreeMergesToTheUnsplitSweep() throws {
    let root = temporaryFolder(create: true)
    var options = RunOptions(threads: 2)
    options.paths = 300
    options.outputFolder = root.appendingPathComponent("whole").path
    let axes = ["models.msp2.adoption.monthly=0.005,0.02", "discount_rate=0.08,0.12"]
    let path = Fixtures.defaultScenario.path
    let whole = try Runner(options: options).sweep(scenarioPath: path, axes: axes)
    var folders: [String] = []
    for i in 1...3 {
      var o = options
      o.shard = ShardSpec(index: i, count: 3)
      o.outputFolder = root.appendingPathComponent("shard-\(i)").path
      folders.append(try Runner(options: o).sweep(scenarioPath: path, axes: axes).outputFolder)
    }
    var m = RunOptions(threads: 1)
    m.outputFolder = root.appendingPathComponent("merged").path
    let merged = try Runner(options: m).merge(paths: folders)
    let a = try String(contentsOfFile: whole.outputFolder + "/sweep.csv", encoding: .utf8)
    let b = try String(contentsOfFile: merged.outputFolder + "/sweep.csv", encoding: .utf8)
    XCTAssertEqual(a.split(separator: "\n").count, 1 + 4 * 2, "a header and 4 points x 2 models")
    XCTAssertEqual(a, b)
  }

  /// The merge reads every header, then each body once, one at a time (docs/scale-out.md,
  /// "Merging"); a file whose header changed between the two reads is refused by name,
  /// and a bad header still has every body checked, so an altered body is named with it.
  func testHeadersFirstThenEachBodyOnceAndAFileChangedBetweenIsRefused() throws {
    let root = temporaryFolder(create: true)
    func shards(seed: UInt64, _ name: String) throws -> [String] {
      var options = RunOptions(threads: 1)
      options.paths = 300
      options.seed = seed
      options.xlsx = false
      return try (1...3).map { i in
        options.shard = ShardSpec(index: i, count: 3)
        options.outputFolder = root.appendingPathComponent("\(name)-\(i)").path
        return try Runner(options: options).run(scenarioPath: Fixtures.defaultScenario.path).outputFolder
      }
    }
    let folders = try shards(seed: 2026, "a")
    let other = try shards(seed: 7, "b")
    var reads: [String] = []
    func counted(_ substitute: [String: String] = [:]) -> (
      (String) throws(ScenarioError) -> ShardHeader, (String) throws(ScenarioError) -> ShardFile
    ) {
      (
        { path throws(ScenarioError) in
          reads.append("header " + path)
          return try ShardFile.readHeader(path: path)
        },
        { path throws(ScenarioError) in
          reads.append("body " + path)
          return try ShardFile.read(path: substitute[path] ?? path)
        }
      )
    }
    var (header, body) = counted()
    guard case .run(let result) = try ShardMerge.merge(paths: folders.reversed(), readingHeader: header, reading: body)
    else { return XCTFail("three run shards merged to something else") }
    XCTAssertEqual(result.paths, 300)
    XCTAssertEqual(reads, folders.reversed().map { "header " + $0 } + folders.map { "body " + $0 })

    // The second shard's body is read from another run's shard 2/3.
    reads = []
    (header, body) = counted([folders[1]: other[1]])
    XCTAssertThrowsError(try ShardMerge.merge(paths: folders, readingHeader: header, reading: body)) { error in
      let issues = (error as? ScenarioError)?.issues ?? []
      XCTAssertEqual(issues.count, 1, "\(issues)")
      XCTAssertEqual(issues.first?.file, folders[1])
      XCTAssertTrue(issues.first?.message.contains("changed while the shards were being merged") == true, "\(issues)")
    }

    // Another seed's shard 3/3 (a header problem) and shard 2/3 with a byte of its
    // body flipped (found only by reading the body): both named in one go.
    let altered = root.appendingPathComponent("altered")
    try FileManager.default.createDirectory(at: altered, withIntermediateDirectories: true)
    var bytes = try XCTUnwrap(FileManager.default.contents(atPath: folders[1] + "/shard.bin"))
    bytes[bytes.count - 5] ^= 0x01
    try bytes.write(to: altered.appendingPathComponent("shard.bin"))
    XCTAssertThrowsError(try ShardMerge.merge(paths: [folders[0], altered.path, other[2]])) { error in
      let messages = ((error as? ScenarioError)?.issues ?? []).map { "\($0.file): \($0.message)" }
      XCTAssertEqual(messages.count, 2, "\(messages)")
      XCTAssertTrue(messages.contains { $0.hasPrefix(other[2]) && $0.contains("another seed (7)") }, "\(messages)")
      XCTAssertTrue(messages.contains { $0.contains("altered/shard.bin") && $0.contains("SHA-256") }, "\(messages)")
    }
  }

  /// --precision, --sensitivity (rank and sobol) and --per-path are refused with a
  /// shard, before the output folder is made.
  func testShardRefusesWhatNeedsEveryPath() throws {
    let root = temporaryFolder(create: true)
    let cases: [(String, (inout RunOptions) -> Void)] = [
      ("--precision", { $0.precision = 0.01 }),
      ("--sensitivity rank", { $0.sensitivity = .rank }),
      ("--sensitivity sobol", { $0.sensitivity = .sobol }),
      ("--per-path", { $0.perPathFile = root.appendingPathComponent("rows.csv").path }),
    ]
    for (flag, set) in cases {
      var o = RunOptions(threads: 1)
      o.paths = 200
      o.shard = ShardSpec(index: 1, count: 2)
      o.outputFolder = root.appendingPathComponent("out").path
      set(&o)
      XCTAssertThrowsError(try Runner(options: o).run(scenarioPath: Fixtures.defaultScenario.path), flag) { error in
        let text = "\(error)"
        XCTAssertTrue(error is ScenarioError && text.contains("--shard") && text.contains(flag), text)
      }
      XCTAssertFalse(FileManager.default.fileExists(atPath: o.outputFolder!), "\(flag): nothing written")
    }
  }
}

import Foundation
import MSPSimTestSupport
import XCTest

/// `mspsim run --shard I/N` and `mspsim merge` as a user runs them (docs/scale-out.md):
/// the merged files equal one run's, and every bad set of shards is refused with exit
/// 2, naming the file and the reason, with nothing written.
final class ShardCommandTests: XCTestCase {
  let scenario = Fixtures.defaultScenario.path

  /// Runs `mspsim run SCENARIO --paths P --seed S --shard I/N --out DIR --quiet` and
  /// returns DIR.
  func shard(
    _ i: Int, of n: Int, in root: URL, scenario: String? = nil, paths: Int = 600, seed: Int = 5, name: String? = nil,
    file: StaticString = #filePath, line: UInt = #line
  ) throws -> String {
    let dir = root.appendingPathComponent(name ?? "shard-\(i)").path
    let r = try CLI.run([
      "run", scenario ?? self.scenario, "--paths", "\(paths)", "--seed", "\(seed)", "--shard", "\(i)/\(n)", "--out",
      dir, "--quiet",
    ])
    XCTAssertEqual(r.status, 0, "\(r)", file: file, line: line)
    XCTAssertEqual(
      listing(URL(fileURLWithPath: dir)), ["shard.bin"], "a shard writes only its shard file", file: file, line: line)
    return dir
  }

  /// `merge` of `inputs` must fail with exit 2, stderr naming `named` and saying `reason`, and write nothing.
  func assertRefused(
    _ inputs: [String], in root: URL, named: String, reason: String, file: StaticString = #filePath, line: UInt = #line
  ) throws {
    let out = root.appendingPathComponent("merged-\(UUID().uuidString)").path
    let r = try CLI.run(["merge"] + inputs + ["--out", out])
    XCTAssertEqual(r.status, 2, "\(r)", file: file, line: line)
    XCTAssertTrue(r.err.contains(named), "stderr should name \(named): \(r.err)", file: file, line: line)
    XCTAssertTrue(r.err.contains(reason), "stderr should say '\(reason)': \(r.err)", file: file, line: line)
    XCTAssertFalse(FileManager.default.fileExists(atPath: out), "nothing written: \(r)", file: file, line: line)
  }

  /// Three shards through the executable merge to the files of one run: every CSV,
  /// chart and the report byte for byte; run.json the same but for threads, wall time
  /// and `shards`.
  func testMergedShardsEqualOneRun() throws {
    let root = temporaryFolder(create: true)
    let single = root.appendingPathComponent("single").path
    let whole = try CLI.run(["run", scenario, "--paths", "600", "--seed", "5", "--out", single, "--quiet"])
    XCTAssertEqual(whole.status, 0, "\(whole)")
    let dirs = try (1...3).map { try shard($0, of: 3, in: root) }
    let merged = root.appendingPathComponent("merged").path
    let r = try CLI.run(["merge"] + dirs + ["--out", merged])
    XCTAssertEqual(r.status, 0, "\(r)")
    XCTAssertTrue(r.out.contains("Merged 3 shards"), r.out)
    let names = listing(URL(fileURLWithPath: single))
    XCTAssertEqual(listing(URL(fileURLWithPath: merged)), names)
    for name in names where name != "run.json" && name != "results.xlsx" {
      XCTAssertEqual(
        FileManager.default.contents(atPath: single + "/" + name),
        FileManager.default.contents(atPath: merged + "/" + name), "\(name) differs")
    }
    let a = try XCTUnwrap(
      JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: single + "/run.json"))) as? [String: Any]
    )
    let b = try XCTUnwrap(
      JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: merged + "/run.json"))) as? [String: Any]
    )
    XCTAssertEqual(b["shards"] as? Int, 3)
    XCTAssertNil(a["shards"])
    for key in Set(a.keys).subtracting(["threads", "wall_seconds"]) {
      XCTAssertEqual(
        try JSONSerialization.data(withJSONObject: [a[key]!], options: .sortedKeys),
        try JSONSerialization.data(withJSONObject: [b[key]!], options: .sortedKeys), "run.json \(key)")
    }
  }

  /// Shards of another scenario, seed, path count or version, a duplicate, a missing
  /// shard, a truncated or altered file, a folder without a shard: each exit 2, naming
  /// the file and the reason, nothing written.
  func testBadShardsAreRefusedByName() throws {
    let root = temporaryFolder(create: true)
    let dirs = try (1...3).map { try shard($0, of: 3, in: root) }
    let fm = FileManager.default

    let otherScenario = try shard(
      3, of: 3, in: root, scenario: Fixtures.scenariosFolder.appendingPathComponent("stay-msp1.yaml").path,
      name: "other-scenario")
    try assertRefused([dirs[0], dirs[1], otherScenario], in: root, named: otherScenario, reason: "another scenario")
    let otherSeed = try shard(3, of: 3, in: root, seed: 6, name: "other-seed")
    try assertRefused([dirs[0], dirs[1], otherSeed], in: root, named: otherSeed, reason: "another seed (6)")
    let otherPaths = try shard(3, of: 3, in: root, paths: 700, name: "other-paths")
    try assertRefused([dirs[0], dirs[1], otherPaths], in: root, named: otherPaths, reason: "another path count (700")
    let otherCount = try shard(3, of: 4, in: root, name: "other-count")
    try assertRefused([dirs[0], dirs[1], otherCount], in: root, named: otherCount, reason: "one of 4 shards")

    // Another version: the same bytes with the header's tool_version (or format
    // version) changed; the body and its checksum are untouched.
    let original = try XCTUnwrap(fm.contents(atPath: dirs[2] + "/shard.bin"))
    let newline = try XCTUnwrap(original.firstIndex(of: 0x0A))
    var header = try XCTUnwrap(JSONSerialization.jsonObject(with: original[..<newline]) as? [String: Any])
    func rewritten(_ name: String) throws -> String {
      let dir = root.appendingPathComponent(name)
      try fm.createDirectory(at: dir, withIntermediateDirectories: true)
      var data = try JSONSerialization.data(withJSONObject: header, options: .sortedKeys)
      data.append(original[newline...])
      try data.write(to: dir.appendingPathComponent("shard.bin"))
      return dir.path
    }
    header["tool_version"] = "0.0.1"
    let oldTool = try rewritten("old-tool")
    try assertRefused([dirs[0], dirs[1], oldTool], in: root, named: oldTool, reason: "written by mspsim 0.0.1")
    header["tool_version"] = nil
    header["format_version"] = 99
    let newFormat = try rewritten("new-format")
    try assertRefused([dirs[0], dirs[1], newFormat], in: root, named: newFormat, reason: "shard format version 99")

    try assertRefused([dirs[0], dirs[1], dirs[1], dirs[2]], in: root, named: dirs[1], reason: "again")
    try assertRefused([dirs[0], dirs[2]], in: root, named: "merge", reason: "shard 2/3 missing")

    let truncated = root.appendingPathComponent("truncated")
    try fm.createDirectory(at: truncated, withIntermediateDirectories: true)
    try original.prefix(original.count / 2).write(to: truncated.appendingPathComponent("shard.bin"))
    try assertRefused([dirs[0], dirs[1], truncated.path], in: root, named: truncated.path, reason: "truncated")
    let cutHeader = root.appendingPathComponent("cut-header")
    try fm.createDirectory(at: cutHeader, withIntermediateDirectories: true)
    try original.prefix(newline / 2).write(to: cutHeader.appendingPathComponent("shard.bin"))
    try assertRefused([dirs[0], dirs[1], cutHeader.path], in: root, named: cutHeader.path, reason: "truncated")

    var altered = original
    altered[altered.count - 10] ^= 0xFF
    let alteredDir = root.appendingPathComponent("altered")
    try fm.createDirectory(at: alteredDir, withIntermediateDirectories: true)
    try altered.write(to: alteredDir.appendingPathComponent("shard.bin"))
    try assertRefused([dirs[0], dirs[1], alteredDir.path], in: root, named: alteredDir.path, reason: "SHA-256")

    let empty = root.appendingPathComponent("empty", isDirectory: true)
    try fm.createDirectory(at: empty, withIntermediateDirectories: true)
    try assertRefused([dirs[0], dirs[1], empty.path], in: root, named: empty.path, reason: "no shard.bin")
    // Two problems in one go: both named.
    let r = try CLI.run(["merge", dirs[0], otherSeed, truncated.path, "--out", root.appendingPathComponent("x").path])
    XCTAssertEqual(r.status, 2)
    XCTAssertEqual(r.errLines.count, 2, r.err)
  }

  /// A bad `--shard`, and `--shard` with an option that needs every path: exit 2,
  /// naming `--shard`, nothing written.
  func testBadShardOptionIsRefused() throws {
    let root = temporaryFolder(create: true)
    for args in [
      ["--shard", "4/3"], ["--shard", "0/2"], ["--shard", "two"], ["--shard", "1/2", "--precision", "0.01"],
    ] {
      let out = root.appendingPathComponent("out").path
      // --precision chooses the paths itself (--paths beside it is refused on its own).
      let paths = args.contains("--precision") ? [] : ["--paths", "200"]
      let r = try CLI.run(["run", scenario] + paths + ["--out", out] + args)
      XCTAssertEqual(r.status, 2, "\(r)")
      XCTAssertTrue(r.err.contains("--shard"), r.err)
      XCTAssertFalse(FileManager.default.fileExists(atPath: out), "\(args): nothing written")
    }
    let r = try CLI.run(["merge"])
    XCTAssertEqual(r.status, 2, "\(r)")
  }
}

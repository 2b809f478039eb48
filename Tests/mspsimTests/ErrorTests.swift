import Foundation
import MSPSimTestSupport
import XCTest

/// Wrong scenarios and wrong command lines: exit 2, one clear message, nothing written
/// (docs/errors.md, "Errors and exit codes").
final class ErrorTests: XCTestCase {
  /// 1-based (line, column) of the value `1.4` on the first line containing `needle`
  /// (errors point at the offending value).
  func position(of needle: String, in text: String) -> (line: Int, column: Int)? {
    for (i, line) in text.components(separatedBy: "\n").enumerated() {
      if let r = line.range(of: needle), let v = line.range(of: "1.4", range: r) {
        return (i + 1, line.distance(from: line.startIndex, to: v.lowerBound) + 1)
      }
    }
    return nil
  }

  /// Writes `text` as a scenario, runs it into an existing empty folder and into a path
  /// that does not exist yet, and checks exit 2, the message, and that nothing is written.
  func assertScenarioError(
    _ text: String, model: String, needle: String, file: StaticString = #filePath, line: UInt = #line
  ) throws {
    let folder = temporaryFolder(create: true)
    let scenario = folder.appendingPathComponent("bad-churn.yaml")
    try Data(text.utf8).write(to: scenario)
    guard let pos = position(of: needle, in: text) else { return XCTFail("test bug: no '\(needle)'") }
    let expected = "\(scenario.path):\(pos.line):\(pos.column): models.\(model).churn.annual:"

    let out = temporaryFolder(create: true)  // exists and is empty: must stay empty
    let r = try CLI.run(["run", scenario.path, "--paths", "50", "--years", "1", "--out", out.path])
    XCTAssertEqual(r.status, 2, "\(r)", file: file, line: line)
    XCTAssertTrue(r.err.contains(expected), "stderr lacks '\(expected)'\n\(r)", file: file, line: line)
    XCTAssertTrue(r.err.contains("0...1"), "stderr does not say what is allowed (0...1)\n\(r)", file: file, line: line)
    XCTAssertEqual(r.errLines.count, 1, "one issue, one line\n\(r)", file: file, line: line)
    XCTAssertEqual(r.out, "", "nothing on stdout\n\(r)", file: file, line: line)
    XCTAssertEqual(
      listing(out), [], "the --out folder must stay empty (no temporary files either)", file: file, line: line)

    let missing = temporaryFolder()  // does not exist: must not be created
    let r2 = try CLI.run(["run", scenario.path, "--paths", "50", "--years", "1", "--out", missing.path, "--quiet"])
    XCTAssertEqual(r2.status, 2, "\(r2)", file: file, line: line)
    XCTAssertFalse(
      FileManager.default.fileExists(atPath: missing.path),
      "a wrong scenario created the --out folder \(listing(missing))", file: file, line: line)

    let v = try CLI.run(["validate", scenario.path])
    XCTAssertEqual(v.status, 2, "\(v)", file: file, line: line)
    XCTAssertTrue(v.err.contains(expected), "validate: stderr lacks '\(expected)'\n\(v)", file: file, line: line)
    XCTAssertFalse(v.out.contains("ok"), "validate printed ok for a wrong file\n\(v)", file: file, line: line)
  }

  func testChurnAboveOneInFlowMapping() throws {
    let text = """
      name: Bad churn
      models:
        msp1:
          clients: {initial: 40, seats: {lognormal: {mean: 25, sd: 10}}}
          churn: {annual: 1.4}
          streams:
            managed_services: {price_per_seat: 140}

      """
    try assertScenarioError(text, model: "msp1", needle: "{annual: 1.4}")
  }

  func testChurnAboveOneInTheDefaultScenariosSecondModel() throws {
    let original = try String(contentsOf: Fixtures.defaultScenario, encoding: .utf8)
    let target = "      annual: market.churn\n      annual_adopted:"
    XCTAssertEqual(original.components(separatedBy: target).count, 2, "test bug: msp2's churn block not found once")
    let text = original.replacingOccurrences(of: target, with: "      annual: 1.4\n      annual_adopted:")
    try assertScenarioError(text, model: "msp2", needle: "annual: 1.4")
  }

  /// Exit 2, exactly one non-empty line on stderr mentioning `mention`, nothing on stdout,
  /// and the --out folder not created.
  func assertUsageError(_ args: [String], mentions mention: String, file: StaticString = #filePath, line: UInt = #line)
    throws
  {
    let out = temporaryFolder()
    let r = try CLI.run(args + ["--out", out.path])
    XCTAssertEqual(r.status, 2, "\(r)", file: file, line: line)
    XCTAssertEqual(r.errLines.count, 1, "one clear line on stderr\n\(r)", file: file, line: line)
    XCTAssertTrue(r.err.contains(mention), "stderr does not mention '\(mention)'\n\(r)", file: file, line: line)
    XCTAssertEqual(r.out, "", "nothing on stdout\n\(r)", file: file, line: line)
    XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "--out folder created", file: file, line: line)
  }

  func testCommandLineMistakes() throws {
    let s = "Scenarios/msp1-vs-msp2.yaml"
    try assertUsageError(["run", s, "--bogus-flag"], mentions: "--bogus-flag")
    try assertUsageError(["run", s, "--paths", "-5"], mentions: "paths")
    try assertUsageError(["run", s, "--paths", "0"], mentions: "paths")
    try assertUsageError(["run", s, "--threads", "0"], mentions: "threads")
    let nowhere = "Scenarios/no-such-scenario-\(UUID().uuidString).yaml"
    try assertUsageError(["run", nowhere], mentions: nowhere)
    try assertUsageError(["run", "Scenarios"], mentions: "Scenarios")
  }

  func testValidateOfMissingFileIsExit2() throws {
    let nowhere = "no-such-scenario-\(UUID().uuidString).yaml"
    let r = try CLI.run(["validate", nowhere])
    XCTAssertEqual(r.status, 2, "\(r)")
    XCTAssertEqual(r.errLines.count, 1, "\(r)")
    XCTAssertTrue(r.err.contains(nowhere), "\(r)")
  }
}

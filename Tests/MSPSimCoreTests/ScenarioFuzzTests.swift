import Foundation
import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

/// Mutates the files of Scenarios/ thousands of times at a fixed seed (deleted keys,
/// swapped types, garbage bytes, truncation, duplicated lines, broken indentation)
/// and checks that loading never crashes and either succeeds or reports errors that
/// each carry a position (line >= 1, column >= 1) and a message.
///
/// Cases: 5,000 by default (CI); set MSPSIM_FUZZ_CASES for a longer run.
final class ScenarioFuzzTests: XCTestCase {
  static let replacements = [
    "\"text\"", "[1, 2]", "{a: 1}", "-5", "1.5", ".nan", ".inf", "1e400", "", "~", "market.nope",
    "{normal: {mean: 1, sd: -1}}", "{uniform: {min: 2, max: 1}}", "{weird: {x: 1}}", "0", "2",
    "{discrete: {values: [1, 2], weights: [0, 0]}}", "yes", "&a 5", "*a",
  ]

  func mutate(_ text: String, _ rng: inout SplitMix64) -> Data {
    var lines = text.components(separatedBy: "\n")
    let ops = 1 + rng.below(3)
    for _ in 0..<ops {
      guard !lines.isEmpty else { break }
      let i = rng.below(lines.count)
      switch rng.below(8) {
      case 0: lines.remove(at: i)  // delete a key
      case 1: lines.insert(lines[i], at: i)  // duplicate a line
      case 2:  // swap a value's type
        if let colon = lines[i].lastIndex(of: ":") {
          lines[i] = String(lines[i][...colon]) + " " + Self.replacements[rng.below(Self.replacements.count)]
        }
      case 3:  // break the indentation
        lines[i] = String(repeating: " ", count: rng.below(7)) + lines[i].trimmingCharacters(in: .whitespaces)
      case 4:  // a number changed
        lines[i] = lines[i].replacingOccurrences(of: "0", with: ["-1", "99999", "0.", ".5"][rng.below(4)])
      case 5:  // a key renamed (typo)
        if let r = lines[i].range(of: "_") { lines[i].replaceSubrange(r, with: "") }
      case 6:  // brackets unbalanced
        lines[i] += ["{", "}", "[", "]", ",", ":"][rng.below(6)]
      default: break
      }
    }
    var data = Data(lines.joined(separator: "\n").utf8)
    switch rng.below(6) {
    case 0 where !data.isEmpty: data = data.prefix(rng.below(data.count))  // truncate
    case 1:  // garbage bytes
      for _ in 0..<(1 + rng.below(4)) {
        let at = rng.below(data.count + 1)
        data.insert(UInt8(truncatingIfNeeded: rng.next()), at: at)
      }
    default: break
    }
    return data
  }

  func testMutatedScenariosNeverCrashAndAlwaysPositionTheirErrors() throws {
    let files = try FileManager.default.contentsOfDirectory(
      at: Fixtures.scenariosFolder, includingPropertiesForKeys: nil
    )
    .filter { $0.pathExtension == "yaml" }.sorted { $0.path < $1.path }
    XCTAssertGreaterThanOrEqual(files.count, 6)
    let texts = try files.map { try String(contentsOf: $0, encoding: .utf8) }
    let cases = ProcessInfo.processInfo.environment["MSPSIM_FUZZ_CASES"].flatMap(Int.init) ?? 5_000
    var rng = SplitMix64(seed: 20_261_127)
    var loaded = 0
    var rejected = 0
    for c in 0..<cases {
      let f = rng.below(texts.count)
      let data = mutate(texts[f], &rng)
      do {
        let s = try ScenarioLoader.load(data: data, file: "fuzz.yaml")
        _ = ScenarioPlan(s)  // compiling a loaded scenario must not trap either
        loaded += 1
      } catch {
        rejected += 1
        XCTAssertFalse(error.issues.isEmpty, "case \(c): an error without issues")
        for issue in error.issues {
          XCTAssertGreaterThanOrEqual(issue.line, 1, "case \(c): \(issue)")
          XCTAssertGreaterThanOrEqual(issue.column, 1, "case \(c): \(issue)")
          XCTAssertEqual(issue.file, "fuzz.yaml")
          XCTAssertFalse(issue.message.isEmpty, "case \(c)")
          XCTAssertTrue(issue.description.hasPrefix("fuzz.yaml:\(issue.line):\(issue.column): "), issue.description)
        }
      }
    }
    // Both outcomes must occur, or the mutations are not exercising the loader.
    XCTAssertGreaterThan(loaded, cases / 50, "too few mutated files loaded (\(loaded))")
    XCTAssertGreaterThan(rejected, cases / 2, "too few mutated files rejected (\(rejected))")
  }
}

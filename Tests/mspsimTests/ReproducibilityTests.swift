import Foundation
import MSPSimTestSupport
import XCTest

/// Same seed, same numbers: across runs and across thread counts (STYLE.md habit 4:
/// per-path seeds come from (seed, path, model), so threads never change results).
final class ReproducibilityTests: XCTestCase {
  /// Runs the default scenario file into a fresh folder and returns the folder.
  func runScenario(_ extra: [String], file: StaticString = #filePath, line: UInt = #line) throws -> URL {
    let out = temporaryFolder()
    let r = try CLI.run(["run", "Scenarios/msp1-vs-msp2.yaml", "--out", out.path, "--quiet"] + extra)
    XCTAssertEqual(r.status, 0, "\(r)", file: file, line: line)
    assertResultFiles(out, "run with \(extra)", file: file, line: line)
    return out
  }

  func contents(_ folder: URL, _ name: String) -> Data {
    FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) ?? Data()
  }

  /// The CSVs, long and wide, report.html (and any charts) are byte-identical in both folders.
  func assertSameCSVs(_ a: URL, _ b: URL, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(comparableFiles(a), comparableFiles(b), "different files written (\(what))", file: file, line: line)
    for name in Set(csvFiles + comparableFiles(a)).sorted() {
      let x = contents(a, name)
      let y = contents(b, name)
      XCTAssertFalse(x.isEmpty, "\(name) empty (\(what))", file: file, line: line)
      if x != y {
        XCTFail("\(name) differs (\(what)): \(firstDifference(x, y))", file: file, line: line)
      }
    }
    // The workbook: every part byte-identical, but the Run sheet (wall time, threads).
    do {
      let x = try workbookParts(a, file: file, line: line)
      let y = try workbookParts(b, file: file, line: line)
      XCTAssertEqual(x.keys.sorted(), y.keys.sorted(), "results.xlsx parts (\(what))", file: file, line: line)
      for (path, data) in x.sorted(by: { $0.key < $1.key }) where y[path] != data {
        XCTFail("results.xlsx part \(path) differs (\(what))", file: file, line: line)
      }
    } catch {
      XCTFail("results.xlsx cannot be read (\(what)): \(error)", file: file, line: line)
    }
  }

  func testSameSeedGivesIdenticalFilesAndAnotherSeedDoesNot() throws {
    let args = ["--paths", "300", "--years", "3", "--seed", "7"]
    let first = try runScenario(args)
    let second = try runScenario(args)
    assertSameCSVs(first, second, "two runs with --seed 7")

    let other = try runScenario(["--paths", "300", "--years", "3", "--seed", "8"])
    XCTAssertNotEqual(
      contents(first, "monthly.csv"), contents(other, "monthly.csv"),
      "--seed 7 and --seed 8 gave the same monthly.csv")
    let json = try XCTUnwrap(JSONSerialization.jsonObject(with: contents(other, "run.json")) as? [String: Any])
    XCTAssertEqual(number(json["seed"]), 8, "run.json records the --seed override")
  }

  func testThreadCountDoesNotChangeResults() throws {
    // 700 paths = 5 full chunks of 128 and a partial one of 60.
    let base = ["--paths", "700", "--years", "3", "--seed", "11"]
    let one = try runScenario(base + ["--threads", "1"])
    let two = try runScenario(base + ["--threads", "2"])
    let three = try runScenario(base + ["--threads", "3"])
    assertSameCSVs(one, two, "--threads 1 vs 2")
    assertSameCSVs(one, three, "--threads 1 vs 3")
    for (folder, k) in [(one, 1), (two, 2), (three, 3)] {
      let json = try XCTUnwrap(
        JSONSerialization.jsonObject(with: contents(folder, "run.json")) as? [String: Any],
        "run.json of --threads \(k) is not a JSON object")
      XCTAssertEqual(number(json["threads"]), Double(k), "run.json threads for --threads \(k)")
      XCTAssertEqual(number(json["paths"]), 700, "run.json paths for --threads \(k)")
    }
  }
}

/// Where two byte strings first differ, as the line of each.
func firstDifference(_ a: Data, _ b: Data) -> String {
  if a.count != b.count, a.starts(with: b) || b.starts(with: a) {
    let (short, long) = a.count < b.count ? ("first", b) : ("second", a)
    let tail = long.suffix(abs(a.count - b.count))
    return "\(a.count) vs \(b.count) bytes: the \(short) lacks the final \(tail.count) byte(s) "
      + "\(String(reflecting: String(decoding: tail, as: UTF8.self)))"
  }
  let la = String(decoding: a, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
  let lb = String(decoding: b, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
  for i in 0..<max(la.count, lb.count) {
    let x = i < la.count ? String(la[i]) : "<end>"
    let y = i < lb.count ? String(lb[i]) : "<end>"
    if x != y { return "line \(i + 1): '\(x)' vs '\(y)'" }
  }
  return "same lines, different bytes"
}

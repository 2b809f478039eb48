import Foundation
import MSPSimTestSupport
import XCTest

/// `mspsim run --sensitivity [rank|sobol]` (docs/outputs.md, "Sobol indices"): the
/// method is optional (a bare `--sensitivity` is the rank analysis, as before, also
/// in front of the scenario file); sobol writes sobol.csv and sobol.svg, identical
/// for any thread count; a bad method or `--precision` with sobol is exit 2 with
/// nothing written.
final class SobolCommandTests: XCTestCase {
  func testSobolWritesItsTableAndChartForAnyThreadCount() throws {
    let folder = temporaryFolder(create: true)
    var tables: [String] = []
    for threads in [1, 2] {
      let out = folder.appendingPathComponent("t\(threads)")
      let r = try CLI.run([
        "run", "Scenarios/msp1-vs-msp2.yaml", "--paths", "200", "--years", "3", "--threads", "\(threads)",
        "--out", out.path, "--sensitivity", "sobol",
      ])
      XCTAssertEqual(r.status, 0, r.err)
      XCTAssert(r.out.contains("Sobol indices"), r.out)
      tables.append(try String(contentsOfFile: out.appendingPathComponent("sobol.csv").path, encoding: .utf8))
      let svg = try String(contentsOfFile: out.appendingPathComponent("sobol.svg").path, encoding: .utf8)
      XCTAssert(svg.contains("data-output=\"value_diff\""), "the pair's panel")
      XCTAssertFalse(FileManager.default.fileExists(atPath: out.appendingPathComponent("sensitivity.csv").path))
    }
    XCTAssertEqual(tables[0], tables[1], "1 and 2 threads")
    let table = try CSVTable(tables[0])
    XCTAssertEqual(table.header, ["model", "output", "input", "s1", "s1_lo", "s1_hi", "st", "st_lo", "st_hi"])
    XCTAssertEqual(Set(table.rows.map { $0[1] }), ["npv.ebitda", "value", "npv_diff", "value_diff"])
    XCTAssert(table.rows.contains { $0[0] == "msp1:msp2" && $0[2] == "within_path" })
    for row in table.rows {
      let v = row[3...].map { Double($0) }
      XCTAssertFalse(v.contains(nil), "numbers: \(row)")
      // Intervals ordered, near their estimate (a percentile bootstrap interval need
      // not contain it, but not far from it); total indices are never negative.
      for (x, lo, hi) in [(v[0]!, v[1]!, v[2]!), (v[3]!, v[4]!, v[5]!)] {
        XCTAssert(lo <= hi && x >= lo - (hi - lo) && x <= hi + (hi - lo), "interval: \(row)")
      }
      XCTAssert(v[3]! >= 0 && v[4]! >= 0, "ST >= 0: \(row)")
    }
  }

  func testBareSensitivityIsStillTheRankAnalysis() throws {
    let folder = temporaryFolder(create: true)
    // The flag's old spelling, before the scenario file.
    let r = try CLI.run([
      "run", "--sensitivity", "Scenarios/msp1-vs-msp2.yaml", "--paths", "200", "--years", "2", "--out",
      folder.path, "--quiet", "--no-charts",
    ])
    XCTAssertEqual(r.status, 0, r.err)
    XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent("sensitivity.csv").path))
    XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("sobol.csv").path))
    let rank = folder.appendingPathComponent("rank")
    let named = try CLI.run([
      "run", "Scenarios/msp1-vs-msp2.yaml", "--paths", "200", "--years", "2", "--out", rank.path,
      "--sensitivity=rank", "--quiet", "--no-charts",
    ])
    XCTAssertEqual(named.status, 0, named.err)
    XCTAssertEqual(
      try String(contentsOfFile: rank.appendingPathComponent("sensitivity.csv").path, encoding: .utf8),
      try String(contentsOfFile: folder.appendingPathComponent("sensitivity.csv").path, encoding: .utf8))
  }

  func testBadMethodAndPrecisionAreRefusedWithNothingWritten() throws {
    let folder = temporaryFolder(create: true)
    for (arguments, says) in [
      (["--sensitivity=tornado"], "rank"),
      (["--sensitivity", "sobol", "--precision", "0.01"], "--precision"),
    ] {
      let out = folder.appendingPathComponent("out")
      let r = try CLI.run(["run", "Scenarios/msp1-vs-msp2.yaml", "--out", out.path, "--quiet"] + arguments)
      XCTAssertEqual(r.status, 2, "\(arguments): \(r.err)")
      XCTAssert(r.err.contains(says), "\(arguments): \(r.err)")
      XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "\(arguments): nothing written")
    }
  }
}

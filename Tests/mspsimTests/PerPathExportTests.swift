import Foundation
import MSPSimTestSupport
import XCTest

/// `mspsim run --per-path FILE.csv` (docs/outputs.md, "Per-path export"): one row per
/// path in path order, the same bytes for any thread count, its columns' means equal
/// to summary.csv's, and refused (exit 2, nothing written) above the size limit.
final class PerPathExportTests: XCTestCase {
  func testRowsAreIdenticalForAnyThreadCountAndMatchTheSummary() throws {
    let folder = temporaryFolder(create: true)
    var texts: [String] = []
    for threads in [1, 2, 3] {
      let out = folder.appendingPathComponent("t\(threads)")
      let file = out.appendingPathComponent("paths.csv").path
      let r = try CLI.run([
        "run", "Scenarios/recession-risk.yaml", "--paths", "300", "--years", "3", "--threads", "\(threads)",
        "--out", out.path, "--per-path", file, "--quiet", "--no-charts",
      ])
      XCTAssertEqual(r.status, 0, r.err)
      texts.append(try String(contentsOfFile: file, encoding: .utf8))
    }
    XCTAssertEqual(texts[0], texts[1], "1 and 2 threads")
    XCTAssertEqual(texts[0], texts[2], "1 and 3 threads")
    let table = try CSVTable(texts[0])
    XCTAssertEqual(table.rows.count, 300)
    XCTAssertEqual(table.header.first, "path")
    XCTAssertEqual(table.rows.map { $0[0] }, (1...300).map(String.init))
    for column in [
      "market.churn", "market.annual_price_change", "msp1.npv.ebitda", "msp2.value", "msp2.cash.min",
      "msp1:msp2.npv_diff", "msp1:msp2.value_diff",
    ] {
      XCTAssertTrue(table.header.contains(column), "no column \(column): \(table.header)")
    }
    // Each summary column's mean is summary.csv's mean of that metric.
    let summary = try CSVTable(
      String(contentsOfFile: folder.appendingPathComponent("t1/summary.csv").path, encoding: .utf8))
    for (model, metric) in [("msp1", "npv.ebitda"), ("msp2", "value"), ("msp2", "gross_margin.vcio")] {
      let j = try XCTUnwrap(table.header.firstIndex(of: "\(model).\(metric)"))
      let values = table.rows.map { Double($0[j])! }
      let mean = values.reduce(0, +) / Double(values.count)
      let row = try XCTUnwrap(summary.rows.first { $0[0] == model && $0[1] == metric })
      XCTAssertEqual(mean, Double(row[2])!, accuracy: 1e-6 * max(1, abs(mean)), "\(model).\(metric)")
    }
    // The difference column is the two models' difference, path by path.
    let d = table.header.firstIndex(of: "msp1:msp2.npv_diff")!
    let a = table.header.firstIndex(of: "msp1.npv.ebitda")!
    let b = table.header.firstIndex(of: "msp2.npv.ebitda")!
    for row in table.rows.prefix(20) {
      XCTAssertEqual(Double(row[d])!, Double(row[b])! - Double(row[a])!, accuracy: 1e-6 * abs(Double(row[b])!))
    }
  }

  func testTooLargeAFileIsRefusedBeforeTheRun() throws {
    let folder = temporaryFolder(create: true)
    let file = folder.appendingPathComponent("paths.csv").path
    let r = try CLI.run([
      "run", "Scenarios/msp1-vs-msp2.yaml", "--paths", "20000000", "--out", folder.path, "--per-path", file,
      "--quiet",
    ])
    XCTAssertEqual(r.status, 2, r.err)
    XCTAssertTrue(r.err.contains("--per-path") && r.err.contains("MiB limit"), r.err)
    XCTAssertFalse(FileManager.default.fileExists(atPath: file))
  }

  /// `--per-path` never replaces what it must not: the scenario being run, one of the
  /// run's own files, or a folder; each is refused with exit 2 and every file is as
  /// before (docs/errors.md, "Errors and exit codes").
  func testPerPathNeverReplacesTheScenarioOrTheRunsOwnFiles() throws {
    let folder = temporaryFolder(create: true)
    let scenario = folder.appendingPathComponent("s.yaml")
    try FileManager.default.copyItem(at: Fixtures.defaultScenario, to: scenario)
    let out = folder.appendingPathComponent("out")
    let base = ["run", scenario.path, "--paths", "40", "--years", "2", "--out", out.path, "--quiet"]
    XCTAssertEqual(try CLI.run(base).status, 0)
    func snapshot() throws -> [String: Data] {
      var all: [String: Data] = [:]
      for name in listing(out) { all[name] = try Data(contentsOf: out.appendingPathComponent(name)) }
      all["s.yaml"] = try Data(contentsOf: scenario)
      return all
    }
    let before = try snapshot()
    XCTAssertGreaterThan(before.count, 5, "the first run wrote its files")
    for (target, mention) in [
      (scenario.path, "is the scenario file being run"),
      (folder.path + "/./s.yaml", "is the scenario file being run"),
      (out.appendingPathComponent("summary.csv").path, "is the run's own summary.csv"),
      (out.path, "is the run's output folder"),
      (folder.path, "is a folder"),
      (out.path + "/", "names a folder, not a file"),
      ("", "names a folder, not a file"),
    ] {
      // A different seed: a run that went ahead would change every file.
      let r = try CLI.run(base + ["--seed", "99", "--per-path", target])
      XCTAssertEqual(r.status, 2, "--per-path '\(target)': \(r)")
      XCTAssertTrue(r.err.contains("--per-path: '\(target)' \(mention)"), "--per-path '\(target)': \(r)")
      XCTAssertEqual(try snapshot(), before, "--per-path '\(target)' changed a file")
    }
    // Refused before any folder is made.
    let newOut = folder.appendingPathComponent("new/out")
    let refused = try CLI.run([
      "run", scenario.path, "--paths", "40", "--out", newOut.path, "--per-path", scenario.path, "--quiet",
    ])
    XCTAssertEqual(refused.status, 2, "\(refused)")
    XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("new").path))
    // Through a folder the run would make: `fresh` does not exist before the run, and
    // `fresh/../s.yaml` is the scenario once it does (this replaced the scenario); the
    // folders made for the refused run are removed again.
    for (target, outFolder, mention) in [
      ("fresh/../s.yaml", "fresh", "is the scenario file being run"),
      ("sub/../s.yaml", "out", "is the scenario file being run"),
      ("fresh", "fresh", "is the run's output folder"),
      ("s.yaml/x.csv", "out", "lies under 's.yaml', which is a file, not a folder"),
    ] {
      let r = try CLI.run(
        ["run", "s.yaml", "--paths", "40", "--seed", "99", "--out", outFolder, "--per-path", target, "--quiet"],
        in: folder)
      XCTAssertEqual(r.status, 2, "--per-path '\(target)': \(r)")
      XCTAssertTrue(r.err.contains("--per-path: '\(target)' \(mention)"), "--per-path '\(target)': \(r)")
      XCTAssertEqual(try snapshot(), before, "--per-path '\(target)' changed a file")
      for made in ["fresh", "sub"] {
        XCTAssertFalse(
          FileManager.default.fileExists(atPath: folder.appendingPathComponent(made).path),
          "--per-path '\(target)' left the folder \(made)")
      }
    }
    // A one-letter name in the working folder is a file like any other.
    let r = try CLI.run(base + ["--per-path", "p"], in: folder)
    XCTAssertEqual(r.status, 0, "\(r)")
    XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent("p").path))
  }
}

import Foundation
import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

/// Each scenario kept in Tests/Fixtures/outputs/<stem>/scenario.yaml (the files of
/// Scenarios/ as they were before the version 2 economics, so recalibrating
/// Scenarios/ does not move them), run short (400 paths, 3 years, its own seed, 2
/// threads), must give the tables kept beside it byte for byte: `annual.csv`,
/// `summary.csv` and `compare.csv`, once the rows of metrics added since
/// (`addedMetrics`) are left out. The kept tables are regression pins: recorded from
/// runs of the code in update mode (below), not derived; the closed-form tests are
/// what says the numbers are right. A change that must not move any number (a
/// refactor, a new key at its neutral default) is held to it; a change that means to
/// move numbers regenerates them with MSPSIM_UPDATE_FIXTURES=1 and says why in
/// docs/outputs.md, "Changelog" (docs/testing.md, "Output fixtures"). A run in that
/// mode writes the tables and then fails on purpose, so it is never taken for a pass.
final class OutputFixtureTests: XCTestCase {
  static let update = ProcessInfo.processInfo.environment["MSPSIM_UPDATE_FIXTURES"] != nil
  static let tables: [(name: String, render: @Sendable (ResultTables) -> String)] = [
    ("annual.csv", { $0.annual() }), ("summary.csv", { $0.summary() }), ("compare.csv", { $0.compare() }),
  ]

  /// Metrics of issue 12 (per-stream margin, the cost split, staff), which the kept
  /// tables predate: their rows are left out before comparing.
  static let addedMetrics = ["margin.", "cost.direct", "cost.overhead", "staff.", "gross_margin."]

  /// `text` without the rows whose metric (a whole field) starts with one of `addedMetrics`.
  static func withoutAddedMetrics(_ text: String) -> String {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
      !line.split(separator: ",").contains { field in addedMetrics.contains { field.hasPrefix($0) } }
    }
    return lines.joined(separator: "\n")
  }

  func testEveryKeptScenarioGivesItsKeptTablesByteForByte() throws {
    let stems = try FileManager.default.contentsOfDirectory(atPath: Fixtures.outputsFolder.path).sorted()
    XCTAssertGreaterThanOrEqual(stems.count, 6)
    // Each kept scenario twice: with `sampler: gsl` (GSL's own Poisson and binomial
    // draws, the tables kept since before the fast samplers) and as written (the
    // default `fast`: the tables in `fast/`), docs/model.md, "Randomness and seeding".
    for stem in stems where stem != "fast" {
      let folder = Fixtures.outputsFolder.appendingPathComponent(stem)
      let text = try String(contentsOf: folder.appendingPathComponent("scenario.yaml"), encoding: .utf8)
      XCTAssertFalse(text.contains("sampler:"), "\(stem): the kept scenario sets no sampler")
      for sampler in Sampler.allCases {
        let scenario = try ScenarioLoader.load(
          text: sampler == .gsl ? text + "\nsampler: gsl\n" : text, file: "\(stem)/scenario.yaml"
        ).applying([.paths(400), .years(3)])
        try compare(
          stem, sampler == .gsl ? folder : Fixtures.outputsFolder.appendingPathComponent("fast/\(stem)"), scenario)
      }
    }
    // Update mode writes the tables and compares nothing: it must never pass as a run
    // of this test.
    XCTAssertFalse(
      Self.update,
      "fixtures rewritten (MSPSIM_UPDATE_FIXTURES is set): review the diff of Tests/Fixtures/outputs, say why in "
        + "the changelog of docs/outputs.md, and rerun without the variable")
  }

  /// Runs `scenario` and compares its tables with those kept in `folder`.
  func compare(_ stem: String, _ folder: URL, _ scenario: Scenario) throws {
    let tables = ResultTables(try Pipeline.simulate(scenario, threads: 2))
    do {
      for table in Self.tables {
        let url = folder.appendingPathComponent(table.name)
        let text = Self.withoutAddedMetrics(table.render(tables))
        if Self.update {
          try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
          try text.write(to: url, atomically: true, encoding: .utf8)
          continue
        }
        guard let kept = try? String(contentsOf: url, encoding: .utf8) else {
          XCTFail("no kept \(stem)/\(table.name): run once with MSPSIM_UPDATE_FIXTURES=1")
          continue
        }
        XCTAssertFalse(text.isEmpty)
        if kept != text {
          let a = kept.split(separator: "\n")
          let b = text.split(separator: "\n")
          let first = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
          XCTFail(
            "\(stem)/\(table.name) differs from the kept file at line \(first + 1):\n  kept: "
              + (first < a.count ? String(a[first]) : "<end>") + "\n  now:  "
              + (first < b.count ? String(b[first]) : "<end>"))
        }
      }
    }
  }
}

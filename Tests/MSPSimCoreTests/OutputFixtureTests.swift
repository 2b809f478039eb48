import Foundation
import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

/// Every file of Scenarios/, run short (400 paths, 3 years, its own seed, 2 threads),
/// must give the tables kept in Tests/Fixtures/outputs/<stem>/ byte for byte:
/// `annual.csv`, `summary.csv` and `compare.csv`. A change that must not move any
/// number (a refactor, a new key at its neutral default) is held to it; a change
/// that means to move numbers regenerates them with MSPSIM_UPDATE_FIXTURES=1 and
/// says why in docs/outputs.md, "Changelog" (docs/testing.md, "Output fixtures").
final class OutputFixtureTests: XCTestCase {
  static let update = ProcessInfo.processInfo.environment["MSPSIM_UPDATE_FIXTURES"] != nil
  static let tables: [(name: String, render: @Sendable (ResultTables) -> String)] = [
    ("annual.csv", { $0.annual() }), ("summary.csv", { $0.summary() }), ("compare.csv", { $0.compare() }),
  ]

  func testEveryScenarioFileGivesItsKeptTablesByteForByte() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Fixtures.scenariosFolder.path)
      .filter { $0.hasSuffix(".yaml") }.sorted()
    XCTAssertGreaterThanOrEqual(files.count, 6)
    for file in files {
      let stem = String(file.dropLast(".yaml".count))
      let scenario = try ScenarioLoader.load(path: Fixtures.scenariosFolder.appendingPathComponent(file).path)
        .applying([.paths(400), .years(3)])
      let tables = ResultTables(try Pipeline.simulate(scenario, threads: 2))
      let folder = Fixtures.outputsFolder.appendingPathComponent(stem)
      for table in Self.tables {
        let url = folder.appendingPathComponent(table.name)
        let text = table.render(tables)
        if Self.update {
          try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
          try text.write(to: url, atomically: true, encoding: .utf8)
          continue
        }
        guard let kept = try? String(contentsOf: url, encoding: .utf8) else {
          XCTFail("no kept \(stem)/\(table.name): run once with MSPSIM_UPDATE_FIXTURES=1")
          continue
        }
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

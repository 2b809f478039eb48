import Foundation
import MSPSimTestSupport
import XCTest

/// The commands on their happy paths: the default run, every example scenario,
/// `init` and `list`.
final class CommandTests: XCTestCase {
  func testDefaultRunPrintsASummary() throws {
    let out = temporaryFolder()
    let r = try CLI.run(["run", "--paths", "200", "--years", "2", "--out", out.path])
    XCTAssertEqual(r.status, 0, "\(r)")
    for needle in ["msp1", "msp2", "NPV of EBITDA", "P(alt NPV > base)"] {
      XCTAssertTrue(r.out.contains(needle), "summary lacks '\(needle)'\n\(r)")
    }
    XCTAssertNotNil(
      r.out.range(of: #"[0-9],[0-9]{3}"#, options: .regularExpression),
      "summary shows no thousands separator (a comma inside a number)\n\(r)")
    assertResultFiles(out, "default run")
    XCTAssertEqual(r.err, "", "stderr is not a terminal: no progress bar, nothing on stderr\n\(r)")
  }

  func testDefaultOutputFolderIsResultsSlashStem() throws {
    // Without --out, results go to results/<scenario stem>/ under the current folder.
    let cwd = temporaryFolder(create: true)
    let withFile = try CLI.run(
      ["run", Fixtures.defaultScenario.path, "--paths", "50", "--years", "1", "--quiet"], in: cwd)
    XCTAssertEqual(withFile.status, 0, "\(withFile)")
    assertResultFiles(cwd.appendingPathComponent("results/msp1-vs-msp2"), "default folder for msp1-vs-msp2.yaml")

    let stay = Fixtures.scenariosFolder.appendingPathComponent("stay-msp1.yaml")
    if FileManager.default.fileExists(atPath: stay.path) {
      let r = try CLI.run(["run", stay.path, "--paths", "50", "--years", "1", "--quiet"], in: cwd)
      XCTAssertEqual(r.status, 0, "\(r)")
      assertResultFiles(cwd.appendingPathComponent("results/stay-msp1"), "default folder for stay-msp1.yaml")
    }
  }

  func scenarioFiles() throws -> [URL] {
    try FileManager.default.contentsOfDirectory(at: Fixtures.scenariosFolder, includingPropertiesForKeys: nil)
      .filter { $0.pathExtension == "yaml" }
      .sorted { $0.lastPathComponent < $1.lastPathComponent }
  }

  func testEveryExampleScenarioValidatesAndRuns() throws {
    let files = try scenarioFiles()
    XCTAssertFalse(files.isEmpty, "no Scenarios/*.yaml")
    for file in files {
      let relative = "Scenarios/" + file.lastPathComponent
      let v = try CLI.run(["validate", relative])
      XCTAssertEqual(v.status, 0, "\(v)")
      XCTAssertTrue(v.out.contains("ok"), "validate prints no 'ok'\n\(v)")
      XCTAssertEqual(v.err, "", "\(v)")

      let out = temporaryFolder()
      let r = try CLI.run(["run", relative, "--paths", "100", "--years", "2", "--out", out.path, "--quiet"])
      XCTAssertEqual(r.status, 0, "\(r)")
      XCTAssertEqual(r.out + r.err, "", "--quiet run printed something\n\(r)")
      assertResultFiles(out, relative)
      if let text = readText(out.appendingPathComponent("monthly.csv")) {
        do {
          let t = try CSVTable(text)
          XCTAssertEqual(t.header, OutputContractTests.monthlyHeader, "\(relative): monthly.csv header")
          XCTAssertEqual(Set(t.rows.map { $0[1] }), Set((1...24).map(String.init)), "\(relative): months 1...24")
        } catch {
          XCTFail("\(relative): monthly.csv: \(error)")
        }
      }
    }
    // Several files in one call: one ok each.
    let all = try CLI.run(["validate"] + files.map { "Scenarios/" + $0.lastPathComponent })
    XCTAssertEqual(all.status, 0, "\(all)")
    XCTAssertEqual(all.out.split(separator: "\n").filter { $0.contains("ok") }.count, files.count, "\(all)")
  }

  func testInitPrintsTheDefaultScenarioWhichValidates() throws {
    let r = try CLI.run(["init"])
    XCTAssertEqual(r.status, 0, "\(r)")
    let expected = FileManager.default.contents(atPath: Fixtures.defaultScenario.path) ?? Data()
    XCTAssertFalse(expected.isEmpty)
    if r.stdout != expected {
      XCTFail(
        "mspsim init (first) differs from Scenarios/msp1-vs-msp2.yaml (second): \(firstDifference(r.stdout, expected))")
    }

    let folder = temporaryFolder(create: true)
    let file = folder.appendingPathComponent("from-init.yaml")
    try r.stdout.write(to: file)
    let v = try CLI.run(["validate", file.path])
    XCTAssertEqual(v.status, 0, "\(v)")
    XCTAssertTrue(v.out.contains("ok"), "\(v)")

    // Every other template validates too.
    let minimal = try CLI.run(["init", "--template", "minimal"])
    XCTAssertEqual(minimal.status, 0, "\(minimal)")
    let mfile = folder.appendingPathComponent("minimal.yaml")
    try minimal.stdout.write(to: mfile)
    let mv = try CLI.run(["validate", mfile.path])
    XCTAssertEqual(mv.status, 0, "\(mv)")
  }

  func testListNamesDistributionsStreamsAndGenerators() throws {
    let r = try CLI.run(["list"])
    XCTAssertEqual(r.status, 0, "\(r)")
    let names = [
      "constant", "uniform", "normal", "truncated_normal", "lognormal", "triangular", "pert", "beta", "gamma",
      "exponential", "poisson", "binomial", "bernoulli", "discrete", "mixture",
      "managed_services", "block_hours", "refresh_projects", "resale", "vcio", "framework_projects",
      "third_party_pm", "app_management", "marketplace", "mt19937",
    ]
    for name in names {
      // As a whole word: "normal" must appear on its own, not only inside "lognormal".
      let pattern = "(?<![A-Za-z0-9_])" + NSRegularExpression.escapedPattern(for: name) + "(?![A-Za-z0-9_])"
      XCTAssertNotNil(r.out.range(of: pattern, options: .regularExpression), "mspsim list lacks '\(name)'\n\(r)")
    }
  }
}

import Foundation
import MSPSimTestSupport
import XCTest

/// Faults and integrity (issue: bad input, faults): a real signal to a real child
/// process, output folders that cannot be written, and a wrong scenario with earlier
/// results in the folder. Each asserts the exit code, the message and that the
/// folder holds no new or partial file.
final class FaultTests: XCTestCase {
  /// Runs the default scenario quickly into `folder` and returns its files' bytes.
  func previousResults(in folder: URL) throws -> [String: Data] {
    let r = try CLI.run(["run", "--paths", "150", "--years", "1", "--out", folder.path, "--quiet", "--no-charts"])
    XCTAssertEqual(r.status, 0, r.description)
    var files: [String: Data] = [:]
    for name in listing(folder) {
      files[name] = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path)
    }
    XCTAssertEqual(Set(files.keys), Set(outputFiles))
    return files
  }

  func contents(_ folder: URL) -> [String: Data] {
    var files: [String: Data] = [:]
    for name in listing(folder) {
      files[name] = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path)
    }
    return files
  }

  /// Waits until the child has its SIGINT and SIGTERM handlers in place and has spent
  /// `cpuSeconds` of CPU time (so it is past loading the scenario and is simulating),
  /// both read from /proc. False when the child ends first or after `limit` seconds,
  /// a safety net only: a fixed sleep would be too short on a loaded machine.
  func waitUntilSimulating(_ process: Process, cpuSeconds: Double = 0.5, limit: Double = 60) -> Bool {
    #if os(Linux)
    let pid = process.processIdentifier
    let handled: UInt64 = 1 << UInt64(SIGINT - 1) | 1 << UInt64(SIGTERM - 1)
    let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
    let deadline = Date().addingTimeInterval(limit)
    while process.isRunning, Date() < deadline {
      // /proc/<pid>/status: "SigCgt:\t<hex mask>"; /proc/<pid>/stat: utime and stime are
      // fields 14 and 15 (proc(5)), counted after the parenthesised command name.
      if let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigCgt:") }),
        let caught = UInt64(line.dropFirst("SigCgt:".count).trimmingCharacters(in: .whitespaces), radix: 16),
        caught & handled == handled,
        let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
        let nameEnd = stat.lastIndex(of: ")")
      {
        let fields = stat[stat.index(after: nameEnd)...].split(separator: " ")
        if fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]),
          (user + system) / ticksPerSecond >= cpuSeconds
        {
          return true
        }
      }
      Thread.sleep(forTimeInterval: 0.01)
    }
    return false
    #else
    Thread.sleep(forTimeInterval: 1.5)
    return process.isRunning
    #endif
  }

  /// Starts a long run, sends `signal` once it is simulating, returns the exit status
  /// and stderr.
  func interruptedRun(into folder: URL, signal: Int32) throws -> (Int32, String) {
    guard let binary = CLI.binary else { throw CLI.NotBuilt() }
    let process = Process()
    process.executableURL = binary
    process.arguments = ["run", "--paths", "5000000", "--threads", "1", "--out", folder.path, "--quiet"]
    process.currentDirectoryURL = Fixtures.repositoryRoot
    let err = Pipe()
    process.standardError = err
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    XCTAssertTrue(waitUntilSimulating(process), "the run ended (or never got to simulating) before the signal")
    kill(process.processIdentifier, signal)
    let watchdog = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
    DispatchQueue.global().asyncAfter(deadline: .now() + 30, execute: watchdog)
    process.waitUntilExit()
    watchdog.cancel()
    let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    return (process.terminationStatus, message)
  }

  func testSIGINTStopsTheRunAndLeavesThePreviousResultsIntact() throws {
    let folder = temporaryFolder()
    let before = try previousResults(in: folder)
    let (status, message) = try interruptedRun(into: folder, signal: SIGINT)
    XCTAssertEqual(status, 130, message)
    XCTAssertTrue(message.contains("interrupted"), message)
    XCTAssertEqual(contents(folder), before, "the folder changed: \(listing(folder))")
  }

  func testSIGTERMStopsTheRunWithNoFileWritten() throws {
    let folder = temporaryFolder()
    let (status, message) = try interruptedRun(into: folder, signal: SIGTERM)
    XCTAssertEqual(status, 143, message)
    XCTAssertEqual(listing(folder), [], "files left behind: \(listing(folder))")
  }

  func testOutputFolderThatIsAFileIsExit1BeforeAnySimulation() throws {
    let parent = temporaryFolder(create: true)
    let file = parent.appendingPathComponent("results")
    XCTAssertTrue(FileManager.default.createFile(atPath: file.path, contents: Data("keep".utf8)))
    // A valid scenario whose path 0 stops the engine (a book past the client limit: a
    // scenario error, exit 2). Reporting the output folder instead shows it was checked
    // before any path was simulated.
    let scenario = parent.appendingPathComponent("big.yaml")
    try Data(
      """
      name: past the client limit
      horizon_years: 10
      paths: 300
      models:
        big:
          clients: {initial: 100, seats: 5}
          acquisition: {monthly_rate: 30000, annual_growth: 1}
          streams:
            managed_services: {price_per_seat: 100}

      """.utf8
    ).write(to: scenario)
    let check = try CLI.run(["validate", scenario.path])
    XCTAssertEqual(check.status, 0, "the scenario must be valid for this test: \(check)")
    let engineFails = try CLI.run(["run", scenario.path, "--out", temporaryFolder().path, "--quiet"])
    XCTAssertEqual(engineFails.status, 2, "the engine must stop on this scenario for this test: \(engineFails)")
    XCTAssertTrue(engineFails.err.contains("models.big.acquisition"), engineFails.err)

    let r = try CLI.run(["run", scenario.path, "--out", file.path])
    XCTAssertEqual(r.status, 1, r.description)
    XCTAssertEqual(
      r.err,
      "mspsim: cannot write results to \(file.path): a file of that name is in the way "
        + "(the output folder must be a folder)\n")
    XCTAssertEqual(r.out, "", "no summary: nothing was simulated")
    XCTAssertEqual(FileManager.default.contents(atPath: file.path), Data("keep".utf8))
    XCTAssertEqual(listing(parent), ["big.yaml", "results"], "files left beside the output path")
  }

  func testOutputFolderThatCannotBeCreatedIsExit1() throws {
    let r = try CLI.run(["run", "--paths", "100", "--out", "/proc/mspsim-cannot-exist/results"])
    XCTAssertEqual(r.status, 1, r.description)
    XCTAssertTrue(r.err.contains("/proc/mspsim-cannot-exist/results"), r.err)
    XCTAssertEqual(r.errLines.count, 1, r.err)
  }

  func testWrongScenarioLeavesEarlierResultsUntouched() throws {
    let folder = temporaryFolder()
    let before = try previousResults(in: folder)
    let bad = temporaryFolder(create: true).appendingPathComponent("bad.yaml")
    try Data(
      "models:\n  m:\n    clients: {initial: 10, seats: 5}\n    churn: {annual: 2}\n    streams: {resale: {spend_per_seat_per_year: 100, margin: 0.1}}\n"
        .utf8
    ).write(to: bad)
    let r = try CLI.run(["run", bad.path, "--out", folder.path])
    XCTAssertEqual(r.status, 2, r.description)
    XCTAssertTrue(r.err.contains("bad.yaml:4:21: models.m.churn.annual:"), r.err)
    XCTAssertEqual(contents(folder), before)
  }
}

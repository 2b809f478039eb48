import Foundation
import XCTest

import MSPSimTestSupport

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
    for name in listing(folder) { files[name] = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) }
    XCTAssertEqual(Set(files.keys), ["annual.csv", "compare.csv", "monthly.csv", "run.json", "summary.csv"])
    return files
  }

  func contents(_ folder: URL) -> [String: Data] {
    var files: [String: Data] = [:]
    for name in listing(folder) { files[name] = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) }
    return files
  }

  /// Starts a long run, sends `signal` after `delay` seconds, returns the exit status.
  func interruptedRun(into folder: URL, signal: Int32) throws -> (Int32, String) {
    guard let binary = CLI.binary else { throw CLI.NotBuilt() }
    let process = Process()
    process.executableURL = binary
    process.arguments = ["run", "--paths", "5000000", "--threads", "1", "--out", folder.path, "--quiet"]
    process.currentDirectoryURL = CLI.repositoryRoot
    let err = Pipe()
    process.standardError = err
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    Thread.sleep(forTimeInterval: 1.5)
    XCTAssertTrue(process.isRunning, "the run ended before the signal")
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
    let r = try CLI.run(["run", "--paths", "5000000", "--out", file.path])
    XCTAssertEqual(r.status, 1, r.description)
    XCTAssertTrue(r.err.contains(file.path), r.err)
    XCTAssertLessThan(r.seconds, 20, "the failure should come before the simulation")
    XCTAssertEqual(FileManager.default.contents(atPath: file.path), Data("keep".utf8))
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
    try Data("models:\n  m:\n    clients: {initial: 10, seats: 5}\n    churn: {annual: 2}\n    streams: {resale: {spend_per_seat_per_year: 100, margin: 0.1}}\n".utf8).write(to: bad)
    let r = try CLI.run(["run", bad.path, "--out", folder.path])
    XCTAssertEqual(r.status, 2, r.description)
    XCTAssertTrue(r.err.contains("bad.yaml:4:21: models.m.churn.annual:"), r.err)
    XCTAssertEqual(contents(folder), before)
  }
}

import Foundation
import MSPSimTestSupport
import XCTest
import ZIPFoundation

/// Runs the built `mspsim` executable as a child process, the way
/// swift-argument-parser's own tests run their example binaries.
enum CLI {
  /// The `mspsim` binary next to the test bundle, or nil when none is found.
  ///
  /// SwiftPM puts executables and the test bundle in the same folder
  /// (`.build/<triple>/<config>/`). On Linux `Bundle.main.bundleURL` is that folder;
  /// on macOS the `.xctest` bundle sits in it. Both the bundle URLs and their parents
  /// are searched, plus the folder of the running test executable.
  static let binary: URL? = {
    var folders: [URL] = []
    func add(_ u: URL) {
      folders.append(u)
      folders.append(u.deletingLastPathComponent())
    }
    add(Bundle.main.bundleURL)
    for b in Bundle.allBundles { add(b.bundleURL) }
    if let arg0 = CommandLine.arguments.first {
      add(URL(fileURLWithPath: arg0).deletingLastPathComponent())
    }
    let fm = FileManager.default
    for folder in folders {
      let candidate = folder.appendingPathComponent("mspsim")
      var isDir: ObjCBool = false
      if fm.fileExists(atPath: candidate.path, isDirectory: &isDir), !isDir.boolValue,
        fm.isExecutableFile(atPath: candidate.path)
      {
        return candidate.standardizedFileURL
      }
    }
    return nil
  }()

  /// What a finished process left behind.
  struct Result: CustomStringConvertible {
    var arguments: [String]
    var status: Int32
    var stdout: Data
    var stderr: Data
    var seconds: Double

    var out: String { String(decoding: stdout, as: UTF8.self) }
    var err: String { String(decoding: stderr, as: UTF8.self) }
    /// The non-empty lines of stderr.
    var errLines: [String] { err.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty } }

    var description: String {
      "mspsim \(arguments.joined(separator: " ")) -> exit \(status) in \(String(format: "%.2f", seconds)) s\n"
        + "--- stdout:\n\(out.prefix(3000))\n--- stderr:\n\(err.prefix(3000))"
    }
  }

  struct NotBuilt: Error, CustomStringConvertible {
    var description: String {
      "no executable 'mspsim' next to the test bundle (\(Bundle.main.bundleURL.path)); "
        + "add \"mspsim\" to the mspsimTests dependencies so `swift test` builds it"
    }
  }

  /// Runs `mspsim arguments...` in `directory` (default: the repository root) and waits,
  /// killing the process after `timeout` seconds. stdout and stderr go to files (no pipe
  /// can fill up and block the child); stdin is /dev/null, so stderr is not a terminal.
  /// With `stdoutDevice` (e.g. /dev/full), stdout goes there instead and is not captured.
  static func run(
    _ arguments: [String], in directory: URL? = nil, timeout: Double = 120, stdoutDevice: String? = nil
  ) throws -> Result {
    guard let binary else { throw NotBuilt() }
    let fm = FileManager.default
    let captureDir = fm.temporaryDirectory.appendingPathComponent("mspsim-cli-io-\(UUID().uuidString)")
    try fm.createDirectory(at: captureDir, withIntermediateDirectories: true)
    defer { try? fm.removeItem(at: captureDir) }
    let outURL = captureDir.appendingPathComponent("stdout")
    let errURL = captureDir.appendingPathComponent("stderr")
    guard fm.createFile(atPath: outURL.path, contents: nil), fm.createFile(atPath: errURL.path, contents: nil) else {
      throw CocoaError(.fileWriteUnknown)
    }
    let outHandle = try FileHandle(forWritingTo: outURL)
    let errHandle = try FileHandle(forWritingTo: errURL)

    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.currentDirectoryURL = directory ?? Fixtures.repositoryRoot
    process.standardInput = FileHandle.nullDevice
    if let stdoutDevice {
      guard let device = FileHandle(forWritingAtPath: stdoutDevice) else { throw CocoaError(.fileWriteUnknown) }
      process.standardOutput = device
    } else {
      process.standardOutput = outHandle
    }
    process.standardError = errHandle

    let start = Date()
    try process.run()
    let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
    DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
    process.waitUntilExit()
    watchdog.cancel()
    let seconds = Date().timeIntervalSince(start)
    try outHandle.close()
    try errHandle.close()
    return Result(
      arguments: arguments, status: process.terminationStatus,
      stdout: try Data(contentsOf: outURL), stderr: try Data(contentsOf: errURL), seconds: seconds)
  }
}

/// The file names every run writes (docs/outputs.md, "Files"): the contract's five,
/// the wide tables (docs/outputs.md, "Wide tables"), the report (docs/outputs.md,
/// "The report") and the workbook (docs/outputs.md, "The workbook"), sorted.
let outputFiles = [
  "annual.csv", "annual_wide.csv", "compare.csv", "monthly.csv", "monthly_wide.csv", "report.html", "results.xlsx",
  "run.json",
  "summary.csv",
]

extension XCTestCase {
  /// Checks a run's output folder: exactly the contract files, the wide tables and the report, plus only SVG charts
  /// (docs/outputs.md, "Files": its charts row lists the SVG files a run may add, which depend on the
  /// scenario and the options, none with `--no-charts`), and no hidden or temporary file left behind.
  func assertResultFiles(_ folder: URL, _ what: String = "", file: StaticString = #filePath, line: UInt = #line) {
    let names = listing(folder)
    let missing = outputFiles.filter { !names.contains($0) }
    XCTAssertEqual(missing, [], "\(what): contract files missing from \(names)", file: file, line: line)
    let temporary = names.filter { $0.hasPrefix(".") || $0.lowercased().contains("tmp") }
    XCTAssertEqual(temporary, [], "\(what): temporary or hidden files left in \(folder.path)", file: file, line: line)
    let unexpected = names.filter { !outputFiles.contains($0) && !temporary.contains($0) && !$0.hasSuffix(".svg") }
    XCTAssertEqual(
      unexpected, [], "\(what): files beyond the contract's and the wide tables (and SVG charts)", file: file,
      line: line)
  }

  /// The output files other than run.json and results.xlsx (which record the wall time
  /// and the threads; `workbookParts` compares the workbook without its Run sheet), sorted.
  func comparableFiles(_ folder: URL) -> [String] {
    listing(folder).filter { $0 != "run.json" && $0 != "results.xlsx" && !$0.hasPrefix(".") }
  }

  /// The parts of `folder`'s results.xlsx by path inside the zip, uncompressed, but the
  /// Run sheet (run.json's facts, with the wall time and the threads).
  func workbookParts(_ folder: URL, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Data] {
    let archive = try Archive(url: folder.appendingPathComponent("results.xlsx"), accessMode: .read)
    var parts: [String: Data] = [:]
    for entry in archive where entry.path != runSheetPart {
      var data = Data()
      _ = try archive.extract(entry, skipCRC32: false) { data.append($0) }
      parts[entry.path] = data
    }
    XCTAssertGreaterThan(parts.count, 10, "results.xlsx has too few parts", file: file, line: line)
    return parts
  }
}

/// The Run sheet's part in results.xlsx (the seventh and last sheet).
let runSheetPart = "xl/worksheets/sheet7.xml"
let csvFiles = ["monthly.csv", "annual.csv", "monthly_wide.csv", "annual_wide.csv", "summary.csv", "compare.csv"]

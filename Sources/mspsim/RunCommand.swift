import ArgumentParser
import Foundation
import MSPSimCore

struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run a scenario (default: the built-in MSP 1.0 vs 2.0 scenario) and write CSV results.")

  @Argument(help: "Scenario file (YAML). Omit to run the built-in default.")
  var scenario: String?

  @Option(parsing: .unconditional, help: "Number of paths (overrides the file).") var paths: Int?
  @Option(parsing: .unconditional, help: "Seed (overrides the file).") var seed: UInt64?
  @Option(parsing: .unconditional, help: "Horizon in years, 1-30 (overrides the file).") var years: Int?
  @Option(help: "GSL generator name (overrides the file).") var rng: String?
  @Option(parsing: .unconditional, help: "Worker threads (default: all cores).") var threads: Int?
  @Option(name: .customLong("out"), help: "Output folder (default: results/<scenario stem>/).") var out: String?
  @Flag(help: "Print nothing but errors.") var quiet = false
  @Flag(help: "Rank the uncertain inputs by their effect on NPV and last-year revenue (sensitivity.csv, tornado).")
  var sensitivity = false
  @Option(parsing: .unconditional, help: "Run in batches until every model's mean NPV has relative standard error <= this (e.g. 0.005).")
  var precision: Double?
  @Option(name: .customLong("max-paths"), parsing: .unconditional, help: "Most paths a --precision run may use (default 1,000,000).")
  var maxPaths: Int?
  @Flag(name: .customLong("no-charts"), help: "Do not write the SVG charts.") var noCharts = false

  func validate() throws {
    if let threads, threads < 1 { throw ValidationError("--threads must be >= 1, got \(threads)") }
    if let precision, !(precision > 0 && precision < 1) {
      throw ValidationError("--precision must be a relative standard error in (0, 1), e.g. 0.005, got \(precision)")
    }
    if let maxPaths, !(1...Scenario.maxPaths).contains(maxPaths) {
      throw ValidationError("--max-paths must be 1...\(Scenario.maxPaths), got \(maxPaths)")
    }
    if maxPaths != nil, precision == nil { throw ValidationError("--max-paths goes with --precision") }
    if let scenario {
      var isDir: ObjCBool = false
      if !FileManager.default.fileExists(atPath: scenario, isDirectory: &isDir) {
        throw ValidationError("scenario file '\(scenario)' does not exist")
      }
      if isDir.boolValue { throw ValidationError("'\(scenario)' is a folder, not a scenario file") }
    }
  }

  func run() throws {
    var options = RunOptions(threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
    options.paths = paths
    options.seed = seed
    options.years = years
    options.rng = rng
    options.outputFolder = out
    options.quiet = quiet
    options.sensitivity = sensitivity
    options.precision = precision
    options.maxPaths = maxPaths
    options.charts = !noCharts
    var runner = Runner(options: options)
    if !quiet, isatty(STDERR_FILENO) != 0 { runner.progress = ProgressBar.report }
    let outcome = try runner.run(scenarioPath: scenario)
    if !quiet, isatty(STDERR_FILENO) != 0 { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    if !quiet { print(outcome.summary, terminator: "") }
  }
}

/// A one-line progress bar on stderr (only when stderr is a terminal).
enum ProgressBar {
  static func report(_ done: Int, _ total: Int) {
    let pct = total > 0 ? done * 100 / total : 100
    let width = 30
    let filled = width * pct / 100
    let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
    FileHandle.standardError.write(Data("\r  [\(bar)] \(pct) % (\(done)/\(total) paths)".utf8))
  }
}

import ArgumentParser
import Foundation
import MSPSimCore

/// The options `run`, `sweep` and `seek` share: overrides of the file's settings, threads,
/// the output folder and quiet.
struct SharedOptions: ParsableArguments {
  @Option(
    parsing: .unconditional,
    help: "Number of paths (overrides the file; per point for sweep, per evaluation for seek).",
    transform: { try CommandLineValue.whole($0, allowed: CommandLineValue.paths) }
  ) var paths: Int?
  @Option(
    parsing: .unconditional, help: "Seed (overrides the file).",
    transform: { try CommandLineValue.whole($0, allowed: CommandLineValue.seed) }
  ) var seed: UInt64?
  @Option(
    parsing: .unconditional, help: "Horizon in years, 1-30 (overrides the file).",
    transform: { try CommandLineValue.whole($0, allowed: CommandLineValue.years) }
  ) var years: Int?
  @Option(help: "GSL generator name (overrides the file).") var rng: String?
  @Option(
    parsing: .unconditional, help: "Worker threads (default: all cores).",
    transform: { try CommandLineValue.whole($0, allowed: CommandLineValue.threads) }
  ) var threads: Int?
  @Option(name: .customLong("out"), help: "Output folder (default: results/<scenario stem>/).") var out: String?
  @Flag(help: "Print nothing but errors.") var quiet = false

  /// Called by each command's `checkArguments()` (see `CheckedCommand`).
  func checkArguments() throws {
    if let threads, threads < 1 {
      throw ValidationError("--threads: \(threads) is not allowed (allowed: \(CommandLineValue.threads))")
    }
  }

  /// The library's options with these set.
  var runOptions: RunOptions {
    var options = RunOptions(threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
    options.paths = paths
    options.seed = seed
    options.years = years
    options.rng = rng
    options.outputFolder = out
    options.quiet = quiet
    return options
  }

  /// Whether to draw a progress bar (stderr is a terminal and not --quiet).
  var showsProgress: Bool { !quiet && isatty(STDERR_FILENO) != 0 }

  /// A runner of `options` that draws the progress bar when `showsProgress` and,
  /// unless --quiet, prints the scenario's warnings on stderr before it runs.
  func runner(_ options: RunOptions) -> Runner {
    var runner = Runner(options: options)
    if showsProgress { runner.progress = ProgressBar.report }
    if !quiet { runner.warn = { FileHandle.standardError.write(Data(($0.description + "\n").utf8)) } }
    return runner
  }

  /// Checks that a scenario path names an existing file.
  static func checkScenarioFile(_ path: String) throws {
    var isDir: ObjCBool = false
    if !FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
      throw ValidationError("scenario file '\(path)' does not exist")
    }
    if isDir.boolValue { throw ValidationError("'\(path)' is a folder, not a scenario file") }
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

  /// Clears the bar's line.
  static func clear() { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
}

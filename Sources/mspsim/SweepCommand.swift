import ArgumentParser
import Foundation
import MSPSimCore

struct SweepCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sweep",
    abstract: "Run a grid of parameter values with common random numbers and write sweep.csv.",
    discussion: """
      Example: how fast must adoption be for msp2 to win with 80 % probability?
        mspsim sweep Scenarios/msp1-vs-msp2.yaml --set models.msp2.adoption.monthly=0.003,0.006,0.01,0.02,0.03
      Keys: discount_rate, market.NAME, models.MODEL.SECTION.KEY (docs/scenario-format.md).
      """)

  @Argument(help: "Scenario file (YAML).") var scenario: String
  @Option(name: .customLong("set"), help: "KEY=V1,V2,... (repeat for a grid).") var sets: [String] = []
  @Option(parsing: .unconditional, help: "Paths per point (overrides the file).") var paths: Int?
  @Option(parsing: .unconditional, help: "Seed (overrides the file).") var seed: UInt64?
  @Option(parsing: .unconditional, help: "Horizon in years, 1-30 (overrides the file).") var years: Int?
  @Option(parsing: .unconditional, help: "Worker threads (default: all cores).") var threads: Int?
  @Option(name: .customLong("out"), help: "Output folder (default: results/<scenario stem>/).") var out: String?
  @Flag(help: "Print nothing but errors.") var quiet = false

  func validate() throws {
    if sets.isEmpty { throw ValidationError("give at least one --set KEY=V1,V2,...") }
    if let threads, threads < 1 { throw ValidationError("--threads must be >= 1, got \(threads)") }
    var isDir: ObjCBool = false
    if !FileManager.default.fileExists(atPath: scenario, isDirectory: &isDir) {
      throw ValidationError("scenario file '\(scenario)' does not exist")
    }
    if isDir.boolValue { throw ValidationError("'\(scenario)' is a folder, not a scenario file") }
  }

  func run() throws {
    var options = RunOptions(threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
    options.paths = paths
    options.seed = seed
    options.years = years
    let s = try ScenarioLoader.load(path: scenario).applying(options.overrides)
    let axes = try sets.map { text throws(ScenarioError) in try Sweep.parseAxis(text) }
    let folder = OutputFolder(path: out ?? Runner.defaultOutputFolder(scenarioPath: scenario))
    try folder.prepare()
    let showProgress = !quiet && isatty(STDERR_FILENO) != 0
    let result = try Sweep.run(scenario: s, axes: axes, threads: options.threads,
                               progress: showProgress ? ProgressBar.report : nil)
    if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    try folder.write([("sweep.csv", result.csv)])
    if !quiet { print(result.text + "\nResults: \(folder.path)/sweep.csv") }
  }
}

import ArgumentParser
import Foundation
import MSPSimCore

struct RunCommand: ParsableCommand, CheckedCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run a scenario (default: the built-in MSP 1.0 vs 2.0 scenario) and write CSV results.")

  @Argument(help: "Scenario file (YAML). Omit to run the built-in default.")
  var scenario: String?

  @OptionGroup var shared: SharedOptions
  // A bare `--sensitivity` (no method) is rewritten to `--sensitivity=rank` before
  // parsing (SensitivityArgument), so it keeps working as it did when it was a flag.
  @Option(
    name: .customLong("sensitivity"),
    help: ArgumentHelp(
      "rank (the default when no method is given): rank the uncertain inputs by Spearman correlation with NPV and last-year revenue (sensitivity.csv, tornado); sobol: first-order and total Sobol indices of NPV, value and the models' difference (sobol.csv, sobol.svg).",
      valueName: "rank|sobol"))
  var sensitivity: SensitivityMethod?
  @Option(
    parsing: .unconditional,
    help: "Run in batches until every model's mean NPV has relative standard error <= this (e.g. 0.005).",
    transform: { try CommandLineValue.number($0, allowed: CommandLineValue.precision) })
  var precision: Double?
  @Option(
    name: .customLong("max-paths"), parsing: .unconditional,
    help: "Most paths a --precision run may use (default 1,000,000).",
    transform: { try CommandLineValue.whole($0, allowed: CommandLineValue.paths) })
  var maxPaths: Int?
  @Flag(name: .customLong("no-charts"), help: "Do not write the SVG charts.") var noCharts = false
  @Flag(
    inversion: .prefixedNo,
    help: "Write report.html: the answer, the charts, the mix, the comparison and the inputs on one page.")
  var report = true
  @Flag(inversion: .prefixedNo, help: "Write results.xlsx, the workbook of the answer and the tables.")
  var xlsx = true
  @Option(
    name: .customLong("per-path"),
    help: "Also write FILE.csv: one row per path of every uncertain input and every summary output.")
  var perPath: String?
  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Run only shard I of N of the paths and write DIR/shard.bin, for `mspsim merge` (docs/scale-out.md).",
      valueName: "I/N"))
  var shard: String?

  func checkArguments() throws {
    try shared.checkArguments()
    if let precision, !(precision > 0 && precision < 1) {
      throw ValidationError("--precision: \(precision) is not allowed (allowed: \(CommandLineValue.precision))")
    }
    if let maxPaths, !(1...Scenario.maxPaths).contains(maxPaths) {
      throw ValidationError("--max-paths: \(maxPaths) is not allowed (allowed: \(CommandLineValue.paths))")
    }
    if maxPaths != nil, precision == nil { throw ValidationError("--max-paths goes with --precision") }
    if shared.paths != nil, precision != nil {
      throw ValidationError(
        "--paths and --precision: give one or the other (--precision runs batches of 1,024, 2,048, ... paths until the target or --max-paths)"
      )
    }
    if let scenario { try SharedOptions.checkScenarioFile(scenario) }
  }

  func run() throws {
    var options = shared.runOptions
    options.sensitivity = sensitivity
    options.perPathFile = perPath
    options.precision = precision
    options.maxPaths = maxPaths
    options.charts = !noCharts
    options.report = report
    options.xlsx = xlsx
    options.shard = try shard.map { text throws(ScenarioError) in try ShardSpec(parsing: text) }
    let runner = shared.runner(options)
    let outcome = try runner.run(scenarioPath: scenario)
    if shared.showsProgress { ProgressBar.clear() }
    if !shared.quiet { try StandardOutput.print(outcome.summary, terminator: "") }
  }
}

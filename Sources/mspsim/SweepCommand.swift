import ArgumentParser
import Foundation
import MSPSimCore

struct SweepCommand: ParsableCommand, CheckedCommand {
  static let configuration = CommandConfiguration(
    commandName: "sweep",
    abstract: "Run a grid of parameter values with common random numbers and write sweep.csv.",
    discussion: """
      Example: how fast must adoption be for msp2 to win with 80 % probability?
        mspsim sweep Scenarios/msp1-vs-msp2.yaml \\
          --set models.msp2.adoption.monthly=0.003,0.006,0.01,0.02,0.03
      Keys: discount_rate, market.NAME, valuation.KEY, cash.KEY, recessions.KEY,
      models.MODEL.SECTION.KEY (docs/scenario-format.md).
      """)

  @Argument(help: "Scenario file (YAML).") var scenario: String
  @Option(name: .customLong("set"), help: "KEY=V1,V2,... (repeat for a grid).") var sets: [String] = []
  @OptionGroup var shared: SharedOptions
  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "Run only shard I of N of the grid points and write DIR/shard.bin, for `mspsim merge`.", valueName: "I/N"))
  var shard: String?

  func checkArguments() throws {
    try shared.checkArguments()
    if sets.isEmpty { throw ValidationError("give at least one --set KEY=V1,V2,...") }
    try SharedOptions.checkScenarioFile(scenario)
  }

  func run() throws {
    var options = shared.runOptions
    options.shard = try shard.map { text throws(ScenarioError) in try ShardSpec(parsing: text) }
    let runner = shared.runner(options)
    let outcome = try runner.sweep(scenarioPath: scenario, axes: sets)
    if shared.showsProgress { ProgressBar.clear() }
    if !shared.quiet { try StandardOutput.print(outcome.summary, terminator: "") }
  }
}

import ArgumentParser
import Foundation
import MSPSimCore

struct SeekCommand: ParsableCommand, CheckedCommand {
  static let configuration = CommandConfiguration(
    commandName: "seek",
    abstract: "Find the value of a number key at which a result reaches a target, and write seek.csv.",
    discussion: """
      Every evaluation runs the scenario with the same seed (common random numbers).
      KEY: discount_rate, market.NAME, valuation.KEY, cash.KEY, recessions.KEY or
      models.MODEL.SECTION.KEY, holding a number.
      NAME: MODEL.METRIC.STAT of summary.csv (msp2.npv.ebitda.p50) or
        BASELINE:ALTERNATIVE.COLUMN of compare.csv (msp1:msp2.p_npv_better).
      Example: which share of new clients taking 2.0 at signup makes msp2 win
      on 90 % of paths?
        mspsim seek --vary models.msp2.adoption.at_signup \\
          --target msp1:msp2.p_npv_better=0.9
      Exit 0: found; 1: not found (seek.csv is still written); 2: wrong scenario
      or command line (nothing written). More: docs/outputs.md, "Seek".
      """)

  @Argument(help: "Scenario file (YAML). Omit to use the built-in default.") var scenario: String?
  @Option(help: ArgumentHelp("The key to vary, holding a number.", valueName: "KEY"))
  var vary: String
  @Option(
    parsing: .unconditional,
    help: ArgumentHelp("The figure and the value it should reach.", valueName: "NAME=VALUE"))
  var target: String
  @Option(
    parsing: .unconditional,
    help: ArgumentHelp(
      "The bracket to search (default: the key's allowed range when finite, e.g. 0,1).", valueName: "LO,HI"))
  var between: String?
  @Option(
    parsing: .unconditional,
    help: ArgumentHelp("Stop when the bracket is this narrow (default: (HI-LO)/1000).", valueName: "T"),
    transform: { try CommandLineValue.number($0, allowed: CommandLineValue.tolerance) })
  var tolerance: Double?
  @Option(
    name: .customLong("max-evaluations"), parsing: .unconditional,
    help: ArgumentHelp("Most runs of the scenario (default \(Seek.defaultMaxEvaluations)).", valueName: "N"),
    transform: { try CommandLineValue.whole($0, allowed: CommandLineValue.evaluations) })
  var maxEvaluations: Int?
  @OptionGroup var shared: SharedOptions

  func checkArguments() throws {
    try shared.checkArguments()
    if let scenario { try SharedOptions.checkScenarioFile(scenario) }
  }

  func run() throws {
    let runner = shared.runner(shared.runOptions)
    let outcome = try runner.seek(
      scenarioPath: scenario, vary: vary, target: target, between: between, tolerance: tolerance,
      maxEvaluations: maxEvaluations)
    if shared.showsProgress { ProgressBar.clear() }
    if !shared.quiet { try StandardOutput.print(outcome.summary, terminator: "") }
    if let failure = outcome.failure {
      // Exit 1: a script must not take the last row for an answer.
      fflush(nil)  // the summary before the message
      FileHandle.standardError.write(Data("mspsim: seek: \(failure)\n".utf8))
      throw ExitCode(1)
    }
  }
}

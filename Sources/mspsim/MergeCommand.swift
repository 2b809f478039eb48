import ArgumentParser
import Foundation
import MSPSimCore

struct MergeCommand: ParsableCommand, CheckedCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Merge the shards of one run or sweep and write its normal outputs.",
    discussion: """
      Each DIR is a folder that `mspsim run --shard I/N` or `mspsim sweep --shard
      I/N` wrote (or its shard.bin). All N shards must be given, each once; the
      outputs are those one run of all the paths would write (docs/scale-out.md).
        mspsim merge shards/shard-1 shards/shard-2 shards/shard-3 \\
          --out results/merged
      """)

  @Argument(help: "Shard folders (or shard.bin files), one per shard.") var shards: [String] = []
  @Option(name: .customLong("out"), help: "Output folder (default: results/<scenario stem>/).") var out: String?
  @Flag(help: "Print nothing but errors.") var quiet = false
  @Flag(name: .customLong("no-charts"), help: "Do not write the SVG charts.") var noCharts = false
  @Flag(inversion: .prefixedNo, help: "Write report.html.") var report = true
  @Flag(inversion: .prefixedNo, help: "Write results.xlsx.") var xlsx = true

  func checkArguments() throws {
    if shards.isEmpty { throw ValidationError("give the shard folders to merge (mspsim merge DIR... --out OUT)") }
  }

  func run() throws {
    var options = RunOptions(threads: 1)  // a merge simulates nothing
    options.outputFolder = out
    options.quiet = quiet
    options.charts = !noCharts
    options.report = report
    options.xlsx = xlsx
    let outcome = try Runner(options: options).merge(paths: shards)
    if !quiet { try StandardOutput.print(outcome.summary, terminator: "") }
  }
}

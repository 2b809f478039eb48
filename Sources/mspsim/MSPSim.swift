import ArgumentParser
import MSPSimCore

@main
struct MSPSim: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "mspsim",
    abstract: "Monte Carlo projection of an MSP's revenue mix: MSP 1.0 vs MSP 2.0.",
    subcommands: [ListCommand.self]
  )
}

import ArgumentParser
import MSPSimCore

struct ListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "List the distributions, stream kinds and GSL generators.")

  func run() throws {
    try StandardOutput.print(Listing.text())
  }
}

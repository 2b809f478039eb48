import ArgumentParser
import Foundation
import MSPSimCore

struct InitCommand: ParsableCommand, CheckedCommand {
  static let configuration = CommandConfiguration(
    commandName: "init", abstract: "Print an annotated scenario file to start from.")

  @Option(help: "Template: \(Templates.names.joined(separator: ", ")).") var template: String = DefaultScenario.stem

  func checkArguments() throws {
    if Templates.text(named: template) == nil {
      throw ValidationError("unknown template '\(template)' (allowed: \(Templates.names.joined(separator: ", ")))")
    }
  }

  func run() throws { try StandardOutput.print(Templates.text(named: template)!, terminator: "") }
}

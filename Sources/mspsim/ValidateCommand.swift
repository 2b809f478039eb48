import ArgumentParser
import Foundation
import MSPSimCore

struct ValidateCommand: ParsableCommand, CheckedCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate", abstract: "Check scenario files without running them.")

  @Argument(help: "Scenario files.") var scenarios: [String]

  func checkArguments() throws {
    if scenarios.isEmpty { throw ValidationError("give at least one scenario file") }
  }

  func run() throws {
    var failed = false
    for path in scenarios {
      do {
        let scenario = try ScenarioLoader.load(path: path)
        // Still valid: the warnings go to stderr, the file is "ok" (docs/errors.md, "Warnings").
        for warning in scenario.warnings {
          FileHandle.standardError.write(Data((warning.description + "\n").utf8))
        }
      } catch {
        failed = true
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        continue
      }
      try StandardOutput.print("\(path): ok")
    }
    if failed { throw ExitCode(2) }
  }
}

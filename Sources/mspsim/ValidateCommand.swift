import ArgumentParser
import Foundation
import MSPSimCore

struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate", abstract: "Check scenario files without running them.")

  @Argument(help: "Scenario files.") var scenarios: [String]

  func validate() throws {
    if scenarios.isEmpty { throw ValidationError("give at least one scenario file") }
  }

  func run() throws {
    var failed = false
    for path in scenarios {
      do {
        _ = try ScenarioLoader.load(path: path)
        print("\(path): ok")
      } catch {
        failed = true
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
      }
    }
    if failed { throw ExitCode(2) }
  }
}

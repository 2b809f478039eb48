import ArgumentParser
import Foundation
import MSPSimCore

/// `mspsim`: parses arguments, calls the library, maps errors to exit codes
/// (docs/scenario-format.md: 0 success, 2 scenario or command line wrong, 1 anything else).
@main
struct MSPSim: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "mspsim",
    abstract: "Monte Carlo projection of an MSP's revenue mix: MSP 1.0 vs MSP 2.0.",
    version: RunRecord.toolVersion,
    subcommands: [
      RunCommand.self, SweepCommand.self, SeekCommand.self, ValidateCommand.self, InitCommand.self, ListCommand.self,
      FitCommand.self, SchemaCommand.self, MergeCommand.self,
    ]
  )

  static func main() {
    ProcessorLevel.requireBuiltLevel()
    Interrupts.install()
    do {
      let arguments = Array(CommandLine.arguments.dropFirst())
      try checkCommandName(arguments.first)
      var command = try parseAsRoot(SensitivityArgument.normalised(arguments))
      // After the parse, which has named any option the command does not know.
      try (command as? any CheckedCommand)?.checkArguments()
      try command.run()
    } catch let e as ScenarioError {
      FileHandle.standardError.write(Data((e.description + "\n").utf8))
      Foundation.exit(2)
    } catch let e as OutputError {
      FileHandle.standardError.write(Data(("mspsim: " + e.description + "\n").utf8))
      Foundation.exit(1)
    } catch let e as StandardOutput.Failure {
      FileHandle.standardError.write(Data(("mspsim: " + e.description + "\n").utf8))
      Foundation.exit(1)
    } catch let e as GSLError {
      FileHandle.standardError.write(Data(("mspsim: " + e.description + "\n").utf8))
      Foundation.exit(1)
    } catch let e as ExitCode {
      Foundation.exit(e.rawValue)
    } catch {
      let code = exitCode(for: error)
      if code == .success {
        exit(withError: error)  // --help, --version
      }
      // Command-line mistakes: one clear line and a hint, exit 2.
      var message = oneLine(fullMessage(for: error))
      if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
      let hint = "mspsim --help and mspsim <command> --help list the options"
      FileHandle.standardError.write(Data("mspsim: \(message) (\(hint))\n".utf8))
      Foundation.exit(code == .validationFailure ? 2 : code.rawValue == 64 ? 2 : 1)
    }
  }
}

extension MSPSim {
  /// The parser's message on one line: its first line, and, when that line ends by
  /// announcing a list ("Please provide one of the following:", for an option of six
  /// or more values such as `fit --kind`), the list's items that follow it, so the
  /// allowed values are not cut off with the usage text after them.
  static func oneLine(_ message: String) -> String {
    let lines = message.split(separator: "\n", omittingEmptySubsequences: false)
    guard var line = lines.first.map(String.init) else { return message }
    guard line.hasSuffix(":") else { return line }
    let items = lines.dropFirst().prefix { $0.hasPrefix("  - ") }.map { "'\($0.dropFirst(4))'" }
    if !items.isEmpty {
      line.removeLast()
      line += " " + items.joined(separator: ", ") + "."
    }
    return line
  }
}

extension MSPSim {
  /// The parser reads a mistyped command (`mspsim runn my.yaml`) as stray arguments
  /// ("2 unexpected arguments: 'runn', 'my.yaml'") or blames an option after it:
  /// a first word that is not an option must be a command, so it is named as one.
  static func checkCommandName(_ first: String?) throws {
    guard let first, !first.hasPrefix("-") else { return }
    let names = configuration.subcommands.map { $0._commandName }
    guard !names.contains(first), first != "help" else { return }
    var message = "unknown command '\(first)'"
    if let near = Suggestion.closest(to: first, in: names) { message += "; did you mean '\(near)'?" }
    throw ValidationError(message + " (commands: \(names.joined(separator: ", ")))")
  }
}

/// SIGINT/SIGTERM: remove temporary output files, then exit non-zero
/// (130/143 as shells do), so an interrupted run leaves no half-written file.
enum Interrupts {
  nonisolated(unsafe) static var sources: [DispatchSourceSignal] = []

  static func install() {
    for (sig, code) in [(SIGINT, Int32(130)), (SIGTERM, Int32(143))] {
      signal(sig, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
      source.setEventHandler {
        TemporaryFiles.removeAll()
        FileHandle.standardError.write(Data("\nmspsim: interrupted; no results were written\n".utf8))
        Foundation.exit(code)
      }
      source.resume()
      sources.append(source)
    }
  }
}

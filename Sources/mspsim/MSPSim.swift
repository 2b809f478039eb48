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
      var command = try parseAsRoot(SensitivityArgument.normalised(Array(CommandLine.arguments.dropFirst())))
      // After the parse, which has named any option the command does not know.
      try (command as? any CheckedCommand)?.checkArguments()
      try command.run()
    } catch let e as ScenarioError {
      FileHandle.standardError.write(Data((e.description + "\n").utf8))
      Foundation.exit(2)
    } catch let e as OutputError {
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
      var message = fullMessage(for: error)
      if let firstLine = message.split(separator: "\n").first { message = String(firstLine) }
      if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
      let hint = "mspsim --help and mspsim <command> --help list the options"
      FileHandle.standardError.write(Data("mspsim: \(message) (\(hint))\n".utf8))
      Foundation.exit(code == .validationFailure ? 2 : code.rawValue == 64 ? 2 : 1)
    }
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

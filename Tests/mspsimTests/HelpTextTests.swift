import ArgumentParser
import XCTest

@testable import mspsim

/// `mspsim COMMAND --help` as an 80-column terminal shows it: the discussion's lines
/// come out as written. swift-argument-parser re-wraps a line longer than the screen at
/// its last space, so an example command longer than 80 columns was printed cut in two
/// (`mspsim sweep Scenarios/msp1-vs-msp2.yaml --set` on one line, the key on the next),
/// and a line written a little too long left a one-word line after it.
final class HelpTextTests: XCTestCase {
  func testEveryDiscussionLineIsShownWhole() {
    for command in MSPSim.configuration.subcommands {
      let name = command.configuration.commandName ?? "\(command)"
      let help = MSPSim.helpMessage(for: command, columns: 80)
      let shown = Set(help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
      for line in command.configuration.discussion.split(separator: "\n") where !line.isEmpty {
        XCTAssertTrue(shown.contains(String(line)), "mspsim \(name) --help re-wraps: \(line)")
      }
    }
  }

  /// ArgumentParser prints a flag's default itself ("(default: --report)"), so the help
  /// text does not say it a second time.
  func testNoDefaultIsSaidTwice() {
    for command in MSPSim.configuration.subcommands {
      let help = MSPSim.helpMessage(for: command, columns: 200)
      XCTAssertFalse(help.contains("(default on)"), "mspsim \(command.configuration.commandName ?? "") --help")
      XCTAssertFalse(help.contains("(default: on)"), "mspsim \(command.configuration.commandName ?? "") --help")
    }
  }
}

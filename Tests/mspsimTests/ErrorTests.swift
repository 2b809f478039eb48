import Foundation
import MSPSimTestSupport
import XCTest

/// Wrong scenarios and wrong command lines: exit 2, one clear message, nothing written
/// (docs/errors.md, "Errors and exit codes").
final class ErrorTests: XCTestCase {
  /// 1-based (line, column) of the value `1.4` on the first line containing `needle`
  /// (errors point at the offending value).
  func position(of needle: String, in text: String) -> (line: Int, column: Int)? {
    for (i, line) in text.components(separatedBy: "\n").enumerated() {
      if let r = line.range(of: needle), let v = line.range(of: "1.4", range: r) {
        return (i + 1, line.distance(from: line.startIndex, to: v.lowerBound) + 1)
      }
    }
    return nil
  }

  /// Writes `text` as a scenario, runs it into an existing empty folder and into a path
  /// that does not exist yet, and checks exit 2, the message, and that nothing is written.
  func assertScenarioError(
    _ text: String, model: String, needle: String, file: StaticString = #filePath, line: UInt = #line
  ) throws {
    let folder = temporaryFolder(create: true)
    let scenario = folder.appendingPathComponent("bad-churn.yaml")
    try Data(text.utf8).write(to: scenario)
    guard let pos = position(of: needle, in: text) else { return XCTFail("test bug: no '\(needle)'") }
    let expected = "\(scenario.path):\(pos.line):\(pos.column): models.\(model).churn.annual:"

    let out = temporaryFolder(create: true)  // exists and is empty: must stay empty
    let r = try CLI.run(["run", scenario.path, "--paths", "50", "--years", "1", "--out", out.path])
    XCTAssertEqual(r.status, 2, "\(r)", file: file, line: line)
    XCTAssertTrue(r.err.contains(expected), "stderr lacks '\(expected)'\n\(r)", file: file, line: line)
    XCTAssertTrue(r.err.contains("0...1"), "stderr does not say what is allowed (0...1)\n\(r)", file: file, line: line)
    XCTAssertEqual(r.errLines.count, 1, "one issue, one line\n\(r)", file: file, line: line)
    XCTAssertEqual(r.out, "", "nothing on stdout\n\(r)", file: file, line: line)
    XCTAssertEqual(
      listing(out), [], "the --out folder must stay empty (no temporary files either)", file: file, line: line)

    let missing = temporaryFolder()  // does not exist: must not be created
    let r2 = try CLI.run(["run", scenario.path, "--paths", "50", "--years", "1", "--out", missing.path, "--quiet"])
    XCTAssertEqual(r2.status, 2, "\(r2)", file: file, line: line)
    XCTAssertFalse(
      FileManager.default.fileExists(atPath: missing.path),
      "a wrong scenario created the --out folder \(listing(missing))", file: file, line: line)

    let v = try CLI.run(["validate", scenario.path])
    XCTAssertEqual(v.status, 2, "\(v)", file: file, line: line)
    XCTAssertTrue(v.err.contains(expected), "validate: stderr lacks '\(expected)'\n\(v)", file: file, line: line)
    XCTAssertFalse(v.out.contains("ok"), "validate printed ok for a wrong file\n\(v)", file: file, line: line)
  }

  /// A valid one-model scenario file `name` in `folder`, with `top`'s lines first.
  func oneModelFile(in folder: URL, named name: String, top: String) throws -> URL {
    let scenario = folder.appendingPathComponent(name)
    let text = """
      \(top)
      models:
        m:
          clients: {initial: 10, seats: 20}
          churn: {annual: 0.1}
          streams:
            managed_services: {price_per_seat: 100}

      """
    try Data(text.utf8).write(to: scenario)
    return scenario
  }

  /// A rate typed as a percentage (docs/errors.md, "Warnings"): the file is valid, so
  /// `validate` says ok and exits 0 and `run` runs, each first printing the warning on
  /// stderr; `--quiet` leaves it out, as it leaves out everything but errors.
  func testARateTypedAsAPercentageIsWarnedAboutNotRefused() throws {
    let folder = temporaryFolder(create: true)
    let scenario = try oneModelFile(in: folder, named: "percent.yaml", top: "discount_rate: 10")
    let expected = "\(scenario.path):1:16: discount_rate: warning: a discount rate of 10 is 1000 % a year"

    let v = try CLI.run(["validate", scenario.path])
    XCTAssertEqual(v.status, 0, "\(v)")
    XCTAssertEqual(v.out, "\(scenario.path): ok\n", "\(v)")
    XCTAssertEqual(v.errLines.count, 1, "\(v)")
    XCTAssertTrue(v.err.hasPrefix(expected), "\(v)")

    let r = try CLI.run([
      "run", scenario.path, "--paths", "50", "--years", "1", "--out", folder.appendingPathComponent("r").path,
    ])
    XCTAssertEqual(r.status, 0, "\(r)")
    XCTAssertEqual(r.errLines.count, 1, "\(r)")
    XCTAssertTrue(r.err.hasPrefix(expected), "\(r)")
    // The terminal's first line says the rate the run used.
    XCTAssertTrue(r.out.hasPrefix("scenario: 50 paths x 1 year, seed "), "\(r)")
    XCTAssertTrue(r.out.components(separatedBy: "\n")[0].hasSuffix(", discount rate 1,000 % a year"), "\(r)")

    let q = try CLI.run(
      [
        "run", scenario.path, "--paths", "50", "--years", "1", "--quiet", "--out",
        folder.appendingPathComponent("q").path,
      ])
    XCTAssertEqual(q.status, 0, "\(q)")
    XCTAssertEqual(q.err, "", "\(q)")
  }

  /// `--years` shorter than a file's exit before its last year: the run goes on and
  /// says, after the file's own warnings, that the exit moved (docs/errors.md,
  /// "Warnings"); --quiet leaves it out.
  func testAHorizonThatMovesTheExitIsWarnedAbout() throws {
    let folder = temporaryFolder(create: true)
    let scenario = try oneModelFile(
      in: folder, named: "exit.yaml",
      top: "discount_rate: 10\nhorizon_years: 6\nvaluation: {exit_year: 5, multiple_base: 3}")
    let r = try CLI.run([
      "run", scenario.path, "--paths", "50", "--years", "2", "--out", folder.appendingPathComponent("r").path,
    ])
    XCTAssertEqual(r.status, 0, "\(r)")
    XCTAssertEqual(r.errLines.count, 2, "\(r)")
    XCTAssertTrue(r.errLines.first?.hasPrefix("\(scenario.path):1:16: discount_rate: warning: ") ?? false, "\(r)")
    XCTAssertTrue(
      r.errLines.last?.hasPrefix(
        "command line:1:1: --years: warning: valuation.exit_year 5 is after the horizon of 2 years: the exit moves "
          + "to the end of year 2") ?? false, "\(r)")
    let q = try CLI.run([
      "run", scenario.path, "--paths", "50", "--years", "2", "--quiet", "--out",
      folder.appendingPathComponent("q").path,
    ])
    XCTAssertEqual(q.status, 0, "\(q)")
    XCTAssertEqual(q.err, "", "\(q)")
  }

  func testChurnAboveOneInFlowMapping() throws {
    let text = """
      name: Bad churn
      models:
        msp1:
          clients: {initial: 40, seats: {lognormal: {mean: 25, sd: 10}}}
          churn: {annual: 1.4}
          streams:
            managed_services: {price_per_seat: 140}

      """
    try assertScenarioError(text, model: "msp1", needle: "{annual: 1.4}")
  }

  func testChurnAboveOneInTheDefaultScenariosSecondModel() throws {
    let original = try String(contentsOf: Fixtures.defaultScenario, encoding: .utf8)
    let target = "      annual: market.churn\n      annual_adopted:"
    XCTAssertEqual(original.components(separatedBy: target).count, 2, "test bug: msp2's churn block not found once")
    let text = original.replacingOccurrences(of: target, with: "      annual: 1.4\n      annual_adopted:")
    try assertScenarioError(text, model: "msp2", needle: "annual: 1.4")
  }

  /// Exit 2, exactly one non-empty line on stderr mentioning `mention`, nothing on stdout,
  /// and the --out folder not created.
  func assertUsageError(_ args: [String], mentions mention: String, file: StaticString = #filePath, line: UInt = #line)
    throws
  {
    let out = temporaryFolder()
    let r = try CLI.run(args + ["--out", out.path])
    XCTAssertEqual(r.status, 2, "\(r)", file: file, line: line)
    XCTAssertEqual(r.errLines.count, 1, "one clear line on stderr\n\(r)", file: file, line: line)
    XCTAssertTrue(r.err.contains(mention), "stderr does not mention '\(mention)'\n\(r)", file: file, line: line)
    XCTAssertEqual(r.out, "", "nothing on stdout\n\(r)", file: file, line: line)
    XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "--out folder created", file: file, line: line)
  }

  func testCommandLineMistakes() throws {
    let s = "Scenarios/msp1-vs-msp2.yaml"
    try assertUsageError(["run", s, "--bogus-flag"], mentions: "--bogus-flag")
    try assertUsageError(["run", s, "--paths", "-5"], mentions: "paths")
    try assertUsageError(["run", s, "--paths", "0"], mentions: "paths")
    try assertUsageError(["run", s, "--threads", "0"], mentions: "threads")
    let nowhere = "Scenarios/no-such-scenario-\(UUID().uuidString).yaml"
    try assertUsageError(["run", nowhere], mentions: nowhere)
    try assertUsageError(["run", "Scenarios"], mentions: "Scenarios")
  }

  /// An option the command does not know is named before any check of the arguments
  /// against each other or the files they name (`CheckedCommand`): `run` has no `--set`,
  /// and its value was read as the scenario file ("scenario file 'KEY=V' does not exist").
  func testAnUnknownOptionIsNamedBeforeTheOtherChecks() throws {
    let s = "Scenarios/msp1-vs-msp2.yaml"
    try assertUsageError(["run", "--set", "paths=100"], mentions: "Unknown option '--set'")
    try assertUsageError(["run", "--bogus", "Scenarios/no-such-scenario.yaml"], mentions: "'--bogus'")
    try assertUsageError(["run", s, "--threads", "0", "--bogus"], mentions: "'--bogus'")
    try assertUsageError(["run", s, "--precision", "2", "--bogus"], mentions: "'--bogus'")
    // sweep's own check ("give at least one --set") and seek's file check.
    try assertUsageError(["sweep", s, "--sett", "paths=100,200"], mentions: "'--sett'")
    try assertUsageError(["seek", "no-such.yaml", "--vary", "a", "--target", "b=1", "--bogus"], mentions: "'--bogus'")
    try assertUsageError(["merge", "--bogus"], mentions: "'--bogus'")
    // With no unknown option, the checks still speak, as before.
    try assertUsageError(["sweep", s], mentions: "give at least one --set")
    try assertUsageError(["run", s, "--precision", "2"], mentions: "--precision")
    try assertUsageError(["merge"], mentions: "give the shard folders")
  }

  /// What a command prints on stdout is written or the command fails: behind a full
  /// disk (/dev/full) every printing command exits 1 naming standard output, where
  /// `print`'s buffer lost the failure and `mspsim init > my.yaml` exited 0.
  func testAFailedWriteToStandardOutputIsExit1() throws {
    let folder = temporaryFolder(create: true)
    for args in [
      ["init"], ["init", "--template", "minimal"], ["list"], ["schema"], ["validate", "Scenarios/msp1-vs-msp2.yaml"],
      ["fit", "Scenarios/data/client-seats.csv", "--column", "seats"],
      ["run", "Scenarios/msp1-vs-msp2.yaml", "--paths", "20", "--years", "1", "--out", folder.path],
    ] {
      let r = try CLI.run(args, stdoutDevice: "/dev/full")
      XCTAssertEqual(r.status, 1, "\(r)")
      XCTAssertEqual(
        r.errLines.last, "mspsim: cannot write to standard output: No space left on device", "\(r)")
    }
    // And to a file, as before.
    let r = try CLI.run(["init"])
    XCTAssertEqual(r.status, 0, "\(r)")
    XCTAssertTrue(r.out.hasPrefix("# yaml-language-server"), "\(r)")
  }

  /// A first word that is not an option is a command: a mistyped one is named as one,
  /// with the nearest command and the list (it was "2 unexpected arguments").
  func testAMistypedCommandIsNamed() throws {
    let r = try CLI.run(["runn", "Scenarios/msp1-vs-msp2.yaml"])
    XCTAssertEqual(r.status, 2, "\(r)")
    XCTAssertEqual(r.errLines.count, 1, "\(r)")
    XCTAssertTrue(
      r.err.hasPrefix(
        "mspsim: unknown command 'runn'; did you mean 'run'? (commands: run, sweep, seek, validate, init, list, fit, schema, merge)"
      ), "\(r)")
    let far = try CLI.run(["bash", "-c", "true"])
    XCTAssertEqual(far.status, 2, "\(far)")
    XCTAssertTrue(far.err.hasPrefix("mspsim: unknown command 'bash' (commands: run,"), "\(far)")
    // `help` is the parser's own command.
    let help = try CLI.run(["help", "run"])
    XCTAssertEqual(help.status, 0, "\(help)")
    XCTAssertTrue(help.out.contains("USAGE: mspsim run"), "\(help)")
  }

  /// An option of six or more values lists them all on its one line (the parser puts
  /// them on lines of their own after the first, which were cut with the usage).
  func testEveryAllowedValueOfALongChoiceIsListed() throws {
    let r = try CLI.run(["fit", "Scenarios/data/client-seats.csv", "--column", "seats", "--kind", "weibull"])
    XCTAssertEqual(r.status, 2, "\(r)")
    XCTAssertEqual(r.errLines.count, 1, "\(r)")
    XCTAssertTrue(
      r.err.contains(
        "'auto', 'lognormal', 'gamma', 'triangular', 'pert', 'beta', 'normal', 'poisson', 'geometric'."), "\(r)")
  }

  func testValidateOfMissingFileIsExit2() throws {
    let nowhere = "no-such-scenario-\(UUID().uuidString).yaml"
    let r = try CLI.run(["validate", nowhere])
    XCTAssertEqual(r.status, 2, "\(r)")
    XCTAssertEqual(r.errLines.count, 1, "\(r)")
    XCTAssertTrue(r.err.contains(nowhere), "\(r)")
  }

  /// A small valid scenario with `extra` appended (top-level keys) and `price` as msp1's
  /// price per seat; written to a fresh folder.
  func scenario(price: String = "140", extra: String = "", seed: String = "7") throws -> URL {
    let text = """
      name: T
      horizon_years: 2
      paths: 20
      seed: \(seed)
      models:
        msp1:
          clients: {initial: 40, seats: {lognormal: {mean: 25, sd: 10}}}
          churn: {annual: 0.10}
          acquisition: {monthly_rate: 0.5}
          streams:
            managed_services: {price_per_seat: \(price)}
          costs: {seats_per_technician: 125, technician_monthly: 7000, fixed_monthly: 40000}

      """ + extra
    let url = temporaryFolder(create: true).appendingPathComponent("t.yaml")
    try Data(text.utf8).write(to: url)
    return url
  }

  /// docs/model.md, "Correlated inputs": three targets no joint distribution can have
  /// are refused with exit 2 in a process where nothing has drawn yet (GSL's handler,
  /// which aborts, is off before the Cholesky factor is tried).
  func testCorrelationsThatCannotHoldTogetherAreRefused() throws {
    let file = try scenario(
      extra: """
        market: {a: {normal: {mean: 0, sd: 1}}, b: {normal: {mean: 0, sd: 1}}, c: {normal: {mean: 0, sd: 1}}}
        correlations:
          - [market.a, market.b, 0.9]
          - [market.a, market.c, 0.9]
          - [market.b, market.c, -0.9]

        """)
    for command in [["validate", file.path], ["run", file.path, "--quiet"]] {
      let out = temporaryFolder()
      let r = try CLI.run(command + (command[0] == "run" ? ["--out", out.path] : []))
      XCTAssertEqual(r.status, 2, "\(r)")
      // The first list item: line 15, column 3 of the file above.
      XCTAssertTrue(r.err.contains("\(file.path):15:3: correlations: these targets cannot hold together"), "\(r)")
      XCTAssertTrue(r.err.contains("weaken one of them"), "\(r)")
      XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "\(command[0]) created --out")
    }
  }

  /// docs/model.md, "Engine limits": an amount past the largest double stops the run
  /// with exit 2, naming the model (at its key), the path, the output and the month;
  /// no result file is written.
  func testAnAmountPastTheLargestDoubleStopsTheRun() throws {
    let file = try scenario(price: "1e306")
    let out = temporaryFolder(create: true)
    let r = try CLI.run(["run", file.path, "--out", out.path, "--quiet"])
    XCTAssertEqual(r.status, 2, "\(r)")
    // `msp1:` is at line 6, column 3 of the file above; a month's revenue is 1e306
    // times about 1,000 seats, past 1.8e308 in month 1 of path 0.
    XCTAssertTrue(
      r.err.contains(
        "\(file.path):6:3: models.msp1: path 0 makes revenue.managed_services, month 1 larger than the largest number"
      ), "\(r)")
    XCTAssertEqual(r.errLines.count, 1, "\(r)")
    XCTAssertEqual(listing(out), [], "a result file was written")
    // Found only while running, after the output folder was made: the folders the
    // run made are removed again.
    let missing = temporaryFolder()
    let nested = missing.appendingPathComponent("a/b")
    let r2 = try CLI.run(["run", file.path, "--out", nested.path, "--quiet"])
    XCTAssertEqual(r2.status, 2, "\(r2)")
    XCTAssertFalse(FileManager.default.fileExists(atPath: missing.path), "the failed run left \(missing.path)")
  }

  /// docs/model.md, "Engine limits": a client book past the limit is named at the
  /// key that drives it, not at the file's first line.
  func testAnEngineLimitPointsAtItsKey() throws {
    let file = try scenario()
    let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(
      of: "monthly_rate: 0.5", with: "monthly_rate: 100000")
    try Data(text.utf8).write(to: file)
    let r = try CLI.run(["run", file.path, "--out", temporaryFolder().path, "--quiet", "--years", "10"])
    XCTAssertEqual(r.status, 2, "\(r)")
    // `acquisition:` is at line 9, column 5.
    XCTAssertTrue(r.err.contains("\(file.path):9:5: models.msp1.acquisition: path 0 adds more than"), "\(r)")
  }

  /// docs/scenario-format.md, "Top-level keys": a seed is any whole number below
  /// 2^64, read exactly when written in digits; another number form only while a
  /// double holds it exactly, so no seed is silently rounded.
  func testSeedsAreReadExactly() throws {
    let largest = try scenario(seed: "18446744073709551615")
    let out = temporaryFolder()
    let r = try CLI.run(["run", largest.path, "--out", out.path, "--quiet", "--no-charts", "--no-report", "--no-xlsx"])
    XCTAssertEqual(r.status, 0, "\(r)")
    let record = try String(contentsOf: out.appendingPathComponent("run.json"), encoding: .utf8)
    XCTAssertTrue(record.contains("\"seed\" : 18446744073709551615"), record)

    for (seed, ok) in [("9007199254740993", true), ("1e6", true), ("1e19", false), ("-1", false), ("2.5", false)] {
      let file = try scenario(seed: seed)
      let v = try CLI.run(["validate", file.path])
      XCTAssertEqual(v.status, ok ? 0 : 2, "seed \(seed): \(v)")
      if !ok {
        XCTAssertTrue(
          v.err.contains(
            "\(file.path):4:7: seed: \(seed) is not a seed (allowed: a whole number from 0 to 18446744073709551615"),
          "seed \(seed): \(v)")
      }
    }
  }

  /// A sweep's keys and values are checked before the output folder is made, and a
  /// key given to --set twice is refused (only one of its values could apply).
  func testSweepChecksEveryPointBeforeTouchingTheFolder() throws {
    let file = try scenario()
    for (sets, mention) in [
      (["--set", "models.msp9.churn.annual=0.1"], "no model 'msp9'"),
      (["--set", "models.msp1.churn.annual=1.5"], "models.msp1.churn.annual"),
      (
        ["--set", "models.msp1.churn.annual=0.1", "--set", "models.msp1.churn.annual=0.2"],
        "is given to --set twice"
      ),
    ] {
      let out = temporaryFolder()
      let r = try CLI.run(["sweep", file.path, "--out", out.path, "--quiet"] + sets)
      XCTAssertEqual(r.status, 2, "\(sets): \(r)")
      XCTAssertTrue(r.err.contains(mention), "\(sets): \(r)")
      XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "\(sets): the sweep created --out")
    }
  }

  func testMoreCommandLineMistakes() throws {
    let s = "Scenarios/msp1-vs-msp2.yaml"
    // --precision chooses the paths itself; --paths beside it would be ignored.
    try assertUsageError(["run", s, "--paths", "100", "--precision", "0.01"], mentions: "one or the other")
  }

  /// The programs list's message says what is wrong with the list it got.
  func testProgramsListOfTheWrongLength() throws {
    for (programs, got) in [
      ("[]", "got an empty list"),
      ("[" + Array(repeating: "{share: 0.1}", count: 9).joined(separator: ", ") + "]", "got a list of 9"),
    ] {
      let file = try scenario()
      let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(
        of: "managed_services: {price_per_seat: 140}",
        with:
          "managed_services: {price_per_seat: 140}\n      marketplace: {capture: 0.3, cloud_spend_per_seat: 150, programs: \(programs)}"
      )
      try Data(text.utf8).write(to: file)
      let v = try CLI.run(["validate", file.path])
      XCTAssertEqual(v.status, 2, "\(v)")
      XCTAssertTrue(
        v.err.contains("models.msp1.streams.marketplace.programs: expected a list of up to 8 programs"), "\(v)")
      XCTAssertTrue(v.err.contains(got), "\(v)")
    }
  }

  /// An output folder that cannot be made says which part is in the way (exit 1,
  /// docs/errors.md).
  func testAnOutputFolderBehindAFileNamesTheFile() throws {
    let file = try scenario()
    let r = try CLI.run(["run", file.path, "--out", file.path + "/sub", "--quiet"])
    XCTAssertEqual(r.status, 1, "\(r)")
    XCTAssertTrue(r.err.contains("\(file.path) is a file, not a folder"), "\(r)")
  }

  /// A model name a key path or a pair could not name, and a market entry naming
  /// another, are refused where they stand, saying what is allowed.
  func testNamesKeyPathsCannotReachAndMarketEntriesReferringToOthers() throws {
    for (name, position) in [("msp.1", "6:3"), ("msp1:x", "6:3"), ("\"\"", "6:3")] {
      let file = try scenario()
      let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "  msp1:", with: "  \(name):")
      try Data(text.utf8).write(to: file)
      let v = try CLI.run(["validate", file.path])
      XCTAssertEqual(v.status, 2, "\(name): \(v)")
      XCTAssertTrue(v.err.contains("\(file.path):\(position): models: "), "\(name): \(v)")
      XCTAssertTrue(v.err.contains("is not a model name (allowed: a non-empty name without '.' or ':'"), "\(v)")
    }
    let file = try scenario(extra: "market: {a: 0.1, b: market.a}\n")
    let v = try CLI.run(["validate", file.path])
    XCTAssertEqual(v.status, 2, "\(v)")
    // `market:` is line 13 of the file; b's value at column 21.
    XCTAssertTrue(v.err.contains("\(file.path):13:21: market.b: a market entry cannot refer to another"), "\(v)")
  }
}

import Foundation
import MSPSimTestSupport
import XCTest

/// `mspsim seek` as a process (docs/outputs.md, "Seek"): exit 0 with the value
/// found, exit 1 with seek.csv when the target is not reached in the bracket, exit 2
/// and nothing written for a wrong key, target, bracket or tolerance.
final class SeekCommandTests: XCTestCase {
  /// Two constant books that differ only in the alternative's price per seat P
  /// (base: P0 = 100): 10 clients of 20 seats each, no churn, no arrivals, no costs.
  /// Every month the alternative earns 200 (P - P0) more, so on every path
  ///   npv_diff(P) = 200 (P - P0) D,  D = sum_{t=1}^{24} 1.1^(-t/12),
  /// and npv_diff = V at P* = P0 + V / (200 D), with standard error 0.
  let pair = ConstantBooks.pair(paths: 40, seed: 5)
  let priceKey = "models.alt.streams.managed_services.price_per_seat"
  var discountSum: Double { ConstantBooks.discountSum(months: 24, rate: 0.1) }

  func writePair() throws -> URL {
    let folder = temporaryFolder(create: true)
    let file = folder.appendingPathComponent("pair.yaml")
    try Data(pair.utf8).write(to: file)
    return file
  }

  func testFindsThePriceOfAnNPVDifferenceWithinTheTolerance() throws {
    let scenario = try writePair()
    let v = 100_000.0
    let exact = 100 + v / (200 * discountSum)
    let out = temporaryFolder()
    let r = try CLI.run([
      "seek", scenario.path, "--vary", priceKey, "--target", "base:alt.npv_diff_mean=\(v)", "--between", "80,200",
      "--out", out.path,
    ])
    XCTAssertEqual(r.status, 0, "\(r)")
    XCTAssertTrue(r.out.contains("Found \(priceKey) = "), "\(r)")
    XCTAssertTrue(r.out.contains("Results: \(out.path)/seek.csv"), "\(r)")
    XCTAssertEqual(r.err, "", "\(r)")
    XCTAssertEqual(listing(out), ["seek.csv"], "only seek.csv, no temporary file")
    guard let text = readText(out.appendingPathComponent("seek.csv")) else { return }
    let csv = try CSVTable(text)
    XCTAssertEqual(csv.header, ["evaluation", "key_value", "target_value", "target_se", "found"])
    XCTAssertEqual(csv.rows.map { $0[0] }, (1...csv.rows.count).map(String.init), "one row per evaluation, in order")
    XCTAssertEqual(Array(csv.rows.prefix(2).map { $0[1] }), ["80", "200"], "the ends first")
    let found = csv.rows.filter { $0[4] == "1" }
    XCTAssertEqual(found.count, 1, text)
    // Tolerance (200 - 80) / 1000 = 0.12; no sampling error, so the bracket decides.
    let row = try XCTUnwrap(found.first, text)
    let x = try XCTUnwrap(Double(row[1]), "key_value '\(row[1])'")
    XCTAssertLessThanOrEqual(abs(x - exact), 0.12, "found \(x), exact \(exact)")
    XCTAssertEqual(row[3], "0", "a constant book has standard error 0")

    // The same search on one thread and on two: the same bytes.
    let one = temporaryFolder()
    let r1 = try CLI.run([
      "seek", scenario.path, "--vary", priceKey, "--target", "base:alt.npv_diff_mean=\(v)", "--between", "80,200",
      "--out", one.path, "--threads", "1", "--quiet",
    ])
    XCTAssertEqual(r1.status, 0, "\(r1)")
    XCTAssertEqual(r1.out + r1.err, "", "--quiet prints nothing when found")
    XCTAssertEqual(readText(one.appendingPathComponent("seek.csv")), text)
  }

  func testTargetNotReachedIsExit1AndStillWritesTheEvaluations() throws {
    let scenario = try writePair()
    // At HI = 150 the difference is 200 x 50 x D; ask for far more.
    let out = temporaryFolder()
    let r = try CLI.run([
      "seek", scenario.path, "--vary", priceKey, "--target", "base:alt.npv_diff_mean=1e9", "--between", "100,150",
      "--out", out.path, "--quiet",
    ])
    XCTAssertEqual(r.status, 1, "\(r)")
    XCTAssertEqual(r.out, "", "--quiet: only the error\n\(r)")
    XCTAssertEqual(r.errLines.count, 1, "\(r)")
    XCTAssertTrue(
      r.err.hasPrefix("mspsim: seek: base:alt.npv_diff_mean = 1000000000 is not reached for \(priceKey) in [100"),
      "\(r)")
    XCTAssertTrue(r.err.contains(" gives 0 (se 0)"), "what LO gives\n\(r)")
    guard let text = readText(out.appendingPathComponent("seek.csv")) else { return }
    let csv = try CSVTable(text)
    XCTAssertEqual(csv.rows.map { $0[1] }, ["100", "150"], "both ends evaluated")
    XCTAssertEqual(csv.rows.map { $0[4] }, ["0", "0"], "no row found")
    let hiRow = try XCTUnwrap(csv.rows.dropFirst().first, text)
    let hi = try XCTUnwrap(Double(hiRow[2]), "target_value at HI '\(hiRow[2])'")
    XCTAssertEqual(hi, 200 * 50 * discountSum, accuracy: 1e-6)
  }

  /// The default scenario when SCENARIO is omitted, and a probability's default
  /// bracket 0...1 when --between is omitted: the ends evaluated first are 0 and 1.
  ///
  /// Why exit 0 and exit 1 are both accepted: whether 0.6 is found depends on what the
  /// default scenario gives on 100 paths over 2 years: exit 0 when an end, or one of
  /// the two points tried between them, comes within a standard error (about 0.05) of
  /// 0.6; exit 1 when both ends lie on one side of it ("not reached") or when the 4
  /// evaluations run out first. Those figures move whenever the default scenario or
  /// the model is recalibrated (this comment once quoted 0.54 at 0 and 0.67 at 1; a
  /// later build gave 0.43 and 0.68), and are not what this test is about. What does
  /// not move is the contract of docs/outputs.md, "Seek": seek.csv is written either
  /// way, and it has a row with found = 1 exactly when the exit code is 0; that is
  /// checked for whichever exit the run gives.
  func testDefaultScenarioAndDefaultBracket() throws {
    let out = temporaryFolder()
    let r = try CLI.run([
      "seek", "--vary", "models.msp2.adoption.at_signup", "--target", "msp1:msp2.p_npv_better=0.6", "--paths", "100",
      "--years", "2", "--out", out.path, "--max-evaluations", "4",
    ])
    XCTAssertTrue([0, 1].contains(r.status), "found or not, but no error\n\(r)")
    XCTAssertTrue(r.out.contains("varying models.msp2.adoption.at_signup in [0.000, 1.000]"), "\(r)")
    guard let text = readText(out.appendingPathComponent("seek.csv")) else { return }
    let csv = try CSVTable(text)
    XCTAssertEqual(Array(csv.rows.prefix(2).map { $0[1] }), ["0", "1"])
    XCTAssertLessThanOrEqual(csv.rows.count, 4, "--max-evaluations 4")
    XCTAssertEqual(
      csv.rows.filter { $0[4] == "1" }.count, r.status == 0 ? 1 : 0,
      "found = 1 on one row exactly when the exit code is 0\n\(r)\n\(text)")
  }

  /// Runs a seek that must fail on its command line: exit 2, the message, nothing on
  /// stdout, and the --out folder (existing and empty) left empty.
  func assertRefused(
    _ arguments: [String], saying part: String, file: StaticString = #filePath, line: UInt = #line
  ) throws {
    let out = temporaryFolder(create: true)
    let r = try CLI.run(["seek"] + arguments + ["--paths", "50", "--years", "1", "--out", out.path])
    XCTAssertEqual(r.status, 2, "\(r)", file: file, line: line)
    XCTAssertTrue(r.err.contains(part), "stderr lacks '\(part)'\n\(r)", file: file, line: line)
    XCTAssertEqual(r.out, "", "nothing on stdout\n\(r)", file: file, line: line)
    XCTAssertEqual(listing(out), [], "nothing written", file: file, line: line)
  }

  func testWrongKeysTargetsAndBracketsAreExit2AndWriteNothing() throws {
    let d = "models.msp2.adoption.at_signup"
    let t = "msp1:msp2.p_npv_better=0.8"
    // The key (on the built-in default scenario: SCENARIO omitted).
    try assertRefused(
      ["--vary", "models.msp2.adoption.monthy", "--target", t],
      saying: "command line:1:1: --vary models.msp2.adoption.monthy: unknown key 'adoption.monthy'; did you mean")
    try assertRefused(["--vary", "models.msp1.churn.annual", "--target", t], saying: "refers to market.churn")
    // The target.
    try assertRefused(["--vary", d, "--target", "msp3.npv.ebitda.p50=1"], saying: "--target: no model 'msp3'")
    try assertRefused(
      ["--vary", d, "--target", "msp2.npv.ebitd.p50=1"], saying: "has no summary metric 'npv.ebitd'; did you mean")
    try assertRefused(["--vary", d, "--target", "msp2.npv.ebitda.p51=1"], saying: "has no statistic 'p51'")
    try assertRefused(["--vary", d, "--target", "msp1:msp2.p_npv=0.8"], saying: "compare.csv has no column 'p_npv'")
    try assertRefused(["--vary", d, "--target", "msp2:msp1.p_npv_better=0.8"], saying: "no pair msp2:msp1")
    try assertRefused(["--vary", d, "--target", "msp1:msp2.p_npv_better"], saying: "is not MODEL.METRIC.STAT=VALUE")
    try assertRefused(
      ["--vary", d, "--target", "msp1:msp2.p_npv_better=high"], saying: "'high' is not a finite number")
    try assertRefused(["--vary", d], saying: "--target")
    // The bracket, the tolerance, the cap.
    try assertRefused(["--vary", d, "--target", t, "--between", "0.5"], saying: "--between: '0.5' is not LO,HI")
    try assertRefused(["--vary", d, "--target", t, "--between", "0.5,0.1"], saying: "LO must be below HI")
    try assertRefused(["--vary", d, "--target", t, "--between", "0.1,x"], saying: "is not LO,HI")
    try assertRefused(
      ["--vary", d, "--target", t, "--between", "-0.1,0.5"],
      saying: "--between: \(d): -0.1 is not allowed (allowed: a probability (0...1))")
    try assertRefused(
      ["--vary", "models.msp2.costs.vcio_monthly", "--target", t], saying: "give --between LO,HI for")
    try assertRefused(["--vary", d, "--target", t, "--tolerance", "0"], saying: "--tolerance: 0 is not a tolerance")
    try assertRefused(["--vary", d, "--target", t, "--tolerance", "tiny"], saying: "tolerance")
    try assertRefused(["--vary", d, "--target", t, "--max-evaluations", "2"], saying: "--max-evaluations: 2")
    // Every problem at once.
    let out = temporaryFolder()
    let r = try CLI.run([
      "seek", "--vary", "models.msp2.x.y", "--target", "nope", "--tolerance", "-1", "--out", out.path,
    ])
    XCTAssertEqual(r.status, 2, "\(r)")
    XCTAssertEqual(r.errLines.count, 3, "key, target and tolerance\n\(r)")
    XCTAssertFalse(FileManager.default.fileExists(atPath: out.path), "--out folder created")
  }
}

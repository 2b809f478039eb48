import Foundation
import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

/// The line under the answer that says how well its probability is known
/// (docs/reading-results.md, "The terminal summary"): one binomial standard error,
/// in percentage points, which is what another seed moves the probability by.
final class AnswerErrorTests: XCTestCase {
  /// √(p(1 - p)/n) with p = (k + 1)/(n + 2): 1,898 of 2,000 paths give p = 1,899/2,002
  /// and 0.4940 points; none of 400 gives 1/402, about 0.25 points, not 0.
  func testTheStandardErrorOfAShare() {
    let p = 1899.0 / 2002
    XCTAssertEqual(TerminalSummary.shareStandardError(1898, of: 2000), (p * (1 - p) / 2000).squareRoot())
    XCTAssertEqual(TerminalSummary.shareStandardError(1898, of: 2000) * 100, 0.4940, accuracy: 0.0001)
    let q = 1.0 / 402
    XCTAssertEqual(TerminalSummary.shareStandardError(0, of: 400), (q * (1 - q) / 400).squareRoot())
    XCTAssertEqual(
      TerminalSummary.shareStandardError(400, of: 400), TerminalSummary.shareStandardError(0, of: 400),
      accuracy: 1e-15, "symmetric: every path better is known as well as none")
  }

  /// The statistic as a statistic: 40 seeds of the default scenario at 200 paths over 3
  /// years (P(worth more at exit) near the middle, where its error is largest). Each
  /// seed's P is a binomial share, so the sample variance s² of the 40 values, against
  /// σ² = the mean of the squared standard errors the notes give, has (m - 1) s²/σ²
  /// ~ χ²(m - 1), m = 40; its 0.1 % and 99.9 % points are 17.9 and 72.1, so s/σ lies in
  /// [0.68, 1.36] at this fixed set of seeds unless the error is misstated.
  func testTheStatedErrorIsTheSpreadOverSeeds() throws {
    let base = try ScenarioLoader.load(path: Fixtures.defaultScenario.path)
    var shares: [Double] = []
    var variances: [Double] = []
    for seed in 1...40 {
      let result = try Pipeline.simulate(
        base.applying([.paths(200), .years(3), .seed(UInt64(seed))]), threads: 2)
      let better = result.pairs[0].valueBetter
      shares.append(Double(better) / 200)
      variances.append(pow(TerminalSummary.shareStandardError(better, of: 200), 2))
    }
    let mean = shares.reduce(0, +) / 40
    XCTAssertTrue((0.2...0.9).contains(mean), "P near the middle: \(mean)")
    let s2 = shares.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 39
    let sigma2 = variances.reduce(0, +) / 40
    let ratio = (s2 / sigma2).squareRoot()
    XCTAssertGreaterThan(ratio, 0.68, "s \(s2.squareRoot()), stated \(sigma2.squareRoot())")
    XCTAssertLessThan(ratio, 1.36, "s \(s2.squareRoot()), stated \(sigma2.squareRoot())")
  }

  /// The note under the answer, in the terminal, the report and the workbook; one
  /// error per pair when there are several; none for a Sobol run.
  func testTheNoteIsUnderTheAnswerEverywhere() throws {
    let base = try ScenarioLoader.load(path: Fixtures.defaultScenario.path)
    let result = try Pipeline.simulate(base.applying([.paths(300), .years(3)]), threads: 2)
    let summary = TerminalSummary(result)
    let points = 100 * TerminalSummary.shareStandardError(result.pairs[0].valueBetter, of: 300)
    let note =
      "P(worth more at exit) is known to ±\(String(format: "%.1f", points)) points: one standard error over "
      + "300 paths (4x the paths halve it)"
    XCTAssertEqual(summary.probabilityErrorNote(), note)
    XCTAssertTrue(summary.text(outputFolder: nil).contains("\n  " + note + "\n"))
    XCTAssertTrue(HTMLReport(result, charts: []).html().contains(HTMLReport.escape(note)))
    XCTAssertTrue(ResultWorkbook(result).summary().rows.contains { $0 == [.text(note)] })

    let three = try ScenarioLoader.load(
      path: Fixtures.scenariosFolder.appendingPathComponent("marketplace-heavy.yaml").path)
    let several = try Pipeline.simulate(three.applying([.paths(100), .years(2)]), threads: 2)
    XCTAssertEqual(several.modelPairs.count, 3, "marketplace-heavy.yaml: three models, three pairs")
    let line = try XCTUnwrap(TerminalSummary(several).probabilityErrorNote())
    for pair in several.modelPairs {
      XCTAssertTrue(
        line.contains("(\(several.models[pair.alternative].name) vs \(several.models[pair.baseline].name))"), line)
    }
  }
}

import Foundation
import XCTest

@testable import MSPSimCore

/// run.json is written from a `Codable` record (docs/outputs.md, "run.json"): it
/// decodes back to the same record, and its resolved scenario says where every
/// value came from.
final class RunRecordTests: XCTestCase {
  func testRunJSONDecodesToTheSameRecord() throws {
    let scenario = try ScenarioLoader.load(text: DefaultScenario.text, file: DefaultScenario.displayName)
      .applying([.paths(256), .years(2)])
    let result = try Pipeline.simulate(
      scenario, until: .precision(relativeStandardError: 0.5, maxPaths: 2048),
      threads: 2)
    let record = RunRecord(result)
    let decoded = try JSONDecoder().decode(RunRecord.self, from: Data(record.json().utf8))
    XCTAssertEqual(decoded, record)
    XCTAssertEqual(record.paths, result.paths)
    XCTAssertEqual(record.convergence?.pathsUsed, result.paths)
    XCTAssertEqual(record.convergence?.converged, true, "a 50 % target is met by the first batch")
    XCTAssertEqual(result.paths, 1024, "first batch")
    XCTAssertEqual(record.resolvedScenario.horizonYears, 2, "the override, not the file's horizon")
    XCTAssertEqual(record.scenarioSHA256, SHA256.hex(Array(DefaultScenario.text.utf8)))

    // Where each value came from: market references by name, distributions as written.
    let msp1 = try XCTUnwrap(record.resolvedScenario.models.first { $0.name == "msp1" })
    XCTAssertEqual(msp1.parameters["churn.annual"], .text("market.churn"))
    XCTAssertEqual(msp1.parameters["churn.annual_adopted"], .text(ResolvedScenario.follows(.churnAnnual)))
    XCTAssertNil(msp1.parameters["adoption.monthly"], "a 1.0-only model reads no adoption key")
    guard case .object(let churn)? = record.resolvedScenario.market["churn"], let kind = churn.keys.first,
      let distribution = DistributionKind(rawValue: kind)
    else {
      return XCTFail(
        "market.churn is not recorded as a distribution: \(String(describing: record.resolvedScenario.market["churn"]))"
      )
    }
    guard case .object(let parameters)? = churn[kind] else { return XCTFail("no parameters") }
    XCTAssertEqual(Set(parameters.keys), Set(distribution.recordedParameters))
  }
}

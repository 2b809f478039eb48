import Foundation
import MSPSimTestSupport
import XCTest

/// `mspsim fit` from the command line (docs/fit.md): the example exports fit and end
/// with a loadable YAML line; bad input exits 2 with the file, row and column.
final class FitCommandTests: XCTestCase {
  func testExampleExportsFitAndEndWithTheYAML() throws {
    for (file, column) in [("client-seats.csv", "seats"), ("project-values.csv", "value")] {
      let r = try CLI.run(["fit", "Scenarios/data/" + file, "--column", column])
      XCTAssertEqual(r.status, 0, "\(r)")
      XCTAssertEqual(r.err, "", "\(r)")
      for needle in ["best by AIC", "AIC", "se ", "paste into a scenario:"] {
        XCTAssertTrue(r.out.contains(needle), "lacks '\(needle)'\n\(r)")
      }
      let last = r.out.split(separator: "\n").last.map(String.init) ?? ""
      XCTAssertTrue(last.hasPrefix("  {") && last.hasSuffix("}}"), "last line is not the YAML value\n\(r)")
    }
  }

  func testOneKind() throws {
    let r = try CLI.run(["fit", "Scenarios/data/project-values.csv", "--column", "value", "--kind", "gamma"])
    XCTAssertEqual(r.status, 0, "\(r)")
    XCTAssertTrue(r.out.contains("Kolmogorov-Smirnov D = "), "\(r)")
    XCTAssertTrue(r.out.contains("{gamma: {shape: "), "\(r)")
    XCTAssertFalse(r.out.contains("dAIC"), "one kind: no table\n\(r)")
  }

  func write(_ text: String) throws -> URL {
    let file = temporaryFolder(create: true).appendingPathComponent("export.csv")
    try Data(text.utf8).write(to: file)
    return file
  }

  func testMalformedCellExitsTwoWithRowAndColumn() throws {
    let file = try write("project,value\nP1,\"$1,250.00\"\nP2,\"$2,000.00\"\nP3,n/a\nP4,5\nP5,6\n")
    let r = try CLI.run(["fit", file.path, "--column", "value"])
    XCTAssertEqual(r.status, 2, "\(r)")
    XCTAssertEqual(r.out, "", "\(r)")
    XCTAssertEqual(r.errLines.count, 1, "\(r)")
    XCTAssertTrue(r.err.contains("\(file.path): row 4, column 'value': 'n/a' is not a number"), "\(r)")
  }

  func testMissingColumnTooFewValuesAndUnsuitableKindExitTwo() throws {
    let file = try write("client,seats\na,0\nb,2\nc,3\nd,4\ne,5\n")
    let missing = try CLI.run(["fit", file.path, "--column", "seat"])
    XCTAssertEqual(missing.status, 2, "\(missing)")
    XCTAssertTrue(missing.err.contains("did you mean 'seats'?"), "\(missing)")
    XCTAssertTrue(missing.err.contains("(columns: 'client', 'seats')"), "\(missing)")

    let lognormal = try CLI.run(["fit", file.path, "--column", "seats", "--kind", "lognormal"])
    XCTAssertEqual(lognormal.status, 2, "\(lognormal)")
    XCTAssertTrue(lognormal.err.contains("row 2 has 0"), "\(lognormal)")

    let few = try write("client,seats\na,1\nb,\nc,3\n")
    let r = try CLI.run(["fit", few.path, "--column", "seats"])
    XCTAssertEqual(r.status, 2, "\(r)")
    XCTAssertTrue(r.err.contains("has 2 numbers (1 blank cell skipped); fitting needs at least 5"), "\(r)")

    let noFile = try CLI.run(["fit", "no-such.csv", "--column", "x"])
    XCTAssertEqual(noFile.status, 2, "\(noFile)")
    let badKind = try CLI.run(["fit", file.path, "--column", "seats", "--kind", "weibull"])
    XCTAssertEqual(badKind.status, 2, "\(badKind)")
  }

  func testHelpNamesTheKinds() throws {
    let r = try CLI.run(["fit", "--help"])
    XCTAssertEqual(r.status, 0, "\(r)")
    for kind in ["auto", "lognormal", "gamma", "triangular", "pert", "beta", "normal", "poisson", "geometric"] {
      XCTAssertTrue(r.out.contains(kind), "help lacks \(kind)\n\(r)")
    }
  }
}

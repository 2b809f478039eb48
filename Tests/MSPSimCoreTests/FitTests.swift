import Foundation
import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

/// `mspsim fit` (docs/fit.md): each family's estimates recover the parameters of
/// 5,000 GSL draws at a fixed seed within 3 of their reported standard errors, the
/// printed YAML loads with the scenario loader's distribution reader, `auto` picks
/// the generating family on clear data, the Kolmogorov tail matches its table, and
/// CSV exports are read (quotes, money) or refused with the row and column.
final class FitTests: XCTestCase {
  static let n = 5000

  func draws(seed: UInt64, count: Int = n, _ draw: (GSLRandom) -> Double) throws -> DataColumn {
    let rng = try GSLRandom(name: "mt19937", seed: seed)
    return DataColumn(file: "draws.csv", name: "x", values: (0..<count).map { _ in draw(rng) })
  }

  /// Fits `kind`, checks each named parameter within 3 reported SEs of its true value
  /// and that the YAML loads.
  func assertRecovers(
    _ kind: FitKind, _ column: DataColumn, _ truth: [String: Double], file: StaticString = #filePath,
    line: UInt = #line
  ) throws {
    let c = try Fitter.fit(column, kind: kind)
    for (name, value) in truth {
      guard let estimate = c.fit.value(name), let se = c.fit.standardError(name) else {
        XCTFail("\(kind): no estimate or SE for \(name)", file: file, line: line)
        continue
      }
      XCTAssertGreaterThan(se, 0, "\(kind).\(name)", file: file, line: line)
      XCTAssertLessThanOrEqual(
        abs(estimate - value), 3 * se, "\(kind).\(name): estimate \(estimate), truth \(value), se \(se)",
        file: file, line: line)
    }
    XCTAssertNoThrow(try FitYAML.load(c.fit.yaml), "\(kind): \(c.fit.yaml)", file: file, line: line)
    XCTAssertTrue(c.fit.yaml.hasPrefix(kind == .geometric ? "{discrete:" : "{\(kind.rawValue):"), c.fit.yaml)
    XCTAssertTrue(c.aic.isFinite, "\(kind): AIC \(c.aic)", file: file, line: line)
  }

  func testNormal() throws {
    try assertRecovers(.normal, draws(seed: 1) { 50 + $0.gaussian(sd: 12) }, ["mean": 50, "sd": 12])
  }

  func testLognormalGivenByMeanAndSD() throws {
    let sigma = log(1 + 15.0 * 15 / (25 * 25)).squareRoot()
    let mu = log(25) - sigma * sigma / 2
    let column = try draws(seed: 2) { $0.lognormal(mu: mu, sigma: sigma) }
    try assertRecovers(.lognormal, column, ["mean": 25, "sd": 15, "mu": mu, "sigma": sigma])
    // The loaded distribution is the fitted one: its parameters are mean and sd of the variable.
    let c = try Fitter.fit(column, kind: .lognormal)
    guard case .lognormal(let m, let s) = try FitYAML.load(c.fit.yaml) else { return XCTFail(c.fit.yaml) }
    XCTAssertEqual(m, c.fit.value("mu") ?? 0, accuracy: 1e-4)
    XCTAssertEqual(s, c.fit.value("sigma") ?? 0, accuracy: 1e-4)
  }

  func testGamma() throws {
    try assertRecovers(.gamma, draws(seed: 3) { $0.gamma(shape: 2.5, scale: 6000) }, ["shape": 2.5, "scale": 6000])
  }

  func testBetaOnTheUnitInterval() throws {
    let c = try draws(seed: 4) { $0.beta(a: 2, b: 5) }
    try assertRecovers(.beta, c, ["a": 2, "b": 5])
    XCTAssertEqual(try Fitter.fit(c, kind: .beta).fit.yaml.contains("min"), false, "[0, 1] data: no support keys")
  }

  func testTriangular() throws {
    let column = try draws(seed: 5) { Distribution.triangularInverse($0.uniform(), min: 10, mode: 30, max: 90) }
    try assertRecovers(.triangular, column, ["min": 10, "mode": 30, "max": 90])
  }

  func testPERT() throws {
    // PERT(10, 30, 90): beta shapes 1 + 4·20/80 = 2 and 1 + 4·60/80 = 4 on [10, 90].
    let column = try draws(seed: 6) { 10 + 80 * $0.beta(a: 2, b: 4) }
    try assertRecovers(.pert, column, ["min": 10, "mode": 30, "max": 90])
  }

  func testPoisson() throws {
    try assertRecovers(.poisson, draws(seed: 7) { Double($0.poisson(mean: 7)) }, ["mean": 7])
  }

  func testGeometricOnZeroUpwardsPrintsALoadableTable() throws {
    // GSLRandom.geometric counts trials (1, 2, ...); the fit counts failures (0, 1, ...).
    let column = try draws(seed: 8) { Double($0.geometric(p: 0.2) - 1) }
    try assertRecovers(.geometric, column, ["p": 0.2, "mean": 4])
    let c = try Fitter.fit(column, kind: .geometric)
    guard case .discrete(let values, let table) = try FitYAML.load(c.fit.yaml) else { return XCTFail(c.fit.yaml) }
    XCTAssertEqual(values.first, 0)
    XCTAssertEqual(table.probabilities.first ?? 0, 0.2, accuracy: 0.01)
    // A long tail (mean 100) is written as an exponential of the same mean.
    let long = try draws(seed: 9, count: 500) { Double($0.geometric(p: 0.01) - 1) }
    let e = try Fitter.fit(long, kind: .geometric)
    XCTAssertTrue(e.fit.yaml.hasPrefix("{exponential: {mean: "), e.fit.yaml)
    XCTAssertNoThrow(try FitYAML.load(e.fit.yaml))
  }

  func testAutoPicksLognormalOnClearLognormalData() throws {
    let column = try draws(seed: 10, count: 2000) { $0.lognormal(mu: 3, sigma: 0.8) }
    let (ranked, _) = Fitter.auto(column)
    XCTAssertEqual(ranked.first?.fit.kind, .lognormal, ranked.map { "\($0.fit.kind) \($0.aic)" }.description)
    XCTAssertEqual(Set(ranked.map(\.fit.kind)), [.lognormal, .gamma, .normal, .triangular, .pert])
    XCTAssertEqual(ranked.map(\.aic), ranked.map(\.aic).sorted(), "best first")
  }

  func testAutoPicksPoissonOnCounts() throws {
    let column = try draws(seed: 11, count: 2000) { Double($0.poisson(mean: 4)) }
    let (ranked, _) = Fitter.auto(column)
    XCTAssertEqual(ranked.first?.fit.kind, .poisson, ranked.map { "\($0.fit.kind) \($0.aic)" }.description)
    XCTAssertTrue(ranked.contains { $0.fit.kind == .geometric })
    guard case .chiSquare(_, let df, _, let p)? = ranked.first?.goodness else { return XCTFail("counts: chi-square") }
    XCTAssertGreaterThan(df, 3)
    XCTAssertGreaterThan(p ?? 0, 0.001)
  }

  func testAutoOffersBetaOnShares() {
    XCTAssertTrue(Fitter.candidates(for: [0.1, 0.5, 0.7, 0.2, 0.9]).contains(.beta))
    XCTAssertFalse(Fitter.candidates(for: [0.1, 5, 7]).contains(.beta))
    XCTAssertFalse(Fitter.candidates(for: [-1, 5, 7]).contains(.lognormal))
    XCTAssertEqual(Array(Fitter.candidates(for: [0, 3, 7]).prefix(2)), [.poisson, .geometric])
  }

  func testKolmogorovTail() {
    // Table values of P(K > λ) (Smirnov 1948; the 5 %, 1 % and 10 % critical values).
    XCTAssertEqual(Kolmogorov.q(1.36), 0.0494, accuracy: 0.0005)
    XCTAssertEqual(Kolmogorov.q(1.628), 0.0100, accuracy: 0.0003)
    XCTAssertEqual(Kolmogorov.q(1.224), 0.1000, accuracy: 0.0005)
    XCTAssertEqual(Kolmogorov.q(0.5), 0.9639, accuracy: 0.0005)
    XCTAssertEqual(Kolmogorov.q(0.1), 1)
    XCTAssertLessThan(Kolmogorov.q(3), 1e-7)
  }

  func testKSDistanceOfAGoodAndABadFit() throws {
    let column = try draws(seed: 12, count: 1000) { 50 + $0.gaussian(sd: 12) }
    let normal = try Fitter.fit(column, kind: .normal)
    guard case .kolmogorovSmirnov(let d, let p) = normal.goodness else { return XCTFail("KS expected") }
    XCTAssertLessThan(d, 0.05)
    XCTAssertGreaterThan(p, 0.01)
    let skewed = try draws(seed: 13, count: 1000) { $0.exponential(mean: 10) }
    XCTAssertLessThan(try Fitter.fit(skewed, kind: .normal).goodness.pValue ?? 1, 1e-4)
  }

  // MARK: - Reading exports

  func testCleansMoneyAndGroupedNumbers() {
    XCTAssertEqual(ExportNumber.parse("$1,250.00"), 1250)
    XCTAssertEqual(ExportNumber.parse(" 1 250 "), 1250)
    XCTAssertEqual(ExportNumber.parse("1\u{00A0}250"), 1250)
    XCTAssertEqual(ExportNumber.parse("(1,250.00)"), -1250)
    XCTAssertEqual(ExportNumber.parse("-$12.5"), -12.5)
    XCTAssertEqual(ExportNumber.parse("$-12.5"), -12.5)
    XCTAssertEqual(ExportNumber.parse("€ 3.400"), 3.4, "the point is always the decimal mark")
    XCTAssertEqual(ExportNumber.parse("1,234,567"), 1_234_567)
    XCTAssertEqual(ExportNumber.parse("1.5e3"), 1500)
    for bad in ["3,5", "12,34", "abc", "nan", "inf", "0x10", "$", "1.2.3", "12%", "1,2345"] {
      XCTAssertNil(ExportNumber.parse(bad), bad)
    }
  }

  func testReadsQuotedFieldsAndSkipsBlanks() throws {
    let lines = [
      "client,notes,value",
      #""Smith, John","said ""hi""","$1,250.00""#,
      "Acme,,2",
      #""Oak ""Main"" Dental, LLC","two"#,
      #"lines",3"#,
      "Birch,x,",
      "Cedar,y,4",
      "Delta,z,5",
      "",
    ]
    let text = lines.joined(separator: "\r\n")
    let c = try DataColumn.parse(text: text, file: "export.csv", column: "value")
    XCTAssertEqual(c.values, [1250, 2, 3, 4, 5])
    XCTAssertEqual(c.blankCells, 1)
    XCTAssertEqual(c.rows, [2, 3, 4, 6, 7])
    let notes = try CSVRecords.parse(text, file: "export.csv")
    XCTAssertEqual(notes[1].fields, ["Smith, John", "said \"hi\"", "$1,250.00"])
    XCTAssertEqual(notes[3].fields[0], "Oak \"Main\" Dental, LLC")
    XCTAssertEqual(notes[3].fields[1], "two\r\nlines")
  }

  func testRefusesANonNumberWithFileRowAndColumn() {
    let text = "client,value\na,1\nb,2\nc,three\nd,4\ne,5\n"
    XCTAssertThrowsError(try DataColumn.parse(text: text, file: "export.csv", column: "value")) { error in
      let message = (error as? FitError)?.message ?? ""
      XCTAssertTrue(message.hasPrefix("export.csv: row 4, column 'value': 'three' is not a number"), message)
    }
  }

  func testMissingColumnListsColumnsAndSuggests() {
    XCTAssertThrowsError(try DataColumn.parse(text: "client,seats\na,1\n", file: "f.csv", column: "seat")) { error in
      let message = (error as? FitError)?.message ?? ""
      XCTAssertTrue(message.contains("no column 'seat'; did you mean 'seats'?"), message)
      XCTAssertTrue(message.contains("(columns: 'client', 'seats')"), message)
    }
  }

  func testTooFewValuesAndBrokenQuotes() {
    XCTAssertThrowsError(try DataColumn.parse(text: "v\n1\n2\n\n3\n", file: "f.csv", column: "v")) { error in
      XCTAssertTrue(
        (error as? FitError)?.message.contains("has 3 numbers; fitting needs at least 5") ?? false, "\(error)")
    }
    XCTAssertThrowsError(try DataColumn.parse(text: "v\n1\n\"2\n", file: "f.csv", column: "v")) { error in
      XCTAssertTrue((error as? FitError)?.message.contains("row 3: a quoted field is not closed") ?? false, "\(error)")
    }
  }

  func testKindRefusesDataItCannotDescribe() throws {
    let column = DataColumn(file: "f.csv", name: "v", values: [3, 0, 5, 7, 9], rows: [2, 3, 4, 5, 6])
    XCTAssertThrowsError(try Fitter.fit(column, kind: .lognormal)) { error in
      let message = (error as? FitError)?.message ?? ""
      XCTAssertTrue(message.contains("lognormal needs every value > 0; row 3 has 0"), message)
    }
    let fractional = DataColumn(file: "f.csv", name: "v", values: [1.5, 2, 3, 4, 5])
    XCTAssertThrowsError(try Fitter.fit(fractional, kind: .poisson))
  }

  func testExampleExportsFit() throws {
    let seats = try DataColumn.read(
      path: Fixtures.repositoryRoot.appendingPathComponent("Scenarios/data/client-seats.csv").path, column: "seats")
    XCTAssertEqual(seats.blankCells, 2)
    let projects = try DataColumn.read(
      path: Fixtures.repositoryRoot.appendingPathComponent("Scenarios/data/project-values.csv").path, column: "value")
    XCTAssertTrue(projects.values.allSatisfy { $0 >= 800 && $0 == ($0 / 50).rounded() * 50 }, "\(projects.values)")
    for column in [seats, projects] {
      let (ranked, failed) = Fitter.auto(column)
      XCTAssertFalse(ranked.isEmpty)
      XCTAssertTrue(failed.isEmpty, "\(failed)")
      let text = FitReport.text(column, ranked: ranked, failed: failed)
      let yaml = text.split(separator: "\n").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
      XCTAssertNoThrow(try FitYAML.load(yaml), text)
    }
  }
}

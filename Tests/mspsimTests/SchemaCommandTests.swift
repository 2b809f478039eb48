import Foundation
import MSPSimCore
import MSPSimTestSupport
import XCTest

/// `mspsim schema` and the `# yaml-language-server` line of `mspsim init`
/// (docs/scenario-format.md, "Editor support"): every file of `Scenarios/` and every
/// template is valid against the schema by Python's jsonschema (what an editor's
/// YAML language server does), and a set of bad files is rejected both by the schema
/// and by `mspsim validate` (exit 2).
final class SchemaCommandTests: XCTestCase {
  func testSchemaPrintsTheLibrarysSchema() throws {
    let r = try CLI.run(["schema"])
    XCTAssertEqual(r.status, 0, "\(r)")
    XCTAssertEqual(r.out, ScenarioSchema.text, "mspsim schema prints ScenarioSchema.text")
    XCTAssertEqual(r.err, "")
  }

  func testEveryTemplateStartsWithTheLanguageServerLine() throws {
    XCTAssertEqual(ScenarioSchema.languageServerLine, "# yaml-language-server: $schema=mspsim.schema.json")
    for name in Templates.names {
      let r = try CLI.run(["init", "--template", name])
      XCTAssertEqual(r.status, 0, "\(r)")
      XCTAssertEqual(
        r.out.split(separator: "\n", maxSplits: 1).first.map(String.init), ScenarioSchema.languageServerLine,
        "first line of template \(name)")
    }
  }

  /// Each bad file: the minimal template with one edit (`old` replaced by `new`, or
  /// `new` appended when `old` is empty).
  static let badFiles: [(name: String, old: String, new: String)] = [
    ("unknown-top-level-key", "currency: USD", "curency: USD"),
    ("unknown-section-key", "churn: {annual: 0.10}", "churn: {anual: 0.10}"),
    ("probability-above-1", "churn: {annual: 0.10}", "churn: {annual: 1.4}"),
    ("fractional-clients", "initial: 40,", "initial: 40.5,"),
    ("horizon-too-long", "horizon_years: 5", "horizon_years: 31"),
    ("quoted-number", "paths: 2000", "paths: \"2000\""),
    ("unknown-distribution", "{lognormal: {mean: 25, sd: 10}}", "{lognormall: {mean: 25, sd: 10}}"),
    ("lognormal-mixing-forms", "{lognormal: {mean: 25, sd: 10}}", "{lognormal: {mean: 25, sd: 10, mu: 3}}"),
    ("distribution-missing-parameter", "{monthly_rate: 0.5}", "{monthly_rate: {triangular: {min: 0.2, max: 0.8}}}"),
    (
      "two-distributions-in-one", "{lognormal: {mean: 25, sd: 10}}",
      "{lognormal: {mean: 25, sd: 10}, normal: {mean: 25, sd: 5}}"
    ),
    ("distribution-unknown-parameter", "{lognormal: {mean: 25, sd: 10}}", "{lognormal: {mean: 25, sdev: 10}}"),
    ("bad-market-reference", "{price_per_seat: 140}", "{price_per_seat: markets.price}"),
    ("missing-stream-size", "{price_per_seat: 140}", "{annual_price_change: 0.02}"),
    ("missing-clients-initial", "{initial: 40, seats:", "{seats:"),
    ("missing-streams", "    streams:\n      managed_services: {price_per_seat: 140}", ""),
    ("unknown-stream", "managed_services: {price_per_seat: 140}", "managed_service: {price_per_seat: 140}"),
    ("unknown-delivery-share", "fixed_monthly: 40000}", "fixed_monthly: 40000, delivery_share: {resales: 0.5}}"),
    ("recessions-without-probability", "", "recessions: {duration_months: 6}\n"),
    (
      "correlation-above-1", "",
      "market: {a: {uniform: {min: 0, max: 1}}, b: {uniform: {min: 0, max: 1}}}\ncorrelations: [[market.a, market.b, 1.5]]\n"
    ),
    ("unknown-sampling", "", "sampling: latin\n"),
  ]

  func testScenariosPassTheSchemaAndBadFilesFailBothSchemaAndValidate() throws {
    try requirePythonModules()
    let folder = temporaryFolder(create: true)
    let schema = folder.appendingPathComponent(ScenarioSchema.fileName)
    let printed = try CLI.run(["schema"])
    XCTAssertEqual(printed.status, 0, "\(printed)")
    try printed.stdout.write(to: schema)

    // Good: every example scenario and every template as `init` prints it.
    var good = try FileManager.default.contentsOfDirectory(
      at: Fixtures.scenariosFolder, includingPropertiesForKeys: nil
    )
    .filter { $0.pathExtension == "yaml" }.map(\.path).sorted()
    XCTAssertGreaterThanOrEqual(good.count, 8, "Scenarios/*.yaml")
    for name in Templates.names {
      let file = folder.appendingPathComponent("template-\(name).yaml")
      try CLI.run(["init", "--template", name]).stdout.write(to: file)
      good.append(file.path)
    }
    let goodRun = try python([checkScript.path, schema.path] + good)
    XCTAssertEqual(goodRun.status, 0, "valid files rejected by the schema:\n\(goodRun.out)\(goodRun.err)")
    XCTAssertEqual(goodRun.out.split(separator: "\n").filter { $0.hasSuffix(": ok") }.count, good.count, goodRun.out)

    // Bad: each rejected by the schema and by validate.
    let minimal = try XCTUnwrap(Templates.text(named: "minimal"))
    var bad: [URL] = []
    for b in Self.badFiles {
      let text: String
      if b.old.isEmpty {
        text = minimal + b.new
      } else {
        XCTAssertTrue(minimal.contains(b.old), "\(b.name): '\(b.old)' is not in the minimal template")
        text = minimal.replacingOccurrences(of: b.old, with: b.new)
      }
      let file = folder.appendingPathComponent(b.name + ".yaml")
      try text.write(to: file, atomically: true, encoding: .utf8)
      bad.append(file)
      let v = try CLI.run(["validate", file.path])
      XCTAssertEqual(v.status, 2, "\(b.name): validate\n\(v)")
      XCTAssertTrue(v.err.contains(file.path + ":"), "\(b.name): validate names the file\n\(v)")
    }
    let badRun = try python([checkScript.path, schema.path] + bad.map(\.path))
    XCTAssertEqual(badRun.status, 1, "\(badRun.out)\(badRun.err)")
    for file in bad {
      let lines = badRun.out.split(separator: "\n").filter { $0.hasPrefix(file.path + ": ") }
      XCTAssertFalse(lines.isEmpty, "\(file.lastPathComponent): no result from check-schema.py\n\(badRun.out)")
      XCTAssertTrue(
        lines.allSatisfy { $0.hasPrefix(file.path + ": invalid: ") },
        "\(file.lastPathComponent) passes the schema: \(lines)")
    }
  }

  // MARK: - Python

  let checkScript = Fixtures.repositoryRoot.appendingPathComponent("scripts/check-schema.py")

  /// Runs python3 with `arguments`.
  func python(_ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
    try run(["python3"] + arguments)
  }

  func run(_ command: [String]) throws -> (status: Int32, out: String, err: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = command
    let folder = temporaryFolder(create: true)
    let out = folder.appendingPathComponent("out")
    let err = folder.appendingPathComponent("err")
    FileManager.default.createFile(atPath: out.path, contents: nil)
    FileManager.default.createFile(atPath: err.path, contents: nil)
    p.standardOutput = try FileHandle(forWritingTo: out)
    p.standardError = try FileHandle(forWritingTo: err)
    p.standardInput = FileHandle.nullDevice
    try p.run()
    p.waitUntilExit()
    return (
      p.terminationStatus, (try? String(contentsOf: out, encoding: .utf8)) ?? "",
      (try? String(contentsOf: err, encoding: .utf8)) ?? ""
    )
  }

  /// jsonschema and PyYAML for python3, installed from the package registry with pip
  /// when missing; the test is skipped, saying why, only when that fails.
  func requirePythonModules() throws {
    let probe = ["-c", "import jsonschema, yaml"]
    if (try? python(probe))?.status == 0 { return }
    var tried: [String] = []
    for install in [
      ["python3", "-m", "pip", "install", "--quiet", "--user", "--break-system-packages", "jsonschema", "pyyaml"],
      ["python3", "-m", "pip", "install", "--quiet", "--break-system-packages", "jsonschema", "pyyaml"],
    ] {
      let r = try? run(install)
      tried.append(
        install.joined(separator: " ") + " -> " + (r.map { "exit \($0.status): \($0.err.suffix(300))" } ?? "not run"))
      if (try? python(probe))?.status == 0 { return }
    }
    throw XCTSkip(
      "python3 with jsonschema and PyYAML is needed to check the schema as an editor would, and they could not be installed:\n"
        + tried.joined(separator: "\n"))
  }
}

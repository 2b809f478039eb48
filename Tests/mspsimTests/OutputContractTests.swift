import Foundation
import MSPSimTestSupport
import XCTest

/// `mspsim run` on Scenarios/msp1-vs-msp2.yaml: the files, headers, rows and
/// numbers docs/outputs.md, "Files" promises (and docs/outputs.md, "Metric names").
final class OutputContractTests: XCTestCase {
  static let msp1Streams = ["managed_services", "block_hours", "refresh_projects", "resale"]
  static let msp2Streams =
    msp1Streams + ["vcio", "framework_projects", "third_party_pm", "app_management", "marketplace"]
  static let quantiles = ["p5", "p10", "p25", "p50", "p75", "p90", "p95"]
  static let monthlyHeader = ["model", "month", "metric", "mean", "sd"] + quantiles
  static let annualHeader = ["model", "year", "metric", "mean", "sd"] + quantiles
  static let summaryHeader = ["model", "metric", "mean", "sd"] + quantiles
  static let compareHeader = [
    "baseline", "alternative", "p_npv_better", "npv_diff_mean", "npv_diff_p5", "npv_diff_p50",
    "npv_diff_p95", "crossover_month_p50", "p_crossover",
    // Version 2 (docs/outputs.md, "Changelog"): added after the old columns.
    "p_value_better", "value_diff_mean", "value_diff_p5", "value_diff_p50", "value_diff_p95",
    "valley_depth_mean", "valley_depth_p50", "valley_depth_p95", "valley_month_p50", "payback_month_p50",
  ]
  /// Columns that may be empty: no path crossed or had a valley.
  static let compareMayBeEmpty: Set<String> = ["crossover_month_p50", "valley_month_p50", "payback_month_p50"]

  /// The monthly/annual metric names of a model with these streams, in any order
  /// (`cash`: the default scenario has a `cash:` block).
  static func metrics(streams: [String]) -> Set<String> {
    Set(
      ["clients", "adopted_clients", "seats"] + streams.map { "revenue." + $0 }
        + ["revenue.total", "revenue.recurring", "cost.total", "ebitda", "ebitda.cumulative", "cash"]
        + streams.map { "margin." + $0 }
        + ["cost.direct", "cost.overhead", "staff.technicians", "staff.vcios", "staff.contractors"])
  }

  static let models: [(name: String, streams: [String])] = [("msp1", msp1Streams), ("msp2", msp2Streams)]

  func testRunWritesTheContractFiles() throws {
    let out = temporaryFolder()
    let r = try CLI.run([
      "run", "Scenarios/msp1-vs-msp2.yaml", "--paths", "300", "--years", "3", "--out", out.path, "--quiet",
    ])
    XCTAssertEqual(r.status, 0, "\(r)")
    XCTAssertEqual(r.out, "", "--quiet must print nothing to stdout\n\(r)")
    XCTAssertEqual(r.err, "", "--quiet must print nothing to stderr when all is well\n\(r)")
    assertResultFiles(out, "run of msp1-vs-msp2.yaml")

    checkMonthly(out.appendingPathComponent("monthly.csv"), months: 36)
    checkAnnual(out.appendingPathComponent("annual.csv"), years: 3)
    checkWide(out.appendingPathComponent("monthly_wide.csv"), period: "month", periods: 36)
    checkWide(out.appendingPathComponent("annual_wide.csv"), period: "year", periods: 3)
    checkSummary(out.appendingPathComponent("summary.csv"))
    checkCompare(out.appendingPathComponent("compare.csv"), months: 36)
    checkRunJSON(out.appendingPathComponent("run.json"), paths: 300, years: 3)
  }

  // MARK: - Per file

  /// Parses a CSV result file, failing the test (and returning nil) when it is not RFC 4180.
  func table(_ url: URL, file: StaticString = #filePath, line: UInt = #line) -> CSVTable? {
    guard let text = readText(url, file: file, line: line) else { return nil }
    XCTAssertFalse(text.hasPrefix("\u{FEFF}"), "\(url.lastPathComponent) starts with a BOM", file: file, line: line)
    XCTAssertTrue(
      text.hasSuffix("\n"), "\(url.lastPathComponent) does not end with a line break", file: file, line: line)
    do {
      return try CSVTable(text)
    } catch {
      XCTFail("\(url.lastPathComponent) is not RFC 4180 CSV: \(error)", file: file, line: line)
      return nil
    }
  }

  /// Every field from `first` on is a plain, finite decimal; quantiles ascend; sd >= 0.
  func checkStatistics(_ t: CSVTable, _ fileName: String, from first: Int) {
    var failures = 0
    for (i, row) in t.rows.enumerated() {
      let where_ = "\(fileName) record \(i + 2) (\(row.prefix(first).joined(separator: ",")))"
      for c in first..<row.count where !isPlainDecimal(row[c]) {
        failures += 1
        if failures <= 10 { XCTFail("\(where_): \(t.header[c]) = '\(row[c])' is not a plain finite decimal") }
      }
      let q = Self.quantiles.compactMap { t.column($0) }.compactMap { Double(row[$0]) }
      if q.count == Self.quantiles.count {
        for k in 1..<q.count where q[k] < q[k - 1] - 1e-9 * max(1, abs(q[k - 1])) {
          failures += 1
          if failures <= 10 { XCTFail("\(where_): quantiles not ascending: \(q)") }
          break
        }
      }
      if let sdCol = t.column("sd"), let sd = Double(row[sdCol]), sd < 0 {
        failures += 1
        if failures <= 10 { XCTFail("\(where_): negative sd \(sd)") }
      }
    }
  }

  /// monthly.csv or annual.csv: header, every (model, period, metric) exactly once.
  func checkPeriodTable(_ url: URL, header: [String], periods: Int) {
    let name = url.lastPathComponent
    guard let t = table(url) else { return }
    XCTAssertEqual(t.header, header, "\(name) header")
    guard t.header == header else { return }
    checkStatistics(t, name, from: 3)

    var seen: [String: [Int: [String]]] = [:]
    var modelOrder: [String] = []
    for row in t.rows {
      if !modelOrder.contains(row[0]) { modelOrder.append(row[0]) }
      guard let p = Int(row[1]) else {
        XCTFail("\(name): \(header[1]) '\(row[1])' is not an integer")
        continue
      }
      seen[row[0], default: [:]][p, default: []].append(row[2])
    }
    XCTAssertEqual(modelOrder, Self.models.map(\.name), "\(name): models, in the order written")
    for (model, streams) in Self.models {
      guard let byPeriod = seen[model] else { continue }
      XCTAssertEqual(Set(byPeriod.keys), Set(1...periods), "\(name): \(model) \(header[1])s must be 1...\(periods)")
      let expected = Self.metrics(streams: streams)
      for p in 1...periods {
        let got = byPeriod[p] ?? []
        XCTAssertEqual(got.count, Set(got).count, "\(name): \(model) \(header[1]) \(p) has a repeated metric: \(got)")
        if Set(got) != expected {
          XCTFail(
            "\(name): \(model) \(header[1]) \(p): metrics \(got.sorted()); missing \(expected.subtracting(got).sorted()), "
              + "unexpected \(Set(got).subtracting(expected).sorted())")
          break
        }
      }
    }
    XCTAssertEqual(
      t.rows.count, Self.models.reduce(0) { $0 + periods * Self.metrics(streams: $1.streams).count },
      "\(name) row count")
  }

  func checkMonthly(_ url: URL, months: Int) { checkPeriodTable(url, header: Self.monthlyHeader, periods: months) }
  func checkAnnual(_ url: URL, years: Int) { checkPeriodTable(url, header: Self.annualHeader, periods: years) }

  /// monthly_wide.csv or annual_wide.csv (docs/outputs.md, "Wide tables"): one row per
  /// period, then for each model in file order one column per metric and statistic
  /// (mean, p10, p50, p90, in that order), every cell a plain decimal.
  func checkWide(_ url: URL, period: String, periods: Int) {
    let name = url.lastPathComponent
    guard let t = table(url) else { return }
    XCTAssertEqual(t.header.first, period, "\(name): first column")
    XCTAssertEqual(t.rows.map { $0[0] }, (1...periods).map(String.init), "\(name): one row per \(period)")
    let stats = ["mean", "p10", "p50", "p90"]
    var columns = Array(t.header.dropFirst())
    for (model, streams) in Self.models {
      let count = Self.metrics(streams: streams).count * stats.count
      let mine = Array(columns.prefix(count))
      columns.removeFirst(min(count, columns.count))
      XCTAssertEqual(
        Set(mine), Set(Self.metrics(streams: streams).flatMap { m in stats.map { "\(model).\(m).\($0)" } }),
        "\(name): \(model)'s columns, after the models before it")
      for k in stride(from: 0, to: mine.count, by: stats.count) {
        XCTAssertEqual(
          mine[k..<min(k + stats.count, mine.count)].map { $0.split(separator: ".").last.map(String.init) ?? "" },
          stats, "\(name): the statistics of \(mine[k]) in order")
      }
    }
    XCTAssertEqual(columns, [], "\(name): columns beyond the models' metrics")
    checkStatistics(t, name, from: 1)
  }

  func checkSummary(_ url: URL) {
    guard let t = table(url) else { return }
    XCTAssertTrue(
      t.header == Self.summaryHeader || t.header == Self.summaryHeader + ["se"],
      "summary.csv header: \(t.header.joined(separator: ","))")
    guard Array(t.header.prefix(Self.summaryHeader.count)) == Self.summaryHeader else { return }
    checkStatistics(t, "summary.csv", from: 2)
    var metricsByModel: [String: [String]] = [:]
    for row in t.rows { metricsByModel[row[0], default: []].append(row[1]) }
    XCTAssertEqual(Set(metricsByModel.keys), Set(Self.models.map(\.name)), "summary.csv models")
    for (model, streams) in Self.models {
      let got = metricsByModel[model] ?? []
      XCTAssertEqual(got.count, Set(got).count, "summary.csv: \(model) has a repeated metric: \(got)")
      for required in [
        "npv.ebitda", "revenue.horizon_total", "value", "ev.exit", "multiple.exit", "recurring_share.exit", "cash.min",
        "cash.below_floor",
      ] {
        XCTAssertTrue(got.contains(required), "summary.csv: \(model) lacks \(required): \(got)")
      }
      XCTAssertEqual(
        Set(got.filter { $0.hasPrefix("mix.") }), Set(streams.map { "mix." + $0 }),
        "summary.csv: \(model) mix.<kind> metrics must be exactly its streams")
      XCTAssertEqual(
        Set(got.filter { $0.hasPrefix("gross_margin.") }), Set(streams.map { "gross_margin." + $0 }),
        "summary.csv: \(model) gross_margin.<kind> metrics must be exactly its streams")
    }
    // Shares are shares: every mix.<kind> row's mean, one per stream of each model.
    guard let mean = t.column("mean") else { return XCTFail("summary.csv has no mean column") }
    var shares = 0
    for row in t.rows where row[1].hasPrefix("mix.") {
      guard let x = Double(row[mean]) else {
        XCTFail("summary.csv: \(row[0]) \(row[1]) mean '\(row[mean])' is not a number")
        continue
      }
      XCTAssertTrue((-1e-9...1 + 1e-9).contains(x), "summary.csv: \(row[0]) \(row[1]) mean share \(x) outside 0...1")
      shares += 1
    }
    XCTAssertEqual(shares, Self.models.reduce(0) { $0 + $1.streams.count }, "summary.csv: mix shares checked")
  }

  func checkCompare(_ url: URL, months: Int) {
    guard let t = table(url) else { return }
    XCTAssertEqual(t.header, Self.compareHeader, "compare.csv header")
    guard t.header == Self.compareHeader else { return }
    XCTAssertEqual(t.rows.count, 1, "compare.csv: one ordered pair for two models")
    guard let row = t.rows.first else { return }
    XCTAssertEqual(Array(row.prefix(2)), ["msp1", "msp2"], "compare.csv: baseline, alternative")
    for c in 2..<row.count {
      if Self.compareMayBeEmpty.contains(t.header[c]), row[c].isEmpty { continue }
      XCTAssertTrue(isPlainDecimal(row[c]), "compare.csv: \(t.header[c]) = '\(row[c])' is not a plain finite decimal")
    }
    // The header is the contract's (checked above), so every column below exists; a
    // cell that is not a number fails rather than skipping its check.
    func value(_ name: String) -> Double? {
      guard let c = t.column(name), let x = Double(row[c]) else {
        XCTFail("compare.csv: \(name) = '\(t.column(name).map { row[$0] } ?? "<no column>")' is not a number")
        return nil
      }
      return x
    }
    var probabilities = 0
    for p in ["p_npv_better", "p_crossover", "p_value_better"] {
      guard let x = value(p) else { continue }
      XCTAssertTrue((0...1).contains(x), "compare.csv: \(p) = \(x) is not a probability")
      probabilities += 1
    }
    XCTAssertEqual(probabilities, 3, "compare.csv: probabilities checked")
    if let a = value("npv_diff_p5"), let b = value("npv_diff_p95") {
      XCTAssertLessThanOrEqual(a, b, "compare.csv: npv_diff_p5 > npv_diff_p95")
    }
    for month in Self.compareMayBeEmpty {
      if let c = t.column(month), !row[c].isEmpty {
        XCTAssertNotNil(
          Int(row[c]).flatMap { (1...months).contains($0) ? $0 : nil },
          "compare.csv: \(month) '\(row[c])' is not a month 1...\(months)")
      }
    }
    if let a = value("valley_depth_p50"), let b = value("valley_depth_p95") {
      XCTAssertLessThanOrEqual(0, a, "compare.csv: a valley depth is never negative")
      XCTAssertLessThanOrEqual(a, b, "compare.csv: valley_depth_p50 > valley_depth_p95")
    }
  }

  func checkRunJSON(_ url: URL, paths: Int, years: Int) {
    guard let data = FileManager.default.contents(atPath: url.path) else { return XCTFail("run.json missing") }
    let object: Any
    do { object = try JSONSerialization.jsonObject(with: data) } catch {
      return XCTFail("run.json does not parse: \(error)")
    }
    guard let json = object as? [String: Any] else { return XCTFail("run.json is not a JSON object") }
    for key in [
      "tool_version", "scenario_path", "scenario_sha256", "seed", "rng", "paths", "years", "threads",
      "wall_seconds", "resolved_scenario",
    ] {
      XCTAssertNotNil(json[key], "run.json lacks \(key); keys: \(json.keys.sorted())")
    }
    XCTAssertFalse((json["tool_version"] as? String ?? "").isEmpty, "run.json tool_version")
    XCTAssertTrue(
      (json["scenario_path"] as? String ?? "").hasSuffix("msp1-vs-msp2.yaml"),
      "run.json scenario_path: \(String(describing: json["scenario_path"]))")
    let sha = json["scenario_sha256"] as? String ?? ""
    XCTAssertNotNil(sha.range(of: "^[0-9a-f]{64}$", options: .regularExpression), "run.json scenario_sha256 '\(sha)'")
    // coreutils' sha256sum is on every machine the suite runs on (Debian/Ubuntu).
    let expected = sha256sum(Fixtures.defaultScenario)
    XCTAssertNotNil(expected, "sha256sum (coreutils) not found")
    XCTAssertEqual(sha, expected ?? "", "run.json scenario_sha256 is not the SHA-256 of the scenario file")
    XCTAssertEqual(number(json["seed"]), 42, "run.json seed (the file's)")
    XCTAssertEqual(json["rng"] as? String, "mt19937", "run.json rng")
    XCTAssertEqual(number(json["paths"]), Double(paths), "run.json paths (the --paths override)")
    XCTAssertEqual(number(json["years"]), Double(years), "run.json years (the --years override)")
    XCTAssertGreaterThanOrEqual(number(json["threads"]) ?? 0, 1, "run.json threads")
    XCTAssertGreaterThanOrEqual(number(json["wall_seconds"]) ?? -1, 0, "run.json wall_seconds")
    XCTAssertNotNil(json["resolved_scenario"] as? [String: Any], "run.json resolved_scenario is not an object")
  }
}

/// A JSON number as Double (JSONSerialization hands back Int, Double or NSNumber).
func number(_ any: Any?) -> Double? {
  switch any {
  case let x as Int: return Double(x)
  case let x as UInt64: return Double(x)
  case let x as Double: return x
  case let x as NSNumber: return x.doubleValue
  default: return nil
  }
}

/// The SHA-256 of a file by coreutils' `sha256sum`, or nil when that tool is absent.
func sha256sum(_ file: URL) -> String? {
  let tool = ["/usr/bin/sha256sum", "/bin/sha256sum"].first { FileManager.default.isExecutableFile(atPath: $0) }
  guard let tool else { return nil }
  let p = Process()
  p.executableURL = URL(fileURLWithPath: tool)
  p.arguments = [file.path]
  let pipe = Pipe()
  p.standardOutput = pipe
  guard (try? p.run()) != nil else { return nil }
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  p.waitUntilExit()
  return String(decoding: data, as: UTF8.self).split(separator: " ").first.map(String.init)
}

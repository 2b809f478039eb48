import Foundation
import MSPSimTestSupport
import XCTest

/// results.xlsx opened as its users open it (docs/testing.md, "The workbook as users
/// open it"): LibreOffice converts each sheet to CSV and every statistic must be a
/// number (LibreOffice quotes text cells) equal to the CSVs' value to the digits
/// LibreOffice prints; openpyxl must see the sheet names, number formats, frozen panes
/// and column widths. The tools are installed by scripts/install-viewers.sh when
/// missing; a test is skipped, saying why, only when that fails.
final class WorkbookViewerTests: XCTestCase {
  static let sheets = ["Summary", "Compare", "Monthly", "Annual", "Mix", "Inputs", "Run"]

  /// One run of the default scenario file, shared by the tests (2,000 paths, 3 years).
  static let run: Result<URL, any Error> = Result {
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("mspsim-workbook-\(UUID().uuidString)")
    let r = try CLI.run([
      "run", "Scenarios/msp1-vs-msp2.yaml", "--paths", "2000", "--years", "3", "--seed", "5", "--out", out.path,
      "--quiet", "--no-charts",
    ])
    guard r.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "\(r)"]) }
    return out
  }

  /// scripts/install-viewers.sh's outcome, run once: nil when both tools are there.
  static let install: String? = {
    let r = try? WorkbookViewerTests.shell([
      "bash", Fixtures.repositoryRoot.appendingPathComponent("scripts/install-viewers.sh").path,
    ])
    return r?.status == 0 ? nil : (r.map { "exit \($0.status): \($0.err)" } ?? "the script could not be started")
  }()

  func requireViewers() throws {
    if let failure = Self.install {
      throw XCTSkip(
        "LibreOffice and openpyxl are needed to open results.xlsx as a user would; scripts/install-viewers.sh failed: \(failure)"
      )
    }
  }

  // MARK: - LibreOffice

  func testLibreOfficeReadsTheCSVsNumbersAsNumbers() throws {
    try requireViewers()
    let folder = try Self.run.get()
    let book = folder.appendingPathComponent("results.xlsx")
    var sheets: [String: [[Field]]] = [:]
    // One sheet at a time: the CSV filter's 12th option is the 1-based sheet number;
    // the 7th (true) quotes every text cell, the 9th (false) writes values, not as shown.
    for (i, name) in Self.sheets.enumerated().prefix(5) {
      let out = temporaryFolder(create: true)
      let filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,true,false,false,false,\(i + 1)"
      let r = try Self.shell(["soffice", "--headless", "--convert-to", filter, "--outdir", out.path, book.path])
      XCTAssertEqual(r.status, 0, "soffice sheet \(i + 1): \(r.err)")
      let file = out.appendingPathComponent("results-\(name).csv")
      let text = try String(contentsOf: file, encoding: .utf8)
      sheets[name] = Self.parse(text)
    }
    func csv(_ name: String) throws -> CSVTable {
      try CSVTable(String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8))
    }

    // Monthly and Annual: every column of the wide CSV kept (p10, p50, p90), every period.
    for (sheet, file) in [("Monthly", "monthly_wide.csv"), ("Annual", "annual_wide.csv")] {
      let rows = try XCTUnwrap(sheets[sheet])
      let wide = try csv(file)
      let header = rows[0].map(\.text)
      let kept = wide.header.dropFirst().filter { $0.hasSuffix(".p10") || $0.hasSuffix(".p50") || $0.hasSuffix(".p90") }
      XCTAssertEqual(Array(header.dropFirst()), Array(kept), "\(sheet): columns")
      XCTAssertEqual(rows.count - 1, wide.rows.count, "\(sheet): rows")
      for (r, row) in rows.dropFirst().enumerated() {
        for (c, name) in header.enumerated() {
          let column = try XCTUnwrap(wide.column(name), name)
          assertSame(row[c], wide.rows[r][column], "\(sheet) \(name) row \(r + 1)")
        }
      }
    }

    // Compare: compare.csv's header and cells (the value columns are there: the scenario has valuation:).
    let compareRows = try XCTUnwrap(sheets["Compare"])
    let compare = try csv("compare.csv")
    XCTAssertEqual(compareRows[0].map(\.text), compare.header)
    XCTAssertEqual(compareRows.count - 1, compare.rows.count)
    for (r, row) in compareRows.dropFirst().enumerated() {
      for c in 2..<compare.header.count { assertSame(row[c], compare.rows[r][c], "Compare \(compare.header[c])") }
    }

    // Summary: the answer row from compare.csv, the model table from annual.csv and summary.csv.
    let summaryRows = try XCTUnwrap(sheets["Summary"])
    let answer = summaryRows[1]
    XCTAssertEqual(summaryRows[0][2].text, "P(worth more at exit)")
    XCTAssertEqual([answer[0].text, answer[1].text], [compare.rows[0][1], compare.rows[0][0]])
    // The terminal's column order: the gain's P5 beside its median.
    for (c, column) in [
      (2, "p_value_better"), (3, "value_diff_p50"), (4, "value_diff_p5"), (5, "valley_depth_p50"),
      (6, "valley_depth_p95"), (7, "payback_month_p50"), (8, "p_crossover"),
    ] {
      assertSame(answer[c], compare.rows[0][try XCTUnwrap(compare.column(column))], "Summary answer \(column)")
    }
    // Last, as in the terminal: NPV of EBITDA alone, without the exit value.
    let npvTitle = try XCTUnwrap(
      summaryRows.firstIndex { $0.first?.text == "NPV of EBITDA alone, without the exit value" }, "\(summaryRows)")
    XCTAssertEqual(
      Array(summaryRows[npvTitle + 1].map(\.text).prefix(5)),
      ["baseline", "alternative", "P(alt NPV > base)", "median NPV gain (USD)", "NPV gain P5 (USD)"])
    let npvRow = summaryRows[npvTitle + 2]
    XCTAssertEqual([npvRow[0].text, npvRow[1].text], [compare.rows[0][0], compare.rows[0][1]])
    for (c, column) in [(2, "p_npv_better"), (3, "npv_diff_p50"), (4, "npv_diff_p5")] {
      assertSame(npvRow[c], compare.rows[0][try XCTUnwrap(compare.column(column))], "Summary NPV alone \(column)")
    }
    let annual = try csv("annual.csv")
    let summary = try csv("summary.csv")
    func stats(_ table: CSVTable, _ keys: [(String, String)]) throws -> [String] {
      let row = try XCTUnwrap(
        table.rows.first { r in keys.allSatisfy { key in table.column(key.0).map { r[$0] == key.1 } ?? false } },
        "\(keys)")
      return try ["p10", "p50", "p90"].map { row[try XCTUnwrap(table.column($0))] }
    }
    var model = ""
    var checked = 0
    for row in summaryRows where row.count >= 5 {
      if !row[0].text.isEmpty, row[1].text.hasPrefix("revenue") || row[1].text == "NPV of EBITDA" {
        model = row[0].text
      }
      let expected: [String]
      switch row[1].text {
      case "revenue, year 1":
        expected = try stats(annual, [("model", model), ("year", "1"), ("metric", "revenue.total")])
      case "revenue, year 3":
        expected = try stats(annual, [("model", model), ("year", "3"), ("metric", "revenue.total")])
      case "NPV of EBITDA": expected = try stats(summary, [("model", model), ("metric", "npv.ebitda")])
      default: continue
      }
      for k in 0..<3 { assertSame(row[2 + k], expected[k], "Summary \(model) \(row[1].text)") }
      checked += 1
    }
    XCTAssertEqual(checked, 6, "Summary: three measures for each of the two models")

    // Mix: the mean shares of summary.csv's mix.<stream> and annual.csv's last-year revenue P50.
    let mixRows = try XCTUnwrap(sheets["Mix"])
    XCTAssertGreaterThan(mixRows.count, 4)
    for row in mixRows.dropFirst() {
      let share = try XCTUnwrap(
        summary.rows.first { $0[0] == row[0].text && $0[1] == "mix." + row[1].text }, "mix.\(row[1].text)")
      assertSame(row[2], share[try XCTUnwrap(summary.column("mean"))], "Mix \(row[0].text) \(row[1].text) share")
      let revenue = try stats(annual, [("model", row[0].text), ("year", "3"), ("metric", "revenue." + row[1].text)])
      assertSame(row[3], revenue[1], "Mix \(row[0].text) \(row[1].text) revenue")
    }
  }

  /// A sheet's cell as LibreOffice wrote it: a number (unquoted; a percentage with `%`)
  /// equal to the CSV's text to LibreOffice's 15 significant digits, or both empty.
  func assertSame(
    _ field: Field, _ expected: String, _ what: String, file: StaticString = #filePath, line: UInt = #line
  ) {
    if expected.isEmpty {
      XCTAssertEqual(field.text, "", "\(what): expected an empty cell", file: file, line: line)
      return
    }
    XCTAssertFalse(field.quoted, "\(what): '\(field.text)' is text, not a number", file: file, line: line)
    guard let want = Double(expected) else { return XCTFail("\(what): CSV '\(expected)'", file: file, line: line) }
    var text = field.text
    var scale = 1.0
    if text.hasSuffix("%") {
      text.removeLast()
      scale = 0.01
    }
    guard let got = Double(text).map({ $0 * scale }) else {
      return XCTFail("\(what): '\(field.text)' is not a number", file: file, line: line)
    }
    XCTAssertEqual(
      got, want, accuracy: abs(want) * 2e-14, "\(what): \(field.text) vs \(expected)", file: file, line: line)
  }

  struct Field {
    var text: String
    var quoted: Bool
  }

  /// LibreOffice's CSV: comma-separated, text in double quotes (doubled inside).
  static func parse(_ text: String) -> [[Field]] {
    var rows: [[Field]] = []
    var row: [Field] = []
    var field = ""
    var quoted = false
    var inQuotes = false
    var chars = Array(text)[...]
    while let ch = chars.popFirst() {
      if inQuotes {
        if ch == "\"" {
          if chars.first == "\"" {
            field.append("\"")
            chars.removeFirst()
          } else {
            inQuotes = false
          }
        } else {
          field.append(ch)
        }
      } else if ch == "\"" {
        inQuotes = true
        quoted = true
      } else if ch == "," || ch == "\n" || ch == "\r\n" {
        row.append(Field(text: field, quoted: quoted))
        field = ""
        quoted = false
        if ch != "," {
          rows.append(row)
          row = []
        }
      } else {
        field.append(ch)
      }
    }
    if !field.isEmpty || !row.isEmpty { rows.append(row + [Field(text: field, quoted: quoted)]) }
    return rows
  }

  // MARK: - openpyxl

  func testOpenpyxlSeesSheetsFormatsFrozenPanesAndWidths() throws {
    try requireViewers()
    let folder = try Self.run.get()
    let script = Fixtures.repositoryRoot.appendingPathComponent("scripts/workbook-facts.py")
    let r = try Self.shell(["python3", script.path, folder.appendingPathComponent("results.xlsx").path])
    XCTAssertEqual(r.status, 0, r.err)
    let facts = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
    XCTAssertEqual(facts["sheets"] as? [String], Self.sheets)
    let detail = try XCTUnwrap(facts["detail"] as? [[String: Any]])
    let frozen = [
      "Summary": "A2", "Compare": "C2", "Monthly": "B2", "Annual": "B2", "Mix": "A2", "Inputs": "C2", "Run": "B2",
    ]
    var byName: [String: [String: Any]] = [:]
    for sheet in detail {
      let name = try XCTUnwrap(sheet["name"] as? String)
      byName[name] = sheet
      XCTAssertEqual(sheet["freeze"] as? String, frozen[name], "\(name): frozen pane")
      // Column widths fit the header (capped at 60 characters).
      let cells = try XCTUnwrap(sheet["cells"] as? [[[String: Any]]])
      let widths = try XCTUnwrap(sheet["widths"] as? [Double])
      for (c, cell) in cells[0].enumerated() {
        let header = (cell["value"] as? String) ?? ""
        XCTAssertGreaterThanOrEqual(
          widths[c], Double(Swift.min(header.count, 58)), "\(name) column \(c + 1) '\(header)'")
      }
    }
    func cells(_ sheet: String) throws -> [[[String: Any]]] {
      try XCTUnwrap(byName[sheet]?["cells"] as? [[[String: Any]]], sheet)
    }
    let money = "#,##0 \"USD\";-#,##0 \"USD\""
    // Monthly and Annual: every data cell a number; money, counts and shares formatted by metric.
    for sheet in ["Monthly", "Annual"] {
      let rows = try cells(sheet)
      let header = rows[0].map { ($0["value"] as? String) ?? "" }
      var formats: [String: String] = [:]
      for row in rows.dropFirst() {
        for (c, cell) in row.enumerated() {
          let type = cell["type"] as? String
          XCTAssertTrue(type == "int" || type == "float", "\(sheet) \(header[c]): \(type ?? "nil") cell")
          formats[header[c]] = cell["format"] as? String
        }
      }
      XCTAssertEqual(formats["msp1.revenue.total.p50"], money, sheet)
      XCTAssertEqual(formats["msp2.ebitda.p10"], money, sheet)
      XCTAssertEqual(formats["msp1.clients.p90"], "#,##0", sheet)
      XCTAssertEqual(formats["msp2.staff.technicians.p50"], "#,##0", sheet)
    }
    // Every sheet prints landscape; one page wide where that stays readable (60 % or
    // more), the wide sheets at full size across pages.
    for name in Self.sheets {
      XCTAssertEqual(byName[name]?["orientation"] as? String, "landscape", name)
    }
    for name in ["Summary", "Mix", "Inputs", "Run"] {
      XCTAssertEqual(byName[name]?["fit_to_width"] as? Int, 1, "\(name) is fitted to one page wide")
    }
    for name in ["Compare", "Monthly", "Annual"] {
      XCTAssertTrue(byName[name]?["fit_to_width"] is NSNull, "\(name) is not shrunk to one page wide")
    }
    // Every printed page repeats the sheet's frozen header row and label columns.
    let titleColumns: [String: String] = [
      "Compare": "$A:$B", "Monthly": "$A:$A", "Annual": "$A:$A", "Inputs": "$A:$B", "Run": "$A:$A",
    ]
    for name in frozen.keys {
      XCTAssertEqual(byName[name]?["print_title_rows"] as? String, "$1:$1", "\(name): the header row on every page")
      XCTAssertEqual(
        byName[name]?["print_title_cols"] as? String, titleColumns[name], "\(name): the label columns on every page")
    }
    // Summary: the answer first, its probability a percentage and its gain money.
    let summary = try cells("Summary")
    XCTAssertEqual(summary[0][0]["value"] as? String, "alternative")
    XCTAssertEqual(summary[1][2]["format"] as? String, "0.0%")
    XCTAssertEqual(summary[1][2]["type"] as? String, "float")
    XCTAssertEqual(summary[1][3]["format"] as? String, money)
    // Compare: probabilities as percentages, differences as money, months whole.
    let compare = try cells("Compare")
    let compareHeader = compare[0].map { ($0["value"] as? String) ?? "" }
    for (column, format) in [("p_npv_better", "0.0%"), ("npv_diff_p50", money), ("payback_month_p50", "#,##0")] {
      let c = try XCTUnwrap(compareHeader.firstIndex(of: column))
      XCTAssertEqual(compare[1][c]["format"] as? String, format, column)
    }
    // Mix: shares as percentages that add up to 1 per model.
    var totals: [String: Double] = [:]
    for row in try cells("Mix").dropFirst() {
      XCTAssertEqual(row[2]["format"] as? String, "0.0%")
      totals[(row[0]["value"] as? String) ?? "", default: 0] += (row[2]["value"] as? Double) ?? .nan
    }
    XCTAssertEqual(totals.keys.sorted(), ["msp1", "msp2"])
    for (m, t) in totals { XCTAssertEqual(t, 1, accuracy: 1e-9, "\(m): mix shares sum") }
    // Inputs: a number is a number; every key says how it is drawn.
    let inputs = try cells("Inputs")
    let drawn = Set(inputs.dropFirst().map { ($0[3]["value"] as? String) ?? "" })
    XCTAssertTrue(drawn.isSuperset(of: ["fixed", "per path", "per event"]), "\(drawn)")
    XCTAssertTrue(drawn.contains { $0.hasPrefix("market.") }, "\(drawn)")
    // A key that takes another's draw is drawn as its source (win_rate is 0.5, fixed).
    let winRate = try XCTUnwrap(
      inputs.first {
        $0[0]["value"] as? String == "models.msp1"
          && $0[1]["value"] as? String == "streams.refresh_projects.win_rate_adopted"
      })
    XCTAssertEqual(winRate[2]["value"] as? String, "same draw as streams.refresh_projects.win_rate")
    XCTAssertEqual(winRate[3]["value"] as? String, "fixed")
    let paths = try XCTUnwrap(inputs.first { $0[1]["value"] as? String == "paths" })
    XCTAssertEqual(paths[2]["value"] as? Int, 2000)
    // Run: run.json's facts.
    let run = try cells("Run")
    let record = Dictionary(
      run.dropFirst().map { (($0[0]["value"] as? String) ?? "", $0[1]["value"]) }, uniquingKeysWith: { a, _ in a })
    XCTAssertEqual(record["seed"] as? String, "5")
    XCTAssertEqual(record["paths"] as? Int, 2000)
    XCTAssertEqual(record["years"] as? Int, 3)
    XCTAssertEqual(record["scenario_path"] as? String, "Scenarios/msp1-vs-msp2.yaml")
  }

  func testNoXlsxWritesNoWorkbook() throws {
    let out = temporaryFolder()
    let r = try CLI.run([
      "run", "--paths", "100", "--years", "1", "--out", out.path, "--quiet", "--no-charts", "--no-xlsx",
    ])
    XCTAssertEqual(r.status, 0, "\(r)")
    XCTAssertFalse(listing(out).contains("results.xlsx"), "\(listing(out))")
    XCTAssertTrue(listing(out).contains("summary.csv"))
  }

  // MARK: - Processes

  static func shell(_ command: [String]) throws -> (status: Int32, out: String, err: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = command
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mspsim-shell-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let out = folder.appendingPathComponent("out")
    let err = folder.appendingPathComponent("err")
    FileManager.default.createFile(atPath: out.path, contents: nil)
    FileManager.default.createFile(atPath: err.path, contents: nil)
    p.standardOutput = try FileHandle(forWritingTo: out)
    p.standardError = try FileHandle(forWritingTo: err)
    p.standardInput = FileHandle.nullDevice
    p.currentDirectoryURL = Fixtures.repositoryRoot
    try p.run()
    p.waitUntilExit()
    return (
      p.terminationStatus, (try? String(contentsOf: out, encoding: .utf8)) ?? "",
      (try? String(contentsOf: err, encoding: .utf8)) ?? ""
    )
  }
}

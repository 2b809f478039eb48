import Foundation
import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

/// results.xlsx (docs/outputs.md, "The workbook") from the library: the same result
/// gives the same bytes, the sheets do not depend on the thread count (but the Run
/// sheet's `threads` and `wall_seconds`), and the SpreadsheetML pieces are what the
/// format says. Opening it in LibreOffice and openpyxl is `WorkbookViewerTests`.
final class WorkbookTests: XCTestCase {
  func result(threads: Int) throws -> RunResult {
    let scenario = try ScenarioLoader.load(text: DefaultScenario.text, file: "default.yaml").applying([.years(3)])
    return try Pipeline.simulate(scenario, until: .paths(300), threads: threads)
  }

  func testSameResultGivesTheSameBytesAndThreadsChangeOnlyTheRunSheet() throws {
    let one = try result(threads: 1)
    let two = try result(threads: 2)
    let a = try XCTUnwrap(ResultWorkbook.xlsx(one))
    XCTAssertEqual(a, try XCTUnwrap(ResultWorkbook.xlsx(one)), "the same result gave different bytes")
    XCTAssertEqual(Array(a.prefix(4)), [0x50, 0x4B, 0x03, 0x04], "not a zip (no local file header)")
    for (i, name) in ResultWorkbook.sheetNames.enumerated() {
      let x = ResultWorkbook(one).writer.worksheet(ResultWorkbook(one).sheet(i), selected: i == 0)
      let y = ResultWorkbook(two).writer.worksheet(ResultWorkbook(two).sheet(i), selected: i == 0)
      if name == "Run" {
        XCTAssertNotEqual(x, y, "the Run sheet records the threads")
      } else {
        XCTAssertEqual(x, y, "sheet \(name) differs between 1 and 2 threads")
      }
    }
  }

  func testMonthlySheetHoldsTheWideTablesNumbersForP10P50P90() throws {
    let r = try result(threads: 2)
    let book = ResultWorkbook(r)
    let sheet = book.sheet(2)
    XCTAssertEqual(sheet.name, "Monthly")
    XCTAssertEqual(sheet.rows.count, r.months + 1)
    guard case .text("month", .header) = sheet.rows[0][0] else { return XCTFail("first header \(sheet.rows[0][0])") }
    // Header: the wide CSV's columns, keeping p10, p50 and p90.
    let wideHeader = ResultTables(r).wideHeader(period: "month").dropFirst()
    let kept = wideHeader.filter { $0.hasSuffix(".p10") || $0.hasSuffix(".p50") || $0.hasSuffix(".p90") }
    XCTAssertEqual(
      sheet.rows[0].dropFirst().map { cell -> String in
        if case .text(let t, _) = cell { return t }
        return "?"
      }, Array(kept))
    // Cells: the wide CSV's text, read back, for every kept column.
    let csv = try CSVTable(ResultTables(r).monthlyWide())
    for (i, name) in kept.enumerated() {
      let column = try XCTUnwrap(csv.column(name))
      for month in 1...r.months {
        guard case .number(let x, let format) = sheet.rows[month][i + 1] else {
          return XCTFail("\(name) month \(month): not a number cell")
        }
        XCTAssertEqual(CSVFormat.number(x), csv.rows[month - 1][column], "\(name) month \(month)")
        XCTAssertEqual(
          format,
          ResultWorkbook.format(
            metric: String(name.split(separator: ".").dropFirst().dropLast().joined(separator: "."))))
      }
    }
  }

  func testFormatsOfMetrics() {
    XCTAssertEqual(ResultWorkbook.format(metric: "revenue.total"), .money)
    XCTAssertEqual(ResultWorkbook.format(metric: "npv.ebitda"), .money)
    XCTAssertEqual(ResultWorkbook.format(metric: "clients"), .count)
    XCTAssertEqual(ResultWorkbook.format(metric: "seats"), .count)
    XCTAssertEqual(ResultWorkbook.format(metric: "mix.managed_services"), .percent)
    XCTAssertEqual(ResultWorkbook.format(metric: "multiple.exit"), .multiple)
    XCTAssertEqual(ResultWorkbook.format(metric: "staff.technicians"), .decimal)
  }

  func testColumnLettersAndEscaping() {
    let cases = [(0, "A"), (25, "Z"), (26, "AA"), (51, "AZ"), (52, "BA"), (701, "ZZ"), (702, "AAA")]
    for (i, letters) in cases { XCTAssertEqual(SpreadsheetML.column(i), letters, "column \(i)") }
    XCTAssertEqual(SpreadsheetML.escape("a<b & \"c\"\u{1}'"), "a&lt;b &amp; &quot;c&quot;&apos;")
  }

  func testWorksheetXMLHasFrozenPaneWidthsAndTypedCells() {
    let writer = SpreadsheetML(currency: "EUR")
    let sheet = SpreadsheetML.Sheet(
      name: "T",
      rows: [
        [.text("label", .header), .text("amount", .header)], [.text("a & b"), .number(1234.5, .money)],
        [.empty, .number(0.25, .percent)],
      ], frozenRows: 1, frozenColumns: 1)
    let xml = writer.worksheet(sheet, selected: true)
    XCTAssertTrue(
      xml.contains("<pane xSplit=\"1\" ySplit=\"1\" topLeftCell=\"B2\" activePane=\"bottomRight\" state=\"frozen\"/>"),
      xml)
    XCTAssertTrue(xml.contains("<c r=\"B2\" s=\"\(SpreadsheetML.Format.money.rawValue)\"><v>1234.5</v></c>"), xml)
    XCTAssertTrue(xml.contains("<c r=\"B3\" s=\"\(SpreadsheetML.Format.percent.rawValue)\"><v>0.25</v></c>"), xml)
    XCTAssertFalse(xml.contains("r=\"A3\""), "an empty cell is not written")
    XCTAssertTrue(xml.contains("a &amp; b"), xml)
    // "amount" is 6 characters (+1 bold, +2); 1,235 EUR is 9 (+2).
    XCTAssertTrue(xml.contains("<col min=\"2\" max=\"2\" width=\"11\" customWidth=\"1\"/>"), xml)
    XCTAssertTrue(writer.styles().contains("formatCode=\"#,##0 &quot;EUR&quot;;-#,##0 &quot;EUR&quot;\""))
  }
}

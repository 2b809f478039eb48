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
    // Staff are head counts: the sheets hold only their percentiles, which are whole.
    XCTAssertEqual(ResultWorkbook.format(metric: "staff.technicians"), .count)
    XCTAssertEqual(ResultWorkbook.format(metric: "staff.contractors"), .count)
  }

  /// Every sheet prints landscape; the sheets narrow enough to print one page wide at
  /// 60 % or more are fitted to it, the wider ones (Compare, Monthly, Annual) print at
  /// full size across pages (docs/outputs.md, "The workbook").
  func testEverySheetPrintsLandscapeAndOnePageWideOnlyWhenThatStaysReadable() throws {
    let r = try result(threads: 2)
    let book = ResultWorkbook(r)
    var onePageWide: [String] = []
    for (i, name) in ResultWorkbook.sheetNames.enumerated() {
      let xml = book.writer.worksheet(book.sheet(i), selected: i == 0)
      XCTAssertTrue(xml.contains("<pageSetup orientation=\"landscape\""), "\(name) prints landscape")
      XCTAssertTrue(xml.contains("<pageMargins left=\"0.5\" right=\"0.5\""), "\(name): half-inch side margins")
      let fitted = xml.contains("fitToWidth=\"1\" fitToHeight=\"0\"")
      XCTAssertEqual(fitted, xml.contains("<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>"), name)
      if fitted { onePageWide.append(name) }
    }
    XCTAssertEqual(onePageWide, ["Summary", "Mix", "Inputs", "Run"])
  }

  /// A note or a title (a row of one text cell) among wider rows does not widen the
  /// first column: it shows over the empty cells to its right. Alone, or beside other
  /// cells, a text counts as before.
  func testANoteRowDoesNotWidenTheFirstColumn() {
    let writer = SpreadsheetML(currency: "USD")
    let note = SpreadsheetML.Cell.text(String(repeating: "n", count: 100))
    let table: [[SpreadsheetML.Cell]] = [[.text("model"), .text("P50")], [.text("msp1"), .number(5, .count)]]
    XCTAssertEqual(writer.columnWidths(table + [[note]]), [7, 6])
    XCTAssertEqual(writer.columnWidths([[note]]), [60], "a sheet of one column")
    XCTAssertEqual(writer.columnWidths(table + [[note, .empty]]), [60, 6], "a row of two cells counts")
  }

  /// One page wide up to 228 characters of columns: 228 x 7 px = 1,596 px print at
  /// 960 / 1,596 = 60.2 % of a landscape Letter page inside its margins, 229 at 59.9 %.
  func testOnePageWideUpToTheWidthThatPrintsAtSixtyPercent() {
    let writer = SpreadsheetML(currency: "USD")
    func xml(widths: [Int]) -> String {
      // A text cell of n characters makes a column n + 2 wide.
      let row = widths.map { SpreadsheetML.Cell.text(String(repeating: "x", count: $0 - 2)) }
      return writer.worksheet(SpreadsheetML.Sheet(name: "W", rows: [row], frozenRows: 0), selected: false)
    }
    XCTAssertTrue(xml(widths: [60, 60, 60, 48]).contains("<col min=\"4\" max=\"4\" width=\"48\""))
    XCTAssertTrue(xml(widths: [60, 60, 60, 48]).contains("fitToWidth=\"1\""), "228 characters")
    XCTAssertFalse(xml(widths: [60, 60, 60, 49]).contains("fitToWidth"), "229 characters")
    XCTAssertFalse(xml(widths: [60, 60, 60, 49]).contains("fitToPage"), "229 characters")
    XCTAssertTrue(xml(widths: [60, 60, 60, 49]).contains("<pageSetup orientation=\"landscape\"/>"))
    XCTAssertTrue(xml(widths: [10]).contains("fitToWidth=\"1\""), "a narrow sheet (never enlarged: fit only shrinks)")
  }

  /// The Inputs sheet's "drawn" column of a key that takes another's draw ("same draw
  /// as ...", "drawn as ...") says how that key is drawn, not `per path`.
  func testInputsSayAFollowingKeyIsDrawnAsItsSource() throws {
    let r = try result(threads: 2)
    let rows = ResultWorkbook(r).inputs().rows
    func text(_ cell: SpreadsheetML.Cell) -> String? {
      if case .text(let t, _) = cell { return t }
      return nil
    }
    func drawn(_ section: String, _ key: String) -> String? {
      rows.first { text($0[0]) == section && text($0[1]) == key }.flatMap { text($0[3]) }
    }
    XCTAssertEqual(drawn("models.msp1", "streams.refresh_projects.win_rate"), "fixed")
    XCTAssertEqual(drawn("models.msp1", "streams.refresh_projects.win_rate_adopted"), "fixed")
    XCTAssertEqual(drawn("models.msp1", "churn.annual"), "market.churn")
    XCTAssertEqual(drawn("models.msp1", "churn.annual_adopted"), "market.churn")
    var followers = 0
    for row in rows.dropFirst() {
      guard let value = text(row[2]), let section = text(row[0]),
        let prefix = ["same draw as ", "drawn as "].first(where: value.hasPrefix)
      else { continue }
      let source = String(value.dropFirst(prefix.count))
      XCTAssertNotNil(drawn(section, source), "\(section) \(source)")
      XCTAssertEqual(text(row[3]), drawn(section, source), "\(section) \(text(row[1]) ?? "?") = \(value)")
      followers += 1
    }
    XCTAssertGreaterThanOrEqual(followers, 6, "the default scenario's keys that follow another")
  }

  /// `drawSource` follows "same draw as" and "drawn as" on to a key with a value of its own.
  func testDrawSourceFollowsKeysToTheOneWithAValue() {
    let model = ResolvedScenario.Model(
      name: "m", streams: [],
      parameters: [
        "a": .text("market.churn"), "b": .text("same draw as a"), "c": .text("drawn as b"),
        "loop1": .text("same draw as loop2"), "loop2": .text("same draw as loop1"), "lost": .text("drawn as gone"),
        "n": .number(2),
      ])
    XCTAssertEqual(model.drawSource(of: "n")?.key, "n")
    XCTAssertEqual(model.drawSource(of: "c")?.key, "a")
    XCTAssertEqual(model.drawSource(of: "c")?.value, .text("market.churn"))
    XCTAssertNil(model.drawSource(of: "loop1"), "a loop has no source")
    XCTAssertNil(model.drawSource(of: "lost"), "a source the model does not have")
    XCTAssertNil(model.drawSource(of: "gone"))
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

import Foundation
import ZIPFoundation

/// A minimal writer of Office Open XML spreadsheets (.xlsx, ECMA-376 part 1,
/// SpreadsheetML): sheets of number and text cells, a few number formats, bold
/// header rows, frozen panes, column widths and a print setup (landscape, one page
/// wide when that stays readable). Inline strings, no shared-string table, no
/// formulas. The same sheets give the same bytes (docs/outputs.md, "The workbook").
public struct SpreadsheetML {
  /// How a cell is shown. Numbers stay numbers; only the display changes.
  public enum Format: Int, CaseIterable, Sendable {
    /// Text, or a number as the spreadsheet shows it by default.
    case general
    /// A bold header cell.
    case header
    /// Whole currency units with thousands separators and the currency code: `1,234,568 USD`.
    case money
    /// A fraction shown as a percentage with one decimal: 0.123 -> `12.3%`.
    case percent
    /// A whole number with thousands separators (clients, seats, staff, paths).
    case count
    /// An EV/EBITDA multiple: `5.25x`.
    case multiple
  }

  /// One cell: a number (written as the CSVs write it, so the value is the CSV's), a text, or nothing.
  public enum Cell: Sendable, Equatable {
    case number(Double, Format)
    case text(String, Format)
    case empty

    /// A text cell in the general format.
    public static func text(_ s: String) -> Cell { .text(s, .general) }
  }

  /// One worksheet.
  public struct Sheet: Sendable {
    /// At most 31 characters, none of `[]:*?/\`.
    public var name: String
    public var rows: [[Cell]]
    /// Rows and columns kept in view when scrolling (the header rows, the label columns),
    /// and printed on every page (`xlsx`'s print titles).
    public var frozenRows: Int
    public var frozenColumns: Int

    public init(name: String, rows: [[Cell]], frozenRows: Int = 1, frozenColumns: Int = 0) {
      self.name = name
      self.rows = rows
      self.frozenRows = frozenRows
      self.frozenColumns = frozenColumns
    }
  }

  /// The currency code the `money` format shows (the scenario's `currency:`).
  public var currency: String

  public init(currency: String) { self.currency = currency }

  /// The custom number formats (ids from 164, the first free id) in `Format` order;
  /// nil for the formats that use none.
  var numberFormats: [Format: (id: Int, code: String)] {
    let code = currency.replacingOccurrences(of: "\"", with: "")
    return [
      .money: (164, "#,##0 \"\(code)\";-#,##0 \"\(code)\""),
      .percent: (165, "0.0%"),
      .count: (166, "#,##0"),
      .multiple: (167, "0.00\"x\""),
    ]
  }

  /// The .xlsx file: a zip of the parts, deflated, every entry dated 1980-01-01 00:00
  /// (the zip format's first date) so that the bytes depend on the sheets alone.
  ///
  /// - Parameter sheetXML: each sheet's XML, as `worksheet(_:)` makes it (callers may
  ///   make them on several threads), in tab order.
  /// - Returns: nil only if the zip library fails in memory (it does not for these sizes).
  /// - Parameter printTitles: each sheet's rows and columns printed on every page (its
  ///   frozen header rows and label columns), in tab order; none when empty.
  public func xlsx(sheetNames: [String], sheetXML: [String], printTitles: [(rows: Int, columns: Int)] = []) -> Data? {
    var parts: [(path: String, text: String)] = [
      ("[Content_Types].xml", contentTypes(sheets: sheetNames.count)),
      ("_rels/.rels", Self.rootRelationships),
      ("xl/workbook.xml", workbook(sheetNames, printTitles: printTitles)),
      ("xl/_rels/workbook.xml.rels", workbookRelationships(sheets: sheetNames.count)),
      ("xl/styles.xml", styles()),
    ]
    for (i, xml) in sheetXML.enumerated() { parts.append(("xl/worksheets/sheet\(i + 1).xml", xml)) }
    do {
      let archive = try Archive(accessMode: .create)
      for part in parts {
        let data = Data(part.text.utf8)
        try archive.addEntry(
          with: part.path, type: .file, uncompressedSize: Int64(data.count), modificationDate: Self.entryDate,
          permissions: 0o644, compressionMethod: .deflate
        ) { position, size in
          data.subdata(in: Int(position)..<Int(position) + size)
        }
      }
      return archive.data
    } catch {
      return nil
    }
  }

  /// 1980-01-01 00:00:00 UTC (ZIPFoundation converts with gmtime, so no time zone enters).
  static let entryDate = Date(timeIntervalSince1970: 315_532_800)

  static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
  static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
  static let header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

  static let rootRelationships =
    header + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    + "<Relationship Id=\"rId1\" Type=\"\(relationshipNamespace)/officeDocument\" Target=\"xl/workbook.xml\"/>"
    + "</Relationships>"

  func contentTypes(sheets: Int) -> String {
    let ml = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    var s =
      Self.header + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
      + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
      + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
      + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"\(ml).sheet.main+xml\"/>"
      + "<Override PartName=\"/xl/styles.xml\" ContentType=\"\(ml).styles+xml\"/>"
    for i in 1...Swift.max(1, sheets) {
      s += "<Override PartName=\"/xl/worksheets/sheet\(i).xml\" ContentType=\"\(ml).worksheet+xml\"/>"
    }
    return s + "</Types>"
  }

  func workbook(_ names: [String], printTitles: [(rows: Int, columns: Int)] = []) -> String {
    var s =
      Self.header + "<workbook xmlns=\"\(Self.mainNamespace)\" xmlns:r=\"\(Self.relationshipNamespace)\">"
      + "<bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>"
    for (i, name) in names.enumerated() {
      s += "<sheet name=\"\(Self.escape(name))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
    }
    s += "</sheets>"
    // Print titles: the header rows and label columns repeat on every printed page, so
    // page 40 of the Monthly sheet still says which model, month and metric a number is
    // (docs/outputs.md, "The workbook"). Spreadsheets read them from this defined name.
    let titled = zip(names, printTitles).enumerated().filter { $0.element.1.rows > 0 || $0.element.1.columns > 0 }
    if !titled.isEmpty {
      s += "<definedNames>"
      for (i, (name, t)) in titled {
        let sheet = "'" + name.replacingOccurrences(of: "'", with: "''") + "'!"
        var ranges: [String] = []
        if t.columns > 0 { ranges.append(sheet + "$A:$" + Self.column(t.columns - 1)) }
        if t.rows > 0 { ranges.append(sheet + "$1:$\(t.rows)") }
        s +=
          "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"\(i)\">"
          + Self.escape(ranges.joined(separator: ",")) + "</definedName>"
      }
      s += "</definedNames>"
    }
    return s + "</workbook>"
  }

  func workbookRelationships(sheets: Int) -> String {
    var s = Self.header + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    for i in 1...Swift.max(1, sheets) {
      s +=
        "<Relationship Id=\"rId\(i)\" Type=\"\(Self.relationshipNamespace)/worksheet\" "
        + "Target=\"worksheets/sheet\(i).xml\"/>"
    }
    s += "<Relationship Id=\"rId\(sheets + 1)\" Type=\"\(Self.relationshipNamespace)/styles\" Target=\"styles.xml\"/>"
    return s + "</Relationships>"
  }

  /// One cell format (`xf`) per `Format`, in order, so a cell's style index is its format's raw value.
  func styles() -> String {
    let formats = numberFormats.sorted { $0.value.id < $1.value.id }
    var s = Self.header + "<styleSheet xmlns=\"\(Self.mainNamespace)\"><numFmts count=\"\(formats.count)\">"
    for (_, f) in formats { s += "<numFmt numFmtId=\"\(f.id)\" formatCode=\"\(Self.escape(f.code))\"/>" }
    s +=
      "</numFmts><fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font>"
      + "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
      + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
      + "<fill><patternFill patternType=\"gray125\"/></fill></fills>"
      + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
      + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
      + "<cellXfs count=\"\(Format.allCases.count)\">"
    for f in Format.allCases {
      let id = numberFormats[f]?.id ?? 0
      let font = f == .header ? 1 : 0
      s +=
        "<xf numFmtId=\"\(id)\" fontId=\"\(font)\" fillId=\"0\" borderId=\"0\" xfId=\"0\""
        + (id != 0 ? " applyNumberFormat=\"1\"" : "") + (font != 0 ? " applyFont=\"1\"" : "") + "/>"
    }
    return s
      + "</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
      + "</styleSheet>"
  }

  /// A worksheet's XML: the frozen pane, the column widths (from the longest cell of
  /// each column as shown), the rows, then the print setup (`printSetup`).
  ///
  /// - Complexity: O(cells).
  public func worksheet(_ sheet: Sheet, selected: Bool) -> String {
    let widths = columnWidths(sheet.rows)
    let onePageWide = Self.printsOnePageWide(widths)
    var s = Self.header + "<worksheet xmlns=\"\(Self.mainNamespace)\" xmlns:r=\"\(Self.relationshipNamespace)\">"
    if onePageWide { s += "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>" }
    s += "<sheetViews><sheetView workbookViewId=\"0\"" + (selected ? " tabSelected=\"1\"" : "") + ">"
    if sheet.frozenRows > 0 || sheet.frozenColumns > 0 {
      let topLeft = Self.column(sheet.frozenColumns) + String(sheet.frozenRows + 1)
      let pane =
        sheet.frozenRows > 0 && sheet.frozenColumns > 0
        ? "bottomRight" : (sheet.frozenRows > 0 ? "bottomLeft" : "topRight")
      s += "<pane"
      if sheet.frozenColumns > 0 { s += " xSplit=\"\(sheet.frozenColumns)\"" }
      if sheet.frozenRows > 0 { s += " ySplit=\"\(sheet.frozenRows)\"" }
      s += " topLeftCell=\"\(topLeft)\" activePane=\"\(pane)\" state=\"frozen\"/>"
      s += "<selection pane=\"\(pane)\" activeCell=\"\(topLeft)\" sqref=\"\(topLeft)\"/>"
    }
    s += "</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>"
    if !widths.isEmpty {
      s += "<cols>"
      for (i, w) in widths.enumerated() {
        s += "<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(w)\" customWidth=\"1\"/>"
      }
      s += "</cols>"
    }
    // The cells, the bulk of a sheet, as bytes (`UTF8Text`); each column's letters made once.
    let letters = widths.indices.map(Self.column)
    var text = UTF8Text(capacity: s.utf8.count + 48 * sheet.rows.reduce(0) { $0 + $1.count })
    text.append(s)
    text.append("<sheetData>")
    for (r, row) in sheet.rows.enumerated() {
      text.append("<row r=\"")
      text.append(r + 1)
      text.append("\">")
      for (c, cell) in row.enumerated() {
        switch cell {
        case .empty: continue
        case .number(let x, let f):
          guard x.isFinite else { continue }
          Self.appendCellStart(column: letters[c], row: r + 1, format: f, to: &text)
          text.append("\"><v>")
          CSVFormat.append(number: x, to: &text)
          text.append("</v></c>")
        case .text(let t, let f):
          Self.appendCellStart(column: letters[c], row: r + 1, format: f, to: &text)
          text.append("\" t=\"inlineStr\"><is><t xml:space=\"preserve\">")
          text.append(Self.escape(t))
          text.append("</t></is></c>")
        }
      }
      text.append("</row>")
    }
    text.append("</sheetData>")
    text.append(Self.printSetup(onePageWide: onePageWide))
    text.append("</worksheet>")
    return text.string
  }

  // MARK: Printing (docs/outputs.md, "The workbook")

  /// A landscape page's width inside its margins, in pixels at 96 dpi: Letter, the
  /// narrower of Letter (11 in) and A4 (11.69 in) on its side, less the 0.5 in left and
  /// right margins of `printSetup`, is 10 in, 960 px.
  static let printableWidth = 960
  /// The pixels per character of a column's width: Excel counts a width in the widest
  /// digit of the default font, 7 px for 11 pt Calibri at 96 dpi, the cell padding
  /// included (ECMA-376 part 1, 18.3.1.13 `col`: pixels = Truncate(((256 x width +
  /// Truncate(128 / 7)) / 256) x 7), which is 7 x width for a whole width).
  static let pixelsPerCharacter = 7
  /// The smallest scale a sheet is shrunk to for one page wide, in percent: 11 pt text
  /// at 60 % prints at 6.6 pt, about the smallest that still reads.
  static let smallestReadableScale = 60

  /// Whether a sheet whose columns are `widths` characters wide prints one page wide:
  /// the scale that fits it, `printableWidth` / (7 x the widths' sum), is at least
  /// `smallestReadableScale`, so the widths add up to at most 228 characters (960 /
  /// 0.6 / 7). A wider sheet prints at full size across several pages, its label
  /// columns and header rows repeated on each (the print titles).
  static func printsOnePageWide(_ widths: [Int]) -> Bool {
    pixelsPerCharacter * widths.reduce(0, +) * smallestReadableScale <= printableWidth * 100
  }

  /// `pageMargins` and `pageSetup`: landscape on every sheet, half-inch side margins,
  /// and with `onePageWide` scaled to one page wide and as many pages tall as it takes.
  static func printSetup(onePageWide: Bool) -> String {
    "<pageMargins left=\"0.5\" right=\"0.5\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
      + "<pageSetup orientation=\"landscape\"" + (onePageWide ? " fitToWidth=\"1\" fitToHeight=\"0\"" : "") + "/>"
  }

  /// `<c r="REF" s="FORMAT`: a cell's start, up to its style's closing quote.
  static func appendCellStart(column: String, row: Int, format: Format, to text: inout UTF8Text) {
    text.append("<c r=\"")
    text.append(column)
    text.append(row)
    text.append("\" s=\"")
    text.append(format.rawValue)
  }

  /// Each column's width in characters: its longest cell as shown, plus 2, between 6 and 60.
  /// A row of one text cell (a note under a table, a table's title) in a sheet of wider
  /// rows does not count: every spreadsheet shows such a text over the empty cells to its
  /// right, and a note of 100 characters would otherwise make the first column 60 wide
  /// and the sheet too wide to print on one page.
  func columnWidths(_ rows: [[Cell]]) -> [Int] {
    let wide = rows.contains { $0.count > 1 }
    var widths: [Int] = []
    for row in rows {
      if wide, row.count == 1, case .text = row[0] { continue }
      if widths.count < row.count { widths += [Int](repeating: 6, count: row.count - widths.count) }
      for (c, cell) in row.enumerated() { widths[c] = Swift.max(widths[c], Swift.min(60, shownLength(cell) + 2)) }
    }
    return widths
  }

  /// About how many characters a cell shows (an estimate: the spreadsheet's font is proportional).
  func shownLength(_ cell: Cell) -> Int {
    switch cell {
    case .empty: return 0
    case .text(let t, let f): return t.count + (f == .header ? 1 : 0)
    case .number(let x, let f):
      guard x.isFinite else { return 0 }
      let digits = Self.digitCount(Int64(Swift.min(Swift.max(abs(x).rounded(), 0), 1e15)))
      let grouped = digits + (digits - 1) / 3 + (x < 0 ? 1 : 0)
      switch f {
      case .money: return grouped + 1 + currency.count
      case .percent: return grouped + 4
      case .count: return grouped
      case .multiple: return grouped + 3
      case .general, .header: return CSVFormat.number(x).count
      }
    }
  }

  /// The number of decimal digits of `n` >= 0 (1 for 0): `String(n).count`, without the String.
  static func digitCount(_ n: Int64) -> Int {
    var digits = 1
    var rest = n / 10
    while rest > 0 {
      digits += 1
      rest /= 10
    }
    return digits
  }

  /// The column letters of a 0-based column index: 0 -> A, 25 -> Z, 26 -> AA.
  static func column(_ index: Int) -> String {
    var n = index + 1
    var letters: [Character] = []
    while n > 0 {
      let r = (n - 1) % 26
      letters.insert(Character(Unicode.Scalar(UInt8(65 + r))), at: 0)
      n = (n - 1) / 26
    }
    return String(letters)
  }

  /// Text as XML character data (`XMLText.escape`).
  static func escape(_ s: String) -> String { XMLText.escape(s) }
}

import Foundation

/// One column of numbers read from a CSV export with a header row: what `mspsim fit`
/// fits (docs/fit.md, "Reading the CSV").
public struct DataColumn: Sendable {
  /// The file as named on the command line (for messages).
  public let file: String
  /// The column's name as the header writes it.
  public let name: String
  /// The numbers, in file order.
  public let values: [Double]
  /// The rows (1-based, header = row 1) of `values`, for messages about one value.
  public let rows: [Int]
  /// Cells that were empty (or only spaces), skipped.
  public let blankCells: Int

  /// Fewer values than this cannot be fitted: two-parameter families and the
  /// goodness-of-fit tests mean nothing on three or four numbers.
  public static let minimumCount = 5

  /// Reads column `column` of the CSV file at `path`.
  ///
  /// - Throws: `FitError` (exit 2) when the file cannot be read, has no header, has
  ///   no such column (listing the columns, suggesting the closest), a cell is not a
  ///   number (naming the row and column), or fewer than `minimumCount` numbers remain.
  public static func read(path: String, column: String) throws(FitError) -> DataColumn {
    // Why a file cannot be read, in the system's words ("No such file or directory",
    // "Permission denied"), as the scenario loader says it, not Foundation's.
    var status = stat()
    guard stat(path, &status) == 0 else {
      throw FitError("\(path): cannot read the file (\(String(cString: strerror(errno))))")
    }
    if (status.st_mode & S_IFMT) == S_IFDIR { throw FitError("\(path): is a folder, not a CSV file") }
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { throw FitError("\(path): cannot read the file (\(String(cString: strerror(errno))))") }
    close(descriptor)
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw FitError("\(path): cannot read the file")
    }
    guard let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1) else {
      throw FitError("\(path): not a text file")
    }
    return try parse(text: text, file: path, column: column)
  }

  /// Reads column `column` of CSV `text` (`file` names it in messages).
  public static func parse(text: String, file: String, column: String) throws(FitError) -> DataColumn {
    let records = try CSVRecords.parse(text, file: file)
    guard let header = records.first else { throw FitError("\(file): the file is empty (expected a header row)") }
    let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
    guard
      let index = names.firstIndex(of: column)
        ?? names.firstIndex(where: { $0.lowercased() == column.trimmingCharacters(in: .whitespaces).lowercased() })
    else {
      var message = "\(file): no column '\(column)'"
      if let s = Suggestion.closest(to: column, in: names) { message += "; did you mean '\(s)'?" }
      message += " (columns: \(names.map { "'\($0)'" }.joined(separator: ", ")))"
      throw FitError(message)
    }
    let name = names[index]
    // Two columns of one name: which one was meant cannot be told.
    let sameName = names.indices.filter { names[$0].lowercased() == name.lowercased() }
    if sameName.count > 1 {
      throw FitError(
        "\(file): column '\(name)' appears \(sameName.count) times in the header (columns "
          + sameName.map { String($0 + 1) }.joined(separator: ", ") + "); give each column its own name")
    }
    var values: [Double] = []
    var rows: [Int] = []
    var blanks = 0
    for record in records.dropFirst() {
      // Every row as wide as the header (docs/fit.md, "Reading the CSV"): a row with
      // more fields is most often a decimal comma (3,5 read as two fields), one with
      // fewer a cut line, and either may have shifted the column. Empty fields after
      // the last column (a trailing comma) are not counted.
      var width = record.fields.count
      while width > names.count, record.fields[width - 1].allSatisfy(\.isWhitespace) { width -= 1 }
      guard width == names.count else {
        throw FitError(
          "\(file): row \(record.row): the row has \(width) fields, the header \(names.count)"
            + (width > names.count ? " (a decimal comma, as in 3,5? the point is the decimal mark)" : ""))
      }
      let cell = record.fields[index]
      if cell.allSatisfy(\.isWhitespace) {
        blanks += 1
        continue
      }
      guard let x = ExportNumber.parse(cell) else {
        throw FitError(
          "\(file): row \(record.row), column '\(name)': '\(cell)' is not a number "
            + "(allowed: numbers such as 1250, 1,250.00, $1,250.00, 1 250, (1,250.00); "
            + "the point is the decimal mark; blank cells are skipped)")
      }
      values.append(x)
      rows.append(record.row)
    }
    guard values.count >= minimumCount else {
      throw FitError(
        "\(file): column '\(name)' has \(values.count) number\(values.count == 1 ? "" : "s")"
          + (blanks > 0 ? " (\(blanks) blank cell\(blanks == 1 ? "" : "s") skipped)" : "")
          + "; fitting needs at least \(minimumCount)")
    }
    return DataColumn(file: file, name: name, values: values, rows: rows, blankCells: blanks)
  }

  public init(file: String, name: String, values: [Double], rows: [Int]? = nil, blankCells: Int = 0) {
    self.file = file
    self.name = name
    self.values = values
    self.rows = rows ?? values.indices.map { $0 + 2 }
    self.blankCells = blankCells
  }
}

/// Splits CSV text into records of fields (RFC 4180): fields separated by commas,
/// records by LF or CRLF; a field in double quotes may hold commas, line breaks
/// and doubled quotes (`"say ""hi"""` is `say "hi"`). A record is one row: the
/// header is row 1, so a row number is a line number unless a quoted field
/// spans lines.
enum CSVRecords {
  /// The records of `text`, each with its 1-based row number; empty lines are dropped.
  ///
  /// - Throws: `FitError` naming `file` and the row when a quote is not closed or
  ///   text follows a closing quote (`"a"b`).
  static func parse(_ text: String, file: String) throws(FitError) -> [(row: Int, fields: [String])] {
    var records: [(row: Int, fields: [String])] = []
    var fields: [String] = []
    var field = ""
    var inQuotes = false
    var afterQuote = false  // just closed a quoted field: only a comma or a line end may follow
    var row = 1
    var chars = Array(text.unicodeScalars)
    if chars.first == "\u{FEFF}" { chars.removeFirst() }  // a byte-order mark (spreadsheet exports)
    var i = 0
    func endRecord() {
      fields.append(field)
      // A line holding nothing (not even a comma) is no record.
      if !(fields.count == 1 && fields[0].isEmpty) { records.append((row, fields)) }
      fields = []
      field = ""
      row += 1
    }
    while i < chars.count {
      let c = chars[i]
      if inQuotes {
        if c == "\"" {
          if i + 1 < chars.count, chars[i + 1] == "\"" {
            field.unicodeScalars.append("\"")
            i += 1
          } else {
            inQuotes = false
            afterQuote = true
          }
        } else {
          field.unicodeScalars.append(c)
        }
      } else if c == "," {
        fields.append(field)
        field = ""
        afterQuote = false
      } else if c == "\n" || c == "\r" {
        if c == "\r", i + 1 < chars.count, chars[i + 1] == "\n" { i += 1 }
        endRecord()
        afterQuote = false
      } else if afterQuote {
        if c != " " && c != "\t" {
          throw FitError("\(file): row \(row): text after a closing quote (a quoted field ends at its quote)")
        }
      } else if c == "\"" && field.allSatisfy({ $0 == " " }) {
        field = ""
        inQuotes = true
      } else {
        field.unicodeScalars.append(c)
      }
      i += 1
    }
    if inQuotes { throw FitError("\(file): row \(row): a quoted field is not closed before the end of the file") }
    if !field.isEmpty || !fields.isEmpty { endRecord() }
    return records
  }
}

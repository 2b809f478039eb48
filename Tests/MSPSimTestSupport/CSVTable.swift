import Foundation

/// A small, strict RFC 4180 reader for the tests' own use: fields separated by commas,
/// records by LF or CRLF, quoted fields may hold commas, quotes (doubled) and line breaks.
/// A quote inside an unquoted field, text after a closing quote, or an unterminated
/// quote is an error.
public struct CSVTable {
  public struct ParseError: Error, CustomStringConvertible {
    public var description: String
  }

  public var header: [String]
  public var rows: [[String]]

  /// Parses `text`; every record must have as many fields as the header.
  public init(_ text: String) throws {
    let records = try Self.records(text)
    guard let first = records.first else { throw ParseError(description: "empty file (no header row)") }
    header = first
    rows = Array(records.dropFirst())
    for (i, r) in rows.enumerated() where r.count != header.count {
      throw ParseError(
        description: "record \(i + 2) has \(r.count) fields, the header \(header.count): \(r.joined(separator: "|"))")
    }
  }

  /// The column named `name`'s index, if present.
  public func column(_ name: String) -> Int? { header.firstIndex(of: name) }

  public static func records(_ text: String) throws -> [[String]] {
    let s = Array(text.unicodeScalars)
    var records: [[String]] = []
    var record: [String] = []
    var field = String.UnicodeScalarView()
    var inQuotes = false
    var wasQuoted = false  // the current field was quoted and its closing quote seen
    var recordHasContent = false
    var i = 0
    func endField() {
      record.append(String(field))
      field = String.UnicodeScalarView()
      wasQuoted = false
    }
    while i < s.count {
      let c = s[i]
      if inQuotes {
        if c == "\"" {
          if i + 1 < s.count, s[i + 1] == "\"" {
            field.append("\"")
            i += 2
            continue
          }
          inQuotes = false
          wasQuoted = true
        } else {
          field.append(c)
        }
        i += 1
        continue
      }
      switch c {
      case ",":
        endField()
        recordHasContent = true
      case "\r":
        guard i + 1 < s.count, s[i + 1] == "\n" else {
          throw ParseError(description: "bare CR at scalar \(i) (record \(records.count + 1))")
        }
        i += 1
        endField()
        records.append(record)
        record = []
        recordHasContent = false
      case "\n":
        endField()
        records.append(record)
        record = []
        recordHasContent = false
      case "\"":
        guard field.isEmpty, !wasQuoted else {
          throw ParseError(description: "quote inside an unquoted field (record \(records.count + 1))")
        }
        inQuotes = true
        recordHasContent = true
      default:
        if wasQuoted {
          throw ParseError(description: "text after a closing quote (record \(records.count + 1))")
        }
        field.append(c)
        recordHasContent = true
      }
      i += 1
    }
    if inQuotes { throw ParseError(description: "unterminated quoted field at end of file") }
    if recordHasContent || !field.isEmpty || wasQuoted {
      endField()
      records.append(record)
    }
    return records
  }
}

/// True when `s` is a plain decimal number as docs/scenario-format.md wants it: an optional minus,
/// digits, optionally `.` and digits; no exponent, no thousands separator, no currency
/// sign, no spaces, and it parses as a finite Double.
public func isPlainDecimal(_ s: String) -> Bool {
  guard s.range(of: #"^-?[0-9]+(\.[0-9]+)?$"#, options: .regularExpression) != nil else { return false }
  guard let x = Double(s) else { return false }
  return x.isFinite
}

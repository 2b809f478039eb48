import Foundation

/// CSV cells as docs/scenario-format.md wants them: plain decimal numbers with `.`, no
/// exponent, no thousands separators; RFC 4180 quoting for text.
public enum CSVFormat {
  /// A number in plain decimal: the shortest round-trip digits when Swift prints
  /// them without an exponent, else fixed notation with up to 12 decimals, trailing
  /// zeros trimmed. Never NaN or infinity (callers guarantee finite values; a
  /// non-finite value is a bug and traps in debug builds, prints empty otherwise).
  public static func number(_ x: Double) -> String {
    var text = UTF8Text(capacity: 24)
    append(number: x, to: &text)
    return text.string
  }

  /// Appends `number(x)`'s text to `text`, without making a String on the way
  /// unless Swift prints `x` with an exponent (rare: below 1e-4 or from 2^53 up).
  static func append(number x: Double, to text: inout UTF8Text) {
    guard x.isFinite else {
      assertionFailure("non-finite value reached a CSV")
      return
    }
    if x == 0 {
      text.append(ascii: "0")
      return
    }
    let start = text.bytes.count
    x.write(to: &text)
    let end = text.bytes.count
    if text.bytes[start..<end].contains(UInt8(ascii: "e")) {
      text.bytes.removeSubrange(start..<end)
      text.append(fixed(x))
    } else if end - start >= 2, text.bytes[end - 2] == UInt8(ascii: "."), text.bytes[end - 1] == UInt8(ascii: "0") {
      text.bytes.removeLast(2)
    }
  }

  /// `x` with 12 decimals, trailing zeros trimmed, "0" for what rounds to zero: for
  /// a value Swift would print with an exponent.
  static func fixed(_ x: Double) -> String {
    var s = String(format: "%.12f", x)
    while s.hasSuffix("0") { s.removeLast() }
    if s.hasSuffix(".") { s.removeLast() }
    if s == "-0" || s.isEmpty { return "0" }
    return s
  }

  /// A text field, quoted when it holds a comma, quote, CR or LF (RFC 4180).
  public static func text(_ s: String) -> String {
    if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
      return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return s
  }

  /// One CSV line (CRLF is allowed by RFC 4180; LF is what spreadsheets and tools expect here).
  public static func row(_ fields: [String]) -> String { fields.joined(separator: ",") + "\n" }
}

extension UTF8Text {
  /// `,` and `CSVFormat.number(x)`: the next number field of a CSV row.
  mutating func appendField(number x: Double) {
    append(ascii: ",")
    CSVFormat.append(number: x, to: &self)
  }

  /// `,` and `field` (already quoted where `CSVFormat.text` would quote it).
  mutating func appendField(_ field: String) {
    append(ascii: ",")
    append(field)
  }

  /// The end of a CSV row (`CSVFormat.row`'s line feed).
  mutating func endRow() { append(ascii: "\n") }
}

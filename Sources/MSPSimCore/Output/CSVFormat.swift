import Foundation

/// CSV cells as docs/scenario-format.md wants them: plain decimal numbers with `.`, no
/// exponent, no thousands separators; RFC 4180 quoting for text.
public enum CSVFormat {
  /// A number in plain decimal: the shortest round-trip digits when Swift prints
  /// them without an exponent, else fixed notation with up to 12 decimals, trailing
  /// zeros trimmed. Never NaN or infinity (callers guarantee finite values; a
  /// non-finite value is a bug and traps in debug builds, prints empty otherwise).
  public static func number(_ x: Double) -> String {
    guard x.isFinite else {
      assertionFailure("non-finite value reached a CSV")
      return ""
    }
    if x == 0 { return "0" }
    var s = "\(x)"
    // utf8 scan: String.contains(String) goes through Foundation's CFStringFind, which
    // showed up in profiles of writing monthly.csv.
    if s.utf8.contains(UInt8(ascii: "e")) {
      s = String(format: "%.12f", x)
      while s.hasSuffix("0") { s.removeLast() }
      if s.hasSuffix(".") { s.removeLast() }
      if s == "-0" || s.isEmpty { return "0" }
      return s
    }
    if s.hasSuffix(".0") { s.removeLast(2) }
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

/// Text as XML 1.0 character data, for the SVG charts, the report and the workbook:
/// the five special characters escaped (valid in text and in attribute values), and
/// the control characters XML 1.0 forbids (all below U+0020 but tab, LF and CR) dropped.
enum XMLText {
  static func escape(_ s: String) -> String {
    // Most texts (every number of a chart) need nothing: returned as they are.
    if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) {
      return s
    }
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for ch in s.unicodeScalars {
      switch ch {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      case "\t", "\n", "\r": out.unicodeScalars.append(ch)
      default: if ch.value >= 0x20 { out.unicodeScalars.append(ch) }
      }
    }
    return out
  }
}

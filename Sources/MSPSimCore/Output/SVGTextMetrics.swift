/// How wide a line of chart text is, so legends and subtitles wrap instead of being cut
/// and labels can be moved apart (docs/reading-results.md, "The charts").
///
/// The widths are the advance widths of DejaVu Sans (the sans-serif of most Linux
/// systems and the widest of the common ones): a box measured with them also holds
/// the text set in Arial, Helvetica or Liberation Sans. Characters beyond ASCII count
/// as a full em, an upper bound for Latin, Greek and CJK letters alike. The estimate
/// depends on the text alone, so charts stay byte-identical from run to run.
enum SVGTextMetrics {
  /// DejaVu Sans Book, advance widths in thousandths of an em, for U+0020 ... U+007E.
  static let regular: [UInt16] = [
    318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636,
    636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632,
    575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685,
    611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579,
    278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838,
  ]

  /// DejaVu Sans Bold, the same way.
  static let bold: [UInt16] = [
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696,
    696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683,
    683, 821, 837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771,
    724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665,
    343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838,
  ]

  /// The width in pixels of `s` set in one line at `size` px.
  static func width(_ s: String, size: Double, bold isBold: Bool = false) -> Double {
    let table = isBold ? bold : regular
    var em = 0
    for u in s.unicodeScalars {
      let v = Int(u.value)
      em += (32...126).contains(v) ? Int(table[v - 32]) : 1000
    }
    return Double(em) / 1000 * size
  }

  /// `s` in lines no wider than `width`, broken at `separator` where it can be (the
  /// separator itself dropped at a break), then at spaces, and a word too long for
  /// a line of its own after its last `_`, `-`, `.` or `/` that fits, else between
  /// two characters. Never cut short: joining the lines gives back every word.
  static func wrap(
    _ s: String, width: Double, size: Double, bold: Bool = false, separator: String = " "
  ) -> [String] {
    func fits(_ t: String) -> Bool { Self.width(t, size: size, bold: bold) <= width }
    var lines: [String] = []
    var line = ""
    for unit in s.components(separatedBy: separator) {
      if line.isEmpty || !fits(line + separator + unit) {
        if !line.isEmpty { lines.append(line) }
        line = ""
        // A unit alone on its line, word-wrapped when it is too wide.
        let parts = separator == " " ? breakWord(unit, fits: fits) : wrap(unit, width: width, size: size, bold: bold)
        lines += parts.dropLast()
        line = parts.last ?? ""
      } else {
        line += separator + unit
      }
    }
    lines.append(line)
    return lines
  }

  /// `s` wrapped as above in at most `most` lines (at least one): when it needs more,
  /// the last line kept is shortened until it fits with `ellipsis` after it. The one
  /// way a chart text is still cut, for a text that would take the room of its whole
  /// plot (docs/reading-results.md, "The charts").
  static func wrap(
    _ s: String, width: Double, size: Double, bold: Bool = false, separator: String = " ", most: Int,
    ellipsis: String = "…"
  ) -> [String] {
    var lines = wrap(s, width: width, size: size, bold: bold, separator: separator)
    let most = Swift.max(1, most)
    guard lines.count > most else { return lines }
    lines.removeLast(lines.count - most)
    var last = lines[most - 1]
    while !last.isEmpty, Self.width(last + ellipsis, size: size, bold: bold) > width { last.removeLast() }
    lines[most - 1] = last + ellipsis
    return lines
  }

  /// One word in pieces that each fit (a piece holds at least one character).
  static func breakWord(_ word: String, fits: (String) -> Bool) -> [String] {
    var pieces: [String] = []
    var rest = Substring(word)
    while !fits(String(rest)) && rest.count > 1 {
      var end = rest.startIndex
      var soft: String.Index?
      while end < rest.endIndex {
        let next = rest.index(after: end)
        guard fits(String(rest[..<next])) else { break }
        if "_-./".contains(rest[end]) { soft = next }
        end = next
      }
      let cut = soft ?? (end == rest.startIndex ? rest.index(after: end) : end)
      pieces.append(String(rest[..<cut]))
      rest = rest[cut...]
    }
    pieces.append(String(rest))
    return pieces
  }
}

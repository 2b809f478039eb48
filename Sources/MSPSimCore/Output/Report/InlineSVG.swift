/// A standalone chart file (`Charts`) made fit to sit inside an HTML page: the
/// XML declaration (and anything else before the `<svg>` root) dropped, the root's
/// fixed width and height removed so the page's CSS sizes it from its viewBox, and
/// every id, with the `url(#...)` and `href="#..."` references to it, prefixed, so
/// that two charts on one page never share an id.
enum InlineSVG {
  /// - Parameters:
  ///   - svg: A chart as `Charts` renders it.
  ///   - prefix: What every id gets in front ("revenue_fan-"); unique per chart.
  /// - Returns: The `<svg>` element alone, ending with a line break.
  /// - Complexity: O(n) in the length of `svg`.
  static func inline(_ svg: String, prefix: String) -> String {
    var bytes = Array(svg.utf8)
    if let start = find(Array("<svg".utf8), in: bytes, from: 0) { bytes.removeFirst(start) }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + 64)
    let prefixBytes = Array(prefix.utf8)
    var inTag = false
    var isRoot = true
    var i = 0
    while i < bytes.count {
      let b = bytes[i]
      // Text cannot hold `<` or `>` (SVGDocument.escape), so these bound the tags.
      if b == UInt8(ascii: "<") { inTag = true }
      if b == UInt8(ascii: ">") {
        inTag = false
        isRoot = false
      }
      if inTag {
        if isRoot, let skip = sizeAttribute(bytes, at: i) {
          i += skip
          continue
        }
        var matched = false
        for pattern in Self.references where starts(bytes, pattern, at: i) {
          out += pattern + prefixBytes
          i += pattern.count
          matched = true
          break
        }
        if matched { continue }
      }
      out.append(b)
      i += 1
    }
    var text = String(decoding: out, as: UTF8.self)
    if !text.hasSuffix("\n") { text += "\n" }
    return text
  }

  /// What gets the prefix: an id, and the two forms of reference to one. Made once,
  /// not at every byte of a tag (a page inlines several charts of ~20 KB each).
  private static let references = [" id=\"", "url(#", "href=\"#"].map { Array($0.utf8) }
  /// The root's size attributes, removed.
  private static let sizes = [" width=\"", " height=\""].map { Array($0.utf8) }

  /// The length of ` width="..."` or ` height="..."` at `i`, or nil.
  private static func sizeAttribute(_ bytes: [UInt8], at i: Int) -> Int? {
    for pattern in sizes {
      guard starts(bytes, pattern, at: i) else { continue }
      var j = i + pattern.count
      while j < bytes.count, bytes[j] != UInt8(ascii: "\"") { j += 1 }
      return j + 1 - i
    }
    return nil
  }

  private static func starts(_ bytes: [UInt8], _ pattern: [UInt8], at i: Int) -> Bool {
    guard i + pattern.count <= bytes.count else { return false }
    for k in pattern.indices where bytes[i + k] != pattern[k] { return false }
    return true
  }

  private static func find(_ pattern: [UInt8], in bytes: [UInt8], from: Int) -> Int? {
    var i = from
    while i + pattern.count <= bytes.count {
      if starts(bytes, pattern, at: i) { return i }
      i += 1
    }
    return nil
  }
}

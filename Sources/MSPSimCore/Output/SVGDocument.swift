import Foundation

/// A self-contained SVG document (1200 x 800 viewBox) built by appending elements.
///
/// Every number goes through ``number(_:)`` (at most 2 decimals, never NaN or
/// infinity) and every piece of text through ``escape(_:)``, so model names and
/// key paths of any kind give a well-formed XML file. No scripts, no external
/// fonts, stylesheets or links: the file opens in any browser offline.
struct SVGDocument {
  static let width = 1200.0
  static let height = 800.0
  /// The smallest font size used anywhere (readable at the default zoom).
  static let minFontSize = 12.0

  private let title: String
  private let description: String
  private var body = ""
  private var depth = 1
  /// How far the heading's title lines past its first push the chart under it down:
  /// 0 for a one-line title. Set by `heading(_:subtitle:)` only.
  var headingDrop = 0.0

  /// - Parameters:
  ///   - title: The document's `<title>` (shown by browsers as a tooltip and by screen readers).
  ///   - description: The `<desc>`: what the chart shows, in one or two sentences.
  init(title: String, description: String) {
    self.title = title
    self.description = description
  }

  // MARK: Text and numbers

  /// `s` as XML character data, valid in text and in attribute values (`XMLText.escape`).
  static func escape(_ s: String) -> String { XMLText.escape(s) }

  /// A coordinate or length: at most 2 decimals, trailing zeros trimmed, "0" for a
  /// non-finite value (a guard: callers skip non-finite data before drawing) and
  /// clamped to ±10^7, far outside the canvas but still printable.
  static func number(_ x: Double) -> String {
    guard x.isFinite else { return "0" }
    let c = Swift.min(Swift.max(x, -1e7), 1e7)
    if let s = hundredths(c) { return s }
    var s = String(format: "%.2f", c)
    while s.hasSuffix("0") { s.removeLast() }
    if s.hasSuffix(".") { s.removeLast() }
    return s == "-0" ? "0" : s
  }

  /// `number(c)` for |c| <= 10^7 without `String(format:)` (Foundation's, a twentieth
  /// of the time to draw the charts), or nil when `c` lies too near a tie of two
  /// hundredths to be sure of `%.2f`'s rounding.
  ///
  /// c x 100 is below 10^9 < 2^30 in magnitude, so its floating-point product is
  /// within half an ulp, 2^-23 < 1.2e-7, of the exact one. When the product is more
  /// than 1e-6 from a half-integer, the exact one is on the same side of it, and
  /// rounding the product gives the hundredths that `%.2f` prints (it rounds the
  /// exact value); nearer a tie `number` asks `String(format:)`.
  static func hundredths(_ c: Double) -> String? {
    let scaled = c * 100
    let nearest = scaled.rounded()
    guard 0.5 - abs(scaled - nearest) > 1e-6 else { return nil }
    let n = Int(nearest)
    if n == 0 { return "0" }  // also what rounds to -0.00
    let sign = n < 0 ? "-" : ""
    let whole = n.magnitude / 100
    let cents = n.magnitude % 100
    if cents == 0 { return sign + String(whole) }
    if cents % 10 == 0 { return sign + String(whole) + "." + String(cents / 10) }
    return sign + String(whole) + "." + String(cents / 10) + String(cents % 10)
  }

  /// ` name="value"` for each pair, values escaped.
  static func attributes(_ pairs: [(String, String)]) -> String {
    pairs.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
  }

  // MARK: Elements

  private mutating func emit(_ line: String) {
    body += String(repeating: "  ", count: depth) + line + "\n"
  }

  /// Opens a `<g>` with the given attributes; close it with ``close()``.
  mutating func open(_ pairs: [(String, String)]) {
    emit("<g" + Self.attributes(pairs) + ">")
    depth += 1
  }

  /// Closes the innermost open `<g>`.
  mutating func close() {
    depth = Swift.max(1, depth - 1)
    emit("</g>")
  }

  /// A rectangle; one with a negative size is drawn from its other corner, one with a
  /// non-finite corner or size is skipped.
  mutating func rect(
    x: Double, y: Double, width: Double, height: Double, fill: String,
    opacity: Double? = nil, stroke: String? = nil, extra: [(String, String)] = []
  ) {
    guard x.isFinite, y.isFinite, width.isFinite, height.isFinite else { return }
    let x0 = width < 0 ? x + width : x
    let y0 = height < 0 ? y + height : y
    var a: [(String, String)] = [
      ("x", Self.number(x0)), ("y", Self.number(y0)),
      ("width", Self.number(abs(width))), ("height", Self.number(abs(height))),
      ("fill", fill),
    ]
    if let opacity { a.append(("fill-opacity", Self.number(opacity))) }
    if let stroke { a += [("stroke", stroke), ("stroke-width", "1")] }
    emit("<rect" + Self.attributes(a + extra) + "/>")
  }

  /// A straight line; skipped when an end is not finite.
  mutating func line(
    x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1,
    dash: String? = nil, extra: [(String, String)] = []
  ) {
    guard x1.isFinite, y1.isFinite, x2.isFinite, y2.isFinite else { return }
    var a: [(String, String)] = [
      ("x1", Self.number(x1)), ("y1", Self.number(y1)), ("x2", Self.number(x2)),
      ("y2", Self.number(y2)), ("stroke", stroke), ("stroke-width", Self.number(width)),
    ]
    if let dash { a.append(("stroke-dasharray", dash)) }
    emit("<line" + Self.attributes(a + extra) + "/>")
  }

  /// A path; skipped when it has no segment.
  mutating func path(
    _ p: SVGPath, fill: String, fillOpacity: Double? = nil, stroke: String? = nil,
    strokeWidth: Double = 1, extra: [(String, String)] = []
  ) {
    guard !p.isEmpty else { return }
    var a: [(String, String)] = [("d", p.d), ("fill", fill)]
    if let fillOpacity { a.append(("fill-opacity", Self.number(fillOpacity))) }
    if let stroke {
      a += [("stroke", stroke), ("stroke-width", Self.number(strokeWidth)), ("stroke-linejoin", "round")]
    }
    emit("<path" + Self.attributes(a + extra) + "/>")
  }

  /// A line of text (escaped); `anchor` is start, middle or end; `rotate` turns it
  /// about its anchor point (-90 for a y-axis title); `halo` draws a white outline
  /// under the letters, keeping a label readable where it crosses a line.
  mutating func text(
    _ s: String, x: Double, y: Double, size: Double = 14, anchor: String = "start",
    bold: Bool = false, fill: String = "#222222", rotate: Double? = nil, halo: Bool = false
  ) {
    text(lines: [s], x: x, y: y, size: size, anchor: anchor, bold: bold, fill: fill, rotate: rotate, halo: halo)
  }

  /// Lines of text (escaped) set as one `<text>`, the first baseline at y and one line
  /// every `lineHeight` px below it (each a `<tspan>`), so a wrapped label stays one
  /// label for readers and tools; a single line gives the same element as `text(_:x:y:)`.
  mutating func text(
    lines: [String], x: Double, y: Double, lineHeight: Double = 17, size: Double = 14,
    anchor: String = "start", bold: Bool = false, fill: String = "#222222", rotate: Double? = nil,
    halo: Bool = false
  ) {
    guard x.isFinite, y.isFinite, lineHeight.isFinite, !lines.isEmpty else { return }
    var a: [(String, String)] = [
      ("x", Self.number(x)), ("y", Self.number(y)),
      ("font-size", Self.number(Swift.max(Self.minFontSize, size))),
    ]
    if anchor != "start" { a.append(("text-anchor", anchor)) }
    if bold { a.append(("font-weight", "bold")) }
    if fill != "#222222" { a.append(("fill", fill)) }
    if let rotate, rotate.isFinite {
      a.append(("transform", "rotate(\(Self.number(rotate)) \(Self.number(x)) \(Self.number(y)))"))
    }
    if halo {
      a += [("stroke", "#ffffff"), ("stroke-width", "4"), ("stroke-linejoin", "round"), ("paint-order", "stroke")]
    }
    guard lines.count > 1 else {
      emit("<text" + Self.attributes(a) + ">" + Self.escape(lines[0]) + "</text>")
      return
    }
    let spans = lines.enumerated().map { i, line in
      "<tspan" + Self.attributes([("x", Self.number(x)), ("y", Self.number(y + Double(i) * lineHeight))]) + ">"
        + Self.escape(line) + "</tspan>"
    }
    emit("<text" + Self.attributes(a) + ">" + spans.joined() + "</text>")
  }

  /// The whole file: XML declaration, `<svg>` root with the viewBox, `<title>`,
  /// `<desc>`, a white background and the elements appended so far.
  func rendered() -> String {
    let w = Self.number(Self.width)
    let h = Self.number(Self.height)
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    out +=
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\""
      + " font-family=\"sans-serif\" font-size=\"14\">\n"
    out += "  <title>\(Self.escape(title))</title>\n"
    out += "  <desc>\(Self.escape(description))</desc>\n"
    out += "  <rect x=\"0\" y=\"0\" width=\"\(w)\" height=\"\(h)\" fill=\"#ffffff\"/>\n"
    out += body
    var closing = depth
    while closing > 1 {  // a `<g>` left open by mistake is closed, keeping the XML valid
      closing -= 1
      out += String(repeating: "  ", count: closing) + "</g>\n"
    }
    out += "</svg>\n"
    return out
  }
}

/// Path data (`d`) built segment by segment; non-finite points are dropped.
struct SVGPath {
  private(set) var d = ""
  private var started = false

  var isEmpty: Bool { !started }

  /// Starts a new subpath at (x, y).
  mutating func move(_ x: Double, _ y: Double) {
    guard x.isFinite, y.isFinite else { return }
    d += (d.isEmpty ? "" : " ") + "M" + SVGDocument.number(x) + "," + SVGDocument.number(y)
    started = true
  }

  /// A straight segment to (x, y); the first point of a path moves there instead.
  mutating func line(_ x: Double, _ y: Double) {
    guard x.isFinite, y.isFinite else { return }
    if !started {
      move(x, y)
      return
    }
    d += " L" + SVGDocument.number(x) + "," + SVGDocument.number(y)
  }

  /// Closes the current subpath.
  mutating func close() {
    if started { d += " Z" }
  }
}

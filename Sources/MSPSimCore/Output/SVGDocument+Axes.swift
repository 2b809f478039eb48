import Foundation

/// A rectangle of the canvas holding one plot, in pixels (y grows downwards).
struct SVGFrame {
  var left: Double
  var top: Double
  var right: Double
  var bottom: Double

  var width: Double { right - left }
  var height: Double { bottom - top }
}

/// A linear map from a data interval [lo, hi] to a pixel interval [from, to].
struct SVGScale {
  let lo: Double
  let hi: Double
  let from: Double
  let to: Double

  /// The pixel of `v`: the middle of the pixel interval when the data interval is
  /// empty, never NaN for finite input.
  func callAsFunction(_ v: Double) -> Double {
    guard hi > lo, v.isFinite else { return (from + to) / 2 }
    return from + (v - lo) / (hi - lo) * (to - from)
  }

  /// The pixel of `v`, clamped to the pixel interval.
  func clamped(_ v: Double) -> Double {
    let p = self(v)
    return Swift.min(Swift.max(p, Swift.min(from, to)), Swift.max(from, to))
  }
}

/// Round tick values covering an interval: steps of 1, 2 or 5 times a power of ten,
/// the interval widened to whole steps.
struct NiceTicks {
  /// The axis range: the first and last tick.
  let lo: Double
  let hi: Double
  let step: Double
  let values: [Double]

  /// Ticks covering [a, b] with about `count` steps.
  ///
  /// A non-finite bound falls back to [0, 1]. A constant (or nearly constant)
  /// interval is widened around its value by 10 % of its magnitude (or by 1 at 0),
  /// so a single spike still gets an axis.
  init(covering a: Double, _ b: Double, count: Int = 6) {
    var a = a.isFinite ? a : 0
    var b = b.isFinite ? b : 1
    if a > b { swap(&a, &b) }
    let magnitude = Swift.max(abs(a), abs(b))
    if b - a <= magnitude * 1e-9 {
      let pad = magnitude > 0 ? magnitude * 0.1 : 1
      a -= pad
      b += pad
    }
    let raw = (b - a) / Double(Swift.max(1, count))
    let power = Foundation.pow(10, Foundation.floor(Foundation.log10(raw)))
    let norm = raw / power
    // The 1-2-5 step nearest to the raw step on a log scale (thresholds sqrt(2),
    // sqrt(10), sqrt(50)), so the axis ends near the data rather than a whole coarse step beyond.
    var step = (norm >= 7.071 ? 10 : norm >= 3.162 ? 5 : norm >= 1.414 ? 2 : 1) * power
    if !(step.isFinite && step > 0) { step = 1 }
    let first = Foundation.floor(a / step + 1e-9)
    let last = Foundation.ceil(b / step - 1e-9)
    let n = Swift.min(100, Swift.max(1, Int(Swift.max(1, Swift.min(1e6, last - first)))))
    var values: [Double] = []
    for k in 0...n { values.append((first + Double(k)) * step) }
    self.step = step
    self.values = values
    lo = values.first ?? a
    hi = values.last ?? b
  }

  /// Ticks at whole multiples of a fixed step (months: 12) covering [a, b].
  init(from a: Double, to b: Double, step: Double) {
    let s = step > 0 && step.isFinite ? step : 1
    let first = Foundation.floor(a / s), last = Foundation.ceil(b / s)
    let n = Swift.min(100, Swift.max(1, Int(Swift.max(1, Swift.min(1e6, last - first)))))
    values = (0...n).map { (first + Double($0)) * s }
    self.step = s
    lo = values.first ?? a
    hi = values.last ?? b
  }
}

/// Tick labels: money with k/M/B suffixes or thousands separators, shares in per cent.
enum SVGLabel {
  /// "1234567" -> "1,234,567": commas between groups of three digits.
  static func grouped(_ digits: Substring) -> String {
    var out = ""
    for (i, ch) in digits.enumerated() {
      if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(ch)
    }
    return out
  }

  /// A money tick label on an axis with this tick `step` and largest |tick|
  /// `magnitude`: "2.5M", "750k", "-1.2B", or "1,500" below 10,000; with as many
  /// decimals (at most 2) as the step needs.
  static func money(_ v: Double, step: Double, magnitude: Double) -> String {
    guard v.isFinite else { return "" }
    if abs(v) < abs(step) * 1e-6 { return "0" }
    let (unit, suffix): (Double, String) =
      magnitude >= 1e9 ? (1e9, "B") : magnitude >= 1e6 ? (1e6, "M") : magnitude >= 1e4 ? (1e3, "k") : (1, "")
    let s = String(format: "%.\(decimals(step / unit))f", abs(v) / unit)
    let dot = s.firstIndex(of: ".") ?? s.endIndex
    return (v < 0 ? "-" : "") + grouped(s[..<dot]) + String(s[dot...]) + suffix
  }

  /// A money amount for a label ("median 1.23M"): three significant digits with a
  /// k/M/B suffix, or a whole number below 1,000.
  static func amount(_ v: Double) -> String {
    guard v.isFinite else { return "" }
    let a = abs(v)
    let (unit, suffix): (Double, String) =
      a >= 1e9 ? (1e9, "B") : a >= 1e6 ? (1e6, "M") : a >= 1e3 ? (1e3, "k") : (1, "")
    let x = a / unit
    let d = unit == 1 ? 0 : x >= 100 ? 0 : x >= 10 ? 1 : 2
    let s = String(format: "%.\(d)f", x)
    return (v < 0 && (Double(s) ?? 0) != 0 ? "-" : "") + s + suffix
  }

  /// A share tick label: 0.05 -> "5 %", with the decimals the step needs.
  static func percent(_ v: Double, step: Double) -> String {
    guard v.isFinite else { return "" }
    let d = decimals(step * 100)
    return String(format: "%.\(d)f", v * 100) + " %"
  }

  /// Decimals (0...2) that print multiples of `step` exactly: 0.5 -> 1, 0.25 -> 2, 2 -> 0.
  static func decimals(_ step: Double) -> Int {
    guard step.isFinite, step > 0 else { return 0 }
    for d in 0..<2 {
      let scaled = step * Foundation.pow(10, Double(d))
      if abs(scaled - scaled.rounded()) < 1e-6 * Swift.max(1, scaled) { return d }
    }
    return 2
  }
}

/// One entry of a legend: a mark and its text.
struct SVGLegendEntry {
  enum Mark {
    /// A line (dashed or not) in a colour.
    case line(String, dashed: Bool)
    /// A filled box with an opacity.
    case box(String, opacity: Double)
  }
  var mark: Mark
  var label: String
}

extension SVGDocument {
  /// The chart's heading: a bold title and a grey subtitle line.
  mutating func heading(_ title: String, subtitle: String) {
    text(SVGDocument.truncate(title, 110), x: 40, y: 38, size: 22, bold: true)
    text(SVGDocument.truncate(subtitle, 150), x: 40, y: 62, size: 14, fill: "#555555")
  }

  /// Horizontal grid lines and labels at `ticks` on the left edge of `frame`, and a
  /// rotated axis title at x = `titleX`.
  mutating func yAxis(_ ticks: NiceTicks, scale: SVGScale, frame: SVGFrame, title: String, titleX: Double,
                      label: (Double) -> String)
  {
    open([("class", "axis y")])
    for v in ticks.values {
      let y = scale(v)
      line(x1: frame.left, y1: y, x2: frame.right, y2: y, stroke: v == 0 ? "#999999" : "#e3e3e3",
           width: v == 0 ? 1.2 : 1)
      text(label(v), x: frame.left - 8, y: y + 4.5, size: 13, anchor: "end", fill: "#444444")
    }
    text(title, x: titleX, y: (frame.top + frame.bottom) / 2, size: 14, anchor: "middle", rotate: -90)
    close()
  }

  /// Tick marks and labels at `values` under `frame`, a base line, and the axis
  /// title centred below (omitted when empty).
  mutating func xAxis(_ values: [Double], scale: SVGScale, frame: SVGFrame, title: String, grid: Bool = false,
                      label: (Double) -> String)
  {
    open([("class", "axis x")])
    line(x1: frame.left, y1: frame.bottom, x2: frame.right, y2: frame.bottom, stroke: "#666666")
    for v in values {
      let x = scale(v)
      if grid { line(x1: x, y1: frame.top, x2: x, y2: frame.bottom, stroke: v == 0 ? "#999999" : "#e3e3e3") }
      line(x1: x, y1: frame.bottom, x2: x, y2: frame.bottom + 5, stroke: "#666666")
      text(label(v), x: x, y: frame.bottom + 21, size: 13, anchor: "middle", fill: "#444444")
    }
    if !title.isEmpty {
      text(title, x: (frame.left + frame.right) / 2, y: frame.bottom + 46, size: 14, anchor: "middle")
    }
    close()
  }

  /// A vertical legend whose first entry's text baseline is at (x + 34, y), one
  /// entry every 24 px; texts are cut to `maxCharacters`.
  mutating func legend(_ entries: [SVGLegendEntry], x: Double, y: Double, title: String? = nil,
                       maxCharacters: Int = 24)
  {
    open([("class", "legend")])
    var yy = y
    if let title {
      text(title, x: x, y: yy, size: 14, bold: true)
      yy += 24
    }
    for e in entries {
      switch e.mark {
      case .line(let colour, let dashed):
        line(x1: x, y1: yy - 5, x2: x + 26, y2: yy - 5, stroke: colour, width: 2.5, dash: dashed ? "7 5" : nil)
      case .box(let colour, let opacity):
        rect(x: x, y: yy - 13, width: 26, height: 16, fill: colour, opacity: opacity)
      }
      text(SVGDocument.truncate(e.label, maxCharacters), x: x + 34, y: yy, size: 13)
      yy += 24
    }
    close()
  }

  /// A grey note in the middle of `frame` (an empty chart says why it is empty).
  mutating func note(_ s: String, frame: SVGFrame) {
    text(s, x: (frame.left + frame.right) / 2, y: (frame.top + frame.bottom) / 2, size: 16, anchor: "middle",
         fill: "#777777")
  }
}

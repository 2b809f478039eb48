import Foundation

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
    let first = Foundation.floor(a / s)
    let last = Foundation.ceil(b / s)
    let n = Swift.min(100, Swift.max(1, Int(Swift.max(1, Swift.min(1e6, last - first)))))
    values = (0...n).map { (first + Double($0)) * s }
    self.step = s
    lo = values.first ?? a
    hi = values.last ?? b
  }
}

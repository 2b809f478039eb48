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

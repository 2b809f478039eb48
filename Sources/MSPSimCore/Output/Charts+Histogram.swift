import Foundation

extension Charts {
  /// Number of equal-width bins of the NPV histogram.
  static let histogramBins = 40
  /// The histogram is rebuilt from the sketch's quantiles at q = 0, 1/200, ..., 1.
  static let histogramQuantileSteps = 200

  /// A histogram rebuilt from a quantile sketch: the share of paths per bin.
  ///
  /// The sketch's quantiles v_i = Q(i/k), i = 0...k, split the mass into k slices of
  /// 1/k each; slice i is spread uniformly over [v_i, v_(i+1)] (so a bin gets the
  /// slice's share of its overlap with that interval), or put whole in the bin
  /// holding v_i when the interval has zero width (a constant cell: one spike). The
  /// bins split [lo, hi] into `bins` equal parts; values outside are clamped to the
  /// end bins.
  ///
  /// - Returns: `bins` shares adding up to 1 (all 0 for an empty sketch).
  static func histogram(_ sketch: QuantileSketch, lo: Double, hi: Double, bins: Int) -> [Double] {
    var mass = [Double](repeating: 0, count: Swift.max(1, bins))
    guard !sketch.isEmpty, hi > lo, lo.isFinite, hi.isFinite else { return mass }
    let k = histogramQuantileSteps
    let v = sketch.quantiles((0...k).map { Double($0) / Double(k) })
    guard v.allSatisfy(\.isFinite) else { return mass }
    let width = (hi - lo) / Double(mass.count)
    func bin(_ x: Double) -> Int {
      let f = Foundation.floor((x - lo) / width)
      guard f.isFinite else { return 0 }
      return Int(Swift.min(Swift.max(f, 0), Double(mass.count - 1)))
    }
    let slice = 1 / Double(k)
    for i in 0..<k {
      let a = v[i]
      let b = v[i + 1]
      if !(b - a > width * 1e-9) {
        mass[bin(a)] += slice
        continue
      }
      for j in bin(a)...bin(b) {
        // The end bins reach to lo and hi exactly (no mass lost to rounding).
        let left = j == 0 ? -Double.infinity : lo + Double(j) * width
        let right = j == mass.count - 1 ? Double.infinity : lo + Double(j + 1) * width
        let overlap = Swift.min(b, right) - Swift.max(a, left)
        if overlap > 0 { mass[j] += slice * overlap / (b - a) }
      }
    }
    return mass
  }

  /// The common x range of histograms of `sketches`, from the smallest to the largest
  /// value of the non-empty ones, widened to hold `covering`. When every value is
  /// the same, a range of `histogramBins` bins centred on it (one spike).
  static func histogramRange(_ sketches: [QuantileSketch], covering: [Double] = []) -> (lo: Double, hi: Double) {
    let used = sketches.filter { !$0.isEmpty && $0.min.isFinite && $0.max.isFinite }
    var lo = used.map(\.min).min() ?? 0
    var hi = used.map(\.max).max() ?? 1
    for v in covering where v.isFinite {
      lo = Swift.min(lo, v)
      hi = Swift.max(hi, v)
    }
    if !(hi > lo) {
      // Every path of every series gave the same value: a one-bin spike centred on it.
      let w = Swift.max(abs(lo) * 0.1, 2) / Double(histogramBins)
      let c = lo
      lo = c - (Double(histogramBins / 2) + 0.5) * w
      hi = lo + Double(histogramBins) * w
    }
    return (lo, hi)
  }

  /// Draws the axes and one semi-transparent histogram per series (share of paths
  /// per bin, `histogramBins` bins over `range`), each in a
  /// `<g class="series histogram" data-model=... data-series="histogram">`. Series
  /// with an empty sketch are skipped.
  ///
  /// - Returns: the frame, the scales and the indices of the series drawn.
  static func drawHistograms(
    _ doc: inout SVGDocument, _ series: [(model: String, colour: String, sketch: QuantileSketch)],
    range: (lo: Double, hi: Double), xTitle: String
  ) -> (frame: SVGFrame, x: SVGScale, y: SVGScale, drawn: [Int]) {
    let (lo, hi) = range
    let used = series.indices.filter {
      !series[$0].sketch.isEmpty && series[$0].sketch.min.isFinite && series[$0].sketch.max.isFinite
    }
    let bins = histogramBins
    var shares: [Int: [Double]] = [:]
    for i in used { shares[i] = histogram(series[i].sketch, lo: lo, hi: hi, bins: bins) }
    let tallest = shares.values.flatMap { $0 }.max() ?? 0

    let frame = SVGFrame(left: 110, top: 90 + doc.headingDrop, right: 930, bottom: 715)
    let xTicks = NiceTicks(covering: lo, hi, count: 8)
    let x = SVGScale(lo: xTicks.lo, hi: xTicks.hi, from: frame.left, to: frame.right)
    let yTicks = NiceTicks(covering: 0, Swift.max(tallest * 1.08, 0.01), count: 6)
    let y = SVGScale(lo: yTicks.lo, hi: yTicks.hi, from: frame.bottom, to: frame.top)
    let magnitude = Swift.max(abs(xTicks.lo), abs(xTicks.hi))
    doc.yAxis(yTicks, scale: y, frame: frame, title: "Share of paths per bin", titleX: 36) {
      SVGLabel.percent($0, step: yTicks.step)
    }
    doc.xAxis(xTicks.values, scale: x, frame: frame, title: xTitle, grid: true) {
      SVGLabel.money($0, step: xTicks.step, magnitude: magnitude)
    }

    let width = (hi - lo) / Double(bins)
    for i in used {
      guard let share = shares[i] else { continue }
      var p = SVGPath()
      p.move(x(lo), y(0))
      for (j, s) in share.enumerated() {
        p.line(x(lo + Double(j) * width), y(s))
        p.line(x(lo + Double(j + 1) * width), y(s))
      }
      p.line(x(hi), y(0))
      p.close()
      doc.open([("class", "series histogram"), ("data-model", series[i].model), ("data-series", "histogram")])
      doc.path(p, fill: series[i].colour, fillOpacity: 0.3, stroke: series[i].colour, strokeWidth: 1.5)
      doc.close()
    }
    return (frame, x, y, used)
  }
}

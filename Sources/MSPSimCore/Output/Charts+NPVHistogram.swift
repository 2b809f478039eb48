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

  /// npv_histogram.svg: each model's distribution of NPV of EBITDA as a
  /// semi-transparent histogram (share of paths per bin, 40 bins over the common
  /// range of all models), with a dashed line at each model's median.
  static func npvHistogram(_ result: RunResult) -> String {
    let cur = currency(result)
    var doc = SVGDocument(
      title: "NPV of EBITDA (\(cur)): distribution over paths, per model",
      description:
        "Share of paths in each of \(histogramBins) equal-width bins of the net present value of EBITDA over the horizon, one semi-transparent histogram per model; dashed lines mark the medians."
    )
    doc.heading(
      "NPV of EBITDA: distribution over paths",
      subtitle: runLine(result)
        + " · discount rate \(SVGDocument.number(result.settings.discountRate * 100)) % a year · dashed: median")

    let L = result.layout
    let sketches = result.models.indices.map { result.sketches[L.summary(model: $0, metric: MetricLayout.summaryNPV)] }
    let used = sketches.indices.filter {
      !sketches[$0].isEmpty && sketches[$0].min.isFinite && sketches[$0].max.isFinite
    }
    var lo = used.map { sketches[$0].min }.min() ?? 0
    var hi = used.map { sketches[$0].max }.max() ?? 1
    if !(hi > lo) {
      // Every path of every model gave the same NPV: a one-bin spike centred on it.
      let w = Swift.max(abs(lo) * 0.1, 2) / Double(histogramBins)
      let c = lo
      lo = c - (Double(histogramBins / 2) + 0.5) * w
      hi = lo + Double(histogramBins) * w
    }
    let bins = histogramBins
    var shares: [Int: [Double]] = [:]
    for mi in used { shares[mi] = histogram(sketches[mi], lo: lo, hi: hi, bins: bins) }
    let tallest = shares.values.flatMap { $0 }.max() ?? 0

    let frame = SVGFrame(left: 110, top: 90, right: 930, bottom: 715)
    let xTicks = NiceTicks(covering: lo, hi, count: 8)
    let x = SVGScale(lo: xTicks.lo, hi: xTicks.hi, from: frame.left, to: frame.right)
    let yTicks = NiceTicks(covering: 0, Swift.max(tallest * 1.08, 0.01), count: 6)
    let y = SVGScale(lo: yTicks.lo, hi: yTicks.hi, from: frame.bottom, to: frame.top)
    let magnitude = Swift.max(abs(xTicks.lo), abs(xTicks.hi))
    doc.yAxis(yTicks, scale: y, frame: frame, title: "Share of paths per bin", titleX: 36) {
      SVGLabel.percent($0, step: yTicks.step)
    }
    doc.xAxis(xTicks.values, scale: x, frame: frame, title: "NPV of EBITDA (\(cur))", grid: true) {
      SVGLabel.money($0, step: xTicks.step, magnitude: magnitude)
    }

    let width = (hi - lo) / Double(bins)
    for mi in used {
      guard let share = shares[mi] else { continue }
      var p = SVGPath()
      p.move(x(lo), y(0))
      for (j, s) in share.enumerated() {
        p.line(x(lo + Double(j) * width), y(s))
        p.line(x(lo + Double(j + 1) * width), y(s))
      }
      p.line(x(hi), y(0))
      p.close()
      doc.open([("class", "series histogram"), ("data-model", result.models[mi].name), ("data-series", "histogram")])
      doc.path(p, fill: modelColour(mi), fillOpacity: 0.3, stroke: modelColour(mi), strokeWidth: 1.5)
      doc.close()
    }
    // Medians, labelled at staggered heights so close medians stay readable.
    for (rank, mi) in used.enumerated() {
      let median = sketches[mi].quantile(0.5)
      guard median.isFinite else { continue }
      let px = x(median)
      doc.open([("class", "series median"), ("data-model", result.models[mi].name), ("data-series", "median")])
      doc.line(x1: px, y1: frame.top, x2: px, y2: frame.bottom, stroke: modelColour(mi), width: 2, dash: "8 6")
      let label = "\(SVGDocument.truncate(result.models[mi].name, 20)) median \(SVGLabel.amount(median))"
      let rightSide = px < frame.right - 220
      doc.text(
        label, x: rightSide ? px + 6 : px - 6, y: frame.top + 16 + 20 * Double(rank), size: 13,
        anchor: rightSide ? "start" : "end", bold: true, fill: modelColour(mi))
      doc.close()
    }
    if used.isEmpty { doc.note("No paths were run", frame: frame) }

    var entries: [SVGLegendEntry] = []
    for mi in result.models.indices {
      entries.append(SVGLegendEntry(mark: .box(modelColour(mi), opacity: 0.3), label: result.models[mi].name))
    }
    entries.append(SVGLegendEntry(mark: .line("#444444", dashed: true), label: "median"))
    doc.legend(entries, x: 955, y: 110, title: "Model")
    return doc.rendered()
  }
}

/// One fan of a fan chart: a series of monthly cells drawn as a P5-P95 band, a
/// P25-P75 band and the median line.
struct FanSeries {
  /// The start of its legend texts ("msp1" gives "msp1 median", ...).
  var label: String
  /// The `data-model` of its groups: a model's name, or a pair's label.
  var model: String
  var colour: String
  /// The accumulator cell of month t (1...months).
  var cell: (Int) -> Int
}

/// A drawn fan chart: its frame, scales and the quantiles of each series per month,
/// for the marks a chart adds on top.
struct FanPlot {
  let frame: SVGFrame
  let x: SVGScale
  let y: SVGScale
  /// Per series, the months with paths and their quantiles at `Charts.fanLevels`.
  let points: [[(month: Int, q: [Double])]]

  /// The median of series `s` in month t, nil when that month has no paths.
  func median(_ s: Int, month t: Int) -> Double? { points[s].first { $0.month == t }?.q[2] }

  /// The highest point of series `s`'s median line: its first month at the largest
  /// median and that median, nil when the series has no month with paths.
  func medianPeak(_ s: Int) -> (month: Int, value: Double)? {
    var peak: (month: Int, value: Double)?
    for pt in points[s] where peak.map({ pt.q[2] > $0.value }) ?? true { peak = (pt.month, pt.q[2]) }
    return peak
  }
}

extension Charts {
  /// The quantile levels of the fan: P5, P25, P50, P75, P95.
  static let fanLevels = [0.05, 0.25, 0.5, 0.75, 0.95]

  /// A month-axis tick step: the smallest of 1, 2, 3, 6, 12, 24, 60, 120 months giving at most ten steps.
  static func monthStep(_ months: Int) -> Double {
    for s in [1, 2, 3, 6, 12, 24, 60, 120] where months <= 10 * s { return Double(s) }
    return 120
  }

  /// Draws the month axis, the y axis and every series of a fan chart: the bands of
  /// all series first, then the medians, so no line hides under a band. Months with
  /// no paths or non-finite quantiles are skipped; the y range holds 0, every drawn
  /// quantile and `covering`.
  ///
  /// - Returns: the frame, the scales and the quantiles, for marks drawn on top.
  static func drawFans(
    _ doc: inout SVGDocument, _ result: RunResult, series: [FanSeries], yTitle: String, covering: [Double] = []
  ) -> FanPlot {
    let months = Swift.min(Swift.max(1, result.months), result.layout.months)
    var fans: [[(month: Int, q: [Double])]] = []
    var lo = 0.0
    var hi = 0.0
    for v in covering where v.isFinite {
      lo = Swift.min(lo, v)
      hi = Swift.max(hi, v)
    }
    for s in series {
      var points: [(month: Int, q: [Double])] = []
      for t in 1...Swift.max(1, months) where t <= result.layout.months {
        let sketch = result.sketches[s.cell(t)]
        guard !sketch.isEmpty else { continue }
        let q = sketch.quantiles(fanLevels)
        guard q.allSatisfy(\.isFinite) else { continue }
        points.append((t, q))
        lo = Swift.min(lo, q[0])
        hi = Swift.max(hi, q[4])
      }
      fans.append(points)
    }
    if hi <= lo { hi = lo + 1 }

    let frame = SVGFrame(left: 110, top: 90 + doc.headingDrop, right: 930, bottom: 715)
    let yTicks = NiceTicks(covering: lo, hi)
    let y = SVGScale(lo: yTicks.lo, hi: yTicks.hi, from: frame.bottom, to: frame.top)
    let xTicks = NiceTicks(from: 0, to: Double(result.months), step: monthStep(result.months))
    let x = SVGScale(lo: 0, hi: xTicks.hi, from: frame.left, to: frame.right)
    let magnitude = Swift.max(abs(yTicks.lo), abs(yTicks.hi))
    doc.yAxis(yTicks, scale: y, frame: frame, title: yTitle, titleX: 36) {
      SVGLabel.money($0, step: yTicks.step, magnitude: magnitude)
    }
    doc.xAxis(xTicks.values, scale: x, frame: frame, title: "Month") { SVGLabel.money($0, step: 1, magnitude: 0) }

    for (band, (a, b), opacity) in [("p5-p95", (0, 4), 0.14), ("p25-p75", (1, 3), 0.28)] {
      for (si, s) in series.enumerated() where !fans[si].isEmpty {
        var p = SVGPath()
        for pt in fans[si] { p.line(x(Double(pt.month)), y(pt.q[b])) }
        for pt in fans[si].reversed() { p.line(x(Double(pt.month)), y(pt.q[a])) }
        p.close()
        doc.open([("class", "series band"), ("data-model", s.model), ("data-series", band)])
        // The outer band gets a faint edge, so overlapping fans stay apart.
        doc.path(
          p, fill: s.colour, fillOpacity: opacity, stroke: band == "p5-p95" ? s.colour : nil,
          strokeWidth: 1, extra: band == "p5-p95" ? [("stroke-opacity", "0.45")] : [])
        doc.close()
      }
    }
    for (si, s) in series.enumerated() where !fans[si].isEmpty {
      var p = SVGPath()
      for pt in fans[si] { p.line(x(Double(pt.month)), y(pt.q[2])) }
      doc.open([("class", "series line"), ("data-model", s.model), ("data-series", "median")])
      doc.path(p, fill: "none", stroke: s.colour, strokeWidth: 2.5)
      doc.close()
    }
    if fans.allSatisfy(\.isEmpty) { doc.note("No paths were run", frame: frame) }
    return FanPlot(frame: frame, x: x, y: y, points: fans)
  }

  /// The legend entries of fan series: median line, P25-P75 and P5-P95 boxes for each.
  static func fanLegend(_ series: [FanSeries]) -> [SVGLegendEntry] {
    series.flatMap { s in
      [
        SVGLegendEntry(mark: .line(s.colour, dashed: false), label: s.label + " median"),
        SVGLegendEntry(mark: .box(s.colour, opacity: 0.38), label: s.label + " P25–P75"),
        SVGLegendEntry(mark: .box(s.colour, opacity: 0.14), label: s.label + " P5–P95"),
      ]
    }
  }
}

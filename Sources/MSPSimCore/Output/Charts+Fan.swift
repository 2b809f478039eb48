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
  /// The y axis' lower end and its tick label when the chart asked for a cut
  /// (`Charts.drawFans`'s `cutBelow`) and some drawn quantile lies below it: bands
  /// and lines stop at the frame's bottom edge. Nil when the axis covers every
  /// drawn quantile.
  var cut: (value: Double, tick: String)? = nil

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
  /// `cutBelow`, given the lowest and highest value of that range, may return a lower
  /// end for the y axis instead (valley.svg's, docs/reading-results.md, "Valley"). The
  /// axis then covers it and the highest value with nice ticks, and when its lowest
  /// tick is still above the lowest drawn quantile every band and median is clipped
  /// exactly at the frame's bottom edge (`FanPlot.cut`). Without `cutBelow`, or when
  /// it returns nil or nothing lies below its nice lower end, the chart is drawn as
  /// without it, byte for byte.
  ///
  /// - Returns: the frame, the scales and the quantiles, for marks drawn on top.
  static func drawFans(
    _ doc: inout SVGDocument, _ result: RunResult, series: [FanSeries], yTitle: String, covering: [Double] = [],
    cutBelow: ((_ lo: Double, _ hi: Double) -> Double?)? = nil
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
    var yTicks = NiceTicks(covering: lo, hi)
    var cut: Double?
    if let floor = cutBelow?(lo, hi), floor.isFinite, floor > lo {
      let ticks = NiceTicks(covering: floor, hi)
      if ticks.lo > lo {
        yTicks = ticks
        cut = ticks.lo
      }
    }
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
        if let cut {
          let outline =
            fans[si].map { (Double($0.month), $0.q[b]) } + fans[si].reversed().map { (Double($0.month), $0.q[a]) }
          for (m, v) in clipPolygon(outline, above: cut) { p.line(x(m), y(v)) }
        } else {
          for pt in fans[si] { p.line(x(Double(pt.month)), y(pt.q[b])) }
          for pt in fans[si].reversed() { p.line(x(Double(pt.month)), y(pt.q[a])) }
        }
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
      if let cut {
        for piece in clipPolyline(fans[si].map { (Double($0.month), $0.q[2]) }, above: cut) {
          for (i, (m, v)) in piece.enumerated() {
            if i == 0 { p.move(x(m), y(v)) } else { p.line(x(m), y(v)) }
          }
        }
      } else {
        for pt in fans[si] { p.line(x(Double(pt.month)), y(pt.q[2])) }
      }
      doc.open([("class", "series line"), ("data-model", s.model), ("data-series", "median")])
      doc.path(p, fill: "none", stroke: s.colour, strokeWidth: 2.5)
      doc.close()
    }
    if fans.allSatisfy(\.isEmpty) { doc.note("No paths were run", frame: frame) }
    let axisCut = cut.map { (value: $0, tick: SVGLabel.money($0, step: yTicks.step, magnitude: magnitude)) }
    return FanPlot(frame: frame, x: x, y: y, points: fans, cut: axisCut)
  }

  /// The part of a closed polygon of (month, value) vertices at or above `floor`
  /// (Sutherland-Hodgman against one edge): each edge crossing `floor` is cut where
  /// it crosses, at exactly `floor`, and a run of vertices below it becomes a stretch
  /// along `floor`. The region it encloses is the polygon's region cut at `floor`, so
  /// a band keeps its exact shape above the frame's bottom edge and runs along it
  /// below. Empty when every vertex is below.
  static func clipPolygon(_ polygon: [(Double, Double)], above floor: Double) -> [(Double, Double)] {
    var out: [(Double, Double)] = []
    for (i, cur) in polygon.enumerated() {
      let prev = polygon[(i + polygon.count - 1) % polygon.count]
      let (curIn, prevIn) = (cur.1 >= floor, prev.1 >= floor)
      if curIn != prevIn { out.append(crossing(prev, cur, at: floor)) }
      if curIn { out.append(cur) }
    }
    return out
  }

  /// The pieces of a polyline of (month, value) points at or above `floor`: each
  /// segment crossing `floor` ends (or starts) where it crosses, at exactly `floor`;
  /// what lies below is left out, so a line that leaves the frame and comes back is
  /// drawn as two pieces.
  static func clipPolyline(_ line: [(Double, Double)], above floor: Double) -> [[(Double, Double)]] {
    var pieces: [[(Double, Double)]] = []
    var piece: [(Double, Double)] = []
    for (i, cur) in line.enumerated() {
      let curIn = cur.1 >= floor
      if i > 0, curIn != (line[i - 1].1 >= floor) {
        let at = crossing(line[i - 1], cur, at: floor)
        if curIn {
          if at != cur { piece.append(at) }
        } else {
          if at != line[i - 1] { piece.append(at) }
          pieces.append(piece)
          piece = []
        }
      }
      if curIn { piece.append(cur) }
    }
    if !piece.isEmpty { pieces.append(piece) }
    return pieces.filter { !$0.isEmpty }
  }

  /// Where the segment from a to b (one at or above `level`, the other below) crosses
  /// `level`: its value exactly `level`, its month interpolated.
  static func crossing(_ a: (Double, Double), _ b: (Double, Double), at level: Double) -> (Double, Double) {
    let t = (level - a.1) / (b.1 - a.1)
    return (a.0 + t * (b.0 - a.0), level)
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

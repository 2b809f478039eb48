extension Charts {
  /// The quantile levels of the fan: P5, P25, P50, P75, P95.
  static let fanLevels = [0.05, 0.25, 0.5, 0.75, 0.95]

  /// A month-axis tick step: the smallest of 1, 2, 3, 6, 12, 24, 60, 120 months giving at most ten steps.
  static func monthStep(_ months: Int) -> Double {
    for s in [1, 2, 3, 6, 12, 24, 60, 120] where months <= 10 * s { return Double(s) }
    return 120
  }

  /// revenue_fan.svg: monthly total revenue per model as a fan, a light P5-P95 band,
  /// a darker P25-P75 band and the median line, from the monthly `revenue.total`
  /// cells. Months with no paths are skipped.
  static func revenueFan(_ result: RunResult) -> String {
    let cur = currency(result)
    var doc = SVGDocument(
      title: "Monthly revenue (\(cur)): median, P25-P75 and P5-P95 per model",
      description:
        "Total revenue per month for each model over \(result.months) months: the line is the median over paths, the darker band holds the middle half of paths (P25-P75), the lighter band 90 % of paths (P5-P95)."
    )
    doc.heading("Monthly revenue by model", subtitle: runLine(result) + " · line: median, bands: P25–P75 and P5–P95")

    // Quantiles per model and month; nil where the cell is empty or not finite.
    let L = result.layout
    var fans: [[(month: Int, q: [Double])]] = []
    var lo = 0.0
    var hi = 0.0
    for (mi, m) in result.models.enumerated() {
      var points: [(month: Int, q: [Double])] = []
      for t in 1...Swift.max(1, result.months) where t <= L.months {
        let sketch = result.sketches[L.monthly(model: mi, metric: m.layout.revenueTotal, month: t)]
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

    let frame = SVGFrame(left: 110, top: 90, right: 930, bottom: 715)
    let yTicks = NiceTicks(covering: lo, hi)
    let y = SVGScale(lo: yTicks.lo, hi: yTicks.hi, from: frame.bottom, to: frame.top)
    let xTicks = NiceTicks(from: 0, to: Double(result.months), step: monthStep(result.months))
    let x = SVGScale(lo: 0, hi: xTicks.hi, from: frame.left, to: frame.right)
    let magnitude = Swift.max(abs(yTicks.lo), abs(yTicks.hi))
    doc.yAxis(yTicks, scale: y, frame: frame, title: "Revenue per month (\(cur))", titleX: 36) {
      SVGLabel.money($0, step: yTicks.step, magnitude: magnitude)
    }
    doc.xAxis(xTicks.values, scale: x, frame: frame, title: "Month") { SVGLabel.money($0, step: 1, magnitude: 0) }

    // Bands first (all models), then the medians on top, so no line hides under a band.
    for (band, (a, b), opacity) in [("p5-p95", (0, 4), 0.14), ("p25-p75", (1, 3), 0.28)] {
      for (mi, m) in result.models.enumerated() where !fans[mi].isEmpty {
        var p = SVGPath()
        for pt in fans[mi] { p.line(x(Double(pt.month)), y(pt.q[b])) }
        for pt in fans[mi].reversed() { p.line(x(Double(pt.month)), y(pt.q[a])) }
        p.close()
        doc.open([("class", "series band"), ("data-model", m.name), ("data-series", band)])
        // The outer band gets a faint edge, so overlapping fans stay apart.
        doc.path(
          p, fill: modelColour(mi), fillOpacity: opacity, stroke: band == "p5-p95" ? modelColour(mi) : nil,
          strokeWidth: 1, extra: band == "p5-p95" ? [("stroke-opacity", "0.45")] : [])
        doc.close()
      }
    }
    for (mi, m) in result.models.enumerated() where !fans[mi].isEmpty {
      var p = SVGPath()
      for pt in fans[mi] { p.line(x(Double(pt.month)), y(pt.q[2])) }
      doc.open([("class", "series line"), ("data-model", m.name), ("data-series", "median")])
      doc.path(p, fill: "none", stroke: modelColour(mi), strokeWidth: 2.5)
      doc.close()
    }
    if fans.allSatisfy(\.isEmpty) { doc.note("No paths were run", frame: frame) }

    var entries: [SVGLegendEntry] = []
    for (mi, m) in result.models.enumerated() {
      entries.append(SVGLegendEntry(mark: .line(modelColour(mi), dashed: false), label: m.name + " median"))
      entries.append(SVGLegendEntry(mark: .box(modelColour(mi), opacity: 0.38), label: m.name + " P25–P75"))
      entries.append(SVGLegendEntry(mark: .box(modelColour(mi), opacity: 0.14), label: m.name + " P5–P95"))
    }
    doc.legend(entries, x: 955, y: 110, title: "Revenue per month")
    return doc.rendered()
  }
}

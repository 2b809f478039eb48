extension Charts {
  /// valley.svg (with at least one pair of models): for each pair, the cumulative
  /// EBITDA gap gap(t) = baseline minus alternative (docs/model.md, "The valley") as
  /// a fan over months in the alternative's colour, a line at 0, the median valley
  /// month marked on the median line with the median valley depth, and the median
  /// payback month as a dashed vertical line.
  static func valley(_ result: RunResult) -> String {
    let cur = currency(result)
    var doc = SVGDocument(
      title: "Cumulative EBITDA gap (\(cur)): baseline minus alternative, median, P25-P75 and P5-P95 per pair",
      description:
        "For each pair of models, the cumulative EBITDA of the baseline minus that of the alternative at each of \(result.months) months: above 0 the alternative is behind. The line is the median over paths, the bands hold the middle half (P25-P75) and 90 % (P5-P95) of paths; the marker is the median valley month with the median valley depth, the dashed vertical line the median payback month."
    )
    doc.heading(
      "The valley: how far behind the alternative falls, and for how long",
      subtitle: runLine(result) + " · gap = cumulative EBITDA of baseline − alternative; above 0: alternative behind")

    let L = result.layout
    let series = result.modelPairs.indices.map { pi in
      FanSeries(
        label: pairLabel(result, pi), model: pairLabel(result, pi),
        colour: modelColour(result.modelPairs[pi].alternative)
      ) { L.gap(pi, month: $0) }
    }
    let plot = drawFans(&doc, result, series: series, yTitle: "Cumulative EBITDA gap (\(cur))")
    let frame = plot.frame

    doc.open([("class", "reference zero")])
    doc.line(x1: frame.left, y1: plot.y(0), x2: frame.right, y2: plot.y(0), stroke: "#333333", width: 1.5)
    doc.close()

    for (pi, s) in series.enumerated() {
      let counts = result.pairs[pi]
      if let t = counts.medianValleyMonth, let gap = plot.median(pi, month: t) {
        let px = plot.x(Double(t))
        let py = plot.y(gap)
        let depth = result.sketches[L.valleyDepth(pi)].quantile(0.5)
        var diamond = SVGPath()
        diamond.move(px, py - 8)
        diamond.line(px + 8, py)
        diamond.line(px, py + 8)
        diamond.line(px - 8, py)
        diamond.close()
        doc.open([("class", "series marker"), ("data-model", s.model), ("data-series", "valley")])
        doc.path(diamond, fill: "#ffffff", stroke: s.colour, strokeWidth: 2.5)
        doc.text(
          "valley: month \(t), depth \(SVGLabel.amount(depth))", x: px + 12, y: py - 12, size: 14, bold: true,
          fill: s.colour, halo: true)
        doc.close()
      }
      if let t = counts.medianCrossover {
        let px = plot.x(Double(t))
        let rightSide = px < frame.right - 200
        doc.open([("class", "series marker"), ("data-model", s.model), ("data-series", "payback")])
        doc.line(x1: px, y1: frame.top, x2: px, y2: frame.bottom, stroke: s.colour, width: 2, dash: "8 6")
        doc.text(
          "payback: month \(t)", x: rightSide ? px + 6 : px - 6, y: frame.bottom - 12 - 20 * Double(pi),
          size: 14, anchor: rightSide ? "start" : "end", bold: true, fill: s.colour, halo: true)
        doc.close()
      }
    }

    var entries = fanLegend(series)
    entries.append(SVGLegendEntry(mark: .line("#555555", dashed: true), label: "median payback month"))
    entries.append(SVGLegendEntry(mark: .line("#333333", dashed: false), label: "0: level"))
    doc.legend(entries, x: 955, y: 110, title: "Gap per pair")
    return doc.rendered()
  }
}

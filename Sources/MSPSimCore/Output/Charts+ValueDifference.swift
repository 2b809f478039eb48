extension Charts {
  /// "msp2 vs msp1": a pair's label, alternative first.
  static func pairLabel(_ result: RunResult, _ pi: Int) -> String {
    let pair = result.modelPairs[pi]
    return result.models[pair.alternative].name + " vs " + result.models[pair.baseline].name
  }

  /// value_difference.svg (with `valuation:`): for each pair of models, the
  /// distribution over paths of the alternative's value minus the baseline's
  /// (docs/model.md, "Exit value") as a histogram like npv_histogram.svg, in the
  /// pair's colour (`pairColour`), with the share of paths where the alternative is
  /// worth more (as the terminal prints it, `SVGLabel.pathShare`) and a line at 0.
  static func valueDifference(_ result: RunResult) -> String {
    let cur = currency(result)
    var doc = SVGDocument(
      title: "Value difference (\(cur)): alternative minus baseline, distribution over paths",
      description:
        "Share of paths in each of \(histogramBins) equal-width bins of the per-path value difference (the alternative's NPV of EBITDA plus discounted exit value, minus the baseline's), one histogram per pair of models; the line at 0 separates the paths where the alternative is worth more (right) from those where it is worth less (left)."
    )
    doc.heading(
      "Value difference per path: alternative minus baseline",
      subtitle: runLine(result) + " · right of 0: the alternative is worth more")

    let L = result.layout
    let pairs = result.modelPairs.indices.compactMap { pi -> (pi: Int, cell: Int)? in
      L.valueDifference(pi).map { (pi, $0) }
    }
    let series = pairs.map { p in
      (model: pairLabel(result, p.pi), colour: pairColour(p.pi), sketch: result.sketches[p.cell])
    }
    let (frame, x, _, used) = drawHistograms(
      &doc, series, range: histogramRange(series.map(\.sketch), covering: [0]),
      xTitle: "Value of alternative − value of baseline (\(cur))")

    doc.open([("class", "reference zero")])
    doc.line(x1: x(0), y1: frame.top, x2: x(0), y2: frame.bottom, stroke: "#333333", width: 2)
    doc.close()

    // P(better) per pair, stacked in the upper corner farther from the line at 0, so no
    // label crosses it: a label too wide for that side puts its share on a second line.
    let leftSide = x(0) > (frame.left + frame.right) / 2
    let room = leftSide ? x(0) - 10 - (frame.left + 12) : frame.right - 12 - (x(0) + 10)
    var y = frame.top + 22
    for i in used {
      let share = SVGLabel.pathShare(result.pairs[pairs[i].pi].valueBetter, of: result.paths)
      let oneLine = "\(series[i].model): P(worth more) \(share)"
      let lines =
        SVGTextMetrics.width(oneLine, size: 15, bold: true) <= room
        ? [oneLine]
        : SVGTextMetrics.wrap(series[i].model + ":", width: room, size: 15, bold: true) + ["P(worth more) \(share)"]
      doc.open([("class", "series label"), ("data-model", series[i].model), ("data-series", "p-better")])
      doc.text(
        lines: lines, x: leftSide ? frame.left + 12 : frame.right - 12, y: y, lineHeight: 18, size: 15,
        anchor: leftSide ? "start" : "end", bold: true, fill: series[i].colour, halo: true)
      doc.close()
      y += 22 + 18 * Double(lines.count - 1)
    }
    if used.isEmpty { doc.note("No paths were run", frame: frame) }

    var entries = used.map { SVGLegendEntry(mark: .box(series[$0].colour, opacity: 0.3), label: series[$0].model) }
    entries.append(SVGLegendEntry(mark: .line("#333333", dashed: false), label: "0: worth the same"))
    doc.legend(entries, x: 955, y: 110 + doc.headingDrop, title: "Pair")
    return doc.rendered()
  }
}

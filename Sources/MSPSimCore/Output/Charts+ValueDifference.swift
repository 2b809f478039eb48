extension Charts {
  /// "msp2 vs msp1": a pair's label, alternative first.
  static func pairLabel(_ result: RunResult, _ pi: Int) -> String {
    let pair = result.modelPairs[pi]
    return result.models[pair.alternative].name + " vs " + result.models[pair.baseline].name
  }

  /// value_difference.svg (with `valuation:`): for each pair of models, the
  /// distribution over paths of the alternative's value minus the baseline's
  /// (docs/model.md, "Exit value") as a histogram like npv_histogram.svg, in the
  /// alternative's colour, with the share of paths where the alternative is worth
  /// more and a line at 0.
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
      (
        model: pairLabel(result, p.pi), colour: modelColour(result.modelPairs[p.pi].alternative),
        sketch: result.sketches[p.cell]
      )
    }
    let (frame, x, _, used) = drawHistograms(
      &doc, series, range: histogramRange(series.map(\.sketch), covering: [0]),
      xTitle: "Value of alternative − value of baseline (\(cur))")

    doc.open([("class", "reference zero")])
    doc.line(x1: x(0), y1: frame.top, x2: x(0), y2: frame.bottom, stroke: "#333333", width: 2)
    doc.close()

    // P(better) per pair, stacked in the upper corner farther from the line at 0, so no label crosses it.
    let leftSide = x(0) > (frame.left + frame.right) / 2
    for (rank, i) in used.enumerated() {
      let pi = pairs[i].pi
      let share = result.paths > 0 ? Double(result.pairs[pi].valueBetter) / Double(result.paths) : 0
      doc.open([("class", "series label"), ("data-model", series[i].model), ("data-series", "p-better")])
      doc.text(
        "\(SVGDocument.truncate(series[i].model, 40)): P(worth more) \(SVGDocument.number((share * 1000).rounded() / 10)) %",
        x: leftSide ? frame.left + 12 : frame.right - 12, y: frame.top + 22 + 22 * Double(rank), size: 15,
        anchor: leftSide ? "start" : "end", bold: true, fill: series[i].colour)
      doc.close()
    }
    if used.isEmpty { doc.note("No paths were run", frame: frame) }

    var entries = used.map { SVGLegendEntry(mark: .box(series[$0].colour, opacity: 0.3), label: series[$0].model) }
    entries.append(SVGLegendEntry(mark: .line("#333333", dashed: false), label: "0: worth the same"))
    doc.legend(entries, x: 955, y: 110, title: "Pair")
    return doc.rendered()
  }
}

extension Charts {
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
    let series = result.models.enumerated().map { mi, m in
      (
        model: m.name, colour: modelColour(mi),
        sketch: result.sketches[L.summary(model: mi, metric: MetricLayout.summaryNPV)]
      )
    }
    let (frame, x, _, used) = drawHistograms(
      &doc, series, range: histogramRange(series.map(\.sketch)), xTitle: "NPV of EBITDA (\(cur))")

    // Medians, labelled at staggered heights so close medians stay readable.
    for (rank, mi) in used.enumerated() {
      let median = series[mi].sketch.quantile(0.5)
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

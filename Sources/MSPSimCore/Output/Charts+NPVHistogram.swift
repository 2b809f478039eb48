extension Charts {
  /// npv_histogram.svg: each model's distribution of NPV of EBITDA as a
  /// semi-transparent histogram (share of paths per bin, 40 bins over the common
  /// range of all models), with a dashed line at each model's median and its label
  /// drawn over every line.
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
        + " · discount rate \(TerminalSummary.annualRate(result.settings.discountRate)) · dashed: median")

    let L = result.layout
    let series = result.models.enumerated().map { mi, m in
      (
        model: m.name, colour: modelColour(mi),
        sketch: result.sketches[L.summary(model: mi, metric: MetricLayout.summaryNPV)]
      )
    }
    let (frame, x, _, used) = drawHistograms(
      &doc, series, range: histogramRange(series.map(\.sketch)), xTitle: "NPV of EBITDA (\(cur))")

    // Every median line first, then their labels on white panels, so no other model's
    // dashed line cuts through a label. A label goes right of its line or else left of
    // it, as high as is free, across no other median line when it can (SVGLabelPlacer).
    var placer = SVGLabelPlacer(
      bounds: SVGBox(left: frame.left + 2, top: frame.top + 2, right: frame.right - 2, bottom: frame.bottom - 2))
    var medians: [(mi: Int, x: Double, value: Double)] = []
    for mi in used {
      let median = series[mi].sketch.quantile(0.5)
      guard median.isFinite else { continue }
      let px = x(median)
      medians.append((mi, px, median))
      doc.open([("class", "series median"), ("data-model", result.models[mi].name), ("data-series", "median")])
      doc.line(x1: px, y1: frame.top, x2: px, y2: frame.bottom, stroke: modelColour(mi), width: 2, dash: "8 6")
      doc.close()
      placer.avoid(SVGBox(left: px - 2, top: frame.top, right: px + 2, bottom: frame.bottom))
    }
    for m in medians {
      let text = "\(result.models[m.mi].name) median \(SVGLabel.amount(m.value))"
      let lines = SVGTextMetrics.wrap(text, width: 300, size: labelSize, bold: true)
      let placed = label(lines, besideLineAt: m.x, from: frame.top + 4, upward: false, placer: &placer)
      draw(&doc, placed, colour: modelColour(m.mi), model: result.models[m.mi].name, series: "median", panel: true)
    }
    if used.isEmpty { doc.note("No paths were run", frame: frame) }

    var entries: [SVGLegendEntry] = []
    for mi in result.models.indices {
      entries.append(SVGLegendEntry(mark: .box(modelColour(mi), opacity: 0.3), label: result.models[mi].name))
    }
    entries.append(SVGLegendEntry(mark: .line("#444444", dashed: true), label: "median"))
    doc.legend(entries, x: 955, y: 110 + doc.headingDrop, title: "Model")
    return doc.rendered()
  }
}

extension Charts {
  /// The cash floor of `cash:` when it is one number (nil when absent or drawn from
  /// a distribution).
  static func cashFloor(_ result: RunResult) -> Double? {
    guard case .number(let floor)? = result.resolvedScenario.cash?["floor"], floor.isFinite else { return nil }
    return floor
  }

  /// cash.svg (with `cash:`): each model's month-end cash balance
  /// (docs/model.md, "Cash") as a fan like revenue_fan.svg, with a dashed line at
  /// the cash floor when it is a constant.
  static func cash(_ result: RunResult) -> String {
    let cur = currency(result)
    let floor = cashFloor(result)
    var doc = SVGDocument(
      title: "Cash balance (\(cur)): median, P25-P75 and P5-P95 per model",
      description:
        "Month-end cash balance for each model over \(result.months) months: the line is the median over paths, the darker band holds the middle half of paths (P25-P75), the lighter band 90 % of paths (P5-P95)"
        + (floor == nil ? "." : "; the dashed line is the cash floor.")
    )
    doc.heading(
      "Cash balance by model",
      subtitle: runLine(result) + " · line: median, bands: P25–P75 and P5–P95"
        + (floor == nil ? "" : " · dashed: cash floor"))

    let L = result.layout
    let series = result.models.enumerated().compactMap { mi, m -> FanSeries? in
      guard let metric = m.layout.cash else { return nil }
      return FanSeries(label: m.name, model: m.name, colour: modelColour(mi)) {
        L.monthly(model: mi, metric: metric, month: $0)
      }
    }
    let plot = drawFans(
      &doc, result, series: series, yTitle: "Cash at month end (\(cur))", covering: floor.map { [$0] } ?? [])

    var entries = fanLegend(series)
    if let floor {
      let py = plot.y(floor)
      doc.open([("class", "series reference"), ("data-model", "scenario"), ("data-series", "floor")])
      doc.line(x1: plot.frame.left, y1: py, x2: plot.frame.right, y2: py, stroke: "#B00020", width: 2, dash: "10 6")
      doc.text(
        "cash floor \(SVGLabel.amount(floor))", x: plot.frame.right - 8, y: py - 8, size: 14, anchor: "end",
        bold: true, fill: "#B00020")
      doc.close()
      entries.append(SVGLegendEntry(mark: .line("#B00020", dashed: true), label: "cash floor"))
    }
    doc.legend(entries, x: 955, y: 110 + doc.headingDrop, title: "Cash at month end")
    return doc.rendered()
  }
}

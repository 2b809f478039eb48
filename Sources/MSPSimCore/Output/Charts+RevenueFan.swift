extension Charts {
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
    let L = result.layout
    let series = result.models.enumerated().map { mi, m in
      FanSeries(label: m.name, model: m.name, colour: modelColour(mi)) {
        L.monthly(model: mi, metric: m.layout.revenueTotal, month: $0)
      }
    }
    _ = drawFans(&doc, result, series: series, yTitle: "Revenue per month (\(cur))")
    doc.legend(fanLegend(series), x: 955, y: 110 + doc.headingDrop, title: "Revenue per month")
    return doc.rendered()
  }
}

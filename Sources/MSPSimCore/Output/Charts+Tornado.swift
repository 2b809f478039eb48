import Foundation

extension Charts {
  /// Inputs shown per model in the tornado.
  static let tornadoRows = 10

  /// tornado.svg: per model, the ten inputs that move its NPV of EBITDA most (the
  /// `npv.ebitda` rows of the sensitivity analysis, already ranked by |Spearman
  /// rho|): from the model's median NPV, one bar to the median NPV of the paths whose
  /// input lies in its bottom decile and one to that of its top decile. Labels give
  /// the input's key path and rho. All panels share one x scale.
  static func tornado(_ result: RunResult, rows: [SensitivityRow]) -> String {
    let cur = currency(result)
    var doc = SVGDocument(
      title: "What drives NPV of EBITDA (\(cur)): top \(tornadoRows) inputs per model",
      description:
        "For each model, the inputs with the largest Spearman rank correlation with NPV of EBITDA; bars run from the model's median NPV to the median NPV of the paths whose input is in its bottom decile and in its top decile."
    )
    doc.heading(
      "What drives NPV of EBITDA",
      subtitle: runLine(result) + " · top inputs by |Spearman ρ| with NPV")

    // Per model: its median NPV (nil for no paths) and its top rows with finite numbers.
    let L = result.layout
    var medians: [Double?] = []
    var top: [[SensitivityRow]] = []
    var lo = Double.infinity
    var hi = -Double.infinity
    for (mi, m) in result.models.enumerated() {
      let sketch = result.sketches[L.summary(model: mi, metric: MetricLayout.summaryNPV)]
      let median = sketch.isEmpty ? Double.nan : sketch.quantile(0.5)
      medians.append(median.isFinite ? median : nil)
      let mine = rows.filter {
        $0.model == m.name && $0.output == "npv.ebitda" && $0.spearman.isFinite && $0.medianLowDecile.isFinite
          && $0.medianHighDecile.isFinite
      }.sorted { $0.rank < $1.rank }
      top.append(Array(mine.prefix(tornadoRows)))
    }

    // Panels stacked vertically, as many rows each as fit at >= 18 px a line (`rowPanel`).
    let n = Swift.max(1, result.models.count)
    let drop = doc.headingDrop
    let areaTop = 104.0 + drop
    let areaBottom = 742.0
    let panelHeight = (areaBottom - areaTop) / Double(n)
    let panels = result.models.enumerated().map { mi, m in
      let headline = medians[mi].map { " · median NPV \(SVGLabel.amount($0)) \(cur)" } ?? ""
      return rowPanel(
        heading: m.name + headline, labels: top[mi].map(\.parameter), panelTop: areaTop + Double(mi) * panelHeight,
        panelHeight: panelHeight, labelGap: 78, minRow: 18)
    }
    for mi in top.indices { top[mi] = Array(top[mi].prefix(panels[mi].labels.count)) }
    for (mi, median) in medians.enumerated() {
      guard let median else { continue }
      lo = Swift.min(lo, median)
      hi = Swift.max(hi, median)
      for r in top[mi] {
        lo = Swift.min(lo, r.medianLowDecile, r.medianHighDecile)
        hi = Swift.max(hi, r.medianLowDecile, r.medianHighDecile)
      }
    }
    if !(lo.isFinite && hi.isFinite) {
      lo = 0
      hi = 1
    }
    let xTicks = NiceTicks(covering: lo, hi, count: 8)
    let magnitude = Swift.max(abs(xTicks.lo), abs(xTicks.hi))

    // Legend in one line under the heading.
    doc.open([("class", "legend")])
    doc.rect(x: 40, y: 76 + drop, width: 26, height: 14, fill: lowInputColour)
    doc.text("input in its bottom decile", x: 74, y: 88 + drop, size: 13)
    doc.rect(x: 290, y: 76 + drop, width: 26, height: 14, fill: highInputColour)
    doc.text("input in its top decile", x: 324, y: 88 + drop, size: 13)
    doc.line(x1: 520, y1: 83 + drop, x2: 546, y2: 83 + drop, stroke: "#444444", width: 2, dash: "6 4")
    doc.text("model's median NPV", x: 554, y: 88 + drop, size: 13)
    doc.close()

    for (mi, m) in result.models.enumerated() {
      let panel = panels[mi]
      let frame = panel.frame
      let x = SVGScale(lo: xTicks.lo, hi: xTicks.hi, from: frame.left, to: frame.right)
      let last = mi == result.models.count - 1
      doc.open([("class", "panel"), ("data-model", m.name)])
      doc.text(
        lines: panel.heading, x: 40, y: areaTop + Double(mi) * panelHeight + 20, lineHeight: panelTitleLineHeight,
        size: panelTitleSize, bold: true, fill: modelColour(mi))
      doc.xAxis(xTicks.values, scale: x, frame: frame, title: last ? "Median NPV of EBITDA (\(cur))" : "", grid: true) {
        SVGLabel.money($0, step: xTicks.step, magnitude: magnitude)
      }
      guard let median = medians[mi], !top[mi].isEmpty else {
        doc.note(
          medians[mi] == nil ? "No paths were run" : "No uncertain input ranked (needs 2+ paths and a drawn input)",
          frame: frame)
        doc.close()
        continue
      }
      let barHeight = Swift.min(11, panel.rowHeight * 0.4)
      let mx = x(median)
      doc.open([("class", "series tornado"), ("data-model", m.name), ("data-series", "tornado")])
      for (i, r) in top[mi].enumerated() {
        let yc = panel.centres[i]
        doc.open([
          ("class", "bar"), ("data-parameter", r.parameter), ("data-rank", String(r.rank)),
          ("data-spearman", String(format: "%.3f", r.spearman)),
        ])
        doc.rect(
          x: mx, y: yc - barHeight, width: x(r.medianLowDecile) - mx, height: barHeight, fill: lowInputColour,
          extra: [("class", "low")])
        doc.rect(
          x: mx, y: yc, width: x(r.medianHighDecile) - mx, height: barHeight, fill: highInputColour,
          extra: [("class", "high")])
        panel.drawLabel(i, &doc)
        doc.text(
          "ρ " + String(format: "%+.2f", r.spearman), x: frame.left - 10, y: yc + 4.5, size: 13, anchor: "end",
          fill: "#555555")
        doc.close()
      }
      doc.close()
      doc.line(
        x1: mx, y1: frame.top - 4, x2: mx, y2: frame.bottom, stroke: "#444444", width: 2, dash: "6 4",
        extra: [("class", "median")])
      doc.close()
    }
    return doc.rendered()
  }
}

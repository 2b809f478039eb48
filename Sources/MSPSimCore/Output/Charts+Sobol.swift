import Foundation

extension Charts {
  /// sobol.svg (docs/reading-results.md, "The charts"): one panel per headline
  /// output (each pair's difference, then each model's value, or NPV without
  /// `valuation:`), its inputs by total index, largest first: per input a bar of the
  /// first-order index S1 and one of the total index ST, each with its 95 %
  /// bootstrap interval as a whisker. All panels share one x scale.
  static func sobol(_ result: RunResult, rows: [SobolRow]) -> String {
    var doc = SVGDocument(
      title: "Sobol indices: which inputs make the answer uncertain",
      description:
        "For each output, the first-order (S1) and total (ST) Sobol index of each input group, with 95 % bootstrap intervals: the share of the output's variance the input explains alone (S1) and with its interactions (ST)."
    )
    doc.heading(
      "Which inputs make the answer uncertain (Sobol indices)",
      subtitle: runLine(result) + " · share of each output's variance, S1 alone and ST with interactions")

    let outputs = SobolTable.headlineOutputs(rows)
    let drop = doc.headingDrop
    let areaTop = 104.0 + drop
    let areaBottom = 742.0
    let n = Swift.max(1, outputs.count)
    let panelHeight = (areaBottom - areaTop) / Double(n)
    // As many rows each as fit at >= 20 px a line (`rowPanel`).
    let candidates = outputs.map { o in rows.filter { $0.model == o.model && $0.output == o.output } }
    let layouts = outputs.enumerated().map { pi, o in
      rowPanel(
        heading: o.model.replacingOccurrences(of: ":", with: " -> ") + " · " + o.output,
        labels: candidates[pi].map(\.input), panelTop: areaTop + Double(pi) * panelHeight, panelHeight: panelHeight,
        labelGap: 12, minRow: 20)
    }
    let panels = outputs.indices.map { Array(candidates[$0].prefix(layouts[$0].labels.count)) }
    var lo = 0.0
    var hi = 1.0
    for r in panels.joined() {
      let e = r.estimate
      for v in [e.s1Low, e.s1, e.st, e.stHigh] where v.isFinite {
        lo = Swift.min(lo, v)
        hi = Swift.max(hi, v)
      }
    }
    let xTicks = NiceTicks(covering: lo, hi, count: 6)

    doc.open([("class", "legend")])
    doc.rect(x: 40, y: 76 + drop, width: 26, height: 14, fill: lowInputColour)
    doc.text("S1: the input alone", x: 74, y: 88 + drop, size: 13)
    doc.rect(x: 260, y: 76 + drop, width: 26, height: 14, fill: highInputColour)
    doc.text("ST: with its interactions", x: 294, y: 88 + drop, size: 13)
    doc.line(x1: 500, y1: 83 + drop, x2: 526, y2: 83 + drop, stroke: "#222222", width: 1.5)
    doc.text("95 % bootstrap interval", x: 534, y: 88 + drop, size: 13)
    doc.close()

    if outputs.isEmpty {
      doc.note("No outputs to show", frame: SVGFrame(left: 40, top: areaTop, right: 1160, bottom: areaBottom))
    }
    for (pi, o) in outputs.enumerated() {
      let layout = layouts[pi]
      let frame = layout.frame
      let x = SVGScale(lo: xTicks.lo, hi: xTicks.hi, from: frame.left, to: frame.right)
      doc.open([("class", "panel"), ("data-model", o.model), ("data-output", o.output)])
      doc.text(
        lines: layout.heading, x: 40, y: areaTop + Double(pi) * panelHeight + 20, lineHeight: panelTitleLineHeight,
        size: panelTitleSize, bold: true)
      doc.xAxis(
        xTicks.values, scale: x, frame: frame, title: pi == outputs.count - 1 ? "Share of variance" : "", grid: true
      ) { SVGLabel.percent($0, step: xTicks.step) }
      let inputs = panels[pi]
      guard !inputs.isEmpty else {
        doc.note("No uncertain input", frame: frame)
        doc.close()
        continue
      }
      let barHeight = Swift.min(11, layout.rowHeight * 0.4)
      doc.open([("class", "series sobol"), ("data-model", o.model), ("data-series", o.output)])
      for (i, r) in inputs.enumerated() {
        let e = r.estimate
        let yc = layout.centres[i]
        doc.open([
          ("class", "bar"), ("data-input", r.input), ("data-s1", String(format: "%.3f", e.s1)),
          ("data-st", String(format: "%.3f", e.st)),
        ])
        for (value, low, high, y, colour, kind) in [
          (e.s1, e.s1Low, e.s1High, yc - barHeight, lowInputColour, "s1"),
          (e.st, e.stLow, e.stHigh, yc, highInputColour, "st"),
        ] {
          let x0 = x(0)
          let x1 = x(value.isFinite ? value : 0)
          doc.rect(
            x: Swift.min(x0, x1), y: y, width: abs(x1 - x0), height: barHeight, fill: colour, extra: [("class", kind)])
          if low.isFinite && high.isFinite {
            doc.line(
              x1: x(low), y1: y + barHeight / 2, x2: x(high), y2: y + barHeight / 2, stroke: "#222222", width: 1.5,
              extra: [("class", kind + " interval")])
          }
        }
        layout.drawLabel(i, &doc)
        doc.close()
      }
      doc.close()
      doc.close()
    }
    return doc.rendered()
  }
}

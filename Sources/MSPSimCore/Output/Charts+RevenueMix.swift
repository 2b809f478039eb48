import Foundation

extension Charts {
  /// revenue_mix.svg: one panel per model of stacked bars, one bar per year, each
  /// segment the median (P50) of a stream's annual revenue. One colour per stream
  /// kind in every panel; one y scale for all panels, so bar heights compare across
  /// models.
  ///
  /// Medians do not add up: the stack's height is the sum of the streams' medians,
  /// not the median of total revenue (the subtitle says so).
  static func revenueMix(_ result: RunResult) -> String {
    let cur = currency(result)
    var doc = SVGDocument(
      title: "Revenue mix per year (\(cur)): median of each stream, per model",
      description:
        "For each model, one stacked bar per year; each segment is the median over paths of one revenue stream's annual revenue."
    )
    doc.heading(
      "Revenue mix by year",
      subtitle: runLine(result) + " · segments: median annual revenue per stream (sum of medians)")

    // medians[model][slot][year - 1], nil for an empty cell; negative medians count as 0.
    let L = result.layout
    var medians: [[[Double?]]] = []
    var top = 0.0
    for (mi, m) in result.models.enumerated() {
      var perStream: [[Double?]] = []
      for slot in m.layout.streams.indices {
        var row: [Double?] = []
        for yr in 1...Swift.max(1, result.years) where yr <= L.years {
          let sketch = result.sketches[L.annual(model: mi, metric: MetricLayout.firstStream + slot, year: yr)]
          let v = sketch.isEmpty ? nil : sketch.quantile(0.5)
          row.append(v.flatMap { $0.isFinite ? Swift.max(0, $0) : nil })
        }
        perStream.append(row)
      }
      for yr in 0..<result.years {
        let stack = perStream.reduce(0.0) { $0 + (yr < $1.count ? ($1[yr] ?? 0) : 0) }
        top = Swift.max(top, stack)
      }
      medians.append(perStream)
    }
    let yTicks = NiceTicks(covering: 0, Swift.max(top, 1))
    let magnitude = Swift.max(abs(yTicks.lo), abs(yTicks.hi))

    // Panels in a grid of up to three columns, left of the legend.
    let n = Swift.max(1, result.models.count)
    let columns = Swift.min(n, n == 4 ? 2 : 3)
    let rows = (n + columns - 1) / columns
    let areaLeft = 20.0
    let areaRight = 930.0
    let areaTop = 80 + doc.headingDrop
    let areaBottom = 790.0
    let cellWidth = (areaRight - areaLeft) / Double(columns)
    let cellHeight = (areaBottom - areaTop) / Double(rows)

    for (mi, m) in result.models.enumerated() {
      let cx = areaLeft + Double(mi % columns) * cellWidth
      let cy = areaTop + Double(mi / columns) * cellHeight
      let (frame, title) = panel(m.name, cellLeft: cx, cellTop: cy, cellWidth: cellWidth, cellHeight: cellHeight)
      let y = SVGScale(lo: yTicks.lo, hi: yTicks.hi, from: frame.bottom, to: frame.top)
      let years = Swift.max(1, result.years)
      let slotWidth = frame.width / Double(years)
      let x = SVGScale(lo: 0, hi: Double(years), from: frame.left, to: frame.right)
      let barWidth = slotWidth * 0.7

      doc.open([("class", "panel"), ("data-model", m.name)])
      doc.text(
        lines: title, x: frame.left, y: cy + 22, lineHeight: panelTitleLineHeight, size: panelTitleSize, bold: true,
        fill: modelColour(mi))
      doc.yAxis(yTicks, scale: y, frame: frame, title: "Revenue per year (\(cur))", titleX: cx + 22) {
        SVGLabel.money($0, step: yTicks.step, magnitude: magnitude)
      }
      let every = years <= 12 ? 1 : years <= 24 ? 2 : 5
      let labelled = (1...years).filter { $0 == 1 || $0 % every == 0 }
      doc.xAxis([], scale: x, frame: frame, title: "Year") { _ in "" }
      for yr in labelled {
        doc.text(String(yr), x: x(Double(yr) - 0.5), y: frame.bottom + 21, size: 13, anchor: "middle", fill: "#444444")
      }

      // One group per stream; segments stacked bottom-up in stream order.
      var base = [Double](repeating: 0, count: years)
      for (slot, kind) in m.layout.streams.enumerated() {
        doc.open([
          ("class", "series bars"), ("data-model", m.name), ("data-series", "revenue." + kind.rawValue),
          ("data-stream", kind.rawValue),
        ])
        for yr in 0..<years {
          guard slot < medians[mi].count, yr < medians[mi][slot].count, let v = medians[mi][slot][yr] else { continue }
          let y0 = y(base[yr])
          let y1 = y(base[yr] + v)
          base[yr] += v
          guard v > 0 else { continue }
          doc.rect(
            x: x(Double(yr)) + (slotWidth - barWidth) / 2, y: y1, width: barWidth, height: y0 - y1,
            fill: streamColour(kind), extra: [("data-year", String(yr + 1))])
        }
        doc.close()
      }
      if medians[mi].isEmpty { doc.note("No revenue streams", frame: frame) }
      doc.close()
    }

    // Legend: every stream kind used by any model, in StreamKind order (1.0 streams first).
    let kinds = StreamKind.allCases.filter { k in result.models.contains { $0.streams.contains(k) } }
    doc.legend(
      kinds.reversed().map { SVGLegendEntry(mark: .box(streamColour($0), opacity: 1), label: $0.rawValue) },
      x: 955, y: 110 + doc.headingDrop, title: "Revenue stream")
    return doc.rendered()
  }
}

/// A label where `SVGLabelPlacer` put it: its lines, the anchor of its text and its box.
struct PlacedLabel {
  var lines: [String]
  var x: Double
  /// The baseline of the first line.
  var y: Double
  var anchor: String
  var box: SVGBox
  /// Whether it went farther from its mark than the nearest free spot beside it, so
  /// a thin leader line ties it back.
  var displaced: Bool
}

extension Charts {
  /// Labels of marks (valley, payback, medians): 13 px bold, a line every 16 px.
  static let labelSize = 13.0
  static let labelLineHeight = 16.0

  /// A label candidate with its text anchored at (x, y), the first baseline.
  static func candidate(_ lines: [String], x: Double, y: Double, anchor: String) -> SVGBox {
    SVGBox.text(
      lines, x: x, y: y, size: labelSize, bold: true, anchor: anchor, lineHeight: labelLineHeight
    ).padded(2)  // the white halo around the letters
  }

  /// The first baseline that puts a label's box (see `candidate`) with its top at `top`.
  static func baseline(top: Double) -> Double { top + 0.93 * labelSize + 2 }

  /// The first baseline that puts the box of `lines` with its bottom at `bottom`.
  static func baseline(_ lines: [String], bottom: Double) -> Double {
    bottom - Double(Swift.max(0, lines.count - 1)) * labelLineHeight - 0.24 * labelSize - 2
  }

  /// Places `lines` next to a point mark at (px, py): above or below it, right or
  /// left of it, then stacked farther up or down and to the side (each ring costs
  /// one more), so two labels of marks a month apart end up one above the other.
  static func label(
    _ lines: [String], nearPoint px: Double, _ py: Double, placer: inout SVGLabelPlacer
  ) -> PlacedLabel {
    let probe = candidate(lines, x: 0, y: 0, anchor: "start")
    let height = probe.bottom - probe.top
    var options: [(x: Double, y: Double, anchor: String, cost: Double, displaced: Bool)] = []
    for ring in 0..<12 {
      for shift in 0..<4 {
        let lift = Double(ring) * (height + 4)
        let dx = 12 + Double(shift) * 60
        let cost = Double(ring + shift)
        let displaced = ring + shift > 0
        let above = baseline(lines, bottom: py - 10 - lift)
        let below = baseline(top: py + 10 + lift)
        options += [
          (px + dx, above, "start", cost, displaced), (px - dx, above, "end", cost + 0.1, displaced),
          (px + dx, below, "start", cost + 0.2, displaced), (px - dx, below, "end", cost + 0.3, displaced),
        ]
      }
    }
    return place(lines, options, placer: &placer)
  }

  /// Places `lines` beside a vertical line at x, right of it or else left of it, as
  /// near to `from` (the bottom of the frame when `upward`, else its top) as is free,
  /// stepping 8 px at a time along the line.
  static func label(
    _ lines: [String], besideLineAt x: Double, from: Double, upward: Bool, placer: inout SVGLabelPlacer
  ) -> PlacedLabel {
    var options: [(x: Double, y: Double, anchor: String, cost: Double, displaced: Bool)] = []
    for step in 0..<80 {
      let offset = 6 + Double(step) * 8
      let y = upward ? baseline(lines, bottom: from - offset) : baseline(top: from + offset)
      let cost = Double(step) / 4
      options += [(x + 6, y, "start", cost, false), (x - 6, y, "end", cost + 0.1, false)]
    }
    return place(lines, options, placer: &placer)
  }

  private static func place(
    _ lines: [String], _ options: [(x: Double, y: Double, anchor: String, cost: Double, displaced: Bool)],
    placer: inout SVGLabelPlacer
  ) -> PlacedLabel {
    let boxes = options.map { candidate(lines, x: $0.x, y: $0.y, anchor: $0.anchor) }
    let i = placer.place(zip(boxes, options).map { (box: $0, cost: $1.cost) })
    let o = options[i]
    return PlacedLabel(lines: lines, x: o.x, y: o.y, anchor: o.anchor, box: boxes[i], displaced: o.displaced)
  }

  /// Draws a placed label in `colour` in its own `<g class="series label">` (drawn
  /// after every mark, so no line crosses it): a thin leader from (fromX, fromY)
  /// when it was displaced, an optional white panel behind it (over dashed lines a
  /// halo alone leaves dashes between the letters), and the text with a halo.
  static func draw(
    _ doc: inout SVGDocument, _ label: PlacedLabel, colour: String, model: String, series: String,
    from mark: (x: Double, y: Double)? = nil, panel: Bool = false
  ) {
    doc.open([("class", "series label"), ("data-model", model), ("data-series", series)])
    if let mark, label.displaced {
      let end = label.box.nearest(x: mark.x, y: mark.y)
      doc.line(x1: mark.x, y1: mark.y, x2: end.x, y2: end.y, stroke: colour, width: 1.5)
    }
    if panel {
      let b = label.box
      doc.rect(x: b.left, y: b.top, width: b.right - b.left, height: b.bottom - b.top, fill: "#ffffff", opacity: 0.85)
    }
    doc.text(
      lines: label.lines, x: label.x, y: label.y, lineHeight: labelLineHeight, size: labelSize, anchor: label.anchor,
      bold: true, fill: colour, halo: true)
    doc.close()
  }
}

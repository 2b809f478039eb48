extension SVGDocument {
  /// The chart's heading: a bold title and a grey subtitle line.
  mutating func heading(_ title: String, subtitle: String) {
    text(SVGDocument.truncate(title, 110), x: 40, y: 38, size: 22, bold: true)
    text(SVGDocument.truncate(subtitle, 150), x: 40, y: 62, size: 14, fill: "#555555")
  }

  /// Horizontal grid lines and labels at `ticks` on the left edge of `frame`, and a
  /// rotated axis title at x = `titleX`.
  mutating func yAxis(
    _ ticks: NiceTicks, scale: SVGScale, frame: SVGFrame, title: String, titleX: Double,
    label: (Double) -> String
  ) {
    open([("class", "axis y")])
    for v in ticks.values {
      let y = scale(v)
      line(
        x1: frame.left, y1: y, x2: frame.right, y2: y, stroke: v == 0 ? "#999999" : "#e3e3e3",
        width: v == 0 ? 1.2 : 1)
      text(label(v), x: frame.left - 8, y: y + 4.5, size: 13, anchor: "end", fill: "#444444")
    }
    text(title, x: titleX, y: (frame.top + frame.bottom) / 2, size: 14, anchor: "middle", rotate: -90)
    close()
  }

  /// Tick marks and labels at `values` under `frame`, a base line, and the axis
  /// title centred below (omitted when empty).
  mutating func xAxis(
    _ values: [Double], scale: SVGScale, frame: SVGFrame, title: String, grid: Bool = false,
    label: (Double) -> String
  ) {
    open([("class", "axis x")])
    line(x1: frame.left, y1: frame.bottom, x2: frame.right, y2: frame.bottom, stroke: "#666666")
    for v in values {
      let x = scale(v)
      if grid { line(x1: x, y1: frame.top, x2: x, y2: frame.bottom, stroke: v == 0 ? "#999999" : "#e3e3e3") }
      line(x1: x, y1: frame.bottom, x2: x, y2: frame.bottom + 5, stroke: "#666666")
      text(label(v), x: x, y: frame.bottom + 21, size: 13, anchor: "middle", fill: "#444444")
    }
    if !title.isEmpty {
      text(title, x: (frame.left + frame.right) / 2, y: frame.bottom + 46, size: 14, anchor: "middle")
    }
    close()
  }

  /// A vertical legend whose first entry's text baseline is at (x + 34, y), one
  /// entry every 24 px; texts are cut to `maxCharacters`.
  mutating func legend(
    _ entries: [SVGLegendEntry], x: Double, y: Double, title: String? = nil,
    maxCharacters: Int = 24
  ) {
    open([("class", "legend")])
    var yy = y
    if let title {
      text(title, x: x, y: yy, size: 14, bold: true)
      yy += 24
    }
    for e in entries {
      switch e.mark {
      case .line(let colour, let dashed):
        line(x1: x, y1: yy - 5, x2: x + 26, y2: yy - 5, stroke: colour, width: 2.5, dash: dashed ? "7 5" : nil)
      case .box(let colour, let opacity):
        rect(x: x, y: yy - 13, width: 26, height: 16, fill: colour, opacity: opacity)
      }
      text(SVGDocument.truncate(e.label, maxCharacters), x: x + 34, y: yy, size: 13)
      yy += 24
    }
    close()
  }

  /// A grey note in the middle of `frame` (an empty chart says why it is empty).
  mutating func note(_ s: String, frame: SVGFrame) {
    text(
      s, x: (frame.left + frame.right) / 2, y: (frame.top + frame.bottom) / 2, size: 16, anchor: "middle",
      fill: "#777777")
  }
}

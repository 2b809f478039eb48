extension SVGDocument {
  /// The widest a title or subtitle line may be: from the left margin to the right one.
  static let subtitleWidth = 1120.0
  /// The chart's title: 22 px bold, a line every 26 px.
  static let titleSize = 22.0
  static let titleLineHeight = 26.0

  /// The chart's heading: a bold title and a grey subtitle. A subtitle too wide for
  /// one line wraps onto a second, broken at a " · " between its parts where it can,
  /// with the title moved up to make room (the plot starts at y = 90 whatever the
  /// subtitle). Only a subtitle that needs more than two lines is cut, by width.
  ///
  /// A title too wide for one line wraps too (docs/reading-results.md, "The charts"),
  /// and each line past its first moves the subtitle down 26 px: `headingDrop`, by
  /// which every chart moves its plot's top and its legend down. A one-line title
  /// gives the heading it always had.
  mutating func heading(_ title: String, subtitle: String) {
    let titleLines = SVGTextMetrics.wrap(title, width: Self.subtitleWidth, size: Self.titleSize, bold: true)
    headingDrop = Double(titleLines.count - 1) * Self.titleLineHeight
    // A scenario name of hundreds of characters: the second line ends the subtitle.
    let lines = SVGTextMetrics.wrap(
      subtitle, width: Self.subtitleWidth, size: 14, separator: " · ", most: 2, ellipsis: " …")
    text(
      lines: titleLines, x: 40, y: lines.count > 1 ? 32 : 38, lineHeight: Self.titleLineHeight, size: Self.titleSize,
      bold: true)
    text(
      lines: lines, x: 40, y: (lines.count > 1 ? 53 : 62) + headingDrop, lineHeight: 17, size: 14, fill: "#555555")
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
  /// entry every 24 px. A text wider than the room left of the canvas's right edge
  /// wraps onto more lines (16 px apart) rather than being cut, so every legend
  /// entry reads in full however long the model names (docs/reading-results.md,
  /// "The charts").
  mutating func legend(_ entries: [SVGLegendEntry], x: Double, y: Double, title: String? = nil) {
    open([("class", "legend")])
    var yy = y
    if let title {
      let lines = SVGTextMetrics.wrap(title, width: SVGDocument.width - 8 - x, size: 14, bold: true)
      text(lines: lines, x: x, y: yy, lineHeight: 17, size: 14, bold: true)
      yy += 24 + 17 * Double(lines.count - 1)
    }
    for e in entries {
      switch e.mark {
      case .line(let colour, let dashed):
        line(x1: x, y1: yy - 5, x2: x + 26, y2: yy - 5, stroke: colour, width: 2.5, dash: dashed ? "7 5" : nil)
      case .box(let colour, let opacity):
        rect(x: x, y: yy - 13, width: 26, height: 16, fill: colour, opacity: opacity)
      case .fan(let colour):
        rect(x: x, y: yy - 13, width: 26, height: 16, fill: colour, opacity: 0.14)
        rect(x: x, y: yy - 9, width: 26, height: 8, fill: colour, opacity: 0.28)
        line(x1: x, y1: yy - 5, x2: x + 26, y2: yy - 5, stroke: colour, width: 2.5)
      case .diamond(let colour):
        var d = SVGPath()
        d.move(x + 13, yy - 12)
        d.line(x + 20, yy - 5)
        d.line(x + 13, yy + 2)
        d.line(x + 6, yy - 5)
        d.close()
        path(d, fill: "#ffffff", stroke: colour, strokeWidth: 2)
      }
      let lines = SVGTextMetrics.wrap(e.label, width: Self.legendTextWidth(x: x), size: 13)
      text(lines: lines, x: x + 34, y: yy, lineHeight: 16, size: 13)
      yy += 24 + 16 * Double(lines.count - 1)
    }
    close()
  }

  /// The room for a legend text at x: from x + 34 to 8 px short of the right edge.
  static func legendTextWidth(x: Double) -> Double { width - 8 - (x + 34) }

  /// A grey note in the middle of `frame` (an empty chart says why it is empty).
  mutating func note(_ s: String, frame: SVGFrame) {
    text(
      s, x: (frame.left + frame.right) / 2, y: (frame.top + frame.bottom) / 2, size: 16, anchor: "middle",
      fill: "#777777")
  }
}

/// One panel of tornado.svg or sobol.svg laid out: its heading in lines, its plot
/// frame, and per row shown the lines of its input's key path and the y of its centre.
struct RowPanel {
  let heading: [String]
  let frame: SVGFrame
  /// Where the key paths end, right-aligned.
  let labelRight: Double
  let labels: [[String]]
  let centres: [Double]
  /// The height of a row whose label is one line: a row of n lines is n times as tall.
  let rowHeight: Double

  /// Draws row `i`'s key path right-aligned at `labelRight`, its lines centred on the
  /// row's centre (a one-line label's baseline 4.5 px under it).
  func drawLabel(_ i: Int, _ doc: inout SVGDocument) {
    let lines = labels[i]
    doc.text(
      lines: lines, x: labelRight, y: centres[i] + 4.5 - Double(lines.count - 1) * Charts.rowLabelLineHeight / 2,
      lineHeight: Charts.rowLabelLineHeight, size: Charts.rowLabelSize, anchor: "end")
  }
}

extension Charts {
  /// The key path left of each row of tornado.svg and sobol.svg: 13 px, a line every
  /// 16 px, no farther left than 8 px from the canvas's edge.
  static let rowLabelSize = 13.0
  static let rowLabelLineHeight = 16.0
  static let rowLabelLeft = 8.0
  /// The widest a panel heading of tornado.svg or sobol.svg may be: from x = 40 to
  /// the plot's right edge at 1160.
  static let rowPanelHeadingWidth = 1120.0

  /// The panel of tornado.svg or sobol.svg (panels stacked vertically, docs/reading-results.md,
  /// "The charts") from `panelTop` down `panelHeight` px: the heading's first baseline
  /// 20 px under the top, the frame from x = 430 to 1160 and from 30 px under the
  /// top to 30 px above the bottom, and the first of `labels` (key paths, best first)
  /// as rows fit at `minRow` px or more a line, each ending `labelGap` px left of the
  /// frame.
  ///
  /// Nothing is cut short (docs/reading-results.md, "The charts"): the heading wraps
  /// to `rowPanelHeadingWidth`, each line past the first moving the frame's top down
  /// 19 px, and each key path wraps after a `.`, `_`, `-` or `/` (`SVGTextMetrics.wrap`)
  /// to the room between `rowLabelLeft` and its end, its row taking one row
  /// height a line, so fewer rows may fit. Texts that fit on one line give the panel
  /// it always had. Only a heading so long that the plot would be left under
  /// `minRow` px ends its last line with "…".
  static func rowPanel(
    heading: String, labels: [String], panelTop: Double, panelHeight: Double, labelGap: Double, minRow: Double
  ) -> RowPanel {
    var frame = SVGFrame(left: 430, top: panelTop + 30, right: 1160, bottom: panelTop + panelHeight - 30)
    let title = SVGTextMetrics.wrap(
      heading, width: rowPanelHeadingWidth, size: panelTitleSize, bold: true, separator: " · ",
      most: panelTitleLines(under: frame.height - minRow))
    let drop = Double(title.count - 1) * panelTitleLineHeight
    frame.top += drop
    let labelRight = frame.left - labelGap
    // As many rows as fit at `minRow` a line (at least one), each as many lines tall as its label.
    let fit = Swift.max(1, Int(Swift.max(0, panelHeight - 58 - drop) / minRow))
    var rows: [[String]] = []
    var lines = 0
    for label in labels {
      let wrapped = SVGTextMetrics.wrap(label, width: labelRight - rowLabelLeft, size: rowLabelSize)
      guard rows.isEmpty || lines + wrapped.count <= fit else { break }
      rows.append(wrapped)
      lines += wrapped.count
    }
    let rowHeight = Swift.min(30, frame.height / Double(Swift.max(1, lines)))
    var centres: [Double] = []
    var above = 0
    for row in rows {
      centres.append(frame.top + (Double(above) + Double(row.count) / 2) * rowHeight)
      above += row.count
    }
    return RowPanel(
      heading: title, frame: frame, labelRight: labelRight, labels: rows, centres: centres, rowHeight: rowHeight)
  }
}

extension Charts {
  /// The title above a model's panel (revenue_mix.svg, funnel.svg): 16 px bold, a
  /// line every 19 px.
  static let panelTitleSize = 16.0
  static let panelTitleLineHeight = 19.0
  /// The least height a panel's plot keeps under a title of several lines.
  static let panelMinPlotHeight = 60.0

  /// The plot frame and the title lines of the panel titled `name` in the grid cell
  /// whose top left corner is (cx, cy): the frame runs from 90 px right of the cell's
  /// left edge (room for the y axis) to 15 px short of its right one, and from 36 px
  /// under its top to 62 px above its bottom (room for the x axis); the title's
  /// first baseline is 22 px under the cell's top.
  ///
  /// The name wraps to the frame's width (`SVGTextMetrics`) instead of being cut, and
  /// each line past the first moves the frame's top down 19 px, so the title never
  /// overlaps its plot, and the cell below is untouched; a name that fits on one line
  /// gives the frame it always had. Only a name so long that the plot would be left
  /// under `panelMinPlotHeight` px (hundreds of characters, or a grid of many rows)
  /// ends its last line with "…".
  static func panel(
    _ name: String, cellLeft cx: Double, cellTop cy: Double, cellWidth: Double, cellHeight: Double
  ) -> (frame: SVGFrame, title: [String]) {
    var frame = SVGFrame(left: cx + 90, top: cy + 36, right: cx + cellWidth - 15, bottom: cy + cellHeight - 62)
    let lines = SVGTextMetrics.wrap(
      name, width: frame.width, size: panelTitleSize, bold: true,
      most: panelTitleLines(under: frame.height - panelMinPlotHeight))
    frame.top += Double(lines.count - 1) * panelTitleLineHeight
    return (frame, lines)
  }

  /// The most lines a panel title may take when `room` px of its plot can give way to
  /// it, a line every `panelTitleLineHeight` px: at least one.
  static func panelTitleLines(under room: Double) -> Int {
    let spare = (room / panelTitleLineHeight).rounded(.down)
    return 1 + (spare.isFinite ? Int(Swift.min(Swift.max(0, spare), 1000)) : 0)
  }
}

/// One entry of a legend: a mark and its text.
struct SVGLegendEntry {
  enum Mark {
    /// A line (dashed or not) in a colour.
    case line(String, dashed: Bool)
    /// A filled box with an opacity.
    case box(String, opacity: Double)
    /// A fan in a colour: its P5-P95 and P25-P75 bands and its median line.
    case fan(String)
    /// A white diamond outlined in a colour (a marked point).
    case diamond(String)
  }
  var mark: Mark
  var label: String
}

/// One entry of a legend: a mark and its text.
struct SVGLegendEntry {
  enum Mark {
    /// A line (dashed or not) in a colour.
    case line(String, dashed: Bool)
    /// A filled box with an opacity.
    case box(String, opacity: Double)
  }
  var mark: Mark
  var label: String
}

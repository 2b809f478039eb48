/// A rectangle of the canvas holding one plot, in pixels (y grows downwards).
struct SVGFrame {
  var left: Double
  var top: Double
  var right: Double
  var bottom: Double

  var width: Double { right - left }
  var height: Double { bottom - top }
}

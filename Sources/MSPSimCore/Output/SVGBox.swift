/// A rectangle of the canvas that a label or a mark takes, in pixels (y grows downwards).
struct SVGBox: Equatable {
  var left: Double
  var top: Double
  var right: Double
  var bottom: Double

  /// Whether the two boxes share some area (touching edges do not count).
  func overlaps(_ o: SVGBox) -> Bool { left < o.right && o.left < right && top < o.bottom && o.top < bottom }

  /// Whether the box lies wholly inside `o`.
  func inside(_ o: SVGBox) -> Bool { left >= o.left && right <= o.right && top >= o.top && bottom <= o.bottom }

  /// The box grown by `p` on every side.
  func padded(_ p: Double) -> SVGBox { SVGBox(left: left - p, top: top - p, right: right + p, bottom: bottom + p) }

  /// The point of the box nearest (x, y): where a leader line from a mark meets its label.
  func nearest(x: Double, y: Double) -> (x: Double, y: Double) {
    (Swift.min(Swift.max(x, left), right), Swift.min(Swift.max(y, top), bottom))
  }

  /// The box of `lines` of text whose first baseline is at y, one line every
  /// `lineHeight` px, aligned on x by `anchor` (start, middle or end), with the
  /// widths of `SVGTextMetrics` and DejaVu Sans's ascent and descent.
  static func text(
    _ lines: [String], x: Double, y: Double, size: Double, bold: Bool = false, anchor: String = "start",
    lineHeight: Double
  ) -> SVGBox {
    let width = lines.map { SVGTextMetrics.width($0, size: size, bold: bold) }.max() ?? 0
    let left = anchor == "end" ? x - width : anchor == "middle" ? x - width / 2 : x
    let bottom = y + Double(Swift.max(0, lines.count - 1)) * lineHeight + 0.24 * size
    return SVGBox(left: left, top: y - 0.93 * size, right: left + width, bottom: bottom)
  }
}

/// Places labels one at a time where they overlap nothing placed or reserved before
/// (labels that would collide are moved apart, docs/reading-results.md, "The charts").
///
/// Each label comes with candidate positions, each with a cost (how far it is from
/// where the label belongs). The placer takes the cheapest candidate inside its
/// bounds that overlaps no reserved box, adding `crossingCost` for each line it
/// would rather not cross (another pair's payback line, another model's median).
/// Ties go to the earlier candidate, so the layout depends on the input order only.
struct SVGLabelPlacer {
  /// Where labels may go (the plot frame).
  let bounds: SVGBox
  /// The extra cost of a candidate per soft obstacle it overlaps.
  var crossingCost = 2.0
  /// Boxes no label may overlap: the labels placed so far and the marks.
  private(set) var reserved: [SVGBox] = []
  /// Boxes a label crosses only when nothing cheaper is free: lines under the labels.
  private(set) var soft: [SVGBox] = []

  init(bounds: SVGBox) { self.bounds = bounds }

  /// A mark (or any box) no label may overlap.
  mutating func reserve(_ box: SVGBox) { reserved.append(box) }

  /// A line labels should not cross when they can go elsewhere at no greater cost.
  mutating func avoid(_ box: SVGBox) { soft.append(box) }

  /// Whether `box` overlaps a reserved box or leaves the bounds.
  func isFree(_ box: SVGBox) -> Bool { box.inside(bounds) && !reserved.contains { $0.overlaps(box) } }

  /// Chooses the cheapest free candidate and reserves its box.
  ///
  /// - Returns: the index of the chosen candidate; when none is free, the cheapest
  ///   within the bounds, or else the first (a label is never dropped).
  mutating func place(_ candidates: [(box: SVGBox, cost: Double)]) -> Int {
    func total(_ c: (box: SVGBox, cost: Double)) -> Double {
      c.cost + crossingCost * Double(soft.filter { $0.overlaps(c.box) }.count)
    }
    var best: (index: Int, cost: Double)?
    var fallback: (index: Int, cost: Double)?
    for (i, c) in candidates.enumerated() where c.box.inside(bounds) {
      let cost = total(c)
      if isFree(c.box), best.map({ cost < $0.cost }) ?? true { best = (i, cost) }
      if fallback.map({ cost < $0.cost }) ?? true { fallback = (i, cost) }
    }
    let chosen = best?.index ?? fallback?.index ?? 0
    if candidates.indices.contains(chosen) { reserved.append(candidates[chosen].box) }
    return chosen
  }
}

extension Charts {
  /// valley.svg (with at least one pair of models): for each pair, the cumulative
  /// EBITDA gap gap(t) = baseline minus alternative (docs/model.md, "The valley") as
  /// a fan over months in the pair's colour (`pairColour`), a line at 0, and two marks
  /// (docs/reading-results.md, "Valley").
  ///
  /// - A diamond at the highest point of the median line, labelled with its month and
  ///   value: what is drawn is what is written. Its label also gives the median over
  ///   paths of each path's own deepest gap (compare.csv's `valley_depth_p50`, the
  ///   terminal's "valley P50"): a different, larger number, since paths reach their
  ///   deepest points in different months; it has no place on the y axis, so it is
  ///   written, not drawn. Two pairs peaking in the same month at nearly the same
  ///   value would draw one diamond over the other: the later is set beside the
  ///   earlier (`diamondCentres`), at its own height, and its label's leader line
  ///   goes to it.
  /// - A dashed vertical line at the payback month: the median among the paths that
  ///   pay back (`PairCounts.medianCrossover`), whose share of paths the label gives
  ///   as the terminal does. It can come well before the median line crosses 0, when
  ///   many paths never pay back.
  ///
  /// With several pairs every label starts with its pair, and labels that would
  /// collide are stacked apart (`SVGLabelPlacer`).
  ///
  /// The chart is about the part above 0. When the gap falls below -`valleyCutRatio`
  /// times the highest drawn value (the top of the P5-P95 band), the y axis stops at
  /// about that depth (`drawFans`'s `cutBelow`), bands and lines are clipped at the
  /// frame's bottom edge, and a note on that edge gives the cut and how far the
  /// lowest band goes (`valleyCutNote`; docs/reading-results.md, "Valley"). A gap
  /// never above 0, or one that stays within that depth, is drawn whole.
  static func valley(_ result: RunResult) -> String {
    let cur = currency(result)
    var doc = SVGDocument(
      title: "Cumulative EBITDA gap (\(cur)): baseline minus alternative, median, P25-P75 and P5-P95 per pair",
      description:
        "For each pair of models, the cumulative EBITDA of the baseline minus that of the alternative at each of \(result.months) months: above 0 the alternative is behind. The line is the median over paths, the bands hold the middle half (P25-P75) and 90 % (P5-P95) of paths; the diamond marks the highest point of the median line, its label also gives the median over paths of each path's own deepest gap, and the dashed vertical line is the payback month: the median among the paths that pay back."
    )
    doc.heading(
      "The valley: how far behind the alternative falls, and for how long",
      subtitle: runLine(result) + " · gap = cumulative EBITDA of baseline − alternative; above 0: alternative behind")

    let L = result.layout
    let several = result.modelPairs.count > 1
    let series = result.modelPairs.indices.map { pi in
      FanSeries(label: pairLabel(result, pi), model: pairLabel(result, pi), colour: pairColour(pi)) {
        L.gap(pi, month: $0)
      }
    }
    let plot = drawFans(&doc, result, series: series, yTitle: "Cumulative EBITDA gap (\(cur))") { lo, top in
      top > 0 && lo < -valleyCutRatio * top ? -valleyCutRatio * top : nil
    }
    let frame = plot.frame

    doc.open([("class", "reference zero")])
    doc.line(x1: frame.left, y1: plot.y(0), x2: frame.right, y2: plot.y(0), stroke: "#333333", width: 1.5)
    doc.close()

    // Every mark first, then every label, so no later mark or line is drawn over a label.
    var placer = SVGLabelPlacer(
      bounds: SVGBox(left: frame.left + 4, top: frame.top + 4, right: frame.right - 4, bottom: frame.bottom - 4))
    let highest = series.indices.map { plot.medianPeak($0).flatMap { $0.value > 0 ? $0 : nil } }
    // Diamonds that would cover one another are set side by side; each label ties to its own.
    let centres = diamondCentres(
      highest.map { $0.map { (x: plot.x(Double($0.month)), y: plot.y($0.value)) } }, frame: frame)
    let peaks = zip(highest, centres).map { peak, centre in
      peak.flatMap { p in centre.map { (x: $0.x, y: $0.y, month: p.month, value: p.value) } }
    }
    let r = valleyDiamond
    for (pi, s) in series.enumerated() {
      if let p = peaks[pi] {
        var diamond = SVGPath()
        diamond.move(p.x, p.y - r)
        diamond.line(p.x + r, p.y)
        diamond.line(p.x, p.y + r)
        diamond.line(p.x - r, p.y)
        diamond.close()
        doc.open([("class", "series marker"), ("data-model", s.model), ("data-series", "valley")])
        doc.path(diamond, fill: "#ffffff", stroke: s.colour, strokeWidth: 2.5)
        doc.close()
        placer.reserve(SVGBox(left: p.x - 10, top: p.y - 10, right: p.x + 10, bottom: p.y + 10))
      }
      if let t = result.pairs[pi].medianCrossover {
        let px = plot.x(Double(t))
        doc.open([("class", "series marker"), ("data-model", s.model), ("data-series", "payback")])
        doc.line(x1: px, y1: frame.top, x2: px, y2: frame.bottom, stroke: s.colour, width: 2, dash: "8 6")
        doc.close()
        placer.avoid(SVGBox(left: px - 2, top: frame.top, right: px + 2, bottom: frame.bottom))
      }
    }

    if let cut = plot.cut, let note = valleyCutNote(result, plot, cut: cut.tick) {
      // Right-aligned on the bottom edge, its box reserved before any label is placed.
      let lines = SVGTextMetrics.wrap(note, width: frame.width - 16, size: 13)
      let baseline = frame.bottom - 6 - 0.24 * 13 - Double(lines.count - 1) * 16
      placer.reserve(
        SVGBox.text(lines, x: frame.right - 8, y: baseline, size: 13, anchor: "end", lineHeight: 16).padded(2))
      doc.open([("class", "note axis-cut")])
      doc.text(
        lines: lines, x: frame.right - 8, y: baseline, lineHeight: 16, size: 13, anchor: "end", fill: "#444444",
        halo: true)
      doc.close()
    }

    for (pi, s) in series.enumerated() {
      let counts = result.pairs[pi]
      guard peaks[pi] != nil || counts.medianValleyMonth != nil else { continue }
      let depth = SVGLabel.amount(result.sketches[L.valleyDepth(pi)].quantile(0.5))
      var lines = several ? [s.label] : []
      let at: (x: Double, y: Double)
      if let p = peaks[pi] {
        lines.append("median gap peaks in month \(p.month): \(SVGLabel.amount(p.value))")
        at = (p.x, p.y)
      } else {
        lines.append("median gap never above 0")
        at = (plot.x(Double(counts.medianValleyMonth ?? 0)), plot.y(0))
      }
      lines.append("P50 of each path's own deepest gap: \(depth)")
      let placed = label(lines, nearPoint: at.x, at.y, placer: &placer)
      draw(&doc, placed, colour: s.colour, model: s.model, series: "valley-label", from: peaks[pi] == nil ? nil : at)
    }
    for (pi, s) in series.enumerated() {
      guard let t = result.pairs[pi].medianCrossover else { continue }
      let text = paybackLabel(result, pi, month: t)
      let placed = label(
        several ? [s.label, text] : [text], besideLineAt: plot.x(Double(t)), from: frame.bottom - 4, upward: true,
        placer: &placer)
      draw(&doc, placed, colour: s.colour, model: s.model, series: "payback-label")
    }

    var entries = series.map { SVGLegendEntry(mark: .fan($0.colour), label: $0.label) }
    entries += [
      SVGLegendEntry(mark: .line("#555555", dashed: false), label: "median over paths"),
      SVGLegendEntry(mark: .box("#555555", opacity: 0.38), label: "P25–P75 of paths"),
      SVGLegendEntry(mark: .box("#555555", opacity: 0.14), label: "P5–P95 of paths"),
      SVGLegendEntry(mark: .diamond("#555555"), label: "highest point of the median"),
      SVGLegendEntry(mark: .line("#555555", dashed: true), label: "payback month: P50 of the paths that pay back"),
      SVGLegendEntry(mark: .line("#333333", dashed: false), label: "0: level"),
    ]
    doc.legend(entries, x: 955, y: 110 + doc.headingDrop, title: "Gap per pair")
    return doc.rendered()
  }

  /// How deep below 0 valley.svg's y axis reaches, in multiples of the highest drawn
  /// gap, before it is cut. At 3 the data above 0 spans at least a quarter of what the
  /// axis must cover (a sixth of the plot at worst after rounding to nice ticks), room
  /// for the bands, the diamond and their labels, while three times that depth below
  /// 0 still shows the gap crossing 0 and the paths climbing out of the valley past
  /// the payback month. At 2 the axis would be cut on charts whose negative side is
  /// only twice the valley, little enough to draw whole; at 5 the valley would get a
  /// sixth of the height before rounding, back towards the few pixels this avoids.
  /// How far the alternative gets ahead later is value_difference.svg's, and the
  /// note on the cut edge gives the depth.
  static let valleyCutRatio = 3.0

  /// The note on the bottom edge of a cut valley.svg: "axis cut below -3M: the P5
  /// gap reaches -10.3M in month 120", the axis' lowest tick and the lowest drawn
  /// value (always a P5, the lowest band edge), the first month it reaches it and,
  /// with several pairs, whose it is. Nil when no month has paths.
  static func valleyCutNote(_ result: RunResult, _ plot: FanPlot, cut tick: String) -> String? {
    var low: (pair: Int, month: Int, value: Double)?
    for (pi, points) in plot.points.enumerated() {
      for pt in points where low.map({ pt.q[0] < $0.value }) ?? true { low = (pi, pt.month, pt.q[0]) }
    }
    guard let low else { return nil }
    let whose = result.modelPairs.count > 1 ? " of " + pairLabel(result, low.pair) : ""
    return "axis cut below \(tick): the P5 gap\(whose) reaches \(SVGLabel.amount(low.value)) in month \(low.month)"
  }

  /// The half-diagonal of valley.svg's diamonds, and how far apart the centres of two
  /// set side by side are: their width and 2 px more, so the outlines do not touch.
  static let valleyDiamond = 8.0
  static let valleyDiamondSpacing = 18.0

  /// Where the diamonds of valley.svg go, one per pair (nil: no diamond), in pair
  /// order: each at its peak, unless its centre comes within `valleyDiamondSpacing`
  /// px across and up or down of a diamond placed before (two pairs peaking in the
  /// same month, or a month apart, at nearly the same value). It then goes to the
  /// free place right or left of a placed diamond, touching it, that is nearest its
  /// peak and inside `frame` (right first on a tie), so both are whole in sight. The
  /// height never changes and the label still gives the month; a single pair, or pairs
  /// whose diamonds are apart, keep their peaks exactly.
  static func diamondCentres(
    _ peaks: [(x: Double, y: Double)?], frame: SVGFrame
  ) -> [(x: Double, y: Double)?] {
    let spacing = valleyDiamondSpacing
    var placed: [(x: Double, y: Double)] = []
    return peaks.map { peak in
      guard let p = peak else { return nil }
      func free(_ x: Double) -> Bool {
        // The tolerance keeps a place exactly one spacing away free despite rounding.
        !placed.contains { abs($0.x - x) < spacing - 1e-6 && abs($0.y - p.y) < spacing - 1e-6 }
      }
      let beside = placed.flatMap { [$0.x + spacing, $0.x - spacing] }.filter { $0 >= frame.left && $0 <= frame.right }
      let x = ([p.x] + beside).filter(free).min { abs($0 - p.x) < abs($1 - p.x) } ?? p.x
      placed.append((x, p.y))
      return (x, p.y)
    }
  }

  /// "payback month 44: P50 of the 64.0 % of paths that pay back": the median payback
  /// month of pair `pi` among the paths that pay back, and their share of all paths
  /// as the terminal's answer table prints it.
  static func paybackLabel(_ result: RunResult, _ pi: Int, month t: Int) -> String {
    let share = SVGLabel.pathShare(result.pairs[pi].crossed, of: result.paths)
    return "payback month \(t): P50 of the \(share) of paths that pay back"
  }
}

/// One panel of funnel.svg: a funnel model's frame, scales and, per stage (in
/// `FunnelStage` order), the months with paths and their median and mean counts.
struct FunnelPanel {
  let model: String
  /// The model's name in lines as wide as the frame (`Charts.panel`), drawn above it.
  let title: [String]
  let frame: SVGFrame
  let x: SVGScale
  let y: SVGScale
  /// The ticks of both axes (one y range for every panel, so panels compare).
  let xTicks: NiceTicks
  let yTicks: NiceTicks
  /// Per stage, (month, median rounded to whole clients, mean) for each month with paths.
  let points: [[(month: Int, median: Double, mean: Double)]]
}

extension Charts {
  /// Stage colours of funnel.svg, in `FunnelStage` order (Paul Tol's colour-blind-safe
  /// "bright" scheme): the same in every panel.
  static let funnelPalette = ["#4477AA", "#66CCEE", "#228833", "#CCBB44", "#AA3377"]

  static func funnelLabel(_ stage: FunnelStage) -> String {
    switch stage {
    case .assessments: return "assessments"
    case .workshops: return "workshops"
    case .quickWins: return "quick wins"
    case .trials: return "trials"
    case .closed: return "closed"
    }
  }

  /// The panels of funnel.svg: one per model with `adoption.funnel`, in file order,
  /// in a grid of up to two columns left of the legend, sharing one y scale.
  ///
  /// A stage's monthly count is a whole number on every path, so its median is
  /// rounded to whole clients (the sketch's representative values carry up to
  /// 0.15 % relative error: 1.0014 for 1), as `monthly.csv` does for client counts.
  /// The grid starts `drop` px lower under a heading whose title takes more than a
  /// line (`SVGDocument.headingDrop`).
  static func funnelPanels(_ result: RunResult, drop: Double = 0) -> [FunnelPanel] {
    let L = result.layout
    let months = Swift.min(Swift.max(1, result.months), L.months)
    let funnelModels = result.models.enumerated().compactMap { mi, m in m.layout.firstFunnel.map { (mi, m.name, $0) } }
    var values: [[[(month: Int, median: Double, mean: Double)]]] = []
    var hi = 0.0
    for (mi, _, first) in funnelModels {
      var perStage: [[(month: Int, median: Double, mean: Double)]] = []
      for stage in FunnelStage.allCases {
        var row: [(month: Int, median: Double, mean: Double)] = []
        for t in 1...months {
          let cell = L.monthly(model: mi, metric: first + stage.rawValue, month: t)
          let sketch = result.sketches[cell]
          guard !sketch.isEmpty else { continue }
          let median = sketch.quantile(0.5).rounded()
          let mean = result.moments[cell].mean
          guard median.isFinite, mean.isFinite else { continue }
          row.append((t, median, mean))
          hi = Swift.max(hi, median, mean)
        }
        perStage.append(row)
      }
      values.append(perStage)
    }
    // Whole-client ticks for small counts: about one step per client up to six.
    let yTicks = NiceTicks(covering: 0, Swift.max(1, hi), count: Swift.min(6, Swift.max(1, Int(hi.rounded(.up)))))
    let n = Swift.max(1, funnelModels.count)
    let columns = n == 1 ? 1 : 2
    let rows = (n + columns - 1) / columns
    let areaLeft = 20.0
    let areaRight = 930.0
    let areaTop = 80 + drop
    let areaBottom = 790.0
    let cellWidth = (areaRight - areaLeft) / Double(columns)
    let cellHeight = (areaBottom - areaTop) / Double(rows)
    let xTicks = NiceTicks(from: 0, to: Double(result.months), step: monthStep(result.months))
    return funnelModels.enumerated().map { k, model in
      let cx = areaLeft + Double(k % columns) * cellWidth
      let cy = areaTop + Double(k / columns) * cellHeight
      let (frame, title) = panel(model.1, cellLeft: cx, cellTop: cy, cellWidth: cellWidth, cellHeight: cellHeight)
      return FunnelPanel(
        model: model.1, title: title, frame: frame,
        x: SVGScale(lo: 0, hi: xTicks.hi, from: frame.left, to: frame.right),
        y: SVGScale(lo: yTicks.lo, hi: yTicks.hi, from: frame.bottom, to: frame.top),
        xTicks: xTicks, yTicks: yTicks, points: values[k])
    }
  }

  /// The opacity of the median steps behind the mean lines.
  static let funnelMedianOpacity = 0.35

  /// funnel.svg (when a model has `adoption.funnel`): per funnel model, a panel of
  /// the clients reaching each stage of the sales funnel each month (docs/model.md,
  /// "The sales funnel"), one colour per stage: the mean over paths as a line, and
  /// the median (P50, whole clients) as light steps behind it, one step per month.
  ///
  /// The mean leads because the median of a small count says little: the typical
  /// month closes no client even when a third of the paths close one (the median of
  /// `funnel.closed` is then 0 every month), and it flips between two whole numbers
  /// from month to month where the count is as often below as above.
  static func funnel(_ result: RunResult) -> String {
    var doc = SVGDocument(
      title: "Sales funnel: clients reaching each stage per month, mean and median, per funnel model",
      description:
        "For each model with a sales funnel, the number of clients reaching each stage (assessment, workshop, quick win, trial, close) in each of \(result.months) months: the line is the mean over paths, the light steps behind it the median over paths (P50, whole clients)."
    )
    doc.heading(
      "Sales funnel by month",
      subtitle: runLine(result) + " · line: mean clients per month · light steps: median (P50)")
    let panels = funnelPanels(result, drop: doc.headingDrop)
    for (k, panel) in panels.enumerated() {
      let frame = panel.frame
      let modelIndex = result.models.firstIndex { $0.name == panel.model } ?? k
      doc.open([("class", "panel"), ("data-model", panel.model)])
      doc.text(
        lines: panel.title, x: frame.left, y: frame.top - 14 - Double(panel.title.count - 1) * panelTitleLineHeight,
        lineHeight: panelTitleLineHeight, size: panelTitleSize, bold: true, fill: modelColour(modelIndex))
      doc.yAxis(panel.yTicks, scale: panel.y, frame: frame, title: "Clients per month", titleX: frame.left - 62) {
        SVGLabel.money($0, step: panel.yTicks.step, magnitude: 0)
      }
      doc.xAxis(panel.xTicks.values, scale: panel.x, frame: frame, title: "Month") {
        SVGLabel.money($0, step: 1, magnitude: 0)
      }
      // Medians first (behind), as steps: month t spans t - 0.5 ... t + 0.5 (within the axis).
      for stage in FunnelStage.allCases where !panel.points[stage.rawValue].isEmpty {
        var p = SVGPath()
        for pt in panel.points[stage.rawValue] {
          let t = Double(pt.month)
          p.line(panel.x(Swift.max(panel.x.lo, t - 0.5)), panel.y(pt.median))
          p.line(panel.x(Swift.min(panel.x.hi, t + 0.5)), panel.y(pt.median))
        }
        doc.open([("class", "series steps"), ("data-model", panel.model), ("data-series", stage.metricName + ".p50")])
        doc.path(
          p, fill: "none", stroke: funnelPalette[stage.rawValue], strokeWidth: 6,
          extra: [("stroke-opacity", SVGDocument.number(funnelMedianOpacity))])
        doc.close()
      }
      for stage in FunnelStage.allCases where !panel.points[stage.rawValue].isEmpty {
        var p = SVGPath()
        for pt in panel.points[stage.rawValue] { p.line(panel.x(Double(pt.month)), panel.y(pt.mean)) }
        doc.open([("class", "series line"), ("data-model", panel.model), ("data-series", stage.metricName + ".mean")])
        doc.path(p, fill: "none", stroke: funnelPalette[stage.rawValue], strokeWidth: 2.5)
        doc.close()
      }
      if panel.points.allSatisfy(\.isEmpty) { doc.note("No paths were run", frame: frame) }
      doc.close()
    }
    let entries = FunnelStage.allCases.flatMap { stage -> [SVGLegendEntry] in
      let colour = funnelPalette[stage.rawValue]
      return [
        SVGLegendEntry(mark: .line(colour, dashed: false), label: funnelLabel(stage) + ", mean"),
        SVGLegendEntry(mark: .box(colour, opacity: funnelMedianOpacity), label: funnelLabel(stage) + ", median"),
      ]
    }
    doc.legend(entries, x: 955, y: 110 + doc.headingDrop, title: "Clients per month")
    return doc.rendered()
  }
}

/// SVG charts written beside the CSVs (issue 6), built from the accumulators only:
/// the revenue fan, the revenue mix, the NPV histogram and, with `--sensitivity`,
/// the tornado. Each chart lives in `Charts+<Chart>.swift`; the drawing primitives
/// in `SVGDocument.swift`, `SVGDocument+Axes.swift` (heading, axes, legend, note) and
/// the small types they take (`SVGFrame`, `SVGScale`, `NiceTicks`, `SVGLabel`, `SVGLegendEntry`).
///
/// Every file is a standalone SVG 1.1 document (1200 x 800 viewBox, sans-serif text
/// of at least 12 px, no scripts or external resources) in which each data series is
/// a `<g class="series" data-model="..." data-series="...">`, so tools and tests can
/// find them. Empty cells (no paths) are skipped; no attribute ever holds NaN or
/// infinity.
public enum Charts {
  /// The chart files of a run: revenue_fan.svg, revenue_mix.svg, npv_histogram.svg,
  /// and tornado.svg when `sensitivity` is given.
  ///
  /// - Parameters:
  ///   - plan: The compiled scenario (models, horizon, currency).
  ///   - result: The run's accumulators.
  ///   - sensitivity: The rows of `Sensitivity.analyse`, or nil for no tornado.
  /// - Returns: (file name, SVG text) pairs, in the order above.
  public static func render(plan: ScenarioPlan, result: RunAccumulator, sensitivity: [SensitivityRow]?) -> [(name: String, contents: String)] {
    var files: [(name: String, contents: String)] = [
      ("revenue_fan.svg", revenueFan(plan: plan, result: result)),
      ("revenue_mix.svg", revenueMix(plan: plan, result: result)),
      ("npv_histogram.svg", npvHistogram(plan: plan, result: result)),
    ]
    if let sensitivity {
      files.append(("tornado.svg", tornado(plan: plan, result: result, rows: sensitivity)))
    }
    return files
  }

  // MARK: Colours

  /// Okabe-Ito colours for models, in file order (yellow left out: too pale on
  /// white), repeating after seven models.
  static let modelPalette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]

  static func modelColour(_ index: Int) -> String { modelPalette[index % modelPalette.count] }

  /// Paul Tol's colour-blind-safe "muted" scheme, one colour per stream kind in
  /// `StreamKind` order: cool colours for the 1.0 streams, warm ones for 2.0.
  static let streamPalette = ["#332288", "#88CCEE", "#44AA99", "#117733",
                              "#DDCC77", "#CC6677", "#882255", "#999933", "#AA4499"]

  static func streamColour(_ kind: StreamKind) -> String { streamPalette[kind.index % streamPalette.count] }

  /// Tornado bars: the output's median when the input is in its bottom / top decile.
  static let lowInputColour = "#0072B2"
  static let highInputColour = "#E69F00"

  // MARK: Shared text

  /// "Stay MSP 1.0 or move to MSP 2.0: 10,000 paths x 10 years, seed 42" style subtitle start.
  static func runLine(_ plan: ScenarioPlan, _ result: RunAccumulator) -> String {
    let name = plan.scenario.name.isEmpty ? "scenario" : plan.scenario.name
    let paths = TerminalSummary.money(Double(result.paths))
    return "\(name): \(paths) path\(result.paths == 1 ? "" : "s") x \(plan.years) year\(plan.years == 1 ? "" : "s"), seed \(plan.seed)"
  }

  /// The scenario's currency, for axis titles ("USD").
  static func currency(_ plan: ScenarioPlan) -> String {
    plan.scenario.currency.isEmpty ? "currency" : plan.scenario.currency
  }
}

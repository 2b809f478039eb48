/// SVG charts written beside the CSVs (docs/reading-results.md, "The charts"), built from the accumulators only:
/// the revenue fan, the revenue mix, the NPV histogram, with `valuation:` the value
/// difference per pair, with two models or more the valley (cumulative EBITDA gap),
/// with `cash:` the cash balance, with a model's `adoption.funnel` the sales funnel
/// and, with `--sensitivity`, the tornado (`--sensitivity sobol`: sobol.svg). Each chart
/// lives in `Charts+<Chart>.swift`; the fan charts share `Charts+Fan.swift`, the
/// histograms `Charts+Histogram.swift`; the drawing primitives
/// in `SVGDocument.swift`, `SVGDocument+Axes.swift` (heading, axes, legend, note) and
/// the small types they take (`SVGFrame`, `SVGScale`, `NiceTicks`, `SVGLabel`, `SVGLegendEntry`).
///
/// Every file is a standalone SVG 1.1 document (1200 x 800 viewBox, sans-serif text
/// of at least 12 px, no scripts or external resources) in which each data series is
/// a `<g class="series" data-model="..." data-series="...">`, so tools and tests can
/// find them (a pair's series carry the pair's label, "msp2 vs msp1", as data-model;
/// reference lines such as 0 are `<g class="reference ...">`, except the cash floor,
/// a series of data-model "scenario"). Labels of marks are drawn after every mark, in
/// `<g class="series label">` groups of their own, so no line of another series
/// crosses them. Empty cells (no paths) are skipped; no attribute ever holds NaN or
/// infinity. Text is never cut short: titles, legends, subtitles, panel titles and
/// headings and the key paths of tornado.svg and sobol.svg wrap (`SVGTextMetrics`,
/// `Charts+Panels.swift`, `Charts+RowPanels.swift`) and labels that would collide are
/// moved apart (`SVGLabelPlacer`).
public enum Charts {
  /// The chart files of a run: revenue_fan.svg, revenue_mix.svg, npv_histogram.svg,
  /// value_difference.svg when the scenario has `valuation:` and a pair of models,
  /// valley.svg when it has a pair of models, cash.svg when it has `cash:`,
  /// funnel.svg when a model has `adoption.funnel`, tornado.svg when the run has
  /// sensitivity rows, and sobol.svg when it has Sobol rows.
  ///
  /// - Returns: (file name, SVG text) pairs, in the order above.
  public static func render(_ result: RunResult) -> [(name: String, contents: String)] {
    jobs(result).map { (name: $0.name, contents: $0.render()) }
  }

  /// The same as jobs to run (`OutputFiles.render` runs them side by side).
  static func jobs(_ result: RunResult) -> [(name: String, render: @Sendable () -> String)] {
    var jobs: [(name: String, render: @Sendable () -> String)] = [
      ("revenue_fan.svg", { revenueFan(result) }),
      ("revenue_mix.svg", { revenueMix(result) }),
      ("npv_histogram.svg", { npvHistogram(result) }),
    ]
    if result.layout.hasValuation && !result.modelPairs.isEmpty {
      jobs.append(("value_difference.svg", { valueDifference(result) }))
    }
    if !result.modelPairs.isEmpty {
      jobs.append(("valley.svg", { valley(result) }))
    }
    if result.layout.hasCash {
      jobs.append(("cash.svg", { cash(result) }))
    }
    if result.models.contains(where: { $0.layout.hasFunnel }) {
      jobs.append(("funnel.svg", { funnel(result) }))
    }
    if let sensitivity = result.sensitivity {
      jobs.append(("tornado.svg", { tornado(result, rows: sensitivity) }))
    }
    if let sobol = result.sobol {
      jobs.append(("sobol.svg", { Charts.sobol(result, rows: sobol) }))
    }
    return jobs
  }

  // MARK: Colours

  /// Okabe-Ito colours for models, in file order (yellow left out: too pale on
  /// white), repeating after seven models.
  static let modelPalette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]

  static func modelColour(_ index: Int) -> String { modelPalette[index % modelPalette.count] }

  /// The colour of pair `pi` (index into `RunResult.modelPairs`) in the pair charts
  /// (valley.svg, value_difference.svg): the model palette from its second colour on,
  /// one colour per pair, so two pairs with the same alternative (msp2_uncapped vs msp1,
  /// msp2_uncapped vs msp2_capped) stay apart. Pairs come baseline first
  /// (msp1 vs each other model, then the next model), so a pair against the first
  /// model keeps its alternative's colour of the model charts.
  static func pairColour(_ pi: Int) -> String { modelColour(pi + 1) }

  /// Paul Tol's colour-blind-safe "muted" scheme, one colour per stream kind in
  /// `StreamKind` order: cool colours for the 1.0 streams, warm ones for 2.0.
  static let streamPalette = [
    "#332288", "#88CCEE", "#44AA99", "#117733",
    "#DDCC77", "#CC6677", "#882255", "#999933", "#AA4499",
  ]

  static func streamColour(_ kind: StreamKind) -> String { streamPalette[kind.index % streamPalette.count] }

  /// Tornado bars: the output's median when the input is in its bottom / top decile.
  static let lowInputColour = "#0072B2"
  static let highInputColour = "#E69F00"

  // MARK: Shared text

  /// "Stay MSP 1.0 or move to MSP 2.0: 10,000 paths x 10 years, seed 42" style subtitle start.
  static func runLine(_ result: RunResult) -> String {
    let name = result.settings.scenarioName.isEmpty ? "scenario" : result.settings.scenarioName
    let paths = TerminalSummary.money(Double(result.paths))
    return
      "\(name): \(paths) path\(result.paths == 1 ? "" : "s") x \(result.years) year\(result.years == 1 ? "" : "s"), seed \(result.settings.seed)"
  }

  /// The scenario's currency, for axis titles ("USD").
  static func currency(_ result: RunResult) -> String {
    result.settings.currency.isEmpty ? "currency" : result.settings.currency
  }
}

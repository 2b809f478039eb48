/// SVG charts written beside the CSVs (issue 6). Filled in by Output/Charts+*.swift.
public enum Charts {
  /// The chart files of a run: revenue_fan.svg, revenue_mix.svg, npv_histogram.svg,
  /// and tornado.svg when `sensitivity` is given.
  public static func render(plan: ScenarioPlan, result: RunAccumulator, sensitivity: [SensitivityRow]?) -> [(name: String, contents: String)] {
    []
  }
}

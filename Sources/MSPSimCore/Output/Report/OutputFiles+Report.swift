extension OutputFiles {
  /// The chart jobs to render: every chart when the charts or the report are on
  /// (the report inlines them; docs/outputs.md, "The report"), none otherwise.
  static func chartJobs(_ result: RunResult, charts: Bool, report: Bool) -> [(
    name: String, render: @Sendable () -> String
  )] {
    charts || report ? Charts.jobs(result) : []
  }

  /// `files` with report.html added last when `report`, built from the charts
  /// already rendered among them (each chart is drawn once, for its .svg file and
  /// for the page), and with the chart files left out when `charts` is off.
  static func addingReport(
    _ files: [(name: String, contents: String)], result: RunResult, chartNames: [String], charts: Bool,
    report: Bool
  ) -> [(name: String, contents: String)] {
    guard report || !charts else { return files }
    let names = Set(chartNames)
    var kept = charts ? files : files.filter { !names.contains($0.name) }
    if report {
      let rendered = files.filter { names.contains($0.name) }
      kept.append(("report.html", HTMLReport(result, charts: rendered).html()))
    }
    return kept
  }
}

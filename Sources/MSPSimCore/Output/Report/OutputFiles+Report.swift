extension OutputFiles {
  /// The chart jobs to render: every chart when the charts or the report are on
  /// (the report inlines them; docs/outputs.md, "The report"), none otherwise.
  static func chartJobs(_ result: RunResult, charts: Bool, report: Bool) -> [(
    name: String, render: @Sendable () -> String
  )] {
    charts || report ? Charts.jobs(result) : []
  }
}

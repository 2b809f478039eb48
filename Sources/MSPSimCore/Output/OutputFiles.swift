import Dispatch

/// Every file of a run, as (name, contents), in the order they are listed
/// (docs/outputs.md): the CSV tables (the long ones, then their wide forms), run.json,
/// sensitivity.csv with `--sensitivity` (sobol.csv with `--sensitivity sobol`),
/// the charts unless turned off, and report.html unless turned off. A function of the result
/// alone; `OutputFolder.write` puts them on disk whole.
public enum OutputFiles {
  /// Renders the files, each on whichever of the run's threads is free (they are
  /// independent; the order of the list does not depend on which finished first).
  public static func render(
    _ result: RunResult, charts: Bool = true, report: Bool = true
  ) -> [(name: String, contents: String)] {
    // Each file is made of parts, joined in order; monthly.csv, the largest, is
    // one part per model, and monthly_wide.csv one part per year of months.
    var files: [(name: String, parts: [@Sendable () -> String])] = [
      (
        "monthly.csv",
        [{ CSVFormat.row(ResultTables.monthlyHeader) }]
          + result.models.indices.map { m -> @Sendable () -> String in { ResultTables(result).monthlyRows(model: m) } }
      ),
      ("annual.csv", [{ ResultTables(result).annual() }]),
      (
        "monthly_wide.csv",
        [{ ResultTables(result).wideHeaderRow(period: "month") }]
          + stride(from: 1, through: result.months, by: 12).map { first -> @Sendable () -> String in
            { ResultTables(result).monthlyWideRows(months: first...Swift.min(first + 11, result.months)) }
          }
      ),
      ("annual_wide.csv", [{ ResultTables(result).annualWide() }]),
      ("summary.csv", [{ ResultTables(result).summary() }]),
      ("compare.csv", [{ ResultTables(result).compare() }]),
      ("run.json", [{ RunRecord(result).json() }]),
    ]
    if let rows = result.sensitivity { files.append(("sensitivity.csv", [{ SensitivityTable.csv(rows) }])) }
    if let rows = result.sobol { files.append(("sobol.csv", [{ SobolTable.csv(rows) }])) }
    let chartJobs = chartJobs(result, charts: charts, report: report)
    files += chartJobs.map { (name: $0.name, parts: [$0.render]) }
    let parts = render(files.flatMap(\.parts), threads: result.settings.threads)
    var next = 0
    let rendered = files.map { file in
      defer { next += file.parts.count }
      return (name: file.name, contents: parts[next..<(next + file.parts.count)].joined())
    }
    return addingReport(
      rendered, result: result, chartNames: chartJobs.map(\.name), charts: charts, report: report)
  }

  /// Runs `jobs` on up to `threads` threads; results in job order.
  static func render(_ jobs: [@Sendable () -> String], threads: Int) -> [String] {
    let workers = Swift.max(1, Swift.min(threads, jobs.count))
    if workers == 1 { return jobs.map { $0() } }
    struct State {
      var next = 0
      var done: [String?]
    }
    let state = Locked(State(done: [String?](repeating: nil, count: jobs.count)))
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
      while true {
        let i: Int = state.withLock { s in
          defer { s.next += 1 }
          return s.next
        }
        guard i < jobs.count else { return }
        let text = jobs[i]()
        state.withLock { $0.done[i] = text }
      }
    }
    return state.withLock { s in s.done.map { $0 ?? "" } }
  }
}

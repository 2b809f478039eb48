import Dispatch
import Foundation

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
    render(result, charts: charts, report: report, workbook: false).files
  }

  /// What a job of `render` makes: a part of a text file, the charts with report.html,
  /// or results.xlsx.
  enum Part: Sendable {
    case text(String)
    /// The charts, in `chartJobs` order, and the page that inlines them.
    case page(charts: [(name: String, contents: String)], html: String)
    /// The workbook's bytes; nil if the zip library failed in memory.
    case workbook(Data?)
  }

  /// The text files of `result` and, with `workbook`, the bytes of results.xlsx
  /// (`ResultWorkbook`), made side by side.
  ///
  /// - Returns: the text files, and the workbook's bytes (nil without `workbook`, or if
  ///   the zip library failed in memory).
  static func render(
    _ result: RunResult, charts: Bool, report: Bool, workbook: Bool
  ) -> (files: [(name: String, contents: String)], workbook: Data?) {
    // Every cell's statistics, computed once for the CSVs and the workbook.
    let tables = ResultTables(result)
    // Each file is made of parts, joined in order; monthly.csv, the largest, is
    // one part per model, and monthly_wide.csv one part per year of months.
    var files: [(name: String, parts: [@Sendable () -> String])] = [
      (
        "monthly.csv",
        [{ CSVFormat.row(ResultTables.monthlyHeader) }]
          + result.models.indices.map { m -> @Sendable () -> String in { tables.monthlyRows(model: m) } }
      ),
      ("annual.csv", [{ tables.annual() }]),
      (
        "monthly_wide.csv",
        [{ tables.wideHeaderRow(period: "month") }]
          + stride(from: 1, through: result.months, by: 12).map { first -> @Sendable () -> String in
            { tables.monthlyWideRows(months: first...Swift.min(first + 11, result.months)) }
          }
      ),
      ("annual_wide.csv", [{ tables.annualWide() }]),
      ("summary.csv", [{ tables.summary() }]),
      ("compare.csv", [{ tables.compare() }]),
      ("run.json", [{ RunRecord(result).json() }]),
    ]
    if let rows = result.sensitivity { files.append(("sensitivity.csv", [{ SensitivityTable.csv(rows) }])) }
    if let rows = result.sobol { files.append(("sobol.csv", [{ SobolTable.csv(rows) }])) }
    let chartJobs = chartJobs(result, charts: charts, report: report)
    // The workbook is one job, listed first: its deflate is the longest piece of writing and
    // cannot be split, so one thread starts on it while the others make the rest
    // (docs/performance.md, "Writing the outputs").
    var jobs: [@Sendable () -> Part] =
      workbook ? [{ .workbook(ResultWorkbook.xlsx(result, tables: tables, threads: 1)) }] : []
    if report {
      // The charts and the page that inlines them, one job: each chart is drawn once, for
      // its .svg file and for the page, and the page is made while the workbook is zipped.
      jobs.append {
        let drawn = chartJobs.map { (name: $0.name, contents: $0.render()) }
        return .page(charts: drawn, html: HTMLReport(result, charts: drawn).html())
      }
    } else {
      files += chartJobs.map { (name: $0.name, parts: [$0.render]) }
    }
    jobs += files.flatMap(\.parts).map { part in { .text(part()) } }
    var book: Data?
    var page: (charts: [(name: String, contents: String)], html: String)?
    var parts: [String] = []
    for made in render(jobs, threads: result.settings.threads) {
      switch made {
      case .text(let text): parts.append(text)
      case .page(let charts, let html): page = (charts, html)
      case .workbook(let data): book = data
      }
    }
    var next = 0
    var rendered = files.map { file in
      defer { next += file.parts.count }
      return (name: file.name, contents: parts[next..<(next + file.parts.count)].joined())
    }
    if let page {
      // docs/outputs.md, "The report": the charts' files only when the charts are on.
      if charts { rendered += page.charts }
      rendered.append(("report.html", page.html))
    }
    return (rendered, book)
  }

  /// Runs `jobs` on up to `threads` threads; results in job order.
  static func render<Value: Sendable>(_ jobs: [@Sendable () -> Value], threads: Int) -> [Value] {
    let workers = Swift.max(1, Swift.min(threads, jobs.count))
    if workers == 1 { return jobs.map { $0() } }
    let state = Locked((next: 0, done: [Value?](repeating: nil, count: jobs.count)))
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
      while true {
        let i: Int = state.withLock { s in
          defer { s.next += 1 }
          return s.next
        }
        guard i < jobs.count else { return }
        let part = jobs[i]()
        state.withLock { $0.done[i] = part }
      }
    }
    // Every job has run when concurrentPerform returns: nothing is nil.
    return state.withLock { s in s.done.compactMap { $0 } }
  }
}

import Foundation

/// report.html (docs/outputs.md, "The report"): one self-contained page per run for
/// reading on screen and printing to PDF for a board pack. In order: the answer (the
/// terminal summary's tables), the charts inlined as `<svg>` elements, the revenue
/// mix, the compare table and the inputs (the resolved scenario).
///
/// A function of the result and the rendered charts alone: no clock, no thread
/// count, no wall time, so the same result gives the same bytes. No scripts, no
/// external fonts, stylesheets, images or links: it opens offline in any browser.
/// Every piece of text goes through `SVGDocument.escape`, figures through the
/// formatters the terminal summary and the CSVs use.
public struct HTMLReport {
  let result: RunResult
  /// (file name, SVG text) of each chart, as `Charts.render` gives them.
  let charts: [(name: String, contents: String)]

  public init(_ result: RunResult, charts: [(name: String, contents: String)]) {
    self.result = result
    self.charts = charts
  }

  /// The page.
  public func html() -> String {
    let summary = TerminalSummary(result)
    var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    out += "<meta name=\"generator\" content=\"mspsim \(RunRecord.toolVersion)\">\n"
    out += "<title>\(Self.escape(title)) - mspsim report</title>\n"
    out += "<style>\n" + Self.style + "</style>\n</head>\n<body>\n"
    out += header()
    out += answer(summary)
    out += chartsSection()
    out += mix(summary)
    out += compare()
    out += inputs()
    out += footer()
    out += "</body>\n</html>\n"
    return out
  }

  var title: String { result.settings.scenarioName.isEmpty ? "scenario" : result.settings.scenarioName }

  static func escape(_ s: String) -> String { SVGDocument.escape(s) }

  // MARK: Sections

  func header() -> String {
    let s = result.settings
    let paths = TerminalSummary.money(Double(result.paths))
    let line =
      "\(paths) path\(result.paths == 1 ? "" : "s") x \(result.years) year\(result.years == 1 ? "" : "s"), "
      + "seed \(s.seed), \(s.rng); money in \(Charts.currency(result)), nominal; "
      + "discounted at \(TerminalSummary.annualRate(s.discountRate))"
    return "<header>\n<h1>\(Self.escape(title))</h1>\n<p class=\"run\">\(Self.escape(line))</p>\n</header>\n"
  }

  /// The terminal summary's tables, in its order.
  func answer(_ summary: TerminalSummary) -> String {
    // With one model there is no choice to answer, only its results.
    let answerTable = summary.answerTable()
    var out = "<section id=\"answer\" class=\"answer\">\n<h2>\(answerTable == nil ? "Results" : "The answer")</h2>\n"
    if var t = answerTable {
      // The section's heading already says "The answer": the caption says the rest.
      t.title = "Every model on the same paths (common random numbers)"
      out += Self.table(t, id: "answer-table")
    }
    if let t = summary.cashTable() { out += Self.table(t, id: "cash-table") }
    out += Self.table(summary.modelTable(), id: "model-table")
    let clamped = result.clampedDraws
    if !clamped.isEmpty {
      let list = clamped.map { "\($0.keyPath) \(TerminalSummary.money(Double($0.count)))" }.joined(separator: ", ")
      out +=
        "<p class=\"warning\">Draws outside their key's allowed range were clamped to it (count): "
        + Self.escape(list) + ". A bounded or truncated distribution there avoids it.</p>\n"
    }
    if let t = summary.funnelTable() { out += Self.table(t, id: "funnel-table") }
    if let t = summary.pairTable() { out += Self.table(t, id: "pair-table") }
    if case .precision(let target, let maxPaths, let converged) = result.stopping {
      let reached = zip(result.models, result.relativeStandardErrorNPV).map { m, se in
        "\(m.name) \(String(format: "%.4f", se))"
      }.joined(separator: ", ")
      let line =
        "Convergence: \(TerminalSummary.money(Double(result.paths))) paths; relative standard error of mean NPV: "
        + "\(reached) (target \(target))" + (converged ? "." : ", not reached within --max-paths \(maxPaths).")
      out += "<p class=\"note\">\(Self.escape(line))</p>\n"
    }
    return out + "</section>\n"
  }

  /// Every chart, inlined, each in a figure that print keeps on one page.
  func chartsSection() -> String {
    guard !charts.isEmpty else { return "" }
    var out = "<section id=\"charts\" class=\"charts\">\n<h2>Charts</h2>\n"
    for chart in charts {
      let stem = chart.name.hasSuffix(".svg") ? String(chart.name.dropLast(4)) : chart.name
      out += "<figure class=\"chart\" id=\"chart-\(Self.escape(stem))\" data-file=\"\(Self.escape(chart.name))\">\n"
      out += InlineSVG.inline(chart.contents, prefix: "chart-\(stem)-")
      out += "</figure>\n"
    }
    return out + "</section>\n"
  }

  /// The last year's revenue mix: one row per stream kind any model has, one column per model.
  func mix(_ summary: TerminalSummary) -> String {
    let shares = summary.mixShares()
    let kinds = StreamKind.allCases.filter { k in shares.contains { $0.shares.contains { $0.kind == k } } }
    var rows: [[String]] = [["stream"] + shares.map(\.model)]
    for kind in kinds {
      rows.append(
        [kind.rawValue]
          + shares.map { m in
            m.shares.first { $0.kind == kind }.map { TerminalSummary.percent($0.share) } ?? "-"
          })
    }
    let table = SummaryTable(
      title: "Mean share of each stream in year \(result.years)'s revenue", rows: rows, leftColumns: 1, note: nil)
    return "<section id=\"mix\">\n<h2>Revenue mix in year \(result.years)</h2>\n" + Self.table(table, id: "mix-table")
      + "</section>\n"
  }

  /// compare.csv turned on its side: one row per column, one column per pair.
  func compare() -> String {
    guard !result.modelPairs.isEmpty else { return "" }
    let cur = Charts.currency(result)
    var rows: [[String]] = [
      ["measure"]
        + result.modelPairs.map { "\(result.models[$0.alternative].name) vs \(result.models[$0.baseline].name)" }
    ]
    for column in CompareColumn.all {
      let isShare = column.isProbability
      let unit = column.isMonth ? " (month)" : isShare ? "" : " (\(cur))"
      rows.append(
        [column.name + unit]
          + result.modelPairs.indices.map { pi in
            guard let v = column.value(result, pi) else { return "-" }
            if column.isMonth { return String(Int(v)) }
            return isShare ? TerminalSummary.percent(v) : TerminalSummary.money(v)
          })
    }
    let table = SummaryTable(
      title: "compare.csv: alternative against baseline, on the same paths", rows: rows, leftColumns: 1, note: nil)
    return "<section id=\"compare\">\n<h2>Compare</h2>\n" + Self.table(table, id: "compare-table") + "</section>\n"
  }

  func footer() -> String {
    let s = result.settings
    let line =
      "mspsim \(RunRecord.toolVersion), scenario \(s.scenarioPath) (SHA-256 \(s.scenarioSHA256)). "
      + "The same scenario, seed and options give the same numbers; run.json records the run."
    return "<footer>\n<p>\(Self.escape(line))</p>\n</footer>\n"
  }

  // MARK: Tables

  /// `t` as an HTML table with `t.title` as its caption; name columns left, figures right.
  static func table(_ t: SummaryTable, id: String, className: String? = nil) -> String {
    guard let header = t.rows.first else { return "" }
    var out = "<table id=\"\(escape(id))\"" + (className.map { " class=\"\(escape($0))\"" } ?? "") + ">\n"
    out += "<caption>\(escape(t.title))</caption>\n<thead><tr>"
    for (i, cell) in header.enumerated() {
      out += "<th scope=\"col\"" + (i < t.leftColumns ? "" : " class=\"num\"") + ">\(escape(cell))</th>"
    }
    out += "</tr></thead>\n<tbody>\n"
    for row in t.rows.dropFirst() {
      out += "<tr>"
      for (i, cell) in row.enumerated() {
        out += (i < t.leftColumns ? "<td>" : "<td class=\"num\">") + escape(cell) + "</td>"
      }
      out += "</tr>\n"
    }
    out += "</tbody>\n</table>\n"
    for line in t.note?.split(separator: "\n") ?? [] { out += "<p class=\"note\">\(escape(String(line)))</p>\n" }
    return out
  }
}

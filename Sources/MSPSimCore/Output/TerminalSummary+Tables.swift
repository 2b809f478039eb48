import Foundation

/// One table of the terminal summary, as cells: what the text aligns in columns
/// and `HTMLReport` writes as an HTML table, so both show the same figures.
public struct SummaryTable: Sendable, Equatable {
  /// What the table shows ("The answer (same paths for every model)").
  public var title: String
  /// The header row first, then one row per model or pair; cells as printed.
  public var rows: [[String]]
  /// How many leading columns are names (aligned left); the rest are figures.
  public var leftColumns: Int
  /// Lines printed under the table (one per newline), or nil.
  public var note: String?
}

extension TerminalSummary {
  /// The answer (docs/reading-results.md, "The terminal summary"): per
  /// alternative, P(worth more at the exit) and the median and 5th percentile of the
  /// value difference (NPV of EBITDA without `valuation:`), the valley's depth
  /// (P50/P95) and the payback month; a warning under it when both models of a pair
  /// lose money on most paths (`lossNote`). Nil with one model.
  func answerTable() -> SummaryTable? {
    guard !result.modelPairs.isEmpty else { return nil }
    let cur = result.settings.currency
    let L = result.layout
    let valued = L.hasValuation
    let n = Double(Swift.max(1, result.paths))
    var rows: [[String]] = [
      [
        "alternative", "vs", valued ? "P(worth more at exit)" : "P(higher NPV)",
        valued ? "median value gain (\(cur))" : "median NPV gain (\(cur))", "gain P5 (\(cur))",
        "valley P50 / P95 (\(cur))", "payback month (P50)",
      ]
    ]
    for (pi, pair) in result.modelPairs.enumerated() {
      let c = result.pairs[pi]
      let better = valued ? c.valueBetter : c.better
      let gainCell = L.valueDifference(pi) ?? L.pair(pi)
      let gain = result.sketches[gainCell].quantiles([0.5, 0.05])
      let valley = result.sketches[L.valleyDepth(pi)].quantiles([0.5, 0.95])
      let payback =
        c.medianCrossover.map { "\($0) (\(Self.percent(Double(c.crossed) / n)) of paths)" }
        ?? "none"
      rows.append([
        result.models[pair.alternative].name, result.models[pair.baseline].name,
        Self.percent(Double(better) / n), Self.money(gain[0]), Self.money(gain[1]),
        "\(Self.money(valley[0])) / \(Self.money(valley[1]))", payback,
      ])
    }
    let notes =
      (valued ? [] : ["(no valuation: block, so value is the NPV of EBITDA without an exit)"])
      + result.modelPairs.indices.compactMap { lossNote(pair: $0) }
      + [probabilityErrorNote()].compactMap { $0 }
    return SummaryTable(
      title: "The answer (same paths for every model)", rows: rows, leftColumns: 2,
      note: notes.isEmpty ? nil : notes.joined(separator: "\n"))
  }

  /// The Monte Carlo error of a share of k paths out of n (docs/reading-results.md,
  /// "The terminal summary"): each path is an independent draw, so the number of paths
  /// on which the alternative is better is binomial and the share's standard error is
  /// √(p(1 - p)/n). p is estimated as (k + 1)/(n + 2), so that a share of 0 or 1 (every
  /// path agreeing) does not read as exact: it is then about 1/n, not 0.
  static func shareStandardError(_ k: Int, of n: Int) -> Double {
    let paths = Double(Swift.max(1, n))
    let p = (Double(k) + 1) / (paths + 2)
    return (p * (1 - p) / paths).squareRoot()
  }

  /// The line under the answer giving how far its probability could move with another
  /// seed: one standard error (`shareStandardError`) per pair, in percentage points.
  /// Nil for a `--sensitivity sobol` run, whose evaluations are not independent paths.
  func probabilityErrorNote() -> String? {
    guard !result.modelPairs.isEmpty, result.sobol == nil else { return nil }
    let what = result.layout.hasValuation ? "P(worth more at exit)" : "P(higher NPV)"
    let errors = result.modelPairs.enumerated().map { pi, pair in
      let c = result.pairs[pi]
      let points =
        100 * Self.shareStandardError(result.layout.hasValuation ? c.valueBetter : c.better, of: result.paths)
      let shown = "±" + String(format: points < 0.1 ? "%.2f" : "%.1f", points)
      return result.modelPairs.count == 1
        ? shown : "\(shown) (\(result.models[pair.alternative].name) vs \(result.models[pair.baseline].name))"
    }
    return "\(what) is known to \(errors.joined(separator: ", ")) points: one standard error over "
      + "\(Self.money(Double(result.paths))) path\(result.paths == 1 ? "" : "s") (4x the paths halve it)"
  }

  /// A warning for pair `pair` when both models lose money on most paths (the median
  /// of each one's value, or NPV of EBITDA without `valuation:`, below 0): "worth more"
  /// then means "loses less", which the probability alone does not say
  /// (docs/reading-results.md, "The terminal summary"). Nil otherwise.
  func lossNote(pair: Int) -> String? {
    let L = result.layout
    let p = result.modelPairs[pair]
    func median(_ mi: Int) -> Double {
      let metric = result.models[mi].layout.summaryValue ?? MetricLayout.summaryNPV
      return result.sketches[L.summary(model: mi, metric: metric)].quantile(0.5)
    }
    let (a, b) = (median(p.alternative), median(p.baseline))
    guard a < 0, b < 0 else { return nil }
    let what = L.hasValuation ? "value" : "NPV of EBITDA"
    return "Both \(result.models[p.alternative].name) and \(result.models[p.baseline].name) lose money on most "
      + "paths (median \(what) \(Self.money(a)) and \(Self.money(b)) \(result.settings.currency)): "
      + "\"worth more\" here means \"loses less\"."
  }

  /// With `cash:`, each model's lowest cash (P50, P5) and P(below the floor); nil without.
  func cashTable() -> SummaryTable? {
    let L = result.layout
    guard L.hasCash else { return nil }
    let cur = result.settings.currency
    var rows: [[String]] = [["model", "lowest cash P50 (\(cur))", "P5", "P(below floor)"]]
    for (mi, m) in result.models.enumerated() {
      guard let cashRow = m.layout.summaryCashMin else { continue }
      let cell = L.summary(model: mi, metric: cashRow)
      let q = result.sketches[cell].quantiles([0.5, 0.05])
      let below = result.moments[L.summary(model: mi, metric: cashRow + 1)].mean
      rows.append([m.name, Self.money(q[0]), Self.money(q[1]), Self.percent(below)])
    }
    return SummaryTable(title: "Cash through the horizon", rows: rows, leftColumns: 1, note: nil)
  }

  /// Per model, year-1 and last-year revenue and NPV of EBITDA (P10, P50, P90).
  func modelTable() -> SummaryTable {
    let L = result.layout
    var rows: [[String]] = [["model", "measure (\(result.settings.currency))", "P10", "P50", "P90"]]
    for (mi, m) in result.models.enumerated() {
      let rev = m.layout.revenueTotal
      let q1 = result.sketches[L.annual(model: mi, metric: rev, year: 1)].quantiles([0.1, 0.5, 0.9])
      let qy = result.sketches[L.annual(model: mi, metric: rev, year: result.years)].quantiles([0.1, 0.5, 0.9])
      let qn = result.sketches[L.summary(model: mi, metric: MetricLayout.summaryNPV)].quantiles([0.1, 0.5, 0.9])
      rows.append([m.name, "revenue, year 1"] + q1.map(Self.money))
      rows.append(["", "revenue, year \(result.years)"] + qy.map(Self.money))
      rows.append(["", "NPV of EBITDA"] + qn.map(Self.money))
    }
    return SummaryTable(title: "Revenue and NPV of EBITDA per model", rows: rows, leftColumns: 2, note: nil)
  }

  /// Per model, the mean share of each of its streams in the last year's revenue.
  func mixShares() -> [(model: String, shares: [(kind: StreamKind, share: Double)])] {
    let L = result.layout
    return result.models.enumerated().map { mi, m in
      let shares = m.layout.streams.enumerated().map { k, kind in
        (kind: kind, share: result.moments[L.summary(model: mi, metric: MetricLayout.summaryFirstMix + k)].mean)
      }
      return (model: m.name, shares: shares)
    }
  }

  /// Per model with `adoption.funnel` (docs/model.md, "The sales funnel"), the
  /// medians over paths of its horizon totals: assessments started, clients closed,
  /// closes per assessment and funnel cost per close. Nil when no model has a funnel.
  func funnelTable() -> SummaryTable? {
    var rows: [[String]] = [
      ["model", "assessments", "closes", "closes per assessment", "cost per close (\(result.settings.currency))"]
    ]
    for (mi, m) in result.models.enumerated() where m.layout.summaryFirstFunnel != nil {
      func median(_ f: FunnelSummary) -> Double { CellStatistics.funnelMedian(result, model: mi, f) }
      rows.append([
        m.name, Self.money(median(.assessments)), Self.money(median(.closed)),
        Self.percent(median(.closeRate)), Self.money(median(.costPerClose)),
      ])
    }
    guard rows.count > 1 else { return nil }
    return SummaryTable(title: "Sales funnel over the horizon (P50)", rows: rows, leftColumns: 1, note: nil)
  }

  /// The title of the table of `npvAlone(pair:)` in every output.
  static let npvAloneTitle = "NPV of EBITDA alone, without the exit value"

  /// Pair `pair`'s figures for NPV of EBITDA alone: the share of paths where the
  /// alternative's is higher, the median and 5th percentile of the difference
  /// (compare.csv's `p_npv_better`, `npv_diff_p50`, `npv_diff_p5`); the terminal's,
  /// the report's and the workbook's table of them.
  func npvAlone(pair: Int) -> (shareBetter: Double, medianGain: Double, gainP5: Double) {
    let gain = result.sketches[result.layout.pair(pair)].quantiles([0.5, 0.05])
    return (Double(result.pairs[pair].better) / Double(Swift.max(1, result.paths)), gain[0], gain[1])
  }

  /// With `valuation:`, per pair the figures of the answer for NPV of EBITDA alone,
  /// without the exit value: P(alternative's NPV > baseline's), the median and 5th
  /// percentile of the NPV difference. An owner reads from it how much of the answer
  /// rests on the exit (docs/reading-results.md, "The terminal summary"). Nil with one
  /// model, and without `valuation:`, where the answer already gives these figures
  /// (and the payback month, the crossover month, is the answer's in every case).
  func pairTable() -> SummaryTable? {
    guard !result.modelPairs.isEmpty, result.layout.hasValuation else { return nil }
    let cur = result.settings.currency
    var rows: [[String]] = [
      ["baseline", "alternative", "P(alt NPV > base)", "median NPV gain (\(cur))", "NPV gain P5 (\(cur))"]
    ]
    for (pi, pair) in result.modelPairs.enumerated() {
      let npv = npvAlone(pair: pi)
      rows.append([
        result.models[pair.baseline].name, result.models[pair.alternative].name,
        Self.percent(npv.shareBetter), Self.money(npv.medianGain), Self.money(npv.gainP5),
      ])
    }
    return SummaryTable(title: Self.npvAloneTitle, rows: rows, leftColumns: 2, note: nil)
  }
}

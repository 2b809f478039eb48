/// The metrics a model reports per month and year, in output order (docs/outputs.md,
/// "Metric names"): clients, adopted_clients, seats, revenue.<kind> for each of the
/// model's streams, revenue.total, revenue.recurring, cost.total, ebitda,
/// ebitda.cumulative, then `cash` when the scenario has a `cash:` block, then
/// margin.<kind> for each stream, cost.direct, cost.overhead, staff.technicians,
/// staff.vcios and staff.contractors (docs/model.md, "Delivery cost and gross margin",
/// "Hiring lag"), then `vcio_only_clients` when the model gives
/// `acquisition.vcio_only_rate` (docs/model.md, "Bigger clients and vCIO-only clients"),
/// then the funnel's stages, `funnel.<stage>`, when the model adopts through
/// `adoption.funnel` (docs/model.md, "The sales funnel"), then `recession` when the
/// scenario has `recessions:` (docs/model.md, "Recessions").
public struct MetricLayout: Sendable {
  public let names: [String]
  /// Stocks are reported at year end in `annual.csv`; flows are summed over the year.
  public let isStock: [Bool]
  public let streams: [StreamKind]
  /// The scenario has `valuation:` (summary: value, ev.exit, ...) and `cash:`
  /// (monthly cash; summary cash.min, cash.below_floor).
  public let hasValuation: Bool
  public let hasCash: Bool

  public static let clients = 0
  public static let adoptedClients = 1
  public static let seats = 2
  public static let firstStream = 3
  public var revenueTotal: Int { Self.firstStream + streams.count }
  public var revenueRecurring: Int { revenueTotal + 1 }
  public var costTotal: Int { revenueTotal + 2 }
  public var ebitda: Int { revenueTotal + 3 }
  public var ebitdaCumulative: Int { revenueTotal + 4 }
  /// The monthly cash row (only with `cash:`).
  public var cash: Int? { hasCash ? revenueTotal + 5 : nil }
  /// margin.<kind> of stream slot s is `firstMargin + s`.
  public var firstMargin: Int { revenueTotal + 5 + (hasCash ? 1 : 0) }
  public var costDirect: Int { firstMargin + streams.count }
  public var costOverhead: Int { costDirect + 1 }
  public var staffTechnicians: Int { costDirect + 2 }
  public var staffVCIOs: Int { costDirect + 3 }
  public var staffContractors: Int { costDirect + 4 }
  /// The model gives `acquisition.vcio_only_rate`: it has the row `vcio_only_clients`.
  public let hasVCIOOnly: Bool
  /// The vcio_only_clients row (a stock; only when the model gives the rate).
  public var vcioOnlyClients: Int? { hasVCIOOnly ? costDirect + 5 : nil }
  /// The model has `adoption.funnel`: the last rows are `funnelStageNames`.
  public let hasFunnel: Bool
  /// The row of `funnel.<stage>` is `firstFunnel + stage.rawValue` (only with a funnel).
  public var firstFunnel: Int? { hasFunnel ? costDirect + 5 + (hasVCIOOnly ? 1 : 0) : nil }
  /// The scenario has `recessions:`: the last row is `recession` (docs/model.md, "Recessions").
  public let hasRecession: Bool
  public var recession: Int? {
    hasRecession ? costDirect + 5 + (hasVCIOOnly ? 1 : 0) + (hasFunnel ? FunnelStage.allCases.count : 0) : nil
  }
  public var count: Int {
    costDirect + 5 + (hasVCIOOnly ? 1 : 0) + (hasFunnel ? FunnelStage.allCases.count : 0) + (hasRecession ? 1 : 0)
  }

  public init(
    streams: [StreamKind], valuation: Bool = false, cash: Bool = false, vcioOnly: Bool = false, funnel: Bool = false,
    recession: Bool = false
  ) {
    hasRecession = recession
    self.streams = streams
    hasValuation = valuation
    hasCash = cash
    hasVCIOOnly = vcioOnly
    hasFunnel = funnel
    var n = ["clients", "adopted_clients", "seats"]
    n += streams.map { "revenue." + $0.rawValue }
    n += ["revenue.total", "revenue.recurring", "cost.total", "ebitda", "ebitda.cumulative"]
    var s = [true, true, true] + streams.map { _ in false }
    s += [false, false, false, false, true]
    if cash {
      n.append("cash")
      s.append(true)
    }
    n += streams.map { "margin." + $0.rawValue } + ["cost.direct", "cost.overhead"]
    s += streams.map { _ in false } + [false, false]
    n += ["staff.technicians", "staff.vcios", "staff.contractors"]
    s += [true, true, true]
    if vcioOnly {
      n.append("vcio_only_clients")
      s.append(true)
    }
    if funnel {
      // Flows: the clients reaching each stage in the month.
      n += FunnelStage.allCases.map(\.metricName)
      s += FunnelStage.allCases.map { _ in false }
    }
    if recession {
      // 1 in a recession month: a flow, so annual.csv counts the year's recession months.
      n.append("recession")
      s.append(false)
    }
    names = n
    isStock = s
  }

  /// Per path and model (`summary.csv`): npv.ebitda, revenue.horizon_total,
  /// ebitda.horizon_total, mix.<kind> per stream (share of last year's revenue),
  /// then with `valuation:` value, ev.exit, multiple.exit, recurring_share.exit and
  /// with `cash:` cash.min, cash.below_floor (docs/model.md, "Exit value", "Cash"),
  /// then gross_margin.<kind> per stream (horizon total of margin.<kind>), then with a
  /// funnel `FunnelSummary` (docs/model.md, "The sales funnel").
  public var summaryNames: [String] {
    var names = ["npv.ebitda", "revenue.horizon_total", "ebitda.horizon_total"] + streams.map { "mix." + $0.rawValue }
    if hasValuation { names += Self.valuationSummaryNames }
    if hasCash { names += Self.cashSummaryNames }
    names += streams.map { "gross_margin." + $0.rawValue }
    if hasFunnel { names += FunnelSummary.allCases.map(\.rawValue) }
    return names
  }
  /// A metric whose every value lies in 0...1 (docs/outputs.md, "Metric names"): a
  /// stream's share of revenue (`mix.<kind>`), the recurring share at the exit, the
  /// 0/1 flags `cash.below_floor` and `recession`, and the funnel's closes per
  /// assessment. The workbook shows them as percentages, and `mspsim seek` refuses
  /// a target for one outside 0...1 (90 for 0.9).
  public static func isShare(_ metric: String) -> Bool {
    metric.hasPrefix("mix.") || metric == "recurring_share.exit" || metric == "cash.below_floor"
      || metric == FunnelSummary.closeRate.rawValue || metric == "recession"
  }
  /// The summary metrics a model has only with `valuation:` (docs/model.md, "Exit value").
  public static let valuationSummaryNames = ["value", "ev.exit", "multiple.exit", "recurring_share.exit"]
  /// The summary metrics a model has only with `cash:` (docs/model.md, "Cash").
  public static let cashSummaryNames = ["cash.min", "cash.below_floor"]
  public static let summaryNPV = 0
  public static let summaryRevenueTotal = 1
  public static let summaryEBITDATotal = 2
  public static let summaryFirstMix = 3
  /// value, then ev.exit, multiple.exit, recurring_share.exit (only with `valuation:`).
  public var summaryValue: Int? { hasValuation ? Self.summaryFirstMix + streams.count : nil }
  /// cash.min, then cash.below_floor (only with `cash:`).
  public var summaryCashMin: Int? { hasCash ? Self.summaryFirstMix + streams.count + (hasValuation ? 4 : 0) : nil }
  /// gross_margin.<kind> of stream slot s is `summaryFirstGrossMargin + s`.
  public var summaryFirstGrossMargin: Int {
    Self.summaryFirstMix + streams.count + (hasValuation ? 4 : 0) + (hasCash ? 2 : 0)
  }
  /// The summary entry of `FunnelSummary` f is `summaryFirstFunnel + f.index` (only with a funnel).
  public var summaryFirstFunnel: Int? { hasFunnel ? summaryFirstGrossMargin + streams.count : nil }
  public var summaryCount: Int {
    summaryFirstGrossMargin + streams.count + (hasFunnel ? FunnelSummary.allCases.count : 0)
  }
}

/// The stages of the sales funnel a client reaches, in order, each a monthly metric
/// `funnel.<stage>`: the clients reaching it in the month (docs/model.md, "The sales funnel").
public enum FunnelStage: Int, CaseIterable, Sendable {
  case assessments, workshops, quickWins, trials, closed

  public var metricName: String {
    switch self {
    case .assessments: return "funnel.assessments"
    case .workshops: return "funnel.workshops"
    case .quickWins: return "funnel.quick_wins"
    case .trials: return "funnel.trials"
    case .closed: return "funnel.closed"
    }
  }
}

/// A funnel model's per-path summary over the horizon (docs/outputs.md, "Metric names").
public enum FunnelSummary: String, CaseIterable, Sendable {
  /// Assessments started.
  case assessments = "funnel.assessments.horizon_total"
  /// Clients adopted through the funnel.
  case closed = "funnel.closed.horizon_total"
  /// Closes per assessment (0 on a path with no assessment).
  case closeRate = "funnel.close_rate"
  /// Assessment and workshop costs per close; on a path with no close, the whole funnel
  /// cost (as if the next assessment closed: a lower bound).
  case costPerClose = "funnel.cost_per_close"

  public var index: Int { Self.allCases.firstIndex(of: self)! }
}

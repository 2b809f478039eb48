/// The metrics a model reports per month and year, in output order (docs/outputs.md,
/// "Metric names"): clients, adopted_clients, seats, revenue.<kind> for each of the
/// model's streams, revenue.total, revenue.recurring, cost.total, ebitda,
/// ebitda.cumulative.
public struct MetricLayout: Sendable {
  public let names: [String]
  /// Stocks are reported at year end in `annual.csv`; flows are summed over the year.
  public let isStock: [Bool]
  public let streams: [StreamKind]

  public static let clients = 0
  public static let adoptedClients = 1
  public static let seats = 2
  public static let firstStream = 3
  public var revenueTotal: Int { Self.firstStream + streams.count }
  public var revenueRecurring: Int { revenueTotal + 1 }
  public var costTotal: Int { revenueTotal + 2 }
  public var ebitda: Int { revenueTotal + 3 }
  public var ebitdaCumulative: Int { revenueTotal + 4 }
  public var count: Int { revenueTotal + 5 }

  public init(streams: [StreamKind]) {
    self.streams = streams
    var n = ["clients", "adopted_clients", "seats"]
    n += streams.map { "revenue." + $0.rawValue }
    n += ["revenue.total", "revenue.recurring", "cost.total", "ebitda", "ebitda.cumulative"]
    names = n
    var s = [true, true, true] + streams.map { _ in false }
    s += [false, false, false, false, true]
    isStock = s
  }

  /// Per path and model (`summary.csv`): npv.ebitda, revenue.horizon_total,
  /// ebitda.horizon_total, then mix.<kind> per stream (share of last year's revenue).
  public var summaryNames: [String] {
    ["npv.ebitda", "revenue.horizon_total", "ebitda.horizon_total"] + streams.map { "mix." + $0.rawValue }
  }
  public static let summaryNPV = 0
  public static let summaryRevenueTotal = 1
  public static let summaryEBITDATotal = 2
  public static let summaryFirstMix = 3
  public var summaryCount: Int { Self.summaryFirstMix + streams.count }
}

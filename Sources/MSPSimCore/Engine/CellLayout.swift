/// Where each statistic lives in the flat accumulator arrays: per model its
/// monthly cells (metric x month), annual cells (metric x year) and summary cells,
/// then per pair of models its per-path NPV difference, valley depth, value
/// difference (with `valuation:`) and the cumulative EBITDA gap of each month
/// (docs/model.md, "The valley").
public struct CellLayout: Sendable {
  public let months: Int
  public let years: Int
  public let monthlyBase: [Int]
  public let annualBase: [Int]
  public let summaryBase: [Int]
  public let pairBase: Int
  public let pairCount: Int
  /// Cells per pair: NPV difference, valley depth, value difference (with
  /// `valuation:`), then one gap cell per month.
  public let pairStride: Int
  public let hasValuation: Bool
  /// The scenario has `cash:` (every model then has the cash metrics).
  public let hasCash: Bool
  public let count: Int

  public init(plan: ScenarioPlan) {
    months = plan.months
    years = plan.years
    var next = 0
    var mb: [Int] = []
    var ab: [Int] = []
    var sb: [Int] = []
    for m in plan.models {
      mb.append(next)
      next += m.layout.count * plan.months
      ab.append(next)
      next += m.layout.count * plan.years
      sb.append(next)
      next += m.layout.summaryCount
    }
    monthlyBase = mb
    annualBase = ab
    summaryBase = sb
    pairBase = next
    pairCount = plan.pairs.count
    hasValuation = plan.hasValuation
    hasCash = plan.hasCash
    pairStride = (plan.hasValuation ? 3 : 2) + plan.months
    count = next + pairCount * pairStride
  }

  @inline(__always) public func monthly(model: Int, metric: Int, month t: Int) -> Int {
    monthlyBase[model] + metric * months + t - 1
  }
  @inline(__always) public func annual(model: Int, metric: Int, year: Int) -> Int {
    annualBase[model] + metric * years + year - 1
  }
  @inline(__always) public func summary(model: Int, metric: Int) -> Int { summaryBase[model] + metric }
  /// Per path: the alternative's NPV of EBITDA minus the baseline's.
  @inline(__always) public func pair(_ p: Int) -> Int { pairBase + p * pairStride }
  /// Per path: max(0, the largest gap of cumulative EBITDA, baseline minus alternative).
  @inline(__always) public func valleyDepth(_ p: Int) -> Int { pairBase + p * pairStride + 1 }
  /// Per path: the alternative's value minus the baseline's (nil without `valuation:`).
  @inline(__always) public func valueDifference(_ p: Int) -> Int? {
    hasValuation ? pairBase + p * pairStride + 2 : nil
  }
  /// Per path: gap(t) = cumulative EBITDA of the baseline minus the alternative's, month t.
  @inline(__always) public func gap(_ p: Int, month t: Int) -> Int {
    pairBase + p * pairStride + (hasValuation ? 3 : 2) + t - 1
  }

  /// What cell `cell` holds, for a message: the model's name (nil for a pair's cells)
  /// and the output, as the CSVs name it ("revenue.total, month 37").
  func describe(cell: Int, plan: ScenarioPlan) -> (model: String?, what: String) {
    for m in plan.models.indices.reversed() where cell >= monthlyBase[m] && cell < pairBase {
      let layout = plan.models[m].layout
      let name = plan.models[m].name
      if cell >= summaryBase[m] {
        let names = layout.summaryNames
        let k = cell - summaryBase[m]
        return (name, k < names.count ? names[k] : "a summary output")
      }
      if cell >= annualBase[m] {
        let k = (cell - annualBase[m]) / years
        return (name, "\(layout.names[k]), year \((cell - annualBase[m]) % years + 1)")
      }
      let k = (cell - monthlyBase[m]) / months
      return (name, "\(layout.names[k]), month \((cell - monthlyBase[m]) % months + 1)")
    }
    guard !plan.pairs.isEmpty else { return (nil, "an output") }
    let pair = plan.pairs[Swift.min(plan.pairs.count - 1, Swift.max(0, (cell - pairBase) / pairStride))]
    return (nil, "a difference of \(plan.models[pair.alternative].name) and \(plan.models[pair.baseline].name)")
  }
}

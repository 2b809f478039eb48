/// Where each statistic lives in the flat accumulator arrays: per model its
/// monthly cells (metric x month), annual cells (metric x year) and summary cells,
/// then one NPV-difference cell per pair of models.
public struct CellLayout: Sendable {
  public let months: Int
  public let years: Int
  public let monthlyBase: [Int]
  public let annualBase: [Int]
  public let summaryBase: [Int]
  public let pairBase: Int
  public let pairCount: Int
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
    count = next + pairCount
  }

  @inline(__always) public func monthly(model: Int, metric: Int, month t: Int) -> Int {
    monthlyBase[model] + metric * months + t - 1
  }
  @inline(__always) public func annual(model: Int, metric: Int, year: Int) -> Int {
    annualBase[model] + metric * years + year - 1
  }
  @inline(__always) public func summary(model: Int, metric: Int) -> Int { summaryBase[model] + metric }
  @inline(__always) public func pair(_ p: Int) -> Int { pairBase + p }
}

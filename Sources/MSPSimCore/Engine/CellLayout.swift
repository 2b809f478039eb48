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
    var mb: [Int] = [], ab: [Int] = [], sb: [Int] = []
    for m in plan.models {
      mb.append(next); next += m.layout.count * plan.months
      ab.append(next); next += m.layout.count * plan.years
      sb.append(next); next += m.layout.summaryCount
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

/// Exact per-pair counts (integers add in any order).
public struct PairCounts: Sendable, Codable, Equatable {
  /// Paths where the alternative's NPV of EBITDA beats the baseline's.
  public var better = 0
  /// Paths with a crossover month (the alternative's cumulative EBITDA stays ahead from it on).
  public var crossed = 0
  /// crossoverHistogram[t] = paths whose crossover month is t (index 0 unused).
  public var crossoverHistogram: [Int]

  public init(months: Int) { crossoverHistogram = [Int](repeating: 0, count: months + 1) }

  public mutating func merge(_ o: PairCounts) {
    better += o.better
    crossed += o.crossed
    for i in crossoverHistogram.indices { crossoverHistogram[i] += o.crossoverHistogram[i] }
  }

  /// Median crossover month among paths that cross (nil when none does).
  public var medianCrossover: Int? {
    guard crossed > 0 else { return nil }
    // Lower median on the exact histogram: the month holding rank floor((n-1)/2).
    let target = (crossed - 1) / 2
    var seen = 0
    for (t, c) in crossoverHistogram.enumerated() where c > 0 {
      seen += c
      if seen > target { return t }
    }
    return nil
  }
}

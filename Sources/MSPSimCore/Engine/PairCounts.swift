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

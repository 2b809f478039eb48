/// Exact per-pair counts (integers add in any order).
public struct PairCounts: Sendable, Codable, Equatable {
  /// Paths where the alternative's NPV of EBITDA beats the baseline's.
  public var better = 0
  /// Paths with a crossover month (the alternative's cumulative EBITDA stays ahead from it on).
  public var crossed = 0
  /// crossoverHistogram[t] = paths whose crossover month is t (index 0 unused).
  public var crossoverHistogram: [Int]

  /// Paths where the alternative's value (with exit) beats the baseline's (docs/model.md, "Exit value").
  public var valueBetter = 0
  /// Paths with a valley: the alternative's cumulative EBITDA behind the
  /// baseline's in some month (docs/model.md, "The valley").
  public var valleys = 0
  /// valleyHistogram[t] = paths whose valley is deepest first in month t (index 0 unused).
  public var valleyHistogram: [Int]

  public init(months: Int) {
    crossoverHistogram = [Int](repeating: 0, count: months + 1)
    valleyHistogram = crossoverHistogram
  }

  public mutating func merge(_ o: PairCounts) {
    better += o.better
    crossed += o.crossed
    valueBetter += o.valueBetter
    valleys += o.valleys
    for i in crossoverHistogram.indices { crossoverHistogram[i] += o.crossoverHistogram[i] }
    for i in valleyHistogram.indices { valleyHistogram[i] += o.valleyHistogram[i] }
  }

  /// Median valley month among paths with a valley (nil when none has one).
  public var medianValleyMonth: Int? { Self.quantile(valleyHistogram, count: valleys, level: 0.5) }

  /// Median crossover month among paths that cross (nil when none does).
  public var medianCrossover: Int? { Self.quantile(crossoverHistogram, count: crossed, level: 0.5) }

  /// The lower quantile at `level` of the months counted in `histogram` (`count`
  /// of them): the month holding rank floor(level (n-1)); nil when the count is 0.
  static func quantile(_ histogram: [Int], count: Int, level: Double) -> Int? {
    guard count > 0 else { return nil }
    let target = Int((level * Double(count - 1)).rounded(.down))
    var seen = 0
    for (t, c) in histogram.enumerated() where c > 0 {
      seen += c
      if seen > target { return t }
    }
    return nil
  }

  /// (Q(p + s) - Q(p - s)) / 2 with s = sqrt(p (1-p) / n): the rank-based standard
  /// error (as `SummaryStatistic.standardError`).
  static func quantileStandardError(_ histogram: [Int], count: Int, level p: Double) -> Double? {
    guard count > 0 else { return nil }
    let s = (p * (1 - p) / Double(count)).squareRoot()
    guard let hi = quantile(histogram, count: count, level: Swift.min(1, p + s)),
      let lo = quantile(histogram, count: count, level: Swift.max(0, p - s))
    else { return nil }
    return Double(hi - lo) / 2
  }
}

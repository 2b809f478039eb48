/// The statistics of a cell as `summary.csv` (and the monthly and annual tables)
/// name them: mean, sd, the quantiles, and `se`. Each knows its value and its
/// standard error, so a goal seek can stop within one standard error of a target
/// (docs/outputs.md, "Files").
public enum SummaryStatistic: Sendable, Equatable, CaseIterable {
  case mean, sd, p5, p10, p25, p50, p75, p90, p95, se

  /// The column name.
  public var name: String {
    switch self {
    case .mean: return "mean"
    case .sd: return "sd"
    case .p5: return "p5"
    case .p10: return "p10"
    case .p25: return "p25"
    case .p50: return "p50"
    case .p75: return "p75"
    case .p90: return "p90"
    case .p95: return "p95"
    case .se: return "se"
    }
  }

  public init?(name: String) {
    guard let s = Self.allCases.first(where: { $0.name == name }) else { return nil }
    self = s
  }

  /// The quantile level of a quantile column.
  public var level: Double? {
    switch self {
    case .p5: return 0.05
    case .p10: return 0.10
    case .p25: return 0.25
    case .p50: return 0.50
    case .p75: return 0.75
    case .p90: return 0.90
    case .p95: return 0.95
    default: return nil
    }
  }

  /// The statistic of a cell's paths.
  public func value(_ moments: Moments, _ sketch: QuantileSketch) -> Double {
    switch self {
    case .mean: return moments.mean
    case .sd: return moments.sd
    case .se: return moments.standardError
    default: return sketch.quantile(level!)
    }
  }

  /// Its standard error over n paths. The mean's is sd/sqrt(n). A quantile's is
  /// distribution-free, from the ranks: the number of paths below Q(p) is
  /// Binomial(n, p), so Q(p) moves by about (Q(p + s) - Q(p - s)) / 2 with
  /// s = sqrt(p (1-p) / n) per standard deviation of that count. The sd's is
  /// sd / sqrt(2 (n - 1)) (normal theory); the se's is that over sqrt(n).
  public func standardError(_ moments: Moments, _ sketch: QuantileSketch) -> Double {
    let n = Double(Swift.max(1, moments.count))
    switch self {
    case .mean: return moments.standardError
    case .sd: return moments.count < 2 ? 0 : moments.sd / (2 * (n - 1)).squareRoot()
    case .se: return moments.count < 2 ? 0 : moments.sd / (2 * (n - 1)).squareRoot() / n.squareRoot()
    default:
      let p = level!
      let s = (p * (1 - p) / n).squareRoot()
      return (sketch.quantile(Swift.min(1, p + s)) - sketch.quantile(Swift.max(0, p - s))) / 2
    }
  }
}

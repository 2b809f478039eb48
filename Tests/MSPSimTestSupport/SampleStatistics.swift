// Plain statistics of a sample for the statistical tests: moments, the one-sample
// Kolmogorov-Smirnov statistic, Pearson correlation and exact quantiles.

/// Tolerance of the statistical checks, in standard errors.
public let momentTolerance = 5.0

/// Asymptotic Kolmogorov critical value at 1%: reject when D sqrt(n) >= 1.628.
public let ksCritical1Percent = 1.628

/// Sample mean, unbiased sample variance and fourth central moment (two passes).
public struct SampleMoments {
  public var n: Int
  public var mean: Double
  public var variance: Double
  public var centralM4: Double

  public init(_ xs: [Double]) {
    n = xs.count
    mean = xs.reduce(0, +) / Double(n)
    var s2 = 0.0
    var s4 = 0.0
    for x in xs {
      let d = x - mean
      let d2 = d * d
      s2 += d2
      s4 += d2 * d2
    }
    variance = s2 / Double(n - 1)
    centralM4 = s4 / Double(n)
  }
}

/// The one-sample Kolmogorov-Smirnov statistic sqrt(n) D, D = sup |F_n(x) - F(x)|.
///
/// For sorted x_(1..n): D = max_i max(F(x_i) - (i-1)/n, i/n - F(x_i)).
public func ksStatistic(_ xs: [Double], cdf: (Double) -> Double) -> Double {
  let sorted = xs.sorted()
  let n = Double(sorted.count)
  var d = 0.0
  for (i, x) in sorted.enumerated() {
    let f = cdf(x)
    d = Swift.max(d, f - Double(i) / n, Double(i + 1) / n - f)
  }
  return d * n.squareRoot()
}

/// The q-quantile of ascending `sorted` with the quantile sketch's convention: linear
/// interpolation at rank q(n - 1), 0-based.
public func exactQuantile(_ sorted: [Double], _ q: Double) -> Double {
  let r = q * Double(sorted.count - 1)
  let lo = Int(r.rounded(.down))
  let hi = Swift.min(lo + 1, sorted.count - 1)
  let frac = r - Double(lo)
  return sorted[lo] + frac * (sorted[hi] - sorted[lo])
}

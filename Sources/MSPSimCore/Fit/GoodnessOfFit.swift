import CGSL
import Foundation

/// How well a fitted law matches the data (docs/fit.md, "Goodness of fit"):
/// Kolmogorov-Smirnov for a continuous law on continuous data, a chi-square test on
/// whole numbers (counting families, and continuous ones on counts, through the
/// probability of rounding to each whole number).
public enum GoodnessOfFit: Sendable {
  /// D = sup |F_n(x) - F(x)| and P(K > (√n + 0.12 + 0.11/√n)·D).
  case kolmogorovSmirnov(distance: Double, pValue: Double)
  /// Σ (observed - expected)² / expected over bins pooled to expected >= 5, its
  /// degrees of freedom (bins - 1 - estimated parameters) and P(χ² > statistic);
  /// pValue nil when no degree of freedom is left.
  case chiSquare(statistic: Double, degreesOfFreedom: Int, bins: Int, pValue: Double?)

  public var pValue: Double? {
    switch self {
    case .kolmogorovSmirnov(_, let p): return p
    case .chiSquare(_, _, _, let p): return p
    }
  }

  /// The KS distance of sorted data from `cdf`.
  static func kolmogorovSmirnov(sorted x: [Double], cdf: (Double) -> Double) -> GoodnessOfFit {
    let n = Double(x.count)
    var d = 0.0
    for (i, v) in x.enumerated() {
      let f = cdf(v)
      d = Swift.max(d, Double(i + 1) / n - f, f - Double(i) / n)
    }
    let root = n.squareRoot()
    return .kolmogorovSmirnov(distance: d, pValue: Kolmogorov.q((root + 0.12 + 0.11 / root) * d))
  }

  /// The minimum expected count of a bin: smaller bins are pooled with their neighbours.
  static let minimumExpected = 5.0

  /// Chi-square of whole-number data against `fit` (P(X = k), or P(a draw rounds to
  /// k) for a continuous law), bins pooled from the left until each expects at least
  /// 5: the first bin also takes everything below 0, the last the whole upper tail,
  /// and a short last bin joins the one before.
  static func chiSquare(sorted x: [Double], fit: FittedDistribution) -> GoodnessOfFit {
    let n = Double(x.count)
    guard let top = x.last else { return .chiSquare(statistic: 0, degreesOfFreedom: 0, bins: 0, pValue: nil) }
    var observed: [Double: Double] = [:]
    for v in x { observed[v, default: 0] += 1 }
    var bins: [(observed: Double, expected: Double)] = []
    var below = fit.kind.isCount ? 0 : fit.cdf(-0.5)  // P(X below the current bin's end)
    var current = (observed: 0.0, expected: n * below)
    var k = 0.0
    while k <= top {
      let p = fit.mass(k)
      below += p
      current.observed += observed[k] ?? 0
      current.expected += n * p
      if current.expected >= minimumExpected {
        bins.append(current)
        current = (0, 0)
      }
      k += 1
    }
    current.expected += n * Swift.max(0, 1 - below)  // the tail past the largest value
    if current.expected >= minimumExpected || bins.isEmpty {
      bins.append(current)
    } else if let last = bins.popLast() {
      bins.append((last.observed + current.observed, last.expected + current.expected))
    }
    let statistic = bins.reduce(0) { $0 + ($1.observed - $1.expected) * ($1.observed - $1.expected) / $1.expected }
    let df = bins.count - 1 - fit.parameterCount
    return .chiSquare(
      statistic: statistic, degreesOfFreedom: df, bins: bins.count,
      pValue: df >= 1 ? gsl_cdf_chisq_Q(statistic, Double(df)) : nil)
  }
}

/// The Kolmogorov distribution's upper tail, which GSL lacks:
/// Q(λ) = P(K > λ) = 2 Σ_{j>=1} (-1)^(j-1) e^(-2 j² λ²), the limit of
/// P(√n·D_n > λ) (Kolmogorov 1933). The alternating series converges fast for
/// λ >= 0.3; below that it is 1 to double precision (Q(0.3) = 0.99999).
/// With Stephens' small-sample factor √n + 0.12 + 0.11/√n in place of √n
/// (as in Numerical Recipes' `probks`) it is accurate from n ≈ 5.
public enum Kolmogorov {
  public static func q(_ lambda: Double) -> Double {
    if lambda < 0.3 { return 1 }
    var sum = 0.0
    var sign = 1.0
    for j in 1...100 {
      let term = exp(-2 * Double(j * j) * lambda * lambda)
      sum += sign * term
      if term < 1e-16 * sum { break }
      sign = -sign
    }
    return Swift.min(1, Swift.max(0, 2 * sum))
  }
}

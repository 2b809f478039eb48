import MSPSimCore

// Plain statistics of a sample for the statistical tests: moments, the one-sample
// Kolmogorov-Smirnov statistic, Pearson correlation and exact quantiles.

/// Tolerance of the statistical checks, in standard errors.
public let momentTolerance = 5.0

/// Asymptotic Kolmogorov critical value at a false-alarm probability of 1e-4: reject
/// when D sqrt(n) >= 2.226.
///
/// Derivation: for a correct sampler, sqrt(n) D tends to Kolmogorov's K, with
/// P(K > x) = 2 sum_{j>=1} (-1)^(j-1) exp(-2 j^2 x^2) ~ 2 exp(-2 x^2) (the j = 2 term is
/// 2 exp(-8 x^2) < 1e-17 here). Setting 2 exp(-2 x^2) = alpha = 1e-4 gives
/// x = sqrt(-ln(alpha / 2) / 2) = sqrt(9.9035 / 2) = 2.2253, rounded up to 2.226. At
/// finite n sqrt(n) D is stochastically smaller than K (Stephens' correction
/// (sqrt(n) + 0.12 + 0.11/sqrt(n)) D is the one that follows K), so the level is at
/// most 1e-4.
///
/// Family-wise budget: the suite makes 42 KS checks at this level
/// (DistributionTests 15, CorrelatedRiskTests 26 = 10 kinds x 2, the mixture's draws off
/// its atom and 5 copula marginals, RandomStreamTests 1), so a correct implementation
/// fails any of them with probability at most 42 x 1e-4 = 0.42 % (Bonferroni). The seeds are fixed, so
/// the outcome is deterministic: that is the chance these seeds are unlucky, not a
/// flake rate. (At the former 1 % level, 1.628, the same 41 checks had a 1 - 0.99^41
/// = 34 % chance of a false alarm somewhere.) Power: a sampler whose CDF is off by
/// delta at some x0 has sqrt(n) D >= sqrt(n) delta - |Z|, Z = sqrt(n) (F_n(x0) - F(x0))
/// with sd <= 0.5; at n = 200,000 (DistributionTests) delta = 0.01 gives 4.47 - |Z|,
/// rejected unless |Z| > 2.2 (4.5 sd); at n = 20,000 (CorrelatedRiskTests)
/// delta = 0.02 gives 2.83 - |Z|, rejected unless |Z| > 0.6 (probability < 0.23).
public let ksCriticalOneIn10000 = 2.226

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

/// The bound on |sketch.quantile(q) - exactQuantile(sorted, q)| for a
/// `QuantileSketch` of the values in `sorted` (docs/outputs.md, "Files": the
/// sketch's relative error).
///
/// Derivation (QuantileSketch.swift's documentation): the sketch and `exactQuantile`
/// use the same rank convention, linear interpolation at rank r = q (n - 1) between
/// the order statistics x_lo, x_hi (lo = floor(r), hi = lo + 1), so no rank slack is
/// needed: the sketch interpolates with the same weight f = r - lo between stand-ins
/// for x_lo and x_hi. Each stand-in is its bucket's representative, within
/// `relativeErrorBound` (1.48e-3) of the value, or 0 for |x| < `zeroThreshold`
/// (an error below 1e-9); clamping to the exact [min, max] only moves it closer.
/// The error is then at most (1 - f) e_lo + f e_hi, which is
///   `relativeErrorBound` x |exact quantile| when x_lo and x_hi have the same sign
///   (then (1 - f)|x_lo| + f |x_hi| is |exact|), and
///   `relativeErrorBound` x max(|x_lo|, |x_hi|) across a sign change,
/// plus `zeroThreshold` for values the zero store holds. The table's exact maximum
/// is 1.458e-3, so the 2.2e-5 left below 1.48e-3 covers the rounding of the
/// interpolation.
public func sketchQuantileTolerance(_ sorted: [Double], _ q: Double) -> Double {
  let r = q * Double(sorted.count - 1)
  let lo = Int(r.rounded(.down))
  let hi = Swift.min(lo + 1, sorted.count - 1)
  let (a, b) = (sorted[lo], sorted[hi])
  let sameSign = (a >= 0 && b >= 0) || (a <= 0 && b <= 0)
  let scale = sameSign ? abs(exactQuantile(sorted, q)) : Swift.max(abs(a), abs(b))
  return QuantileSketch.relativeErrorBound * scale + QuantileSketch.zeroThreshold
}

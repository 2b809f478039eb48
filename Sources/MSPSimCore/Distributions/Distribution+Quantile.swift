import CGSL
import Foundation

/// The cumulative distribution function and its inverse, for every kind
/// (docs/model.md, "Correlated inputs"): what the Gaussian copula of `correlations:`
/// turns its uniforms into draws with. GSL's `gsl_cdf_*_Pinv` where GSL has them;
/// closed forms (uniform, triangular, exponential, Bernoulli); a search over the
/// CDF for the counts (Poisson, binomial), the discrete tables and the mixtures.
extension Distribution {
  /// P(X <= x).
  public func cdf(_ x: Double) -> Double {
    switch self {
    case .constant(let v): return x >= v ? 1 : 0
    case .uniform(let a, let b): return b > a ? Swift.min(1, Swift.max(0, (x - a) / (b - a))) : (x >= a ? 1 : 0)
    case .normal(let mean, let sd): return sd > 0 ? gsl_cdf_gaussian_P(x - mean, sd) : (x >= mean ? 1 : 0)
    case .truncatedNormal(let mean, let sd, let a, let b, let fa, let fb):
      if x < a { return 0 }
      if x >= b { return 1 }
      return Swift.min(1, Swift.max(0, (gsl_cdf_gaussian_P(x - mean, sd) - fa) / (fb - fa)))
    case .lognormal(let mu, let sigma): return x <= 0 ? 0 : gsl_cdf_lognormal_P(x, mu, sigma)
    case .triangular(let a, let c, let b):
      if x <= a { return b > a ? 0 : 1 }
      if x >= b { return 1 }
      if x <= c { return (x - a) * (x - a) / ((b - a) * (c - a)) }
      return 1 - (b - x) * (b - x) / ((b - a) * (b - c))
    case .pert(let a, _, let b, let alpha, let beta), .beta(let alpha, let beta, let a, let b):
      if x <= a { return b > a ? 0 : 1 }
      if x >= b { return 1 }
      return gsl_cdf_beta_P((x - a) / (b - a), alpha, beta)
    case .gamma(let shape, let scale): return x <= 0 ? 0 : gsl_cdf_gamma_P(x, shape, scale)
    case .exponential(let mean): return x <= 0 ? 0 : gsl_cdf_exponential_P(x, mean)
    case .poisson(let mean):
      if x < 0 { return 0 }
      if x >= Double(UInt32.max) { return 1 }
      return gsl_cdf_poisson_P(UInt32(x.rounded(.down)), mean)
    case .binomial(let n, let p):
      if x < 0 { return 0 }
      if x >= Double(n) { return 1 }
      return gsl_cdf_binomial_P(UInt32(x.rounded(.down)), p, UInt32(n))
    case .bernoulli(let p): return x < 0 ? 0 : (x < 1 ? 1 - p : 1)
    case .discrete(let values, let table):
      var f = 0.0
      for (v, p) in zip(values, table.probabilities) where v <= x { f += p }
      return Swift.min(1, f)
    case .mixture(let components, let table):
      var f = 0.0
      for (c, w) in zip(components, table.probabilities) { f += w * c.cdf(x) }
      return Swift.min(1, f)
    }
  }

  /// The inverse CDF at u in (0, 1): the smallest x with F(x) >= u (for a continuous
  /// kind, the x with F(x) = u). u is clamped to [1e-300, 1 - 2^-53] first, so an
  /// unbounded kind returns a finite value.
  public func quantile(_ u0: Double) -> Double {
    let u = Swift.min(1 - 0x1p-53, Swift.max(1e-300, u0))
    switch self {
    case .constant(let v): return v
    case .uniform(let a, let b): return a + (b - a) * u
    case .normal(let mean, let sd): return mean + gsl_cdf_gaussian_Pinv(u, sd)
    case .truncatedNormal(let mean, let sd, let a, let b, let fa, let fb):
      return Swift.min(b, Swift.max(a, mean + sd * gsl_cdf_ugaussian_Pinv(fa + (fb - fa) * u)))
    case .lognormal(let mu, let sigma): return gsl_cdf_lognormal_Pinv(u, mu, sigma)
    case .triangular(let a, let c, let b): return Distribution.triangularInverse(u, min: a, mode: c, max: b)
    case .pert(let a, _, let b, let alpha, let beta), .beta(let alpha, let beta, let a, let b):
      return Swift.min(b, Swift.max(a, a + (b - a) * gsl_cdf_beta_Pinv(u, alpha, beta)))
    case .gamma(let shape, let scale): return gsl_cdf_gamma_Pinv(u, shape, scale)
    case .exponential(let mean): return -mean * log1p(-u)
    case .bernoulli(let p): return u <= 1 - p ? 0 : 1
    case .poisson(let mean):
      // F jumps at whole numbers: bisection over k, with an upper end past any mass.
      var hi = (mean + 50 * mean.squareRoot() + 50).rounded(.up)
      while cdf(hi) < u { hi *= 2 }
      return Self.smallestWhole(from: 0, to: hi) { cdf($0) >= u }
    case .binomial(let n, _): return Self.smallestWhole(from: 0, to: Double(n)) { cdf($0) >= u }
    case .discrete(let values, _):
      // The smallest value whose CDF reaches u (values in any order; tables are small).
      var best = Double.infinity
      for v in values where v < best && cdf(v) >= u { best = v }
      return best.isFinite ? best : values.max()!
    case .mixture(let components, _):
      // Each component's quantile at u brackets the mixture's: F(min_k q_k) <= u <= F(max_k q_k).
      let qs = components.map { $0.quantile(u) }
      var lo = qs.min()!
      var hi = qs.max()!
      // An atom of a component (a constant, a count) is a jump of F: land on it exactly.
      if cdf(lo) >= u { return lo }
      for _ in 0..<200 {
        let mid = lo + (hi - lo) / 2
        if mid <= lo || mid >= hi { break }
        if cdf(mid) >= u { hi = mid } else { lo = mid }
      }
      return hi
    }
  }

  /// The smallest whole k in [from, to] with `reaches(k)` (true at `to`), by bisection.
  private static func smallestWhole(from: Double, to: Double, _ reaches: (Double) -> Bool) -> Double {
    var lo = from - 1  // reaches(lo) is false (below the support)
    var hi = to
    while hi - lo > 1 {
      let mid = (lo + (hi - lo) / 2).rounded(.down)
      if reaches(mid) { hi = mid } else { lo = mid }
    }
    return hi
  }
}

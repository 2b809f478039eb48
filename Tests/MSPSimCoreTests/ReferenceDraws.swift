import CGSL
import Foundation

@testable import MSPSimCore

/// The naive reference model's own randomness (docs/testing.md, "What holds the engine"):
/// GSL's taus2 generator and GSL's own samplers, called directly, and the inverse CDFs of
/// the copula written out here from docs/scenario-format.md ("Distributions") and
/// docs/model.md ("Correlated inputs").
///
/// Why it exists: the engine draws through its own code (its MT19937, the ziggurat
/// Gaussian, the `fast` sampler's Poisson, binomial and geometric, `Distribution.sample`,
/// `Distribution.quantile`, the flat `EventSampler`). Were the reference to draw through
/// the same code, a wrong draw would be on both sides of the differential and pass. Here
/// nothing of the engine's random code is used:
/// - the generator is GSL's taus2 (`gsl_rng_uniform`), not mt19937;
/// - normals are GSL's polar Box-Muller (`gsl_ran_gaussian`), not a ziggurat; lognormals
///   `gsl_ran_lognormal`; Gamma Knuth's method (`gsl_ran_gamma_knuth`), binomials
///   `gsl_ran_binomial_knuth`: other algorithms than the engine's for the same laws;
/// - a PERT's Beta exponents and a truncated normal's CDF at its bounds are recomputed
///   from min, mode and max as the docs state them, not read from the engine's enum; the
///   truncated normal is drawn by rejection while the interval holds at least 5 % of
///   the mass (the engine inverts its CDF);
/// - discrete tables and mixtures pick by a walk over the cumulative probabilities (the
///   engine uses GSL's alias tables);
/// - the copula's inverse CDFs are this file's `quantile`, on this file's `cdf`.
/// Only the parameters as the loader stored them in `Distribution` are shared (the
/// factories are held by `DistributionTests`' closed forms), and GSL itself.
final class ReferenceDraws {
  private let rng: UnsafeMutablePointer<gsl_rng>

  init(seed: UInt64) {
    GSLRuntime.ensureInitialised()
    rng = gsl_rng_alloc(mspsim_rng_type_named("taus2"))!
    // taus2 keeps 32 bits of its seed: fold the high half in.
    gsl_rng_set(rng, UInt((seed ^ (seed >> 32)) & 0xFFFF_FFFF))
  }

  deinit { gsl_rng_free(rng) }

  /// Uniform on [0, 1).
  func uniform() -> Double { gsl_rng_uniform(rng) }

  /// Uniform on {0, ..., n - 1}; n >= 1.
  func uniformInt(_ n: Int) -> Int {
    precondition(n >= 1)
    // gsl_rng_uniform_int takes at most the generator's range (2^32 for taus2).
    return n <= Int(UInt32.max) ? Int(gsl_rng_uniform_int(rng, UInt(n))) : Int(uniform() * Double(n))
  }

  /// 1 with probability p.
  func chance(_ p: Double) -> Bool { uniform() < p }

  /// Standard normal (polar Box-Muller).
  func gaussian() -> Double { gsl_ran_gaussian(rng, 1) }

  /// Poisson(mean): GSL's sampler (the engine's `fast` sampler uses its own PTRS); a mean
  /// past what a 32-bit count holds is split into parts, whose Poisson counts add up.
  func poisson(mean: Double) -> Int {
    guard mean > 0 else { return 0 }
    let part = 1e9
    var left = mean
    var total = 0
    while left > part {
      total += Int(gsl_ran_poisson(rng, part))
      left -= part
    }
    return total + Int(gsl_ran_poisson(rng, left))
  }

  /// One draw of `d`.
  func sample(_ d: Distribution) -> Double {
    switch d {
    case .constant(let v): return v
    case .uniform(let a, let b): return a + (b - a) * uniform()
    case .normal(let mean, let sd): return mean + gsl_ran_gaussian(rng, sd)
    case .truncatedNormal(let mean, let sd, let a, let b, _, _):
      // Normal(mean, sd) conditioned on [a, b]: redraw until inside, while the interval
      // holds enough of the mass for that to end quickly; else by its inverse CDF.
      let fa = gsl_cdf_gaussian_P(a - mean, sd)
      let fb = gsl_cdf_gaussian_P(b - mean, sd)
      if fb - fa >= 0.05 {
        while true {
          let x = mean + gsl_ran_gaussian(rng, sd)
          if x >= a && x <= b { return x }
        }
      }
      return quantile(d, uniform())
    case .lognormal(let mu, let sigma): return gsl_ran_lognormal(rng, mu, sigma)
    case .triangular(let a, let c, let b): return Self.triangularQuantile(uniform(), a, c, b)
    case .pert(let a, let c, let b, _, _):
      // docs/scenario-format.md: PERT(min, mode, max) = min + (max - min) Beta(1 + 4 (mode - min)/(max - min),
      // 1 + 4 (max - mode)/(max - min)).
      guard b > a else { return a }
      let (alpha, beta) = Self.pertExponents(a, c, b)
      return a + (b - a) * gsl_ran_beta(rng, alpha, beta)
    case .beta(let alpha, let beta, let a, let b): return a + (b - a) * gsl_ran_beta(rng, alpha, beta)
    case .gamma(let shape, let scale): return gsl_ran_gamma_knuth(rng, shape, scale)
    case .exponential(let mean): return gsl_ran_exponential(rng, mean)
    case .poisson(let mean): return Double(poisson(mean: mean))
    case .binomial(let n, let p): return Double(gsl_ran_binomial_knuth(rng, p, UInt32(n)))
    case .bernoulli(let p): return chance(p) ? 1 : 0
    case .discrete(let values, let table): return values[Self.pick(table.probabilities, uniform())]
    case .mixture(let components, let table): return sample(components[Self.pick(table.probabilities, uniform())])
    }
  }

  // MARK: The copula's inverse CDFs

  /// The smallest x with F(x) >= u, u in (0, 1) (docs/model.md, "Correlated inputs":
  /// each entry is its distribution's inverse CDF at the normal's CDF). u is kept off 0
  /// and 1 so an unbounded law gives a finite value.
  func quantile(_ d: Distribution, _ u0: Double) -> Double {
    let u = min(1 - 0x1p-53, max(Double.leastNormalMagnitude, u0))
    switch d {
    case .constant(let v): return v
    case .uniform(let a, let b): return a + (b - a) * u
    case .normal(let mean, let sd): return mean + gsl_cdf_gaussian_Pinv(u, sd)
    case .truncatedNormal(let mean, let sd, let a, let b, _, _):
      let fa = gsl_cdf_gaussian_P(a - mean, sd)
      let fb = gsl_cdf_gaussian_P(b - mean, sd)
      return min(b, max(a, mean + gsl_cdf_gaussian_Pinv(fa + (fb - fa) * u, sd)))
    case .lognormal(let mu, let sigma): return gsl_cdf_lognormal_Pinv(u, mu, sigma)
    case .triangular(let a, let c, let b): return Self.triangularQuantile(u, a, c, b)
    case .pert(let a, let c, let b, _, _):
      guard b > a else { return a }
      let (alpha, beta) = Self.pertExponents(a, c, b)
      return min(b, max(a, a + (b - a) * gsl_cdf_beta_Pinv(u, alpha, beta)))
    case .beta(let alpha, let beta, let a, let b):
      return min(b, max(a, a + (b - a) * gsl_cdf_beta_Pinv(u, alpha, beta)))
    case .gamma(let shape, let scale): return gsl_cdf_gamma_Pinv(u, shape, scale)
    case .exponential(let mean): return gsl_cdf_exponential_Pinv(u, mean)
    case .bernoulli(let p): return u <= 1 - p ? 0 : 1
    case .poisson, .binomial:
      // Walk k = 0, 1, ... until the CDF reaches u.
      var k = 0.0
      while cdf(d, k) < u { k += 1 }
      return k
    case .discrete(let values, let table):
      // Values in ascending order, probabilities added until they reach u.
      let order = values.indices.sorted { values[$0] < values[$1] }
      var f = 0.0
      for i in order {
        f += table.probabilities[i]
        if f >= u { return values[i] }
      }
      return values[order.last!]
    case .mixture(let components, _):
      // F is the weighted sum of the components' CDFs: bisection between the smallest
      // and largest component quantile at u (F lies below u at the one, above at the other).
      let qs = components.map { quantile($0, u) }
      var lo = qs.min()!
      var hi = qs.max()!
      if cdf(d, lo) >= u { return lo }
      while hi - lo > 1e-12 * max(1, abs(lo), abs(hi)) {
        let mid = (lo + hi) / 2
        if mid <= lo || mid >= hi { break }
        if cdf(d, mid) >= u { hi = mid } else { lo = mid }
      }
      return hi
    }
  }

  /// P(X <= x).
  func cdf(_ d: Distribution, _ x: Double) -> Double {
    switch d {
    case .constant(let v): return x >= v ? 1 : 0
    case .uniform(let a, let b): return x < a ? 0 : (x >= b ? 1 : (x - a) / (b - a))
    case .normal(let mean, let sd): return gsl_cdf_gaussian_P(x - mean, sd)
    case .truncatedNormal(let mean, let sd, let a, let b, _, _):
      if x < a { return 0 }
      if x >= b { return 1 }
      let fa = gsl_cdf_gaussian_P(a - mean, sd)
      return (gsl_cdf_gaussian_P(x - mean, sd) - fa) / (gsl_cdf_gaussian_P(b - mean, sd) - fa)
    case .lognormal(let mu, let sigma): return x <= 0 ? 0 : gsl_cdf_lognormal_P(x, mu, sigma)
    case .triangular(let a, let c, let b):
      if x < a { return 0 }
      if x >= b { return 1 }
      // F(x) = (x - a)^2 / ((b - a)(c - a)) up to the mode, 1 - (b - x)^2 / ((b - a)(b - c)) above.
      return x <= c ? (x - a) * (x - a) / ((b - a) * (c - a)) : 1 - (b - x) * (b - x) / ((b - a) * (b - c))
    case .pert(let a, let c, let b, _, _):
      if x < a { return 0 }
      if x >= b { return 1 }
      let (alpha, beta) = Self.pertExponents(a, c, b)
      return gsl_cdf_beta_P((x - a) / (b - a), alpha, beta)
    case .beta(let alpha, let beta, let a, let b):
      if x < a { return 0 }
      if x >= b { return 1 }
      return gsl_cdf_beta_P((x - a) / (b - a), alpha, beta)
    case .gamma(let shape, let scale): return x <= 0 ? 0 : gsl_cdf_gamma_P(x, shape, scale)
    case .exponential(let mean): return x <= 0 ? 0 : gsl_cdf_exponential_P(x, mean)
    case .poisson(let mean):
      // Sum of the probabilities e^-m m^k / k! for k <= x.
      if x < 0 { return 0 }
      var f = 0.0
      for k in 0...Int(x.rounded(.down)) { f += gsl_ran_poisson_pdf(UInt32(k), mean) }
      return min(1, f)
    case .binomial(let n, let p):
      if x < 0 { return 0 }
      if x >= Double(n) { return 1 }
      var f = 0.0
      for k in 0...Int(x.rounded(.down)) { f += gsl_ran_binomial_pdf(UInt32(k), p, UInt32(n)) }
      return min(1, f)
    case .bernoulli(let p): return x < 0 ? 0 : (x < 1 ? 1 - p : 1)
    case .discrete(let values, let table):
      return min(1, zip(values, table.probabilities).reduce(0.0) { $0 + ($1.0 <= x ? $1.1 : 0) })
    case .mixture(let components, let table):
      return min(1, zip(components, table.probabilities).reduce(0.0) { $0 + $1.1 * cdf($1.0, x) })
    }
  }

  // MARK: Written from the docs

  /// docs/scenario-format.md, "Distributions": the inverse of F above for Triangular(a, c, b).
  static func triangularQuantile(_ u: Double, _ a: Double, _ c: Double, _ b: Double) -> Double {
    guard b > a else { return a }
    let fc = (c - a) / (b - a)
    return u < fc ? a + (u * (b - a) * (c - a)).squareRoot() : b - ((1 - u) * (b - a) * (b - c)).squareRoot()
  }

  /// The Beta exponents of PERT(min, mode, max) (docs/scenario-format.md, "Distributions").
  static func pertExponents(_ a: Double, _ c: Double, _ b: Double) -> (Double, Double) {
    (1 + 4 * (c - a) / (b - a), 1 + 4 * (b - c) / (b - a))
  }

  /// The index where the cumulative sum of `probabilities` first passes u.
  static func pick(_ probabilities: [Double], _ u: Double) -> Int {
    var f = 0.0
    for (i, p) in probabilities.enumerated() {
      f += p
      if u < f { return i }
    }
    // Rounding left the sum just under 1: the last index with any probability.
    return probabilities.lastIndex { $0 > 0 }!
  }
}

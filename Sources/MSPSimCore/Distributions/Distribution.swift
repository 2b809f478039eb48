/// A probability distribution of a scenario parameter, sampled through GSL.
///
/// An immutable value: build it with the validating factories in
/// `Distribution+Factories.swift`, which reject bad parameters with a message a
/// spreadsheet user understands. Sampling switches over the cases: no existential
/// and no closure in the hot path, and no allocation per draw.
public enum Distribution: Sendable {
  /// Always `value`.
  case constant(Double)
  /// Uniform on [min, max).
  case uniform(min: Double, max: Double)
  /// Normal(mean, sd).
  case normal(mean: Double, sd: Double)
  /// Normal(mean, sd) restricted to [min, max]: exact inverse CDF on GSL's Gaussian CDF.
  case truncatedNormal(
    mean: Double, sd: Double, min: Double, max: Double,
    cdfMin: Double, cdfMax: Double)
  /// exp(Normal(mu, sigma)).
  case lognormal(mu: Double, sigma: Double)
  /// Triangular(min, mode, max): exact inverse CDF on a GSL uniform.
  case triangular(min: Double, mode: Double, max: Double)
  /// PERT(min, mode, max) = min + (max - min) x Beta(alpha, beta), alpha = 1 + 4 (mode - min)/(max - min),
  /// beta = 1 + 4 (max - mode)/(max - min).
  case pert(min: Double, mode: Double, max: Double, alpha: Double, beta: Double)
  /// min + (max - min) x Beta(a, b).
  case beta(a: Double, b: Double, min: Double, max: Double)
  /// Gamma(shape, scale).
  case gamma(shape: Double, scale: Double)
  /// Exponential with this mean.
  case exponential(mean: Double)
  /// Poisson(mean).
  case poisson(mean: Double)
  /// Binomial(n, p).
  case binomial(n: Int, p: Double)
  /// Bernoulli(p): 1 with probability p, else 0.
  case bernoulli(p: Double)
  /// `values[i]` with probability proportional to `weights[i]`.
  case discrete(values: [Double], table: DiscreteTable)
  /// A draw from `components[i]` with probability proportional to `weights[i]`.
  case mixture(components: [Distribution], table: DiscreteTable)

  /// One draw.
  ///
  /// - Complexity: O(1) GSL calls (one or two; a mixture adds one per level).
  @inline(__always)
  public func sample(using rng: GSLRandom) -> Double {
    switch self {
    case .constant(let v): return v
    case .uniform(let lo, let hi): return lo + (hi - lo) * rng.uniform()
    case .normal(let mean, let sd): return mean + rng.gaussian(sd: sd)
    case .truncatedNormal(let mean, let sd, let lo, let hi, let cdfLo, let cdfHi):
      // Inverse CDF: u uniform on (F(lo), F(hi)), x = mean + sd * Phi^-1(u). Clamped
      // against rounding at the bounds.
      let u = cdfLo + (cdfHi - cdfLo) * rng.uniformPositive()
      let x = mean + sd * GSLCDF.ugaussianPinv(u)
      return Swift.min(hi, Swift.max(lo, x))
    case .lognormal(let mu, let sigma): return rng.lognormal(mu: mu, sigma: sigma)
    case .triangular(let lo, let mode, let hi):
      return Distribution.triangularInverse(rng.uniform(), min: lo, mode: mode, max: hi)
    case .pert(let lo, _, let hi, let a, let b): return lo + (hi - lo) * rng.beta(a: a, b: b)
    case .beta(let a, let b, let lo, let hi): return lo + (hi - lo) * rng.beta(a: a, b: b)
    case .gamma(let shape, let scale): return rng.gamma(shape: shape, scale: scale)
    case .exponential(let mean): return rng.exponential(mean: mean)
    case .poisson(let mean): return Double(rng.poisson(mean: mean))
    case .binomial(let n, let p): return Double(rng.binomial(n: n, p: p))
    case .bernoulli(let p): return Double(rng.bernoulli(p: p))
    case .discrete(let values, let table): return values[rng.discrete(table)]
    case .mixture(let components, let table): return components[rng.discrete(table)].sample(using: rng)
    }
  }

  /// The inverse CDF of Triangular(min, mode, max) at u in [0, 1].
  ///
  /// F(x) = (x-a)^2 / ((b-a)(c-a)) for x <= c, 1 - (b-x)^2 / ((b-a)(b-c)) above;
  /// Fc = (c-a)/(b-a) is the CDF at the mode.
  @inline(__always)
  public static func triangularInverse(_ u: Double, min a: Double, mode c: Double, max b: Double) -> Double {
    if b == a { return a }
    let fc = (c - a) / (b - a)
    if u < fc { return a + ((b - a) * (c - a) * u).squareRoot() }
    return b - ((b - a) * (b - c) * (1 - u)).squareRoot()
  }
}

import Foundation

/// Closed-form moments and support, used by validation (a parameter's allowed
/// range), by `mspsim list` and by the statistical tests.
extension Distribution {
  /// E[X].
  public var mean: Double {
    switch self {
    case .constant(let v): return v
    case .uniform(let a, let b): return (a + b) / 2
    case .normal(let m, _): return m
    case .truncatedNormal(let m, let s, let a, let b, let fa, let fb):
      // E = m + s (phi(alpha) - phi(beta)) / Z, alpha = (a-m)/s, beta = (b-m)/s, Z = Phi(beta) - Phi(alpha).
      let al = (a - m) / s
      let be = (b - m) / s
      return m + s * (Distribution.phi(al) - Distribution.phi(be)) / (fb - fa)
    case .lognormal(let mu, let sigma): return (mu + sigma * sigma / 2).exp()
    case .triangular(let a, let c, let b): return (a + b + c) / 3
    case .pert(let a, _, let b, let al, let be): return a + (b - a) * al / (al + be)
    case .beta(let al, let be, let a, let b): return a + (b - a) * al / (al + be)
    case .gamma(let k, let theta): return k * theta
    case .exponential(let m): return m
    case .poisson(let m): return m
    case .binomial(let n, let p): return Double(n) * p
    case .bernoulli(let p): return p
    case .discrete(let values, let table):
      return zip(values, table.probabilities).reduce(0) { $0 + $1.0 * $1.1 }
    case .mixture(let comps, let table):
      return zip(comps, table.probabilities).reduce(0) { $0 + $1.0.mean * $1.1 }
    }
  }

  /// Var[X].
  public var variance: Double {
    switch self {
    case .constant: return 0
    case .uniform(let a, let b): return (b - a) * (b - a) / 12
    case .normal(_, let s): return s * s
    case .truncatedNormal(let m, let s, let a, let b, let fa, let fb):
      // Var = s^2 [1 + (al phi(al) - be phi(be))/Z - ((phi(al) - phi(be))/Z)^2].
      let al = (a - m) / s
      let be = (b - m) / s
      let z = fb - fa
      let pa = Distribution.phi(al)
      let pb = Distribution.phi(be)
      let r = (pa - pb) / z
      return s * s * (1 + (al * pa - be * pb) / z - r * r)
    case .lognormal(let mu, let sigma):
      let s2 = sigma * sigma
      return (s2.exp() - 1) * (2 * mu + s2).exp()
    case .triangular(let a, let c, let b): return (a * a + b * b + c * c - a * b - a * c - b * c) / 18
    case .pert(let a, _, let b, let al, let be), .beta(let al, let be, let a, let b):
      let r = b - a
      return r * r * al * be / ((al + be) * (al + be) * (al + be + 1))
    case .gamma(let k, let theta): return k * theta * theta
    case .exponential(let m): return m * m
    case .poisson(let m): return m
    case .binomial(let n, let p): return Double(n) * p * (1 - p)
    case .bernoulli(let p): return p * (1 - p)
    case .discrete(let values, let table):
      let m = mean
      return zip(values, table.probabilities).reduce(0) { $0 + ($1.0 - m) * ($1.0 - m) * $1.1 }
    case .mixture(let comps, let table):
      // Law of total variance: E[Var] + Var[E].
      let m = mean
      return zip(comps, table.probabilities).reduce(0) {
        $0 + $1.1 * ($1.0.variance + ($1.0.mean - m) * ($1.0.mean - m))
      }
    }
  }

  /// The smallest and largest values a draw can take (infinite where unbounded).
  public var support: ClosedRange<Double> {
    switch self {
    case .constant(let v): return v...v
    case .uniform(let a, let b): return a...b
    case .normal: return -Double.infinity...Double.infinity
    case .truncatedNormal(_, _, let a, let b, _, _): return a...b
    case .lognormal: return 0...Double.infinity
    case .triangular(let a, _, let b), .pert(let a, _, let b, _, _), .beta(_, _, let a, let b): return a...b
    case .gamma, .exponential, .poisson: return 0...Double.infinity
    case .binomial(let n, _): return 0...Double(n)
    case .bernoulli: return 0...1
    case .discrete(let values, _): return values.min()!...values.max()!
    case .mixture(let comps, _):
      return comps.map(\.support.lowerBound).min()!...comps.map(\.support.upperBound).max()!
    }
  }

  /// Whether every draw is a whole number.
  public var isIntegerValued: Bool {
    switch self {
    case .constant(let v): return v == v.rounded()
    case .poisson, .binomial, .bernoulli: return true
    case .discrete(let values, _): return values.allSatisfy { $0 == $0.rounded() }
    case .mixture(let comps, _): return comps.allSatisfy(\.isIntegerValued)
    default: return false
    }
  }

  /// The standard normal density.
  static func phi(_ x: Double) -> Double { (-x * x / 2).exp() / (2 * Double.pi).squareRoot() }
}

extension Double {
  @inline(__always) func log() -> Double { Foundation.log(self) }
  @inline(__always) func exp() -> Double { Foundation.exp(self) }
}

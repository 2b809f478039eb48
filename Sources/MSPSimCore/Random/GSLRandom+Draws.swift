import Foundation
import CGSL

// One thin wrapper per GSL sampling call. Distributions/ calls these; nothing
// outside Random/ sees a gsl_* symbol.
extension GSLRandom {
  /// Uniform on [0, 1) (`gsl_rng_uniform`).
  @inline(__always) public func uniform() -> Double { gsl_rng_uniform(rng) }
  /// Uniform on (0, 1) (`gsl_rng_uniform_pos`).
  @inline(__always) public func uniformPositive() -> Double { gsl_rng_uniform_pos(rng) }
  /// Uniform integer in 0..<n (`gsl_rng_uniform_int`), n >= 1.
  @inline(__always) public func uniformInt(_ n: Int) -> Int {
    Int(gsl_rng_uniform_int(rng, UInt(n)))
  }
  /// Normal(0, sd) (`gsl_ran_gaussian_ziggurat`).
  @inline(__always) public func gaussian(sd: Double) -> Double { gsl_ran_gaussian_ziggurat(rng, sd) }
  /// Lognormal with log-mean mu, log-sd sigma: exp(mu + sigma Z) with Z from GSL's
  /// ziggurat Gaussian (`gsl_ran_gaussian_ziggurat`). The same distribution as
  /// `gsl_ran_lognormal`, which draws Z by the slower polar Box-Muller method
  /// (a log and a square root per pair, measured here at about twice the cost).
  @inline(__always) public func lognormal(mu: Double, sigma: Double) -> Double {
    Foundation.exp(mu + sigma * gsl_ran_gaussian_ziggurat(rng, 1))
  }
  /// Beta(a, b) on [0, 1] (`gsl_ran_beta`).
  @inline(__always) public func beta(a: Double, b: Double) -> Double { gsl_ran_beta(rng, a, b) }
  /// Gamma(shape, scale) (`gsl_ran_gamma`).
  @inline(__always) public func gamma(shape: Double, scale: Double) -> Double {
    gsl_ran_gamma(rng, shape, scale)
  }
  /// Exponential with this mean (`gsl_ran_exponential`).
  @inline(__always) public func exponential(mean: Double) -> Double { gsl_ran_exponential(rng, mean) }
  /// Poisson(mean) (`gsl_ran_poisson`); 0 for mean <= 0.
  @inline(__always) public func poisson(mean: Double) -> Int {
    mean > 0 ? Int(gsl_ran_poisson(rng, mean)) : 0
  }
  /// Binomial(n, p) (`gsl_ran_binomial`).
  @inline(__always) public func binomial(n: Int, p: Double) -> Int {
    if n <= 0 || p <= 0 { return 0 }
    if p >= 1 { return n }
    return Int(gsl_ran_binomial(rng, p, UInt32(n)))
  }
  /// Bernoulli(p) (`gsl_ran_bernoulli`).
  @inline(__always) public func bernoulli(p: Double) -> Int { Int(gsl_ran_bernoulli(rng, p)) }
  /// Geometric(p) on 1, 2, ... : the trial of the first success (`gsl_ran_geometric`); p in (0, 1].
  @inline(__always) public func geometric(p: Double) -> Int { Int(gsl_ran_geometric(rng, p)) }
  /// An index drawn from a preprocessed discrete table (`gsl_ran_discrete`).
  @inline(__always) public func discrete(_ table: DiscreteTable) -> Int {
    Int(gsl_ran_discrete(rng, table.table))
  }
}

/// A GSL lookup table for drawing an index with given weights
/// (`gsl_ran_discrete_preproc`), freed with `gsl_ran_discrete_free`.
public final class DiscreteTable: @unchecked Sendable {
  // Immutable after init and only read by gsl_ran_discrete: safe to share.
  @usableFromInline let table: UnsafeMutablePointer<gsl_ran_discrete_t>
  /// The normalised probabilities of each index.
  public let probabilities: [Double]

  /// - Throws: `GSLError` when GSL rejects the weights or cannot allocate.
  public init(weights: [Double]) throws(GSLError) {
    GSLRuntime.ensureInitialised()
    guard let t = weights.withUnsafeBufferPointer({ gsl_ran_discrete_preproc($0.count, $0.baseAddress) }) else {
      throw .status(code: Int32(GSL_EINVAL), call: "gsl_ran_discrete_preproc", reason: "invalid weights")
    }
    table = t
    let total = weights.reduce(0, +)
    probabilities = weights.map { $0 / total }
  }

  deinit { gsl_ran_discrete_free(table) }
}

/// Cumulative distribution functions from GSL (`gsl_cdf_*`), for tests and exact inverses.
public enum GSLCDF {
  public static func gaussianP(_ x: Double, sd: Double) -> Double { gsl_cdf_gaussian_P(x, sd) }
  public static func ugaussianP(_ x: Double) -> Double { gsl_cdf_ugaussian_P(x) }
  public static func ugaussianQ(_ x: Double) -> Double { gsl_cdf_ugaussian_Q(x) }
  public static func ugaussianPinv(_ p: Double) -> Double { gsl_cdf_ugaussian_Pinv(p) }
  public static func ugaussianQinv(_ q: Double) -> Double { gsl_cdf_ugaussian_Qinv(q) }
  public static func lognormalP(_ x: Double, mu: Double, sigma: Double) -> Double {
    gsl_cdf_lognormal_P(x, mu, sigma)
  }
  public static func betaP(_ x: Double, a: Double, b: Double) -> Double { gsl_cdf_beta_P(x, a, b) }
  public static func gammaP(_ x: Double, shape: Double, scale: Double) -> Double {
    gsl_cdf_gamma_P(x, shape, scale)
  }
  public static func exponentialP(_ x: Double, mean: Double) -> Double { gsl_cdf_exponential_P(x, mean) }
  public static func flatP(_ x: Double, min: Double, max: Double) -> Double { gsl_cdf_flat_P(x, min, max) }
  /// P(X <= k); 0 for k < 0 (UInt32(k) would trap).
  public static func poissonP(_ k: Int, mean: Double) -> Double {
    k < 0 ? 0 : gsl_cdf_poisson_P(UInt32(k), mean)
  }
  /// P(X <= k); 0 for k < 0 (UInt32(k) would trap).
  public static func binomialP(_ k: Int, p: Double, n: Int) -> Double {
    k < 0 ? 0 : gsl_cdf_binomial_P(UInt32(k), p, UInt32(n))
  }
}

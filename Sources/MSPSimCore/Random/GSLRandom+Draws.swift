import CGSL
import Foundation

// One thin wrapper per GSL sampling call. Distributions/ calls these; nothing
// outside Random/ sees a gsl_* symbol.
extension GSLRandom {
  // uniform(), uniformPositive(), uniformInt(_:) and discrete(_ handle:): GSLRandom+MT19937.swift.
  /// Normal(0, sd): `gsl_ran_gaussian_ziggurat`'s draw, word for word.
  ///
  /// For mt19937 its first step is taken here (docs/performance.md, "The ziggurat's
  /// first step"): one word k, strip i = k & 0x7f, j = (k >> 8) & 0xffffff; when
  /// j < bound[i] GSL returns sign x sd x (j w[i]) at once, and so does this, with
  /// GSL's own bound and width (`ZigguratTable`) and its order of operations. In every
  /// other case (about 1.2 % of draws: a wedge or the tail) the word is left in the
  /// state and GSL draws. A state due for regeneration is regenerated here first, as
  /// GSL's `mt_get` would (the same words), by the vectorised loop: left to GSL, its
  /// scalar regeneration was about 1 % of a run's instructions (docs/performance.md,
  /// "The generator's words as 32-bit numbers").
  @inline(__always) public func gaussian(sd: Double) -> Double {
    if let mt = mt19937 {
      let k = mt19937Next(mt.words, mt.position)  // regenerates first when the state is used up
      let i = Int(k & 0x7f)
      let j = (k >> 8) & 0xff_ffff
      checkIndex(i, ZigguratTable.stripCount)
      let strip = zigguratStrips[i]
      if UInt(j) < strip.bound {
        let sign: Double = k & 0x80 != 0 ? 1 : -1
        return sign * sd * (Double(j) * strip.width)
      }
      // The word back (the position after a draw is at least 1): GSL draws it again.
      mt.position.pointee -= 1
    }
    return gsl_ran_gaussian_ziggurat(rng, sd)
  }
  /// Lognormal with log-mean mu, log-sd sigma: exp(mu + sigma Z) with Z from GSL's
  /// ziggurat Gaussian (`gaussian(sd: 1)`). The same distribution as
  /// `gsl_ran_lognormal`, which draws Z by the slower polar Box-Muller method
  /// (a log and a square root per pair, measured here at about twice the cost).
  @inline(__always) public func lognormal(mu: Double, sigma: Double) -> Double {
    Foundation.exp(mu + sigma * gaussian(sd: 1))
  }
  /// Beta(a, b) on [0, 1] (`gsl_ran_beta`).
  @inline(__always) public func beta(a: Double, b: Double) -> Double { gsl_ran_beta(rng, a, b) }
  /// Gamma(shape, scale) (`gsl_ran_gamma`).
  @inline(__always) public func gamma(shape: Double, scale: Double) -> Double {
    gsl_ran_gamma(rng, shape, scale)
  }
  /// Exponential with this mean (`gsl_ran_exponential`).
  @inline(__always) public func exponential(mean: Double) -> Double { gsl_ran_exponential(rng, mean) }
  /// Poisson(mean) by the generator's `sampler` (`fastPoisson`, or `gsl_ran_poisson`);
  /// 0 for mean <= 0 (and NaN).
  ///
  /// `gsl_ran_poisson` returns an unsigned int, and past a mean of ~4.3e9 its
  /// reduction loop never ends, so a mean of 2^30 or more goes to `largePoisson`.
  @inline(__always) public func poisson(mean: Double) -> Int {
    sampler == .fast ? fastPoisson(mean: mean) : gslPoissonDraw(mean: mean)
  }
  /// `poisson(mean:)` given `probabilityOfZero` = e^-mean, for a caller that keeps it
  /// for a mean it draws at often (the same draws; read only where the fast sampler
  /// inverts, below `fastPoissonInversionLimit`).
  @inline(__always) public func poisson(mean: Double, probabilityOfZero: Double) -> Int {
    sampler == .fast
      ? fastPoisson(mean: mean, probabilityOfZero: probabilityOfZero) : gslPoissonDraw(mean: mean)
  }
  /// The `gsl` sampler's Poisson draw.
  @inline(__always) func gslPoissonDraw(mean: Double) -> Int {
    if mean < Self.poissonDirectLimit { return mean > 0 ? Int(gsl_ran_poisson(rng, mean)) : 0 }
    return largePoisson(mean: mean)
  }

  /// Means below this are drawn by one `gsl_ran_poisson` call.
  public static let poissonDirectLimit = Double(1 << 30)
  /// Draws of a Poisson past this are read as it (a count no model can use).
  public static let poissonCap = 9_000_000_000_000_000_000

  /// Poisson(mean) for mean >= 2^30 (docs/model.md, "Randomness and seeding").
  /// Up to 2^40 exactly: a sum of independent Poissons is Poisson, so it is the sum
  /// of k = ceil(mean / 2^30) draws of mean / k. Past 2^40 a normal N(mean, mean),
  /// rounded: the Poisson's standardised skewness 1/sqrt(mean) is below 1e-6 there.
  /// Draws past `poissonCap` (and an infinite mean) give `poissonCap`.
  @inline(never) func largePoisson(mean: Double) -> Int {
    if mean.isNaN { return 0 }
    if mean < Self.poissonDirectLimit * 1024 {
      let parts = (mean / Self.poissonDirectLimit).rounded(.up)
      var sum = 0
      for _ in 0..<Int(parts) { sum += Int(gsl_ran_poisson(rng, mean / parts)) }
      return sum
    }
    let x = (mean + mean.squareRoot() * gaussian(sd: 1)).rounded()
    return x < Double(Self.poissonCap) ? Int(x) : Self.poissonCap
  }
  /// Binomial(n, p) by the generator's `sampler` (`fastBinomial`, or `gsl_ran_binomial`).
  @inline(__always) public func binomial(n: Int, p: Double) -> Int {
    if sampler == .fast { return fastBinomial(n: n, p: p) }
    if n <= 0 || p <= 0 { return 0 }
    if p >= 1 { return n }
    return Int(gsl_ran_binomial(rng, p, UInt32(n)))
  }
  /// Bernoulli(p) (`gsl_ran_bernoulli`).
  @inline(__always) public func bernoulli(p: Double) -> Int { Int(gsl_ran_bernoulli(rng, p)) }
  /// Geometric(p) on 1, 2, ... : the trial of first success; p in (0, 1].
  ///
  /// GSL's own algorithm, written out (`gsl_ran_geometric`: u from
  /// `gsl_rng_uniform_pos`, drawn even when p = 1; then 1 when p = 1, else
  /// 1 + log(u) / log1p(-p) truncated), so it draws the
  /// same numbers, but kept in a 64-bit integer: GSL converts to an unsigned int,
  /// which wraps for tiny p (a client meant to stay for ever would leave in a
  /// month). Values past 2^62 are read as 2^62 ("never", in months).
  @inline(__always) public func geometric(p: Double) -> Int { geometric(p: p, logOneMinusP: log1p(-p)) }
  /// `geometric(p:)` given `logOneMinusP` = log1p(-p), for a caller that draws often
  /// at the same p and keeps the logarithm (the same draws).
  @inline(__always) public func geometric(p: Double, logOneMinusP: Double) -> Int {
    let u = uniformPositive()
    if p == 1 { return 1 }
    let k = log(u) / logOneMinusP + 1
    return k < 4.6e18 ? Int(k) : 1 << 62
  }
  /// GSL's own `gsl_rng_uniform`, `gsl_rng_uniform_pos` and `gsl_rng_uniform_int`
  /// (through GSL's function pointers), for tests comparing draw for draw.
  func gslUniform() -> Double { gsl_rng_uniform(rng) }
  func gslUniformPositive() -> Double { gsl_rng_uniform_pos(rng) }
  func gslUniformInt(_ n: Int) -> Int { Int(gsl_rng_uniform_int(rng, UInt(n))) }
  /// GSL's own `gsl_ran_gaussian_ziggurat`, for tests comparing draw for draw.
  func gslGaussian(sd: Double) -> Double { gsl_ran_gaussian_ziggurat(rng, sd) }
  /// GSL's own `gsl_ran_poisson`, for tests comparing draw for draw (mean < 2^32).
  func gslPoisson(mean: Double) -> Int { Int(gsl_ran_poisson(rng, mean)) }
  /// GSL's own `gsl_ran_geometric`, for tests comparing draw for draw.
  func gslGeometric(p: Double) -> Int { Int(gsl_ran_geometric(rng, p)) }
  /// An index drawn from a preprocessed discrete table (`gsl_ran_discrete`).
  @inline(__always) public func discrete(_ table: DiscreteTable) -> Int { discrete(table.handle) }

  /// GSL's own `gsl_ran_discrete` through a table's handle, for tests comparing draw for draw.
  func gslDiscrete(_ handle: DiscreteTable.Handle) -> Int { Int(gsl_ran_discrete(rng, handle.table)) }
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

  /// The table without its owner: trivially copyable, for `EventSampler`. Valid
  /// while the `DiscreteTable` lives (the engine's plan holds it for the run);
  /// shared as the table is, read-only.
  struct Handle: BitwiseCopyable, @unchecked Sendable {
    let table: UnsafeMutablePointer<gsl_ran_discrete_t>?
    /// Indices the table draws: 0..<count (what a drawn index is checked against).
    let count: Int
    static let none = Handle(table: nil, count: 0)
  }

  var handle: Handle { Handle(table: table, count: probabilities.count) }
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

/// What is wrong with a distribution's parameters, in words for a spreadsheet user.
public struct DistributionError: Error, Equatable, CustomStringConvertible {
  /// The parameter at fault (`sd`, `weights`, ...), or "" for the whole distribution.
  public var parameter: String
  /// E.g. `sd must be > 0, got -2`.
  public var message: String
  public init(_ parameter: String, _ message: String) {
    self.parameter = parameter
    self.message = message
  }
  public var description: String { message }
}

/// Formats a number the way a user typed it: `-2`, not `-2.0`.
func plain(_ x: Double) -> String {
  if x.isFinite, x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
  return "\(x)"
}

// Validating factories: each distribution's parameters are checked here, once,
// when a scenario is compiled; sampling then trusts them.
extension Distribution {
  static func requireFinite(_ name: String, _ x: Double) throws(DistributionError) {
    guard x.isFinite else { throw DistributionError(name, "\(name) must be a finite number, got \(x)") }
  }
  static func requirePositive(_ name: String, _ x: Double) throws(DistributionError) {
    try requireFinite(name, x)
    guard x > 0 else { throw DistributionError(name, "\(name) must be > 0, got \(plain(x))") }
  }
  static func requireProbability(_ name: String, _ x: Double) throws(DistributionError) {
    try requireFinite(name, x)
    guard (0...1).contains(x) else {
      throw DistributionError(name, "\(name) must be a probability (0...1), got \(plain(x))")
    }
  }
  static func requireOrdered(min: Double, max: Double, strict: Bool = false) throws(DistributionError) {
    try requireFinite("min", min)
    try requireFinite("max", max)
    if strict ? !(min < max) : !(min <= max) {
      throw DistributionError(
        "max", "min must be \(strict ? "<" : "<=") max, got min \(plain(min)) and max \(plain(max))")
    }
  }
  static func requireMode(min: Double, mode: Double, max: Double) throws(DistributionError) {
    try requireOrdered(min: min, max: max)
    try requireFinite("mode", mode)
    guard min <= mode, mode <= max else {
      throw DistributionError(
        "mode", "mode must lie in [min, max] = [\(plain(min)), \(plain(max))], got \(plain(mode))")
    }
  }

  public static func makeConstant(_ value: Double) throws(DistributionError) -> Distribution {
    try requireFinite("value", value)
    return .constant(value)
  }

  public static func makeUniform(min: Double, max: Double) throws(DistributionError) -> Distribution {
    try requireOrdered(min: min, max: max)
    return .uniform(min: min, max: max)
  }

  public static func makeNormal(mean: Double, sd: Double) throws(DistributionError) -> Distribution {
    try requireFinite("mean", mean)
    try requirePositive("sd", sd)
    return .normal(mean: mean, sd: sd)
  }

  public static func makeTruncatedNormal(mean: Double, sd: Double, min: Double, max: Double)
    throws(DistributionError) -> Distribution
  {
    try requireFinite("mean", mean)
    try requirePositive("sd", sd)
    try requireOrdered(min: min, max: max, strict: true)
    let lo = GSLCDF.ugaussianP((min - mean) / sd)
    let hi = GSLCDF.ugaussianP((max - mean) / sd)
    guard hi - lo > 1e-12 else {
      throw DistributionError(
        "min",
        "[min, max] = [\(plain(min)), \(plain(max))] holds almost none of normal(mean \(plain(mean)), sd \(plain(sd))): move the bounds nearer the mean"
      )
    }
    return .truncatedNormal(mean: mean, sd: sd, min: min, max: max, cdfMin: lo, cdfMax: hi)
  }

  /// Lognormal given the mean and sd of the variable itself:
  /// sigma^2 = ln(1 + sd^2/mean^2), mu = ln(mean) - sigma^2/2.
  public static func makeLognormal(mean: Double, sd: Double) throws(DistributionError) -> Distribution {
    try requirePositive("mean", mean)
    try requirePositive("sd", sd)
    let s2 = (1 + (sd * sd) / (mean * mean)).log()
    return .lognormal(mu: mean.log() - s2 / 2, sigma: s2.squareRoot())
  }

  /// Lognormal given mu and sigma of its logarithm.
  public static func makeLognormal(mu: Double, sigma: Double) throws(DistributionError) -> Distribution {
    try requireFinite("mu", mu)
    try requirePositive("sigma", sigma)
    return .lognormal(mu: mu, sigma: sigma)
  }

  public static func makeTriangular(min: Double, mode: Double, max: Double) throws(DistributionError) -> Distribution {
    try requireMode(min: min, mode: mode, max: max)
    return .triangular(min: min, mode: mode, max: max)
  }

  public static func makePERT(min: Double, mode: Double, max: Double) throws(DistributionError) -> Distribution {
    try requireMode(min: min, mode: mode, max: max)
    guard max > min else {
      throw DistributionError("max", "min must be < max, got min \(plain(min)) and max \(plain(max))")
    }
    let range = max - min
    return .pert(
      min: min, mode: mode, max: max,
      alpha: 1 + 4 * (mode - min) / range, beta: 1 + 4 * (max - mode) / range)
  }

  public static func makeBeta(a: Double, b: Double, min: Double = 0, max: Double = 1) throws(DistributionError)
    -> Distribution
  {
    try requirePositive("a", a)
    try requirePositive("b", b)
    try requireOrdered(min: min, max: max, strict: true)
    return .beta(a: a, b: b, min: min, max: max)
  }

  public static func makeGamma(shape: Double, scale: Double) throws(DistributionError) -> Distribution {
    try requirePositive("shape", shape)
    try requirePositive("scale", scale)
    return .gamma(shape: shape, scale: scale)
  }

  public static func makeExponential(mean: Double) throws(DistributionError) -> Distribution {
    try requirePositive("mean", mean)
    return .exponential(mean: mean)
  }

  public static func makePoisson(mean: Double) throws(DistributionError) -> Distribution {
    try requireFinite("mean", mean)
    guard mean >= 0 else { throw DistributionError("mean", "mean must be >= 0, got \(plain(mean))") }
    guard mean <= 1e9 else { throw DistributionError("mean", "mean must be <= 1e9, got \(plain(mean))") }
    return .poisson(mean: mean)
  }

  public static func makeBinomial(n: Double, p: Double) throws(DistributionError) -> Distribution {
    try requireFinite("n", n)
    guard n >= 0, n == n.rounded(), n <= Double(UInt32.max) else {
      throw DistributionError("n", "n must be a whole number from 0 to \(UInt32.max), got \(plain(n))")
    }
    try requireProbability("p", p)
    return .binomial(n: Int(n), p: p)
  }

  public static func makeBernoulli(p: Double) throws(DistributionError) -> Distribution {
    try requireProbability("p", p)
    return .bernoulli(p: p)
  }

  static func weightTable(_ weights: [Double], count: Int, of what: String) throws(DistributionError) -> DiscreteTable {
    guard !weights.isEmpty else { throw DistributionError("weights", "weights must not be empty") }
    guard weights.count == count else {
      throw DistributionError("weights", "weights must have one entry per \(what) (\(count)), got \(weights.count)")
    }
    for (i, w) in weights.enumerated() {
      guard w.isFinite else {
        throw DistributionError("weights", "weights must be finite numbers, got \(w) at position \(i + 1)")
      }
      guard w >= 0 else {
        throw DistributionError("weights", "weights must be >= 0, got \(plain(w)) at position \(i + 1)")
      }
    }
    guard weights.contains(where: { $0 > 0 }) else {
      throw DistributionError("weights", "weights must not all be 0")
    }
    do { return try DiscreteTable(weights: weights) } catch {
      throw DistributionError("weights", "GSL rejected the weights: \(error)")
    }
  }

  public static func makeDiscrete(values: [Double], weights: [Double]) throws(DistributionError) -> Distribution {
    guard !values.isEmpty else { throw DistributionError("values", "values must not be empty") }
    for (i, v) in values.enumerated() where !v.isFinite {
      throw DistributionError("values", "values must be finite numbers, got \(v) at position \(i + 1)")
    }
    return .discrete(values: values, table: try weightTable(weights, count: values.count, of: "value"))
  }

  public static func makeMixture(components: [Distribution], weights: [Double]) throws(DistributionError)
    -> Distribution
  {
    guard !components.isEmpty else { throw DistributionError("components", "components must not be empty") }
    return .mixture(components: components, table: try weightTable(weights, count: components.count, of: "component"))
  }
}

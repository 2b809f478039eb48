import Foundation

/// The families with closed-form maximum-likelihood estimates and standard errors
/// (docs/fit.md, "Estimators"): normal, lognormal, poisson, geometric.
enum ClosedFormFits {
  /// Normal: the mean and the standard deviation with divisor n; SE sd/√n and sd/√(2n).
  static func normal(_ s: Sample) throws(FitError) -> FittedDistribution {
    let n = Double(s.count)
    let mean = s.mean
    let sd = s.sdML
    guard sd > 0 else { throw FitError("every value is the same (\(FitFormat.number(mean))): nothing to fit") }
    let logLik = -n / 2 * (log(2 * Double.pi * sd * sd) + 1)
    return FittedDistribution(
      kind: .normal,
      parameters: [
        FitParameter("mean", mean, se: sd / n.squareRoot(), method: "closed form"),
        FitParameter("sd", sd, se: sd / (2 * n).squareRoot(), method: "closed form"),
      ],
      parameterCount: 2, logLikelihood: logLik,
      cdf: { GSLCDF.gaussianP($0 - mean, sd: sd) },
      yaml: FitFormat.yaml("normal", [("mean", mean), ("sd", sd)]))
  }

  /// Lognormal: mu and sigma are the normal's estimates on log x; the YAML takes the
  /// variable's own mean and sd (docs/scenario-format.md, "Distributions"), whose SEs
  /// follow by the delta method (mu-hat and sigma-hat are independent).
  static func lognormal(_ s: Sample) throws(FitError) -> FittedDistribution {
    let n = Double(s.count)
    let logs = s.sorted.map { log($0) }
    let mu = logs.reduce(0, +) / n
    let sigma = (logs.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / n).squareRoot()
    guard sigma > 0 else { throw FitError("every value is the same: nothing to fit") }
    let seMu = sigma / n.squareRoot()
    let seSigma = sigma / (2 * n).squareRoot()
    let mean = exp(mu + sigma * sigma / 2)
    let root = (exp(sigma * sigma) - 1).squareRoot()
    let sd = mean * root
    let dMeanDSigma = mean * sigma
    let dSdDSigma = sd * sigma + mean * sigma * exp(sigma * sigma) / root
    let seMean = (pow(mean * seMu, 2) + pow(dMeanDSigma * seSigma, 2)).squareRoot()
    let seSd = (pow(sd * seMu, 2) + pow(dSdDSigma * seSigma, 2)).squareRoot()
    let logLik = -n / 2 * (log(2 * Double.pi * sigma * sigma) + 1) - logs.reduce(0, +)
    return FittedDistribution(
      kind: .lognormal,
      parameters: [
        FitParameter("mean", mean, se: seMean, method: "delta method"),
        FitParameter("sd", sd, se: seSd, method: "delta method"),
        FitParameter("mu", mu, se: seMu, method: "closed form"),
        FitParameter("sigma", sigma, se: seSigma, method: "closed form"),
      ],
      parameterCount: 2, logLikelihood: logLik,
      cdf: { $0 <= 0 ? 0 : GSLCDF.lognormalP($0, mu: mu, sigma: sigma) },
      yaml: FitFormat.yaml("lognormal", [("mean", mean), ("sd", sd)]))
  }

  /// Poisson: the mean; SE √(mean/n).
  static func poisson(_ s: Sample) throws(FitError) -> FittedDistribution {
    let n = Double(s.count)
    let mean = s.mean
    let logLik = s.sorted.reduce(0) { $0 + $1 * (mean > 0 ? log(mean) : 0) - mean - lgamma($1 + 1) }
    return FittedDistribution(
      kind: .poisson,
      parameters: [FitParameter("mean", mean, se: (mean / n).squareRoot(), method: "closed form")],
      parameterCount: 1, logLikelihood: logLik,
      cdf: { $0 < 0 ? 0 : GSLCDF.poissonP(Int(min($0.rounded(.down), 4e9)), mean: mean) },
      yaml: FitFormat.yaml("poisson", [("mean", mean)]))
  }

  /// Largest table the geometric's YAML writes as `discrete` (values 0...this).
  static let geometricTableLimit = 40

  /// Geometric on 0, 1, 2, ... (failures before the first success, as "months until",
  /// "extra tickets" counts start at 0): p = 1/(1 + mean), SE p√((1-p)/n) from the
  /// Fisher information n/(p²(1-p)).
  ///
  /// No scenario distribution is geometric, so the YAML is the same law written as a
  /// `discrete` table over 0...K, K its 99.9 % quantile, with weights p(1-p)^k (the
  /// loader normalises them: the 0.1 % tail is spread over the table). When K would
  /// pass `geometricTableLimit`, an `exponential` of the same mean stands in: its
  /// draws, rounded at a whole-number key, are close to geometric.
  static func geometric(_ s: Sample) throws(FitError) -> FittedDistribution {
    let n = Double(s.count)
    let mean = s.mean
    guard mean > 0 else { throw FitError("every value is 0: nothing to fit") }
    let p = 1 / (1 + mean)
    let q = 1 - p
    let logLik = n * log(p) + s.sorted.reduce(0, +) * log(q)
    let tail = Int((log(0.001) / log(q)).rounded(.up)) - 1  // P(X > K) = q^(K+1) <= 0.001
    let yaml: String
    let note: String
    if tail <= geometricTableLimit {
      let ks = 0...Swift.max(tail, 1)
      let values = ks.map(String.init).joined(separator: ", ")
      let weights = ks.map { FitFormat.number(p * pow(q, Double($0)), digits: 4) }.joined(separator: ", ")
      yaml = "{discrete: {values: [\(values)], weights: [\(weights)]}}"
      note =
        "no scenario distribution is geometric: the YAML is its table over 0...\(ks.upperBound) "
        + "(99.9 % of it; the loader normalises the weights)"
    } else {
      yaml = FitFormat.yaml("exponential", [("mean", mean)])
      note =
        "no scenario distribution is geometric: the YAML is an exponential of the same mean, "
        + "close to it once a whole-number key rounds the draws"
    }
    return FittedDistribution(
      kind: .geometric,
      parameters: [
        FitParameter("p", p, se: p * (q / n).squareRoot(), method: "closed form"),
        FitParameter("mean", mean, se: (mean * (1 + mean) / n).squareRoot(), method: "closed form"),
      ],
      parameterCount: 1, logLikelihood: logLik,
      cdf: { $0 < 0 ? 0 : 1 - pow(q, $0.rounded(.down) + 1) },
      yaml: yaml, note: note)
  }
}

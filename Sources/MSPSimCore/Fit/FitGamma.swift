import Foundation

/// Gamma by maximum likelihood (no closed form: the shape solves
/// log k - ψ(k) = log x̄ - mean(log x)). The simplex searches (log shape, log scale)
/// from the method-of-moments start; standard errors come from the observed
/// information in (shape, scale).
enum GammaFit {
  static func fit(_ s: Sample) throws(FitError) -> FittedDistribution {
    let n = Double(s.count)
    let sumX = s.sorted.reduce(0, +)
    let sumLogX = s.sumLog { $0 }
    guard s.sdML > 0 else { throw FitError("every value is the same: nothing to fit") }
    func negLogLik(_ t: [Double]) -> Double {
      let (k, theta) = (t[0], t[1])
      guard k > 0, theta > 0 else { return .infinity }
      return -((k - 1) * sumLogX - sumX / theta - n * k * log(theta) - n * lgamma(k))
    }
    let k0 = s.mean * s.mean / (s.sdML * s.sdML)
    let theta0 = s.sdML * s.sdML / s.mean
    let best = try Minimiser.minimise(
      { negLogLik([exp($0[0]), exp($0[1])]) }, start: [log(k0), log(theta0)], step: [0.5, 0.5])
    let shape = exp(best.x[0])
    let scale = exp(best.x[1])
    let se = ObservedInformation.standardErrors(negLogLik, at: [shape, scale])
    return FittedDistribution(
      kind: .gamma,
      parameters: [
        FitParameter("shape", shape, se: se[0], method: "observed information"),
        FitParameter("scale", scale, se: se[1], method: "observed information"),
      ],
      parameterCount: 2, logLikelihood: -best.value,
      cdf: { $0 <= 0 ? 0 : GSLCDF.gammaP($0, shape: shape, scale: scale) },
      yaml: FitFormat.yaml("gamma", [("shape", shape), ("scale", scale)]))
  }
}

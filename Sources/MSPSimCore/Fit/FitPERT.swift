import Foundation

/// PERT by maximum likelihood over (min, mode, max): the scaled beta with shapes
/// 1 + 4(mode-min)/(max-min) and 1 + 4(max-mode)/(max-min), as the scenario loader
/// draws it (docs/scenario-format.md, "Distributions"). The simplex searches
/// min = x(1) - r·e^u, max = x(n) + r·e^v and mode = min + (max-min)·logistic(w):
/// ends strictly beyond the extremes, as for the triangular. Standard errors:
/// parametric bootstrap (the ends are non-regular, see `Bootstrap`).
enum PERTFit {
  static func shapes(_ a: Double, _ m: Double, _ b: Double) -> (alpha: Double, beta: Double) {
    (1 + 4 * (m - a) / (b - a), 1 + 4 * (b - m) / (b - a))
  }

  static func estimate(_ s: Sample) throws(FitError) -> (min: Double, mode: Double, max: Double, logLik: Double) {
    let range = s.max - s.min
    guard range > 0 else { throw FitError("every value is the same: nothing to fit") }
    let n = Double(s.count)
    let x = s.sorted
    func params(_ t: [Double]) -> (Double, Double, Double) {
      let a = s.min - range * exp(t[0])
      let b = s.max + range * exp(t[1])
      return (a, a + (b - a) / (1 + exp(-t[2])), b)
    }
    func logLik(_ a: Double, _ m: Double, _ b: Double) -> Double {
      let (alpha, beta) = shapes(a, m, b)
      var sumLeft = 0.0
      var sumRight = 0.0
      for v in x {
        sumLeft += log(v - a)
        sumRight += log(b - v)
      }
      let lnBeta = lgamma(alpha) + lgamma(beta) - lgamma(alpha + beta)
      return (alpha - 1) * sumLeft + (beta - 1) * sumRight - n * (alpha + beta - 1) * log(b - a) - n * lnBeta
    }
    // Start: ends a tenth of the range out, the mode from the PERT mean (min + 4 mode + max)/6.
    let a0 = s.min - range / 10
    let b0 = s.max + range / 10
    let m0 = Swift.min(Swift.max((6 * s.mean - a0 - b0) / 4, a0 + 0.05 * (b0 - a0)), b0 - 0.05 * (b0 - a0))
    let p0 = (m0 - a0) / (b0 - a0)
    let best = try Minimiser.minimise(
      { t in
        let (a, m, b) = params(t)
        return -logLik(a, m, b)
      }, start: [log(0.1), log(0.1), log(p0 / (1 - p0))], step: [1, 1, 1], tolerance: 1e-6)
    let (a, m, b) = params(best.x)
    return (a, m, b, -best.value)
  }

  static func fit(_ s: Sample) throws(FitError) -> FittedDistribution {
    let e = try estimate(s)
    let (alpha, beta) = shapes(e.min, e.mode, e.max)
    let se = try Bootstrap.standardErrors(
      count: s.count,
      draw: { e.min + (e.max - e.min) * $0.beta(a: alpha, b: beta) },
      refit: { (b: Sample) throws(FitError) -> [Double] in
        let f = try estimate(b)
        return [f.min, f.mode, f.max]
      })
    let (a, m, b) = (e.min, e.mode, e.max)
    return FittedDistribution(
      kind: .pert,
      parameters: [
        FitParameter("min", a, se: se[0], method: "bootstrap"),
        FitParameter("mode", m, se: se[1], method: "bootstrap"),
        FitParameter("max", b, se: se[2], method: "bootstrap"),
      ],
      parameterCount: 3, logLikelihood: e.logLik,
      cdf: { x in x <= a ? 0 : x >= b ? 1 : GSLCDF.betaP((x - a) / (b - a), a: alpha, b: beta) },
      yaml: FitFormat.yaml("pert", [("min", a), ("mode", m), ("max", b)]))
  }
}

import Foundation

/// Beta by maximum likelihood over the shapes a, b on a support fixed first
/// (docs/fit.md, "Estimators"): [0, 1] when every value lies strictly inside it
/// (shares, rates), else [min - r/(n-1), max + r/(n-1)] with r the sample range,
/// the extremes widened by one average gap so no value sits on an end.
///
/// The support is not estimated with the shapes because the four-parameter
/// likelihood has no maximum when a or b < 1: the density is infinite at an end, and
/// moving that end onto a data point makes the likelihood grow without bound. The
/// shapes' standard errors (observed information) are therefore conditional on the
/// support; AIC counts the two ends as estimated when they come from the data.
enum BetaFit {
  static func support(_ s: Sample) -> (min: Double, max: Double, fromData: Bool) {
    if s.min > 0 && s.max < 1 { return (0, 1, false) }
    let gap = (s.max - s.min) / Double(s.count - 1)
    return (s.min - gap, s.max + gap, true)
  }

  static func fit(_ s: Sample) throws(FitError) -> FittedDistribution {
    guard s.max > s.min else { throw FitError("every value is the same: nothing to fit") }
    let (lo, hi, fromData) = support(s)
    let width = hi - lo
    let n = Double(s.count)
    let sumLogZ = s.sumLog { ($0 - lo) / width }
    let sumLog1Z = s.sumLog { (hi - $0) / width }
    func negLogLik(_ t: [Double]) -> Double {
      let (a, b) = (t[0], t[1])
      guard a > 0, b > 0 else { return .infinity }
      let lnBeta = lgamma(a) + lgamma(b) - lgamma(a + b)
      return -((a - 1) * sumLogZ + (b - 1) * sumLog1Z - n * lnBeta - n * log(width))
    }
    // Method-of-moments start on the unit scale.
    let m = (s.mean - lo) / width
    let v = s.sdML * s.sdML / (width * width)
    let common = Swift.max(m * (1 - m) / v - 1, 0.1)
    let best = try Minimiser.minimise(
      { negLogLik([exp($0[0]), exp($0[1])]) }, start: [log(m * common), log((1 - m) * common)], step: [0.5, 0.5])
    let a = exp(best.x[0])
    let b = exp(best.x[1])
    let se = ObservedInformation.standardErrors(negLogLik, at: [a, b])
    var parameters = [
      FitParameter("a", a, se: se[0], method: "observed information"),
      FitParameter("b", b, se: se[1], method: "observed information"),
    ]
    var yaml: [(String, Double)] = [("a", a), ("b", b)]
    var note: String?
    if fromData {
      parameters += [
        FitParameter("min", lo, se: nil, method: "fixed: sample min - range/(n-1)"),
        FitParameter("max", hi, se: nil, method: "fixed: sample max + range/(n-1)"),
      ]
      yaml += [("min", lo), ("max", hi)]
      note = "support fixed at the sample extremes widened by range/(n-1); the SEs of a, b are conditional on it"
    }
    return FittedDistribution(
      kind: .beta, parameters: parameters, parameterCount: fromData ? 4 : 2, logLikelihood: -best.value,
      cdf: { x in x <= lo ? 0 : x >= hi ? 1 : GSLCDF.betaP((x - lo) / width, a: a, b: b) },
      yaml: FitFormat.yaml("beta", yaml), note: note)
  }
}

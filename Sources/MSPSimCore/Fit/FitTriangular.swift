import Foundation

/// Triangular by full maximum likelihood over (min, mode, max) (docs/fit.md,
/// "Estimators"). For given ends the likelihood is convex in the mode between data
/// points, so the best mode is an end or a data point (Oliver 1972): it is found
/// exactly, in one pass over the sorted data with running sums. The ends are then
/// searched by the simplex, as min = x(1) - r·e^u and max = x(n) + r·e^v (r the
/// range): strictly beyond the extremes, because the density is 0 at an end and a
/// data point there has likelihood 0. Standard errors: parametric bootstrap.
enum TriangularFit {
  /// (min, mode, max) and the log-likelihood, without standard errors.
  static func estimate(_ s: Sample) throws(FitError) -> (min: Double, mode: Double, max: Double, logLik: Double) {
    let range = s.max - s.min
    guard range > 0 else { throw FitError("every value is the same: nothing to fit") }
    let x = s.sorted
    func ends(_ t: [Double]) -> (Double, Double) { (s.min - range * exp(t[0]), s.max + range * exp(t[1])) }
    let start = log(1 / Double(s.count).squareRoot())
    let best = try Minimiser.minimise(
      { t in
        let (a, b) = ends(t)
        return -bestMode(x, a, b).logLik
      }, start: [start, start], step: [1, 1], tolerance: 1e-6)
    let (a, b) = ends(best.x)
    let m = bestMode(x, a, b)
    return (a, m.mode, b, m.logLik)
  }

  /// The mode in {a, x(1), ..., x(n), b} that maximises the likelihood for ends a < x(1), x(n) < b.
  static func bestMode(_ x: [Double], _ a: Double, _ b: Double) -> (mode: Double, logLik: Double) {
    let n = x.count
    var right = x.reduce(0) { $0 + log(b - $1) }  // Σ_{i >= k} log(b - x_i)
    var left = 0.0  // Σ_{i < k} log(x_i - a)
    let base = Double(n) * (log(2) - log(b - a))
    var best = (mode: a, logLik: base + right - Double(n) * log(b - a))  // mode at min
    for k in 1...n {
      let c = x[k - 1]
      left += log(c - a)
      right -= log(b - c)
      let l = base + left - Double(k) * log(c - a) + right - Double(n - k) * log(b - c)
      if l > best.logLik { best = (c, l) }
    }
    let atMax = base + left - Double(n) * log(b - a)
    if atMax > best.logLik { best = (b, atMax) }
    return best
  }

  static func fit(_ s: Sample) throws(FitError) -> FittedDistribution {
    let e = try estimate(s)
    let se = try Bootstrap.standardErrors(
      count: s.count,
      draw: { Distribution.triangularInverse($0.uniform(), min: e.min, mode: e.mode, max: e.max) },
      refit: { (b: Sample) throws(FitError) -> [Double] in
        let f = try estimate(b)
        return [f.min, f.mode, f.max]
      })
    let (a, c, b) = (e.min, e.mode, e.max)
    return FittedDistribution(
      kind: .triangular,
      parameters: [
        FitParameter("min", a, se: se[0], method: "bootstrap"),
        FitParameter("mode", c, se: se[1], method: "bootstrap"),
        FitParameter("max", b, se: se[2], method: "bootstrap"),
      ],
      parameterCount: 3, logLikelihood: e.logLik,
      cdf: { x in
        if x <= a { return 0 }
        if x >= b { return 1 }
        return x <= c ? (x - a) * (x - a) / ((b - a) * (c - a)) : 1 - (b - x) * (b - x) / ((b - a) * (b - c))
      },
      yaml: FitFormat.yaml("triangular", [("min", a), ("mode", c), ("max", b)]))
  }
}

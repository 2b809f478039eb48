import Foundation

/// Standard errors by parametric bootstrap, for the families whose support ends are
/// estimated (triangular, PERT). Their ends are non-regular parameters: the density
/// goes to 0 at an end, the Fisher information there is infinite, and the observed
/// Hessian of the triangular is not even negative in the mode (its likelihood is
/// convex between data points). So the fitted law is sampled `replicates` times at
/// the fitted n (GSL mt19937, fixed seed: the same data give the same report), each
/// sample refitted, and the standard deviation of each estimate reported.
enum Bootstrap {
  /// Enough for a standard error good to about 11 % (1/√(2(B-1))), few enough that a
  /// fit of 5,000 values takes a second or two.
  static let replicates = 40
  static let seed: UInt64 = 14_005

  /// The standard deviation of each parameter of `refit` over samples drawn by `draw`.
  static func standardErrors(
    count n: Int, draw: (GSLRandom) -> Double, refit: (Sample) throws(FitError) -> [Double]
  ) throws(FitError) -> [Double?] {
    let rng: GSLRandom
    do { rng = try GSLRandom(name: "mt19937", seed: seed) } catch { throw FitError(error.description) }
    var estimates: [[Double]] = []
    for _ in 0..<replicates {
      let sample = Sample((0..<n).map { _ in draw(rng) })
      guard sample.max > sample.min, let theta = try? refit(sample) else { continue }
      estimates.append(theta)
    }
    guard estimates.count >= replicates / 2, let width = estimates.first?.count else {
      return [Double?](repeating: nil, count: estimates.first?.count ?? 0)
    }
    let m = Double(estimates.count)
    return (0..<width).map { j in
      let mean = estimates.reduce(0) { $0 + $1[j] } / m
      return (estimates.reduce(0) { $0 + ($1[j] - mean) * ($1[j] - mean) } / (m - 1)).squareRoot()
    }
  }
}

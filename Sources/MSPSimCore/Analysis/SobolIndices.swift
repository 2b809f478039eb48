/// First-order and total Sobol indices of one group, with 95 % bootstrap intervals.
public struct SobolEstimate: Sendable, Equatable {
  public var s1: Double
  public var s1Low: Double
  public var s1High: Double
  public var st: Double
  public var stLow: Double
  public var stHigh: Double
}

/// The estimators of `--sensitivity sobol` (docs/model.md, "Sobol indices"), on the
/// outputs of a Saltelli design: f(A)_j, f(B)_j and f(A_B^(g))_j for rows j = 1...N.
///
/// With V the variance of the 2N values of f(A) and f(B):
/// - first order (Saltelli et al. 2010, Table 2 (b)):
///   S1_g = (1/N) sum_j f(B)_j (f(A_B^(g))_j - f(A)_j) / V
/// - total (Jansen 1999; Saltelli et al. 2010, Table 2 (f)):
///   ST_g = (1/2N) sum_j (f(A)_j - f(A_B^(g))_j)^2 / V
/// Both are consistent for independent groups. The outputs are centred on their mean
/// first: S1's estimator is not invariant to a shift of f in a finite sample, and a
/// large mean (an NPV of millions) would only add noise to it.
///
/// The intervals are percentile bootstrap intervals: rows resampled with replacement
/// (the same rows for every group), the 2.5th and 97.5th percentiles of the indices
/// over the resamples. The resamples come from SplitMix64 seeded from `seed`, so the
/// intervals are reproducible.
public enum SobolIndices {
  /// Bootstrap resamples for the intervals.
  public static let resamples = 500

  /// The indices of every group. An output that does not vary (V = 0) has every
  /// index 0: no group moves it.
  ///
  /// - Parameters:
  ///   - a, b: f(A)_j and f(B)_j, j = 0..<N.
  ///   - ab: per group g, f(A_B^(g))_j.
  public static func estimate(
    a: [Double], b: [Double], ab: [[Double]], resamples: Int = Self.resamples, seed: UInt64
  ) -> [SobolEstimate] {
    let n = a.count
    precondition(b.count == n && ab.allSatisfy { $0.count == n }, "one value per row in every matrix")
    guard n >= 2 else { return ab.map { _ in SobolEstimate(s1: 0, s1Low: 0, s1High: 0, st: 0, stLow: 0, stHigh: 0) } }
    let mean = (a.reduce(0, +) + b.reduce(0, +)) / Double(2 * n)
    let ca = a.map { $0 - mean }
    let cb = b.map { $0 - mean }
    let cab = ab.map { $0.map { $0 - mean } }
    let rows = Array(0..<n)
    let point = indices(ca, cb, cab, rows: rows)
    var rng = SplitMix64(seed: StreamSeeds.mix(seed ^ 0x426F_6F74_0000_0006))  // "Boot"
    var s1Draws = [[Double]](repeating: [], count: ab.count)
    var stDraws = [[Double]](repeating: [], count: ab.count)
    var sample = [Int](repeating: 0, count: n)
    for _ in 0..<resamples {
      for j in 0..<n { sample[j] = Int(rng.next(upperBound: UInt64(n))) }
      let r = indices(ca, cb, cab, rows: sample)
      for g in r.indices {
        s1Draws[g].append(r[g].s1)
        stDraws[g].append(r[g].st)
      }
    }
    return point.indices.map { g in
      let s1 = s1Draws[g].sorted()
      let st = stDraws[g].sorted()
      return SobolEstimate(
        s1: point[g].s1, s1Low: percentile(s1, 0.025), s1High: percentile(s1, 0.975),
        st: point[g].st, stLow: percentile(st, 0.025), stHigh: percentile(st, 0.975))
    }
  }

  /// The point estimates over `rows` (a resample: rows may repeat).
  static func indices(_ a: [Double], _ b: [Double], _ ab: [[Double]], rows: [Int]) -> [(s1: Double, st: Double)] {
    let n = Double(rows.count)
    var sum = 0.0
    var sumSquares = 0.0
    for j in rows {
      sum += a[j] + b[j]
      sumSquares += a[j] * a[j] + b[j] * b[j]
    }
    // The variance of the 2N values (divisor 2N - 1).
    let mean = sum / (2 * n)
    let v = Swift.max(0, (sumSquares - 2 * n * mean * mean) / (2 * n - 1))
    return ab.map { abg in
      guard v > 0 else { return (0, 0) }
      var first = 0.0
      var total = 0.0
      for j in rows {
        let d = abg[j] - a[j]
        first += b[j] * d
        total += d * d
      }
      return (first / n / v, total / (2 * n) / v)
    }
  }

  /// The p-quantile of sorted values, linear between order statistics (type 7).
  static func percentile(_ sorted: [Double], _ p: Double) -> Double {
    guard let first = sorted.first else { return 0 }
    guard sorted.count > 1 else { return first }
    let h = p * Double(sorted.count - 1)
    let lo = Int(h)
    let hi = Swift.min(lo + 1, sorted.count - 1)
    return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
  }
}

import CGSL
import XCTest

// Statistical assertions shared by the test targets: a Kolmogorov-Smirnov test
// against an exact CDF and cell frequencies against a probability mass function.

/// Asserts the KS test does not reject at a false-alarm probability of 1e-4
/// (asymptotic critical value `ksCriticalOneIn10000` = 2.226; its derivation and the
/// suite's family-wise budget are in SampleStatistics.swift).
public func assertKS(
  _ label: String, seed: UInt64, sample xs: [Double], cdf: (Double) -> Double,
  file: StaticString = #filePath, line: UInt = #line
) {
  let k = ksStatistic(xs, cdf: cdf)
  XCTAssert(
    k < ksCriticalOneIn10000,
    "\(label) [seed \(seed), n \(xs.count)]: KS D*sqrt(n) = \(k) >= \(ksCriticalOneIn10000) (rejects at 1e-4)",
    file: file, line: line)
}

/// Checks each cell count of an integer-valued sample against its probability by the
/// exact binomial law of the count (Binomial(n, p) under the pmf): a cell fails when its
/// count is as far out as a tail of probability below 2.9e-7 on either side (the tails of
/// a normal beyond 5 SE), whatever p, so cells with few expected draws are held at the
/// same false-alarm rate as the others (a normal band would be far too wide on one side
/// and too narrow on the other there); at most 5.7e-7 per cell. Then that no draw falls
/// outside the listed cells with more than their leftover mass allows.
public func assertFrequencies(
  _ label: String, seed: UInt64, sample xs: [Double], pmf: [(value: Double, p: Double)],
  file: StaticString = #filePath, line: UInt = #line
) {
  var counts: [Double: Int] = [:]
  for x in xs { counts[x, default: 0] += 1 }
  let n = Double(xs.count)
  let tail = 2.866_515_718_791_939e-7  // 1 - Phi(5)
  for (value, p) in pmf where p > 0 && p < 1 {
    let count = counts[value] ?? 0
    // P(X <= count) and P(X >= count), X ~ Binomial(n, p).
    let atMost = gsl_cdf_binomial_P(UInt32(count), p, UInt32(xs.count))
    let atLeast = count == 0 ? 1 : gsl_cdf_binomial_Q(UInt32(count - 1), p, UInt32(xs.count))
    XCTAssert(
      atMost >= tail && atLeast >= tail,
      "\(label) [seed \(seed), n \(xs.count)]: P(X = \(value)) sample \(Double(count) / n) vs \(p): "
        + "P(count <= \(count)) = \(atMost), P(count >= \(count)) = \(atLeast) (limit \(tail))",
      file: file, line: line)
  }
  let listed = Set(pmf.map(\.value))
  let outside = xs.count - counts.filter { listed.contains($0.key) }.values.reduce(0, +)
  let leftover = Swift.max(0, 1 - pmf.map(\.p).reduce(0, +))
  let allowed = n * leftover + 5 * (n * leftover).squareRoot() + 1
  XCTAssert(
    Double(outside) <= allowed,
    "\(label) [seed \(seed)]: \(outside) draws outside the listed values (allowed \(allowed))", file: file, line: line)
}

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

/// Checks each cell frequency of an integer-valued sample against its probability:
/// |count/n - p| < 5 sqrt(p (1-p) / n), for every k with p >= 1e-4; and that no draw
/// falls outside the listed cells with more than their leftover mass allows.
public func assertFrequencies(
  _ label: String, seed: UInt64, sample xs: [Double], pmf: [(value: Double, p: Double)],
  file: StaticString = #filePath, line: UInt = #line
) {
  var counts: [Double: Int] = [:]
  for x in xs { counts[x, default: 0] += 1 }
  let n = Double(xs.count)
  for (value, p) in pmf where p >= 1e-4 {
    let freq = Double(counts[value] ?? 0) / n
    let se = (p * (1 - p) / n).squareRoot()
    let z = (freq - p) / se
    XCTAssert(
      abs(z) < momentTolerance,
      "\(label) [seed \(seed), n \(xs.count)]: P(X = \(value)) sample \(freq) vs \(p): z = \(z) SE",
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

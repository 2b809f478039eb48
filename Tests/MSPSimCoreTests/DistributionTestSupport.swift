import XCTest

@testable import MSPSimCore

// Shared helpers for the statistical distribution tests: draw a sample at a fixed
// seed, compare its mean and variance with closed forms in standard errors, and run
// a one-sample Kolmogorov-Smirnov test against an exact CDF.

/// Draws per distribution for the moment checks.
let momentSampleSize = 200_000

/// Tolerance of the moment checks, in standard errors.
let momentTolerance = 5.0

/// Asymptotic Kolmogorov critical value at 1%: reject when D sqrt(n) >= 1.628.
let ksCritical1Percent = 1.628

/// Draws `n` values of `dist` from an mt19937 generator seeded with `seed`.
func drawSample(_ dist: Distribution, n: Int = momentSampleSize, seed: UInt64) -> [Double] {
  let rng: GSLRandom
  do { rng = try GSLRandom(name: "mt19937", seed: seed) } catch {
    XCTFail("cannot create mt19937: \(error)")
    return []
  }
  var xs = [Double]()
  xs.reserveCapacity(n)
  for _ in 0..<n { xs.append(dist.sample(using: rng)) }
  return xs
}

/// Sample mean, unbiased sample variance and fourth central moment (two passes).
struct SampleMoments {
  var n: Int
  var mean: Double
  var variance: Double
  var centralM4: Double

  init(_ xs: [Double]) {
    n = xs.count
    mean = xs.reduce(0, +) / Double(n)
    var s2 = 0.0
    var s4 = 0.0
    for x in xs {
      let d = x - mean
      let d2 = d * d
      s2 += d2
      s4 += d2 * d2
    }
    variance = s2 / Double(n - 1)
    centralM4 = s4 / Double(n)
  }
}

/// Checks a sample of `dist` against the closed-form mean and variance.
///
/// - `expectedMean`, `expectedVariance`: the test's own derivation; they must first
///   agree with the library's `dist.mean` / `dist.variance` (relative 1e-9), then the
///   sample must lie within 5 standard errors of them:
///   SE(mean) = sqrt(var / n); SE(sample variance) = sqrt((mu4 - var^2) / n).
/// - `mu4`: the closed-form fourth central moment E[(X - mean)^4] when known; nil
///   falls back to the sample's own fourth central moment (a consistent estimate,
///   stated per call site).
func assertMoments(
  _ label: String, _ dist: Distribution, seed: UInt64,
  mean expectedMean: Double, variance expectedVariance: Double, mu4: Double?,
  sample xs: [Double],
  file: StaticString = #filePath, line: UInt = #line
) {
  let relTol = 1e-9
  XCTAssertEqual(dist.mean, expectedMean, accuracy: relTol * Swift.max(1, abs(expectedMean)),
                 "\(label): closed-form mean \(dist.mean) != derived \(expectedMean)", file: file, line: line)
  XCTAssertEqual(dist.variance, expectedVariance, accuracy: relTol * Swift.max(1e-300, abs(expectedVariance)),
                 "\(label): closed-form variance \(dist.variance) != derived \(expectedVariance)", file: file, line: line)

  let m = SampleMoments(xs)
  let n = Double(m.n)
  let seMean = (dist.variance / n).squareRoot()
  let zMean = (m.mean - dist.mean) / seMean
  XCTAssert(abs(zMean) < momentTolerance,
            "\(label) [seed \(seed), n \(m.n)]: sample mean \(m.mean) vs \(dist.mean): z = \(zMean) SE (limit \(momentTolerance))",
            file: file, line: line)

  let fourth = mu4 ?? m.centralM4
  let v2 = dist.variance * dist.variance
  guard fourth - v2 > 0 else {
    XCTFail("\(label): mu4 - sigma^4 = \(fourth - v2) <= 0: the variance check has no spread", file: file, line: line)
    return
  }
  if let mu4 {
    // The closed-form fourth moment itself should match the sample's (loosely: 10%).
    XCTAssertEqual(m.centralM4, mu4, accuracy: 0.1 * mu4,
                   "\(label) [seed \(seed)]: sample mu4 \(m.centralM4) vs closed form \(mu4)", file: file, line: line)
  }
  let seVar = ((fourth - v2) / n).squareRoot()
  let zVar = (m.variance - dist.variance) / seVar
  XCTAssert(abs(zVar) < momentTolerance,
            "\(label) [seed \(seed), n \(m.n)]: sample variance \(m.variance) vs \(dist.variance): z = \(zVar) SE (limit \(momentTolerance))",
            file: file, line: line)
}

/// The one-sample Kolmogorov-Smirnov statistic sqrt(n) D, D = sup |F_n(x) - F(x)|.
///
/// For sorted x_(1..n): D = max_i max(F(x_i) - (i-1)/n, i/n - F(x_i)).
func ksStatistic(_ xs: [Double], cdf: (Double) -> Double) -> Double {
  let sorted = xs.sorted()
  let n = Double(sorted.count)
  var d = 0.0
  for (i, x) in sorted.enumerated() {
    let f = cdf(x)
    d = Swift.max(d, f - Double(i) / n, Double(i + 1) / n - f)
  }
  return d * n.squareRoot()
}

/// Asserts the KS test does not reject at 1% (asymptotic critical value 1.628).
func assertKS(
  _ label: String, seed: UInt64, sample xs: [Double], cdf: (Double) -> Double,
  file: StaticString = #filePath, line: UInt = #line
) {
  let k = ksStatistic(xs, cdf: cdf)
  XCTAssert(k < ksCritical1Percent,
            "\(label) [seed \(seed), n \(xs.count)]: KS D*sqrt(n) = \(k) >= \(ksCritical1Percent) (rejects at 1%)",
            file: file, line: line)
}

/// Checks each cell frequency of an integer-valued sample against its probability:
/// |count/n - p| < 5 sqrt(p (1-p) / n), for every k with p >= 1e-4; and that no draw
/// falls outside the listed cells with more than their leftover mass allows.
func assertFrequencies(
  _ label: String, seed: UInt64, sample xs: [Double], pmf: [(value: Double, p: Double)],
  file: StaticString = #filePath, line: UInt = #line
) {
  var counts = [Double: Int]()
  for x in xs { counts[x, default: 0] += 1 }
  let n = Double(xs.count)
  for (value, p) in pmf where p >= 1e-4 {
    let freq = Double(counts[value] ?? 0) / n
    let se = (p * (1 - p) / n).squareRoot()
    let z = (freq - p) / se
    XCTAssert(abs(z) < momentTolerance,
              "\(label) [seed \(seed), n \(xs.count)]: P(X = \(value)) sample \(freq) vs \(p): z = \(z) SE",
              file: file, line: line)
  }
  let listed = Set(pmf.map(\.value))
  let outside = xs.count - counts.filter { listed.contains($0.key) }.values.reduce(0, +)
  let leftover = Swift.max(0, 1 - pmf.map(\.p).reduce(0, +))
  let allowed = n * leftover + 5 * (n * leftover).squareRoot() + 1
  XCTAssert(Double(outside) <= allowed,
            "\(label) [seed \(seed)]: \(outside) draws outside the listed values (allowed \(allowed))", file: file, line: line)
}

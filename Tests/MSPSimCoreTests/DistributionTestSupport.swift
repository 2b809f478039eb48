import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

// Helpers for the statistical distribution tests: draw a sample at a fixed seed and
// compare its mean and variance with closed forms in standard errors. The generic
// statistics (SampleMoments, KS, frequencies) are in Tests/MSPSimTestSupport.

/// Draws per distribution for the moment checks.
let momentSampleSize = 200_000

/// Draws `n` values of `dist` from an mt19937 generator seeded with `seed`.
func drawSample(_ dist: Distribution, n: Int = momentSampleSize, seed: UInt64) -> [Double] {
  let rng: GSLRandom
  do { rng = try GSLRandom(name: "mt19937", seed: seed) } catch {
    XCTFail("cannot create mt19937: \(error)")
    return []
  }
  var xs: [Double] = []
  xs.reserveCapacity(n)
  for _ in 0..<n { xs.append(dist.sample(using: rng)) }
  return xs
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
  XCTAssertEqual(
    dist.mean, expectedMean, accuracy: relTol * Swift.max(1, abs(expectedMean)),
    "\(label): closed-form mean \(dist.mean) != derived \(expectedMean)", file: file, line: line)
  XCTAssertEqual(
    dist.variance, expectedVariance, accuracy: relTol * Swift.max(1e-300, abs(expectedVariance)),
    "\(label): closed-form variance \(dist.variance) != derived \(expectedVariance)", file: file, line: line)

  let m = SampleMoments(xs)
  let n = Double(m.n)
  let seMean = (dist.variance / n).squareRoot()
  let zMean = (m.mean - dist.mean) / seMean
  XCTAssert(
    abs(zMean) < momentTolerance,
    "\(label) [seed \(seed), n \(m.n)]: sample mean \(m.mean) vs \(dist.mean): z = \(zMean) SE (limit \(momentTolerance))",
    file: file, line: line)

  let fourth = mu4 ?? m.centralM4
  let v2 = dist.variance * dist.variance
  guard fourth - v2 > 0 else {
    XCTFail("\(label): mu4 - sigma^4 = \(fourth - v2) <= 0: the variance check has no spread", file: file, line: line)
    return
  }
  if let mu4 {
    // The closed-form fourth moment sets the variance check's SE below, so it is held
    // against the sample's: within 25 %. The sample fourth central moment has
    // Var(m4) ~ (mu8 - mu4^2 - 8 mu3 mu5 + 16 mu2 mu3^2) / n (delta method); at
    // n = 200,000 its SE is at most 4.6 % of mu4 among the kinds tested (lognormal
    // {mean 30, sd 15}; gamma(0.5, 2) 4.0 %, exponential 3.0 %, a uniform 0.3 %), so
    // 25 % is at least 5.4 SE (a false alarm below 1e-7 each), and a closed form off by
    // a quarter, which would misstate the variance's SE by about as much, fails.
    XCTAssertEqual(
      m.centralM4, mu4, accuracy: 0.25 * mu4,
      "\(label) [seed \(seed)]: sample mu4 \(m.centralM4) vs closed form \(mu4)", file: file, line: line)
  }
  let seVar = ((fourth - v2) / n).squareRoot()
  let zVar = (m.variance - dist.variance) / seVar
  XCTAssert(
    abs(zVar) < momentTolerance,
    "\(label) [seed \(seed), n \(m.n)]: sample variance \(m.variance) vs \(dist.variance): z = \(zVar) SE (limit \(momentTolerance))",
    file: file, line: line)
}

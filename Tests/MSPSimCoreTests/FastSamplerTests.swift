import CGSL
import Foundation
import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

// GSLRandom.fastPoisson / fastBinomial (Sources/MSPSimCore/Random/GSLRandom+FastDraws.swift)
// against GSL's own CDFs, in distribution and in their first two moments, plus their
// edge cases, determinism and the inversion's exact tail.
//
// Goodness of fit. The reference laws are GSL's: gsl_cdf_binomial_P/_Q, and
// gsl_cdf_poisson_P/_Q up to a mean of 1e6; above that GSL's Poisson CDF is wrong (by
// up to 0.11 at 1e9), and sums of GSL's Poisson pmf take its place (`PoissonReference`).
// For each parameter, N = 10^6 draws at a fixed seed (mt19937) are binned on
// consecutive values (for spreads above 64, on runs of sd / 64 values),
// bins merged from the low end until each expected count N P(bin) is at least 5, the
// low and high tails folded into the first and last bins. With O and E the observed
// and expected counts of the B bins, X^2 = sum (O - E)^2 / E is asymptotically
// chi-square with B - 1 degrees of freedom when the sampler is exact (the law is
// fully specified, nothing is estimated), and the test asserts its p-value
// Q(X^2; B - 1) = gsl_cdf_chisq_Q > 1e-4. Each such test fails a correct sampler with
// probability 1e-4; there are 26 Poisson + 33 binomial + 1 tail-refinement tests,
// so a correct sampler fails any of them with probability at most 60e-4 = 0.6 %
// (Bonferroni). The seeds are fixed, so the suite is deterministic: that 0.6 % is
// the chance that these seeds would have been unlucky, not a flake rate.
//
// Moments. The sample mean m and unbiased variance s^2 of the same draws must lie
// within 5 standard errors of the closed forms: SE(m) = sqrt(sigma^2 / N),
// SE(s^2) = sqrt(mu4 / N - sigma^4 (N - 3) / (N (N - 1))) (exact for i.i.d. draws), with
// Poisson(l): sigma^2 = l, mu4 = l (1 + 3 l); Binomial(n, p): sigma^2 = npq,
// mu4 = npq (1 + 3 (n - 2) pq). |z| > 5 has probability 5.7e-7, so the 2 x 59 moment
// checks add 7e-5 to the false-alarm rate.
final class FastSamplerTests: XCTestCase {
  static let draws = 1_000_000
  static let pValueFloor = 1e-4

  /// Poisson means across the domain: the inversion (mean < 20), both sides of the
  /// switch to PTRS at 20 (and of 10, where PTRS's constants start to hold), PTRS up
  /// to just under 2^30, where `largePoisson` takes over.
  static let poissonMeans: [Double] = [
    0.001, 0.1, 0.5, 1, 2, 5, 9.99, 10, 10.01, 15, 19.99, 20, 20.01, 30, 50, 100, 140, 150, 600, 1000, 1e4, 1e5,
    1e6, 1e7, 1e8, 1e9,
  ]

  /// Binomial (n, p): small n; n p just below and above the switch at 20 (after the
  /// symmetry p -> 1 - p for p > 0.5); p near 0, near 0.5, near 1 and above 0.5;
  /// n on both sides of 2^16 (how pmf(0) is computed); n up to Int32.max.
  static let binomialCases: [(n: Int, p: Double)] = [
    (1, 0.5), (3, 0.5), (5, 0.3), (10, 0.9), (12, 0.999999), (19, 0.5), (39, 0.5), (40, 0.5), (41, 0.5),
    (40, 0.6), (60, 0.6), (100, 0.05), (100, 0.1999), (100, 0.2), (100, 0.2001), (200, 0.3), (1000, 0.0001),
    (50, 0.95), (1000, 0.995), (1000, 0.98), (1000, 0.5), (1000, 0.7), (65535, 1e-4), (65536, 1e-4),
    (1_000_000, 1e-6), (1_000_000, 1.999e-5), (1_000_000, 2.001e-5), (1_000_000, 0.3), (1_000_000, 0.5),
    (1_000_000, 0.999), (1_000_000_000, 1e-8), (1_000_000_000, 3e-8), (2_147_483_647, 0.2),
  ]

  func testPoissonMatchesGSLCDFAndMoments() throws {
    var worst = (p: 1.0, label: "")
    for (i, mean) in Self.poissonMeans.enumerated() {
      let seed = 0xFA57_0000 + UInt64(i)
      let rng = try GSLRandom(name: "mt19937", seed: seed)
      let xs = (0..<Self.draws).map { _ in rng.fastPoisson(mean: mean) }
      let label = "Poisson(\(mean)) [seed \(seed)]"
      XCTAssert(xs.allSatisfy { $0 >= 0 }, "\(label): a negative draw")
      let law = PoissonReference(mean: mean)
      let fit = countChiSquare(
        xs, mean: mean, sd: mean.squareRoot(), support: 0...Int.max, cdf: law.cdf, sf: law.sf)
      XCTAssertGreaterThan(fit.pValue, Self.pValueFloor, "\(label): \(fit)")
      if fit.pValue < worst.p { worst = (fit.pValue, label) }
      assertCountMoments(label, xs, mean: mean, variance: mean, mu4: mean * (1 + 3 * mean))
    }
    print("FastSamplerTests Poisson: worst chi-square p-value \(worst.p) at \(worst.label)")
  }

  func testBinomialMatchesGSLCDFAndMoments() throws {
    var worst = (p: 1.0, label: "")
    for (i, c) in Self.binomialCases.enumerated() {
      let seed = 0xB170_0000 + UInt64(i)
      let rng = try GSLRandom(name: "mt19937", seed: seed)
      let xs = (0..<Self.draws).map { _ in rng.fastBinomial(n: c.n, p: c.p) }
      let label = "Binomial(\(c.n), \(c.p)) [seed \(seed)]"
      XCTAssert(xs.allSatisfy { $0 >= 0 && $0 <= c.n }, "\(label): a draw outside 0...n")
      let nd = Double(c.n)
      let pq = c.p * (1 - c.p)
      let fit = countChiSquare(
        xs, mean: nd * c.p, sd: (nd * pq).squareRoot(), support: 0...c.n,
        cdf: { gsl_cdf_binomial_P(UInt32($0), c.p, UInt32(c.n)) },
        sf: { gsl_cdf_binomial_Q(UInt32($0), c.p, UInt32(c.n)) })
      XCTAssertGreaterThan(fit.pValue, Self.pValueFloor, "\(label): \(fit)")
      if fit.pValue < worst.p { worst = (fit.pValue, label) }
      assertCountMoments(label, xs, mean: nd * c.p, variance: nd * pq, mu4: nd * pq * (1 + 3 * (nd - 2) * pq))
    }
    print("FastSamplerTests binomial: worst chi-square p-value \(worst.p) at \(worst.label)")
  }

  /// GSL's Poisson CDF (GSL 2.7's gamma_inc underneath) is wrong at large means, from
  /// one to a few sd below the mean: off by 5e-5 at a mean of 3e6, 5e-3 at 1e7, 0.06
  /// at 1e8 and 0.11 at 1e9 (checked against scipy), so `PoissonReference` sums GSL's
  /// pmf there. Here: the sum agrees with gsl_cdf_poisson_P/Q where those are right
  /// (means 1e3 and 1e6), and the CDF's error at 1e8 is still there (if a GSL update
  /// fixes it, the reference can go back to the CDF at every mean).
  func testPoissonReferenceAgreesWithGSLCDFWhereThatIsRight() {
    for mean in [1e3, 1e6] {
      let summed = PoissonReference(mean: mean, summing: true)
      let sd = mean.squareRoot()
      for z in stride(from: -8.0, through: 8, by: 0.25) {
        let k = Int(mean + z * sd)
        XCTAssertEqual(summed.cdf(k), gsl_cdf_poisson_P(UInt32(k), mean), accuracy: 1e-9, "mean \(mean), k \(k)")
        XCTAssertEqual(summed.sf(k), gsl_cdf_poisson_Q(UInt32(k), mean), accuracy: 1e-9, "mean \(mean), k \(k)")
      }
    }
    let mean = 1e8
    let summed = PoissonReference(mean: mean, summing: true)
    let k = Int(mean - 1.5 * mean.squareRoot())
    XCTAssertGreaterThan(abs(summed.cdf(k) - gsl_cdf_poisson_P(UInt32(k), mean)), 0.01)
    // GSL's pmf sums to 1 + 7e-8 here (lnfact(k) ~ 1.7e9 is rounded to ~2e-7).
    XCTAssertEqual(summed.cdf(k) + summed.sf(k), 1, accuracy: 1e-6)
  }

  /// The chi-square test has power: draws of a law 0.5 % off are rejected.
  func testChiSquareRejectsAShiftedLaw() throws {
    let rng = try GSLRandom(name: "mt19937", seed: 11)
    let poisson = (0..<200_000).map { _ in rng.fastPoisson(mean: 100.5) }
    let p1 = countChiSquare(
      poisson, mean: 100, sd: 10, support: 0...Int.max,
      cdf: { gsl_cdf_poisson_P(UInt32($0), 100) }, sf: { gsl_cdf_poisson_Q(UInt32($0), 100) }
    ).pValue
    XCTAssertLessThan(p1, Self.pValueFloor, "Poisson(100.5) passed as Poisson(100)")
    let binomial = (0..<200_000).map { _ in rng.fastBinomial(n: 200, p: 0.3015) }
    let p2 = countChiSquare(
      binomial, mean: 60, sd: 42.0.squareRoot(), support: 0...200,
      cdf: { gsl_cdf_binomial_P(UInt32($0), 0.3, 200) }, sf: { gsl_cdf_binomial_Q(UInt32($0), 0.3, 200) }
    ).pValue
    XCTAssertLessThan(p2, Self.pValueFloor, "Binomial(200, 0.3015) passed as Binomial(200, 0.3)")
  }

  // MARK: Edge cases

  func testPoissonEdgeCasesGiveZeroAndDrawNothing() throws {
    for mean in [0, -0.0, -1, -Double.infinity, Double.nan, -Double.greatestFiniteMagnitude] {
      let rng = try GSLRandom(name: "mt19937", seed: 5)
      let fresh = try GSLRandom(name: "mt19937", seed: 5)
      XCTAssertEqual(rng.fastPoisson(mean: mean), 0, "mean \(mean)")
      XCTAssertEqual(rng.uniform(), fresh.uniform(), "mean \(mean) drew from the generator")
    }
    // The smallest positive means: pmf(0) = exp(-mean) rounds to 1, so 0 every time.
    let rng = try GSLRandom(name: "mt19937", seed: 6)
    for mean in [Double.leastNonzeroMagnitude, 1e-300, 1e-17] {
      for _ in 0..<1000 { XCTAssertEqual(rng.fastPoisson(mean: mean), 0, "mean \(mean)") }
    }
  }

  /// Means of 2^30 and more go to `largePoisson`, draw for draw; just below, PTRS.
  func testPoissonHugeMeansUseLargePoisson() throws {
    let limit = GSLRandom.poissonDirectLimit
    for mean in [limit, limit * 3.5, limit * 1024, 1e13, 1e300, Double.infinity] {
      let a = try GSLRandom(name: "mt19937", seed: 17)
      let b = try GSLRandom(name: "mt19937", seed: 17)
      for _ in 0..<5 { XCTAssertEqual(a.fastPoisson(mean: mean), b.largePoisson(mean: mean), "mean \(mean)") }
    }
    // Just below the limit, PTRS: the mean of 1,000 draws of Poisson(m) has SE
    // sqrt(m / 1000); within 4.5 SE (two-sided 6.8e-6). And its variance: the sample
    // variance s^2 of n Poisson draws has variance about m^2 x 2/(n - 1) + m/n (the
    // fourth central moment is 3 m^2 + m), so SE(s^2) = m sqrt(2/999) to 1 part in 10^9;
    // within 4.5 SE of m. A sampler off by 0.01 % in the mean is 100 SE out at this m.
    let rng = try GSLRandom(name: "mt19937", seed: 18)
    let mean = limit.nextDown
    let n = 1000
    let draws = (0..<n).map { _ in Double(rng.fastPoisson(mean: mean)) }
    let moments = SampleMoments(draws)
    XCTAssertEqual(moments.mean, mean, accuracy: 4.5 * (mean / Double(n)).squareRoot(), "mean of Poisson(\(mean))")
    XCTAssertEqual(
      moments.variance, mean, accuracy: 4.5 * mean * (2 / Double(n - 1)).squareRoot(), "variance of Poisson(\(mean))")
  }

  func testBinomialEdgeCases() throws {
    let cases: [(n: Int, p: Double, expected: Int)] = [
      (0, 0.5, 0), (-3, 0.5, 0), (10, 0, 0), (10, -0.5, 0), (10, -0.0, 0), (10, .nan, 0), (0, 1, 0),
      (10, 1, 10), (10, 1.5, 10), (10, .infinity, 10), (-3, 1, 0), (1 << 40, 1, 1 << 40),
    ]
    for c in cases {
      let rng = try GSLRandom(name: "mt19937", seed: 5)
      let fresh = try GSLRandom(name: "mt19937", seed: 5)
      XCTAssertEqual(rng.fastBinomial(n: c.n, p: c.p), c.expected, "n \(c.n), p \(c.p)")
      XCTAssertEqual(rng.uniform(), fresh.uniform(), "n \(c.n), p \(c.p) drew from the generator")
    }
    let rng = try GSLRandom(name: "mt19937", seed: 7)
    // The count of ones in 10,000 Bernoulli(0.5) draws is Binomial(10,000, 0.5): mean
    // np = 5,000, sd sqrt(npq) = sqrt(10,000 x 0.5 x 0.5) = 50; within 5 sd (p = 5.7e-7).
    let ones = (0..<10_000).reduce(0) { sum, _ in sum + rng.fastBinomial(n: 1, p: 0.5) }
    XCTAssertEqual(Double(ones), 5000, accuracy: 5 * 50, "Bernoulli(0.5) through fastBinomial")
    // p next to 0 and 1.
    for _ in 0..<1000 { XCTAssertEqual(rng.fastBinomial(n: 1000, p: 1e-300), 0) }
    for _ in 0..<1000 { XCTAssertEqual(rng.fastBinomial(n: 1000, p: 1 - 1e-16), 1000) }
  }

  func testDrawsAreDeterministicForASeed() throws {
    func sequence(seed: UInt64) throws -> [Int] {
      let rng = try GSLRandom(name: "mt19937", seed: seed)
      var out: [Int] = []
      for i in 0..<2000 {
        let mean = [0.7, 12, 19.99, 20, 150, 6e5, 2e9][i % 7]
        out.append(rng.fastPoisson(mean: mean))
        let (n, p) = [(10, 0.3), (100, 0.2), (200, 0.3), (1_000_000, 0.7), (50, 0.99)][i % 5]
        out.append(rng.fastBinomial(n: n, p: p))
      }
      return out
    }
    XCTAssertEqual(try sequence(seed: 42), try sequence(seed: 42))
    XCTAssertNotEqual(try sequence(seed: 42), try sequence(seed: 43))
    // Other GSL generators work too (without the inversion's refinement).
    let taus = try GSLRandom(name: "taus2", seed: 3)
    let taus2 = try GSLRandom(name: "taus2", seed: 3)
    for mean in [0.5, 5, 50, 5000] { XCTAssertEqual(taus.fastPoisson(mean: mean), taus2.fastPoisson(mean: mean)) }
  }

  // MARK: The inversion's tail

  /// The refinement assumes mt19937's `gsl_rng_uniform` is a 32-bit word / 2^32.
  func testMT19937UniformsAreMultiplesOf2ToMinus32() throws {
    let rng = try GSLRandom(name: "mt19937", seed: 99)
    for _ in 0..<100_000 {
      let w = rng.uniform() * 0x1p32
      XCTAssertEqual(w, w.rounded(), "a uniform finer than 2^-32")
      XCTAssertLessThan(w, 0x1p32)
    }
    XCTAssertEqual(GSLRandom.mt19937UniformSpacing, 0x1p-32)
  }

  /// u = 1 - 2^-32, the top cell of mt19937's uniforms, holds P(X > 12) = 0.24 of its
  /// 2^-32 of Poisson(1) probability above F(12): a 32-bit inversion would always
  /// return 12 there. The refined search must return k with probability
  /// (min(Q(k - 1), h) - min(Q(k), h)) / h, h = 2^-32, Q(k) = P(X > k) (chi-square as
  /// above: 12, 13, 14 and more).
  func testInversionRefinesTheTopCellExactly() throws {
    let h = 0x1p-32
    let rng = try GSLRandom(name: "mt19937", seed: 1234)
    let n = 100_000
    var counts = [0, 0, 0]
    for _ in 0..<n {
      let k = rng.invertDiscrete(u: 1 - h, first: exp(-1), alpha: 1, beta: 0, bound: GSLRandom.inversionSearchBound)
      XCTAssertGreaterThanOrEqual(k, 12)
      counts[min(k, 14) - 12] += 1
    }
    let q = { (k: Int) in min(gsl_cdf_poisson_Q(UInt32(k), 1), h) }
    let probabilities = [(q(11) - q(12)) / h, (q(12) - q(13)) / h, q(13) / h]
    XCTAssertEqual(probabilities.reduce(0, +), 1, accuracy: 1e-6)
    var statistic = 0.0
    for (o, prob) in zip(counts, probabilities) {
      let e = Double(n) * prob
      statistic += (Double(o) - e) * (Double(o) - e) / e
    }
    let pValue = gsl_cdf_chisq_Q(statistic, 2)
    XCTAssertGreaterThan(pValue, Self.pValueFloor, "counts \(counts), expected \(probabilities.map { $0 * Double(n) })")
    // Without the refinement (a generator other than mt19937) the cell maps to 12.
    let taus = try GSLRandom(name: "taus2", seed: 1)
    XCTAssertEqual(
      taus.invertDiscrete(u: 1 - h, first: exp(-1), alpha: 1, beta: 0, bound: GSLRandom.inversionSearchBound), 12)
  }

  /// A search that runs past its bound starts again: a "pmf" of 0.5, 0, 0, ... (mass
  /// 0.5) can only end at 0, from a fresh uniform below 0.5.
  func testInversionRestartsPastTheBound() throws {
    let rng = try GSLRandom(name: "mt19937", seed: 77)
    for i in 0..<1000 {
      let u = 0.5 + Double(i) / 2000
      XCTAssertEqual(rng.invertDiscrete(u: u, first: 0.5, alpha: 0, beta: 0, bound: 73), 0)
    }
  }

  /// pmf(0) = (1 - p)^n by binary powering (n < 2^16) within its stated 2 n ulps of
  /// exp(n log1p(-p)) (itself within ~30 ulps).
  func testBinomialZeroProbabilityIsAccurate() {
    for n in [1, 2, 3, 7, 100, 1000, 1023, 4097, 65535] {
      for p in [1e-9, 1e-5, 0.001, 0.01, 0.1, 0.3, 0.5] where Double(n) * p < GSLRandom.fastBinomialInversionLimit {
        let reference = exp(Double(n) * log1p(-p))
        let got = GSLRandom.binomialZeroProbability(n: n, p: p)
        XCTAssertEqual(got, reference, accuracy: (2 * Double(n) + 30) * 0x1p-53 * reference, "n \(n), p \(p)")
      }
    }
  }

  /// `logPoissonPMF` against 50-digit values of k log(mean) - mean - log k!
  /// (mpmath); plain k log(mean) - mean - lgamma(k + 1) in doubles is off by 1.8e-6 and
  /// 5.3e-6 at the two cases near 2^30.
  func testLogPoissonPMFIsAccurate() {
    let cases: [(k: Int, mean: Double, value: Double)] = [
      (0, 20.5, -20.5), (7, 20.5, -7.882187158054876839), (15, 20.5, -3.0928980916754541493),
      (16, 20.5, -2.8450619277708728926), (20, 20.5, -2.4271187378662351407), (45, 20.5, -13.704813762630902632),
      (150, 150.0, -3.4248117349853213559), (187, 150.0, -7.763449829813628563),
      (600, 600.25, -4.1175943185590350999), (1_000_123, 1e6, -7.8343195816025269829),
      (1_073_741_000, 1_073_741_823.5, -11.316461647307018313),
      (1_073_900_000, 1_073_741_823.5, -22.966402511760482518), (5, 1e9, -999999901.17116255805),
      (16, 1e9, -999999699.09960671494), (1_000_000_000, 20.5, -16702840982.582620113),
    ]
    for c in cases {
      // ~1e-16 of |k - mean| is lost in k log1p(d / mean) - d: 2e-11 at the second
      // case near 2^30, still 1e5 times better than lgamma.
      let got = GSLRandom.logPoissonPMF(c.k, mean: c.mean)
      let tolerance = 1e-13 + 4e-16 * abs(Double(c.k) - c.mean) + 1e-15 * abs(c.value)
      XCTAssertEqual(got, c.value, accuracy: tolerance, "k \(c.k), mean \(c.mean)")
    }
  }
}

// MARK: - Helpers

/// P(X <= k) and P(X > k) for X ~ Poisson(mean) from GSL: gsl_cdf_poisson_P / _Q up
/// to a mean of 1e6, and above that (where they are wrong; see
/// `testPoissonReferenceAgreesWithGSLCDFWhereThatIsRight`) running sums of GSL's pmf,
/// gsl_ran_poisson_pdf, over mean -/+ 12 sd (the mass outside is below 1e-32).
/// gsl_ran_poisson_pdf is exp(k log(mean) - lnfact(k) - mean), relatively off by
/// ~1e-7 at 1e8 and up to ~1e-5 at 1e9 (see `logPoissonPMF`): 1e6 draws cannot see it.
private struct PoissonReference {
  let mean: Double
  let low: Int
  let cumulative: [Double]  // P(X <= low + i)
  let upper: [Double]  // P(X > low + i)

  init(mean: Double, summing: Bool? = nil) {
    self.mean = mean
    guard summing ?? (mean > 1e6) else {
      (low, cumulative, upper) = (0, [], [])
      return
    }
    let sd = mean.squareRoot()
    let low = max(0, Int(mean - 12 * sd))
    let high = Int(mean + 12 * sd) + 40
    let pmf = (low...high).map { gsl_ran_poisson_pdf(UInt32($0), mean) }
    var below = [Double](repeating: 0, count: pmf.count)
    var above = [Double](repeating: 0, count: pmf.count)
    var sum = 0.0
    for i in pmf.indices {
      sum += pmf[i]
      below[i] = sum
    }
    sum = 0
    for i in pmf.indices.reversed() {
      above[i] = sum
      sum += pmf[i]
    }
    (self.low, cumulative, upper) = (low, below, above)
  }

  func cdf(_ k: Int) -> Double {
    if cumulative.isEmpty { return gsl_cdf_poisson_P(UInt32(k), mean) }
    let i = k - low
    return i < 0 ? 0 : i >= cumulative.count ? 1 : cumulative[i]
  }

  func sf(_ k: Int) -> Double {
    if upper.isEmpty { return gsl_cdf_poisson_Q(UInt32(k), mean) }
    let i = k - low
    return i < 0 ? 1 : i >= upper.count ? 0 : upper[i]
  }
}

/// A chi-square goodness-of-fit result (see the file's header for the binning).
private struct ChiSquareFit: CustomStringConvertible {
  let statistic: Double
  let degreesOfFreedom: Int
  let pValue: Double
  var description: String { "chi-square \(statistic), df \(degreesOfFreedom), p \(pValue)" }
}

/// Chi-square of integer draws against a law with P(X <= k) = `cdf(k)` and
/// P(X > k) = `sf(k)` on `support`: candidate bin edges every `stride` values (1, or
/// sd / 64 for wide laws) over mean -/+ 9 sd, merged until every bin expects >= 5.
/// A bin's probability is a difference of `cdf` below the median and of `sf` above,
/// so neither tail loses digits to 1 - x.
private func countChiSquare(
  _ xs: [Int], mean: Double, sd: Double, support: ClosedRange<Int>, cdf: (Int) -> Double, sf: (Int) -> Double
) -> ChiSquareFit {
  let n = Double(xs.count)
  let stride = max(1, Int(sd / 64))
  let low = max(support.lowerBound, Int((mean - 9 * sd).rounded(.down)))
  let high = min(support.upperBound, Int((mean + 9 * sd).rounded(.up)) + 40)
  // Upper edges of the bins; the last bin is everything above the last edge.
  var edges: [Int] = []
  var probabilities: [Double] = []
  var lastCDF = 0.0
  var lastSF = 1.0
  var k = low
  while k < high {
    let c = cdf(k)
    let s = sf(k)
    let mass = c <= 0.5 ? c - lastCDF : lastSF - s
    if n * mass >= 5 && n * s >= 5 {
      edges.append(k)
      probabilities.append(mass)
      lastCDF = c
      lastSF = s
    }
    k += stride
  }
  probabilities.append(lastSF)
  var counts = [Int](repeating: 0, count: probabilities.count)
  for x in xs {
    // The first edge >= x (binary search); past the last edge: the last bin.
    var lo = 0
    var hi = edges.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if edges[mid] >= x { hi = mid } else { lo = mid + 1 }
    }
    counts[lo] += 1
  }
  var statistic = 0.0
  for (o, p) in zip(counts, probabilities) {
    let e = n * p
    statistic += (Double(o) - e) * (Double(o) - e) / e
  }
  let df = probabilities.count - 1
  return ChiSquareFit(
    statistic: statistic, degreesOfFreedom: df, pValue: df >= 1 ? gsl_cdf_chisq_Q(statistic, Double(df)) : 0)
}

/// The sample mean and unbiased variance of `xs` within `momentTolerance` (5) standard
/// errors of `mean` and `variance` (SEs in the file's header).
private func assertCountMoments(
  _ label: String, _ xs: [Int], mean: Double, variance: Double, mu4: Double,
  file: StaticString = #filePath, line: UInt = #line
) {
  let n = Double(xs.count)
  // Sums of deviations from the closed-form mean: no cancellation at large means.
  var s1 = 0.0
  var s2 = 0.0
  for x in xs {
    let d = Double(x) - mean
    s1 += d
    s2 += d * d
  }
  let m = mean + s1 / n
  let s2Unbiased = (s2 - s1 * s1 / n) / (n - 1)
  let seMean = (variance / n).squareRoot()
  let seVariance = (mu4 / n - variance * variance * (n - 3) / (n * (n - 1))).squareRoot()
  let zMean = (m - mean) / seMean
  let zVariance = (s2Unbiased - variance) / seVariance
  XCTAssertLessThan(abs(zMean), momentTolerance, "\(label): mean \(m) vs \(mean), z = \(zMean)", file: file, line: line)
  XCTAssertLessThan(
    abs(zVariance), momentTolerance, "\(label): variance \(s2Unbiased) vs \(variance), z = \(zVariance)",
    file: file, line: line)
}

import Foundation
import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

/// Statistical tests of every distribution a scenario can name, at fixed seeds.
///
/// Each test draws 200,000 values from an mt19937 seeded with the seed in the test
/// and checks:
/// - the sample mean is within 5 SE of the closed-form mean, SE = sqrt(var / n);
/// - the sample variance is within 5 SE of the closed-form variance,
///   SE = sqrt((mu4 - sigma^4) / n), with mu4 the closed-form fourth central moment
///   (derived in the comments; every case here has one, so no sample estimate is
///   used);
/// - continuous distributions: a one-sample KS test on the same 200,000 draws
///   against GSL's CDF (or the exact closed form) does not reject at a false-alarm
///   probability of 1e-4 (D sqrt(n) < `ksCriticalOneIn10000` = 2.226, asymptotic
///   critical value). The 15 KS checks of this file (uniform, normal, truncated
///   normal x 2, lognormal x 2, triangular x 2, PERT, beta x 2, gamma x 2,
///   exponential, mixture) fail a correct sampler with probability at most
///   15 x 1e-4 = 0.15 %; the suite's whole KS budget is in SampleStatistics.swift;
/// - integer-valued distributions: every cell frequency within 5 SE of its
///   probability (GSL's CDF differences).
/// The test's own formulas for mean and variance must also agree with the library's
/// `mean` / `variance` (relative 1e-9), so those are checked independently.
final class DistributionTests: XCTestCase {
  // MARK: - Helpers for closed forms

  /// Fourth central moment from the kurtosis: mu4 = kurtosis * var^2.
  private func mu4(kurtosis: Double, variance: Double) -> Double { kurtosis * variance * variance }

  /// Excess kurtosis of Beta(a, b):
  /// 6 [(a - b)^2 (a + b + 1) - a b (a + b + 2)] / [a b (a + b + 2)(a + b + 3)].
  /// Scaling to [min, max] multiplies var by r^2 and mu4 by r^4, leaving it unchanged.
  private func betaExcessKurtosis(_ a: Double, _ b: Double) -> Double {
    6 * ((a - b) * (a - b) * (a + b + 1) - a * b * (a + b + 2)) / (a * b * (a + b + 2) * (a + b + 3))
  }

  private func make(
    _ f: () throws(DistributionError) -> Distribution, file: StaticString = #filePath, line: UInt = #line
  ) -> Distribution? {
    do { return try f() } catch {
      XCTFail("valid parameters rejected: \(error.message)", file: file, line: line)
      return nil
    }
  }

  // MARK: - constant

  func testConstant() {
    // E = v, Var = 0: every draw is v exactly (no SE to compare in).
    guard let d = make({ () throws(DistributionError) in try .makeConstant(2.5) }) else { return }
    let seed: UInt64 = 1001
    let xs = drawSample(d, n: 1000, seed: seed)
    XCTAssertTrue(xs.allSatisfy { $0 == 2.5 }, "constant [seed \(seed)]: a draw differs from 2.5")
    XCTAssertEqual(d.mean, 2.5)
    XCTAssertEqual(d.variance, 0)
    XCTAssertEqual(d.support, 2.5...2.5)
  }

  // MARK: - continuous

  func testUniform() {
    // U(a, b): E = (a + b)/2 = 3.5; Var = (b - a)^2/12 = 0.75; mu4 = (b - a)^4/80 (kurtosis 9/5).
    let a = 2.0
    let b = 5.0
    guard let d = make({ () throws(DistributionError) in try .makeUniform(min: a, max: b) }) else { return }
    let seed: UInt64 = 1002
    let xs = drawSample(d, seed: seed)
    assertMoments(
      "uniform(2, 5)", d, seed: seed, mean: (a + b) / 2, variance: (b - a) * (b - a) / 12,
      mu4: pow(b - a, 4) / 80, sample: xs)
    assertKS("uniform(2, 5)", seed: seed, sample: xs) { GSLCDF.flatP($0, min: a, max: b) }
    XCTAssertTrue(xs.allSatisfy { $0 >= a && $0 < b }, "uniform [seed \(seed)]: a draw outside [2, 5)")
  }

  func testNormal() {
    // N(m, s): E = m; Var = s^2; mu4 = 3 s^4.
    let m = -0.03
    let s = 0.015
    guard let d = make({ () throws(DistributionError) in try .makeNormal(mean: m, sd: s) }) else { return }
    let seed: UInt64 = 1003
    let xs = drawSample(d, seed: seed)
    assertMoments("normal(-0.03, 0.015)", d, seed: seed, mean: m, variance: s * s, mu4: 3 * pow(s, 4), sample: xs)
    assertKS("normal(-0.03, 0.015)", seed: seed, sample: xs) { GSLCDF.gaussianP($0 - m, sd: s) }
  }

  /// Closed-form moments of N(m, s) truncated to [lo, hi].
  ///
  /// With Z standard normal on [al, be], al = (lo - m)/s, be = (hi - m)/s,
  /// K = Phi(be) - Phi(al), integration by parts of z^k phi(z) gives the raw moments
  /// M_0 = 1, M_1 = (phi(al) - phi(be))/K,
  /// M_k = (k - 1) M_{k-2} + (al^(k-1) phi(al) - be^(k-1) phi(be))/K.
  /// Then E[X] = m + s M_1, Var = s^2 (M_2 - M_1^2),
  /// mu4 = s^4 (M_4 - 4 M_1 M_3 + 6 M_1^2 M_2 - 3 M_1^4).
  private func truncatedNormalMoments(m: Double, s: Double, lo: Double, hi: Double)
    -> (mean: Double, variance: Double, mu4: Double)
  {
    let al = (lo - m) / s
    let be = (hi - m) / s
    let phi = { (z: Double) in exp(-z * z / 2) / (2 * Double.pi).squareRoot() }
    let k = GSLCDF.ugaussianP(be) - GSLCDF.ugaussianP(al)
    var raw = [1.0, (phi(al) - phi(be)) / k]
    for j in 2...4 {
      let jd = Double(j)
      raw.append((jd - 1) * raw[j - 2] + (pow(al, jd - 1) * phi(al) - pow(be, jd - 1) * phi(be)) / k)
    }
    let m1 = raw[1]
    let mean = m + s * m1
    let variance = s * s * (raw[2] - m1 * m1)
    let c4 = raw[4] - 4 * m1 * raw[3] + 6 * m1 * m1 * raw[2] - 3 * pow(m1, 4)
    return (mean, variance, pow(s, 4) * c4)
  }

  private func checkTruncatedNormal(
    m: Double, s: Double, lo: Double, hi: Double, seed: UInt64,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    let label = "truncated_normal(\(m), \(s), [\(lo), \(hi)])"
    guard
      let d = make(
        { () throws(DistributionError) in try .makeTruncatedNormal(mean: m, sd: s, min: lo, max: hi) },
        file: file, line: line)
    else { return }
    let expected = truncatedNormalMoments(m: m, s: s, lo: lo, hi: hi)
    let xs = drawSample(d, seed: seed)
    assertMoments(
      label, d, seed: seed, mean: expected.mean, variance: expected.variance, mu4: expected.mu4,
      sample: xs, file: file, line: line)
    // Exact CDF: F(x) = (Phi((x - m)/s) - Phi(al)) / (Phi(be) - Phi(al)) on [lo, hi].
    let fa = GSLCDF.ugaussianP((lo - m) / s)
    let fb = GSLCDF.ugaussianP((hi - m) / s)
    assertKS(
      label, seed: seed, sample: xs,
      cdf: { x in
        x <= lo ? 0 : x >= hi ? 1 : (GSLCDF.ugaussianP((x - m) / s) - fa) / (fb - fa)
      }, file: file, line: line)
    XCTAssertTrue(
      xs.allSatisfy { $0 >= lo && $0 <= hi }, "\(label) [seed \(seed)]: a draw outside the bounds",
      file: file, line: line)
  }

  func testTruncatedNormal() {
    // Both sides cut, asymmetric: al = -0.5, be = 2.5.
    checkTruncatedNormal(m: 10, s: 4, lo: 8, hi: 20, seed: 1004)
    // Wholly in the upper tail (al = 1, be = 3): exercises the inverse CDF near 1.
    checkTruncatedNormal(m: 0, s: 1, lo: 1, hi: 3, seed: 1005)
  }

  func testLognormalFromMeanAndSD() {
    // Given the variable's mean M and sd S: sigma^2 = ln(1 + S^2/M^2), mu = ln M - sigma^2/2,
    // so E = exp(mu + sigma^2/2) = M and Var = (e^{sigma^2} - 1) e^{2 mu + sigma^2} = S^2.
    // mu4 = Var^2 (e^{4 sigma^2} + 2 e^{3 sigma^2} + 3 e^{2 sigma^2} - 3).
    let mm = 30.0
    let ss = 15.0
    guard let d = make({ () throws(DistributionError) in try .makeLognormal(mean: mm, sd: ss) }) else { return }
    let s2 = log(1 + ss * ss / (mm * mm))
    let mu = log(mm) - s2 / 2
    let kurt = exp(4 * s2) + 2 * exp(3 * s2) + 3 * exp(2 * s2) - 3
    let seed: UInt64 = 1006
    let xs = drawSample(d, seed: seed)
    assertMoments(
      "lognormal{mean 30, sd 15}", d, seed: seed, mean: mm, variance: ss * ss,
      mu4: mu4(kurtosis: kurt, variance: ss * ss), sample: xs)
    assertKS("lognormal{mean 30, sd 15}", seed: seed, sample: xs) {
      GSLCDF.lognormalP($0, mu: mu, sigma: s2.squareRoot())
    }
  }

  func testLognormalFromMuAndSigma() {
    // E = exp(mu + sigma^2/2); Var = (e^{sigma^2} - 1) e^{2 mu + sigma^2};
    // mu4 = Var^2 (e^{4 sigma^2} + 2 e^{3 sigma^2} + 3 e^{2 sigma^2} - 3).
    let mu = 0.5
    let sigma = 0.4
    guard let d = make({ () throws(DistributionError) in try .makeLognormal(mu: mu, sigma: sigma) }) else { return }
    let s2 = sigma * sigma
    let variance = (exp(s2) - 1) * exp(2 * mu + s2)
    let kurt = exp(4 * s2) + 2 * exp(3 * s2) + 3 * exp(2 * s2) - 3
    let seed: UInt64 = 1007
    let xs = drawSample(d, seed: seed)
    assertMoments(
      "lognormal{mu 0.5, sigma 0.4}", d, seed: seed, mean: exp(mu + s2 / 2), variance: variance,
      mu4: mu4(kurtosis: kurt, variance: variance), sample: xs)
    assertKS("lognormal{mu 0.5, sigma 0.4}", seed: seed, sample: xs) { GSLCDF.lognormalP($0, mu: mu, sigma: sigma) }
  }

  /// Triangular(a, c, b) exact CDF: (x-a)^2/((b-a)(c-a)) on [a, c], 1 - (b-x)^2/((b-a)(b-c)) on (c, b].
  private func triangularCDF(_ x: Double, a: Double, c: Double, b: Double) -> Double {
    if x <= a { return 0 }
    if x >= b { return 1 }
    if x <= c { return (x - a) * (x - a) / ((b - a) * (c - a)) }
    return 1 - (b - x) * (b - x) / ((b - a) * (b - c))
  }

  private func checkTriangular(
    a: Double, c: Double, b: Double, seed: UInt64,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    // E = (a + b + c)/3; Var = (a^2 + b^2 + c^2 - ab - ac - bc)/18;
    // excess kurtosis is -3/5 for every triangular, so mu4 = 2.4 Var^2.
    let label = "triangular(\(a), \(c), \(b))"
    guard
      let d = make(
        { () throws(DistributionError) in try .makeTriangular(min: a, mode: c, max: b) },
        file: file, line: line)
    else { return }
    let variance = (a * a + b * b + c * c - a * b - a * c - b * c) / 18
    let xs = drawSample(d, seed: seed)
    assertMoments(
      label, d, seed: seed, mean: (a + b + c) / 3, variance: variance,
      mu4: mu4(kurtosis: 2.4, variance: variance), sample: xs, file: file, line: line)
    assertKS(label, seed: seed, sample: xs, cdf: { self.triangularCDF($0, a: a, c: c, b: b) }, file: file, line: line)
  }

  func testTriangular() {
    checkTriangular(a: 0.10, c: 0.20, b: 0.35, seed: 1008)
    // Mode at the minimum: the inverse CDF's upper branch only.
    checkTriangular(a: 0, c: 0, b: 1, seed: 1009)
  }

  func testPERT() {
    // PERT(a, c, b) = a + (b - a) Beta(al, be), al = 1 + 4 (c - a)/(b - a), be = 1 + 4 (b - c)/(b - a).
    // (2, 3, 10): al = 1.5, be = 4.5; E = a + (b - a) al/(al + be) = 4 = (a + 4c + b)/6;
    // Var = (b - a)^2 al be / ((al + be)^2 (al + be + 1)) = 64 * 6.75 / 252;
    // mu4 = Var^2 (3 + beta excess kurtosis(al, be)).
    let a = 2.0
    let c = 3.0
    let b = 10.0
    guard let d = make({ () throws(DistributionError) in try .makePERT(min: a, mode: c, max: b) }) else { return }
    let al = 1 + 4 * (c - a) / (b - a)
    let be = 1 + 4 * (b - c) / (b - a)
    let variance = (b - a) * (b - a) * al * be / ((al + be) * (al + be) * (al + be + 1))
    XCTAssertEqual(variance, 64 * 6.75 / 252, accuracy: 1e-12)
    let seed: UInt64 = 1010
    let xs = drawSample(d, seed: seed)
    assertMoments(
      "pert(2, 3, 10)", d, seed: seed, mean: (a + 4 * c + b) / 6, variance: variance,
      mu4: mu4(kurtosis: 3 + betaExcessKurtosis(al, be), variance: variance), sample: xs)
    // Exact CDF: GSL's Beta(al, be) CDF at (x - a)/(b - a).
    assertKS("pert(2, 3, 10)", seed: seed, sample: xs) { GSLCDF.betaP(($0 - a) / (b - a), a: al, b: be) }
  }

  private func checkBeta(
    a: Double, b: Double, lo: Double, hi: Double, scaled: Bool, seed: UInt64,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    // lo + r Beta(a, b), r = hi - lo: E = lo + r a/(a + b); Var = r^2 a b / ((a + b)^2 (a + b + 1));
    // mu4 = Var^2 (3 + excess kurtosis(a, b)).
    let label = "beta(\(a), \(b))" + (scaled ? " on [\(lo), \(hi)]" : "")
    guard
      let d = make(
        { () throws(DistributionError) in
          scaled ? try .makeBeta(a: a, b: b, min: lo, max: hi) : try .makeBeta(a: a, b: b)
        }, file: file, line: line)
    else { return }
    let r = hi - lo
    let variance = r * r * a * b / ((a + b) * (a + b) * (a + b + 1))
    let xs = drawSample(d, seed: seed)
    assertMoments(
      label, d, seed: seed, mean: lo + r * a / (a + b), variance: variance,
      mu4: mu4(kurtosis: 3 + betaExcessKurtosis(a, b), variance: variance), sample: xs,
      file: file, line: line)
    assertKS(label, seed: seed, sample: xs, cdf: { GSLCDF.betaP(($0 - lo) / r, a: a, b: b) }, file: file, line: line)
  }

  func testBetaUnscaled() {
    checkBeta(a: 2, b: 5, lo: 0, hi: 1, scaled: false, seed: 1011)
  }

  func testBetaScaled() {
    // U-shaped (a, b < 1) and scaled to [-1, 3].
    checkBeta(a: 0.5, b: 0.5, lo: -1, hi: 3, scaled: true, seed: 1012)
  }

  private func checkGamma(k: Double, theta: Double, seed: UInt64, file: StaticString = #filePath, line: UInt = #line) {
    // Gamma(k, theta): E = k theta; Var = k theta^2; excess kurtosis 6/k, so mu4 = Var^2 (3 + 6/k).
    let label = "gamma(shape \(k), scale \(theta))"
    guard
      let d = make(
        { () throws(DistributionError) in try .makeGamma(shape: k, scale: theta) },
        file: file, line: line)
    else { return }
    let variance = k * theta * theta
    let xs = drawSample(d, seed: seed)
    assertMoments(
      label, d, seed: seed, mean: k * theta, variance: variance,
      mu4: mu4(kurtosis: 3 + 6 / k, variance: variance), sample: xs, file: file, line: line)
    assertKS(label, seed: seed, sample: xs, cdf: { GSLCDF.gammaP($0, shape: k, scale: theta) }, file: file, line: line)
  }

  func testGamma() {
    checkGamma(k: 2.5, theta: 3, seed: 1013)
    // shape < 1 takes another branch of GSL's sampler.
    checkGamma(k: 0.5, theta: 2, seed: 1014)
  }

  func testExponential() {
    // Exp(mean m): E = m; Var = m^2; excess kurtosis 6, so mu4 = 9 m^4.
    let m = 4.0
    guard let d = make({ () throws(DistributionError) in try .makeExponential(mean: m) }) else { return }
    let seed: UInt64 = 1015
    let xs = drawSample(d, seed: seed)
    assertMoments("exponential(4)", d, seed: seed, mean: m, variance: m * m, mu4: 9 * pow(m, 4), sample: xs)
    assertKS("exponential(4)", seed: seed, sample: xs) { GSLCDF.exponentialP($0, mean: m) }
  }

  func testMixture() {
    // 0.7 U(0.08, 0.10) + 0.3 U(0.20, 0.30). With component means c_i, variances v_i = w_i^2/12
    // (w_i the width) and fourth moments q_i = w_i^4/80:
    // E = sum p_i c_i = 0.138; Var = sum p_i (v_i + (c_i - E)^2) (law of total variance);
    // mu4 = sum p_i E[(Y_i + d_i)^4], d_i = c_i - E, Y_i centred: = sum p_i (d_i^4 + 6 d_i^2 v_i + q_i)
    // (odd central moments of a uniform vanish).
    let comps: [(lo: Double, hi: Double)] = [(0.08, 0.10), (0.20, 0.30)]
    let w = [0.7, 0.3]
    guard
      let d = make({ () throws(DistributionError) in
        try .makeMixture(
          components: [try .makeUniform(min: 0.08, max: 0.10), try .makeUniform(min: 0.20, max: 0.30)],
          weights: w)
      })
    else { return }
    let c = comps.map { ($0.lo + $0.hi) / 2 }
    let v = comps.map { ($0.hi - $0.lo) * ($0.hi - $0.lo) / 12 }
    let q = comps.map { pow($0.hi - $0.lo, 4) / 80 }
    let mean = w[0] * c[0] + w[1] * c[1]
    XCTAssertEqual(mean, 0.138, accuracy: 1e-12)
    let variance = (0..<2).reduce(0.0) { $0 + w[$1] * (v[$1] + (c[$1] - mean) * (c[$1] - mean)) }
    let m4 = (0..<2).reduce(0.0) {
      let di = c[$1] - mean
      return $0 + w[$1] * (pow(di, 4) + 6 * di * di * v[$1] + q[$1])
    }
    let seed: UInt64 = 1016
    let xs = drawSample(d, seed: seed)
    assertMoments(
      "mixture(0.7 U(0.08,0.10), 0.3 U(0.20,0.30))", d, seed: seed, mean: mean, variance: variance,
      mu4: m4, sample: xs)
    // Exact CDF: the weighted sum of the components' CDFs.
    assertKS("mixture(0.7 U(0.08,0.10), 0.3 U(0.20,0.30))", seed: seed, sample: xs) { x in
      w[0] * GSLCDF.flatP(x, min: 0.08, max: 0.10) + w[1] * GSLCDF.flatP(x, min: 0.20, max: 0.30)
    }
    XCTAssertTrue(
      xs.allSatisfy { ($0 >= 0.08 && $0 < 0.10) || ($0 >= 0.20 && $0 < 0.30) },
      "mixture [seed \(seed)]: a draw outside both components")
  }

  // MARK: - integer-valued

  private func checkPoisson(lambda: Double, seed: UInt64, file: StaticString = #filePath, line: UInt = #line) {
    // Poisson(l): E = Var = l; mu4 = l + 3 l^2.
    let label = "poisson(\(lambda))"
    guard let d = make({ () throws(DistributionError) in try .makePoisson(mean: lambda) }, file: file, line: line)
    else { return }
    let xs = drawSample(d, seed: seed)
    assertMoments(
      label, d, seed: seed, mean: lambda, variance: lambda, mu4: lambda + 3 * lambda * lambda,
      sample: xs, file: file, line: line)
    // P(X = k) = F(k) - F(k - 1) from GSL's CDF (F(-1) = 0).
    let top = Int(lambda + 10 * lambda.squareRoot() + 10)
    let pmf = (0...top).map { k in
      (value: Double(k), p: GSLCDF.poissonP(k, mean: lambda) - GSLCDF.poissonP(k - 1, mean: lambda))
    }
    assertFrequencies(label, seed: seed, sample: xs, pmf: pmf, file: file, line: line)
  }

  func testPoisson() {
    checkPoisson(lambda: 3.7, seed: 1017)
    // GSL switches algorithm for larger means.
    checkPoisson(lambda: 250, seed: 1018)
  }

  func testBinomial() {
    // Binomial(n, p): E = n p; Var = n p q; mu4 = n p q (1 + 3 (n - 2) p q), q = 1 - p.
    let n = 40
    let p = 0.3
    let q = 0.7
    guard let d = make({ () throws(DistributionError) in try .makeBinomial(n: Double(n), p: p) }) else { return }
    let npq = Double(n) * p * q
    let seed: UInt64 = 1019
    let xs = drawSample(d, seed: seed)
    assertMoments(
      "binomial(40, 0.3)", d, seed: seed, mean: Double(n) * p, variance: npq,
      mu4: npq * (1 + 3 * Double(n - 2) * p * q), sample: xs)
    let pmf = (0...n).map { k in
      (value: Double(k), p: GSLCDF.binomialP(k, p: p, n: n) - GSLCDF.binomialP(k - 1, p: p, n: n))
    }
    assertFrequencies("binomial(40, 0.3)", seed: seed, sample: xs, pmf: pmf)
  }

  func testBernoulli() {
    // Bernoulli(p): E = p; Var = p q; mu4 = p q^4 + q p^4 = p q (1 - 3 p q).
    // (p = 0.5 would make mu4 = sigma^4: no spread to test the variance in.)
    let p = 0.3
    let q = 0.7
    guard let d = make({ () throws(DistributionError) in try .makeBernoulli(p: p) }) else { return }
    let seed: UInt64 = 1020
    let xs = drawSample(d, seed: seed)
    assertMoments("bernoulli(0.3)", d, seed: seed, mean: p, variance: p * q, mu4: p * q * (1 - 3 * p * q), sample: xs)
    assertFrequencies("bernoulli(0.3)", seed: seed, sample: xs, pmf: [(0, q), (1, p)])
  }

  func testDiscrete() {
    // values [1, 2, 5, 10], weights [4, 3, 2, 1] (not normalised): p = [0.4, 0.3, 0.2, 0.1].
    // E = sum p_i x_i = 3; Var = sum p_i x_i^2 - E^2 = 16.6 - 9 = 7.6; mu4 = sum p_i (x_i - E)^4.
    let values = [1.0, 2, 5, 10]
    let weights = [4.0, 3, 2, 1]
    guard let d = make({ () throws(DistributionError) in try .makeDiscrete(values: values, weights: weights) })
    else { return }
    let probs = weights.map { $0 / 10 }
    let mean = zip(values, probs).reduce(0) { $0 + $1.0 * $1.1 }
    XCTAssertEqual(mean, 3, accuracy: 1e-12)
    let variance = zip(values, probs).reduce(0) { $0 + $1.0 * $1.0 * $1.1 } - mean * mean
    XCTAssertEqual(variance, 7.6, accuracy: 1e-12)
    let m4 = zip(values, probs).reduce(0) { $0 + pow($1.0 - mean, 4) * $1.1 }
    let seed: UInt64 = 1021
    let xs = drawSample(d, seed: seed)
    assertMoments("discrete([1,2,5,10], [4,3,2,1])", d, seed: seed, mean: mean, variance: variance, mu4: m4, sample: xs)
    assertFrequencies(
      "discrete([1,2,5,10], [4,3,2,1])", seed: seed, sample: xs,
      pmf: zip(values, probs).map { (value: $0.0, p: $0.1) })
  }

  func testIntegerCDFsBelowZero() {
    // F(k) = 0 for k < 0 (GSLCDF used to trap converting a negative k to UInt32).
    XCTAssertEqual(GSLCDF.poissonP(-1, mean: 2), 0)
    XCTAssertEqual(GSLCDF.binomialP(-3, p: 0.5, n: 4), 0)
    XCTAssertEqual(GSLCDF.poissonP(0, mean: 2), exp(-2), accuracy: 1e-15)
    XCTAssertEqual(GSLCDF.binomialP(4, p: 0.5, n: 4), 1, accuracy: 1e-15)
  }

  // MARK: - edges that are valid

  func testDegenerateButValidParameters() throws {
    let rng = try GSLRandom(name: "mt19937", seed: 1022)
    let cases: [(String, Distribution, Double)] = [
      ("uniform(1, 1)", try Distribution.makeUniform(min: 1, max: 1), 1),
      ("triangular(2, 2, 2)", try Distribution.makeTriangular(min: 2, mode: 2, max: 2), 2),
      ("poisson(0)", try Distribution.makePoisson(mean: 0), 0),
      ("binomial(0, 0.5)", try Distribution.makeBinomial(n: 0, p: 0.5), 0),
      ("binomial(7, 1)", try Distribution.makeBinomial(n: 7, p: 1), 7),
      ("binomial(7, 0)", try Distribution.makeBinomial(n: 7, p: 0), 0),
      ("bernoulli(0)", try Distribution.makeBernoulli(p: 0), 0),
      ("bernoulli(1)", try Distribution.makeBernoulli(p: 1), 1),
      ("discrete([3, 4], [0, 1])", try Distribution.makeDiscrete(values: [3, 4], weights: [0, 1]), 4),
    ]
    for (label, d, value) in cases {
      for i in 0..<1000 {
        let x = d.sample(using: rng)
        if x != value {
          XCTFail("\(label) [seed 1022]: draw \(i) = \(x), expected always \(value)")
          break
        }
      }
      XCTAssertEqual(d.mean, value, "\(label): mean")
      XCTAssertEqual(d.variance, 0, accuracy: 1e-15, "\(label): variance")
    }
  }

  func testKindNamesMatchCatalog() throws {
    let all: [Distribution] = [
      try .makeConstant(1), try .makeUniform(min: 0, max: 1), try .makeNormal(mean: 0, sd: 1),
      try .makeTruncatedNormal(mean: 0, sd: 1, min: -1, max: 1), try .makeLognormal(mu: 0, sigma: 1),
      try .makeTriangular(min: 0, mode: 0.5, max: 1), try .makePERT(min: 0, mode: 0.5, max: 1),
      try .makeBeta(a: 2, b: 2), try .makeGamma(shape: 1, scale: 1), try .makeExponential(mean: 1),
      try .makePoisson(mean: 1), try .makeBinomial(n: 2, p: 0.5), try .makeBernoulli(p: 0.5),
      try .makeDiscrete(values: [1], weights: [1]),
      try .makeMixture(components: [try .makeConstant(1)], weights: [1]),
    ]
    XCTAssertEqual(all.map(\.kindName), DistributionKind.names)
  }

  /// run.json's JSON form of every kind is a distribution a scenario file can hold:
  /// written back as a `market:` entry (JSON is YAML), it loads to the same record.
  func testRecordedFormReadsBackAsTheSameDistribution() throws {
    let all: [Distribution] = [
      try .makeConstant(1.5), try .makeUniform(min: 0, max: 1), try .makeNormal(mean: 0.1, sd: 2),
      try .makeTruncatedNormal(mean: 0, sd: 1, min: -1, max: 2), try .makeLognormal(mu: 0.3, sigma: 1),
      try .makeTriangular(min: 0, mode: 0.25, max: 1), try .makePERT(min: 0, mode: 0.5, max: 3),
      try .makeBeta(a: 2, b: 3, min: 1, max: 4), try .makeGamma(shape: 1, scale: 2), try .makeExponential(mean: 1),
      try .makePoisson(mean: 7), try .makeBinomial(n: 12, p: 0.25), try .makeBernoulli(p: 0.5),
      try .makeDiscrete(values: [1, 2], weights: [1, 3]),
      try .makeMixture(components: [try .makeConstant(1), try .makeNormal(mean: 0, sd: 1)], weights: [1, 1]),
    ]
    XCTAssertEqual(all.map(\.kind), DistributionKind.allCases, "one of each kind")
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    for d in all {
      let json = String(decoding: try encoder.encode(d.recorded), as: UTF8.self)
      let yaml = """
        market: {x: \(json)}
        models:
          m:
            clients: {initial: 1, seats: 1}
            streams: {managed_services: {price_per_seat: 1}}
        """
      let back = try ScenarioLoader.load(text: yaml, file: "recorded.yaml").market[0].distribution
      XCTAssertEqual(back.recorded, d.recorded, json)
      XCTAssertEqual(back.kind, d.kind, json)
    }
  }

  /// The table in docs/scenario-format.md ("Distributions") lists every kind with
  /// every parameter the reader takes, and nothing else.
  func testDocumentedTableMatchesTheKindTable() throws {
    let docs = Fixtures.repositoryRoot.appendingPathComponent("docs").appendingPathComponent("scenario-format.md")
    let text = try String(contentsOf: docs, encoding: .utf8)
    let after = try XCTUnwrap(text.components(separatedBy: "\n## Distributions").dropFirst().first)
    let section = after.components(separatedBy: "\n## ").first ?? after
    var documented: [String: String] = [:]
    for line in section.split(separator: "\n") where line.hasPrefix("| `") {
      let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
      documented[cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))] = cells[1]
    }
    XCTAssertEqual(Set(documented.keys), Set(DistributionKind.names), "documented kinds")
    for kind in DistributionKind.allCases {
      let cell = documented[kind.name] ?? ""
      for parameter in kind.requiredParameters + kind.optionalParameters {
        XCTAssertTrue(cell.contains("`\(parameter)"), "\(kind.name): `\(parameter)` not in '\(cell)'")
      }
      XCTAssertTrue(Listing.text().contains("  \(kind.name) "), "mspsim list lacks \(kind.name)")
    }
  }
}

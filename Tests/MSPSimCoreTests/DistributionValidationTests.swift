import XCTest

@testable import MSPSimCore

/// Every distribution's factory rejects bad parameters with a message that names the
/// parameter and shows the bad value, as a spreadsheet user typed it.
final class DistributionValidationTests: XCTestCase {
  /// Asserts `make` throws a `DistributionError` whose `parameter` is `parameter` and
  /// whose message contains every fragment (and `description` is the message).
  private func assertRejects(
    _ label: String, parameter: String, _ fragments: [String],
    _ make: () throws(DistributionError) -> Distribution,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    do {
      let d = try make()
      XCTFail("\(label): accepted, made \(d.kindName)", file: file, line: line)
    } catch {
      XCTAssertEqual(
        error.parameter, parameter, "\(label): wrong parameter in '\(error.message)'", file: file, line: line)
      for f in fragments {
        XCTAssertTrue(
          error.message.contains(f), "\(label): message '\(error.message)' lacks '\(f)'", file: file, line: line)
      }
      XCTAssertEqual(error.description, error.message, file: file, line: line)
    }
  }

  let nan = Double.nan
  let inf = Double.infinity

  func testSDMessageIsExact() {
    do {
      _ = try Distribution.makeNormal(mean: 0, sd: -2)
      XCTFail("normal sd -2 accepted")
    } catch {
      XCTAssertEqual(error.message, "sd must be > 0, got -2")
      XCTAssertEqual(error.parameter, "sd")
    }
  }

  func testConstant() {
    assertRejects("constant NaN", parameter: "value", ["value", "nan"]) { () throws(DistributionError) in
      try .makeConstant(nan)
    }
    assertRejects("constant inf", parameter: "value", ["value", "inf"]) { () throws(DistributionError) in
      try .makeConstant(inf)
    }
    assertRejects("constant -inf", parameter: "value", ["value", "-inf"]) { () throws(DistributionError) in
      try .makeConstant(-inf)
    }
  }

  func testUniform() {
    assertRejects("uniform min > max", parameter: "max", ["min", "max", "3", "1"]) { () throws(DistributionError) in
      try .makeUniform(min: 3, max: 1)
    }
    assertRejects("uniform min NaN", parameter: "min", ["min", "nan"]) { () throws(DistributionError) in
      try .makeUniform(min: nan, max: 1)
    }
    assertRejects("uniform max inf", parameter: "max", ["max", "inf"]) { () throws(DistributionError) in
      try .makeUniform(min: 0, max: inf)
    }
  }

  func testNormal() {
    assertRejects("normal sd 0", parameter: "sd", ["sd must be > 0, got 0"]) { () throws(DistributionError) in
      try .makeNormal(mean: 1, sd: 0)
    }
    assertRejects("normal sd -2", parameter: "sd", ["sd must be > 0, got -2"]) { () throws(DistributionError) in
      try .makeNormal(mean: 1, sd: -2)
    }
    assertRejects("normal sd -0.5", parameter: "sd", ["sd", "-0.5"]) { () throws(DistributionError) in
      try .makeNormal(mean: 1, sd: -0.5)
    }
    assertRejects("normal mean NaN", parameter: "mean", ["mean", "nan"]) { () throws(DistributionError) in
      try .makeNormal(mean: nan, sd: 1)
    }
    assertRejects("normal sd inf", parameter: "sd", ["sd", "inf"]) { () throws(DistributionError) in
      try .makeNormal(mean: 0, sd: inf)
    }
    assertRejects("normal sd NaN", parameter: "sd", ["sd", "nan"]) { () throws(DistributionError) in
      try .makeNormal(mean: 0, sd: nan)
    }
  }

  func testTruncatedNormal() {
    assertRejects("truncated_normal sd -1", parameter: "sd", ["sd", "-1"]) { () throws(DistributionError) in
      try .makeTruncatedNormal(mean: 0, sd: -1, min: -1, max: 1)
    }
    assertRejects("truncated_normal min > max", parameter: "max", ["min", "max", "5", "2"]) {
      () throws(DistributionError) in
      try .makeTruncatedNormal(mean: 0, sd: 1, min: 5, max: 2)
    }
    assertRejects("truncated_normal min == max", parameter: "max", ["min", "max", "<", "2"]) {
      () throws(DistributionError) in
      try .makeTruncatedNormal(mean: 0, sd: 1, min: 2, max: 2)
    }
    assertRejects("truncated_normal bounds far in the tail", parameter: "min", ["100", "101"]) {
      () throws(DistributionError) in
      try .makeTruncatedNormal(mean: 0, sd: 1, min: 100, max: 101)
    }
    assertRejects("truncated_normal mean inf", parameter: "mean", ["mean", "inf"]) { () throws(DistributionError) in
      try .makeTruncatedNormal(mean: inf, sd: 1, min: 0, max: 1)
    }
    assertRejects("truncated_normal max NaN", parameter: "max", ["max", "nan"]) { () throws(DistributionError) in
      try .makeTruncatedNormal(mean: 0, sd: 1, min: 0, max: nan)
    }
  }

  func testLognormalMeanSD() {
    assertRejects("lognormal mean -1", parameter: "mean", ["mean must be > 0, got -1"]) {
      () throws(DistributionError) in
      try .makeLognormal(mean: -1, sd: 1)
    }
    assertRejects("lognormal mean 0", parameter: "mean", ["mean", "got 0"]) { () throws(DistributionError) in
      try .makeLognormal(mean: 0, sd: 1)
    }
    assertRejects("lognormal sd -3", parameter: "sd", ["sd must be > 0, got -3"]) { () throws(DistributionError) in
      try .makeLognormal(mean: 30, sd: -3)
    }
    assertRejects("lognormal sd NaN", parameter: "sd", ["sd", "nan"]) { () throws(DistributionError) in
      try .makeLognormal(mean: 30, sd: nan)
    }
  }

  func testLognormalMuSigma() {
    assertRejects("lognormal sigma -0.5", parameter: "sigma", ["sigma must be > 0, got -0.5"]) {
      () throws(DistributionError) in
      try .makeLognormal(mu: 0, sigma: -0.5)
    }
    assertRejects("lognormal sigma 0", parameter: "sigma", ["sigma", "got 0"]) { () throws(DistributionError) in
      try .makeLognormal(mu: 0, sigma: 0)
    }
    assertRejects("lognormal mu NaN", parameter: "mu", ["mu", "nan"]) { () throws(DistributionError) in
      try .makeLognormal(mu: nan, sigma: 1)
    }
    assertRejects("lognormal mu -inf", parameter: "mu", ["mu", "-inf"]) { () throws(DistributionError) in
      try .makeLognormal(mu: -inf, sigma: 1)
    }
  }

  func testTriangular() {
    assertRejects("triangular min > max", parameter: "max", ["min", "max", "0.35", "0.1"]) {
      () throws(DistributionError) in
      try .makeTriangular(min: 0.35, mode: 0.2, max: 0.1)
    }
    assertRejects("triangular mode above max", parameter: "mode", ["mode", "[0, 1]", "2"]) {
      () throws(DistributionError) in
      try .makeTriangular(min: 0, mode: 2, max: 1)
    }
    assertRejects("triangular mode below min", parameter: "mode", ["mode", "-0.5"]) { () throws(DistributionError) in
      try .makeTriangular(min: 0, mode: -0.5, max: 1)
    }
    assertRejects("triangular mode NaN", parameter: "mode", ["mode", "nan"]) { () throws(DistributionError) in
      try .makeTriangular(min: 0, mode: nan, max: 1)
    }
    assertRejects("triangular min -inf", parameter: "min", ["min", "-inf"]) { () throws(DistributionError) in
      try .makeTriangular(min: -inf, mode: 0, max: 1)
    }
  }

  func testPERT() {
    assertRejects("pert min > max", parameter: "max", ["min", "max", "10", "2"]) { () throws(DistributionError) in
      try .makePERT(min: 10, mode: 3, max: 2)
    }
    assertRejects("pert mode above max", parameter: "mode", ["mode", "12"]) { () throws(DistributionError) in
      try .makePERT(min: 2, mode: 12, max: 10)
    }
    assertRejects("pert mode below min", parameter: "mode", ["mode", "1"]) { () throws(DistributionError) in
      try .makePERT(min: 2, mode: 1, max: 10)
    }
    assertRejects("pert min == max", parameter: "max", ["min", "max", "<", "4"]) { () throws(DistributionError) in
      try .makePERT(min: 4, mode: 4, max: 4)
    }
    assertRejects("pert max inf", parameter: "max", ["max", "inf"]) { () throws(DistributionError) in
      try .makePERT(min: 0, mode: 1, max: inf)
    }
  }

  func testBeta() {
    assertRejects("beta a 0", parameter: "a", ["a must be > 0, got 0"]) { () throws(DistributionError) in
      try .makeBeta(a: 0, b: 1)
    }
    assertRejects("beta b -2", parameter: "b", ["b must be > 0, got -2"]) { () throws(DistributionError) in
      try .makeBeta(a: 1, b: -2)
    }
    assertRejects("beta a NaN", parameter: "a", ["a", "nan"]) { () throws(DistributionError) in
      try .makeBeta(a: nan, b: 1)
    }
    assertRejects("beta min > max", parameter: "max", ["min", "max", "3", "-1"]) { () throws(DistributionError) in
      try .makeBeta(a: 2, b: 2, min: 3, max: -1)
    }
    assertRejects("beta min == max", parameter: "max", ["min", "max", "<", "5"]) { () throws(DistributionError) in
      try .makeBeta(a: 2, b: 2, min: 5, max: 5)
    }
    assertRejects("beta max inf", parameter: "max", ["max", "inf"]) { () throws(DistributionError) in
      try .makeBeta(a: 2, b: 2, min: 0, max: inf)
    }
  }

  func testGamma() {
    assertRejects("gamma shape 0", parameter: "shape", ["shape must be > 0, got 0"]) { () throws(DistributionError) in
      try .makeGamma(shape: 0, scale: 1)
    }
    assertRejects("gamma scale -1.5", parameter: "scale", ["scale must be > 0, got -1.5"]) {
      () throws(DistributionError) in
      try .makeGamma(shape: 2, scale: -1.5)
    }
    assertRejects("gamma shape inf", parameter: "shape", ["shape", "inf"]) { () throws(DistributionError) in
      try .makeGamma(shape: inf, scale: 1)
    }
    assertRejects("gamma scale NaN", parameter: "scale", ["scale", "nan"]) { () throws(DistributionError) in
      try .makeGamma(shape: 1, scale: nan)
    }
  }

  func testExponential() {
    assertRejects("exponential mean 0", parameter: "mean", ["mean must be > 0, got 0"]) {
      () throws(DistributionError) in
      try .makeExponential(mean: 0)
    }
    assertRejects("exponential mean -4", parameter: "mean", ["mean must be > 0, got -4"]) {
      () throws(DistributionError) in
      try .makeExponential(mean: -4)
    }
    assertRejects("exponential mean NaN", parameter: "mean", ["mean", "nan"]) { () throws(DistributionError) in
      try .makeExponential(mean: nan)
    }
  }

  func testPoisson() {
    assertRejects("poisson mean -1", parameter: "mean", ["mean must be >= 0, got -1"]) { () throws(DistributionError) in
      try .makePoisson(mean: -1)
    }
    assertRejects("poisson mean 1e10", parameter: "mean", ["mean", "10000000000"]) { () throws(DistributionError) in
      try .makePoisson(mean: 1e10)
    }
    assertRejects("poisson mean NaN", parameter: "mean", ["mean", "nan"]) { () throws(DistributionError) in
      try .makePoisson(mean: nan)
    }
    assertRejects("poisson mean inf", parameter: "mean", ["mean", "inf"]) { () throws(DistributionError) in
      try .makePoisson(mean: inf)
    }
  }

  func testBinomial() {
    assertRejects("binomial n 2.5", parameter: "n", ["n must be a whole number", "2.5"]) {
      () throws(DistributionError) in
      try .makeBinomial(n: 2.5, p: 0.5)
    }
    // Above 2^32 - 1 (GSL's binomial takes an unsigned int): the message says the range allowed.
    assertRejects("binomial n 1e10", parameter: "n", ["from 0 to 4294967295", "10000000000"]) {
      () throws(DistributionError) in
      try .makeBinomial(n: 1e10, p: 0.5)
    }
    assertRejects("binomial n -1", parameter: "n", ["n", "-1"]) { () throws(DistributionError) in
      try .makeBinomial(n: -1, p: 0.5)
    }
    assertRejects("binomial n NaN", parameter: "n", ["n", "nan"]) { () throws(DistributionError) in
      try .makeBinomial(n: nan, p: 0.5)
    }
    assertRejects("binomial n inf", parameter: "n", ["n", "inf"]) { () throws(DistributionError) in
      try .makeBinomial(n: inf, p: 0.5)
    }
    assertRejects("binomial p 1.5", parameter: "p", ["p must be a probability", "1.5"]) {
      () throws(DistributionError) in
      try .makeBinomial(n: 10, p: 1.5)
    }
    assertRejects("binomial p -0.1", parameter: "p", ["p", "-0.1"]) { () throws(DistributionError) in
      try .makeBinomial(n: 10, p: -0.1)
    }
    assertRejects("binomial p NaN", parameter: "p", ["p", "nan"]) { () throws(DistributionError) in
      try .makeBinomial(n: 10, p: nan)
    }
  }

  func testBernoulli() {
    assertRejects("bernoulli p 1.5", parameter: "p", ["p must be a probability (0...1), got 1.5"]) {
      () throws(DistributionError) in
      try .makeBernoulli(p: 1.5)
    }
    assertRejects("bernoulli p -0.1", parameter: "p", ["p", "-0.1"]) { () throws(DistributionError) in
      try .makeBernoulli(p: -0.1)
    }
    assertRejects("bernoulli p NaN", parameter: "p", ["p", "nan"]) { () throws(DistributionError) in
      try .makeBernoulli(p: nan)
    }
    assertRejects("bernoulli p inf", parameter: "p", ["p", "inf"]) { () throws(DistributionError) in
      try .makeBernoulli(p: inf)
    }
  }

  func testDiscrete() {
    assertRejects("discrete weights wrong length", parameter: "weights", ["weights", "(3)", "got 2"]) {
      () throws(DistributionError) in
      try .makeDiscrete(values: [1, 2, 3], weights: [1, 1])
    }
    assertRejects("discrete weight negative", parameter: "weights", ["weights must be >= 0, got -1", "position 2"]) {
      () throws(DistributionError) in
      try .makeDiscrete(values: [1, 2], weights: [1, -1])
    }
    assertRejects("discrete weights all 0", parameter: "weights", ["weights", "0"]) { () throws(DistributionError) in
      try .makeDiscrete(values: [1, 2], weights: [0, 0])
    }
    assertRejects(
      "discrete weight NaN", parameter: "weights", ["weights must be finite numbers, got nan", "position 1"]
    ) { () throws(DistributionError) in
      try .makeDiscrete(values: [1, 2], weights: [nan, 1])
    }
    assertRejects(
      "discrete weight inf", parameter: "weights", ["weights must be finite numbers, got inf", "position 2"]
    ) { () throws(DistributionError) in
      try .makeDiscrete(values: [1, 2], weights: [1, inf])
    }
    assertRejects("discrete weights empty", parameter: "weights", ["weights", "empty"]) {
      () throws(DistributionError) in
      try .makeDiscrete(values: [1], weights: [])
    }
    assertRejects("discrete values empty", parameter: "values", ["values", "empty"]) { () throws(DistributionError) in
      try .makeDiscrete(values: [], weights: [])
    }
    assertRejects("discrete value NaN", parameter: "values", ["values", "nan"]) { () throws(DistributionError) in
      try .makeDiscrete(values: [1, nan], weights: [1, 1])
    }
    assertRejects("discrete value inf", parameter: "values", ["values", "inf"]) { () throws(DistributionError) in
      try .makeDiscrete(values: [inf], weights: [1])
    }
  }

  func testMixture() throws {
    let u1 = try Distribution.makeUniform(min: 0.08, max: 0.10)
    let u2 = try Distribution.makeUniform(min: 0.20, max: 0.30)
    assertRejects("mixture weights wrong length", parameter: "weights", ["weights", "(2)", "got 3"]) {
      () throws(DistributionError) in
      try .makeMixture(components: [u1, u2], weights: [0.5, 0.3, 0.2])
    }
    assertRejects("mixture weight negative", parameter: "weights", ["weights must be >= 0, got -0.3"]) {
      () throws(DistributionError) in
      try .makeMixture(components: [u1, u2], weights: [0.7, -0.3])
    }
    assertRejects("mixture weights all 0", parameter: "weights", ["weights", "0"]) { () throws(DistributionError) in
      try .makeMixture(components: [u1, u2], weights: [0, 0])
    }
    assertRejects("mixture weight NaN", parameter: "weights", ["weights must be finite", "nan"]) {
      () throws(DistributionError) in
      try .makeMixture(components: [u1, u2], weights: [nan, 1])
    }
    assertRejects("mixture components empty", parameter: "components", ["components", "empty"]) {
      () throws(DistributionError) in
      try .makeMixture(components: [], weights: [])
    }
  }
}

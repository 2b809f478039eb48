import XCTest

@testable import MSPSimCore

/// Per-event samplers that skip the domain clamp (docs/performance.md, "Draws that
/// cannot leave their domain"): the rule marks only samplers whose draws provably lie
/// in the domain, and their draws are then fixed points of the clamp, so skipping it
/// changes no number and no clamp count. (That the engine's outputs are unchanged is
/// held by the output fixtures and by the differential test, whose reference model
/// clamps every draw.)
final class ClampFreeSamplerTests: XCTestCase {
  struct Case {
    let name: String
    let distribution: Distribution
    let domain: ParameterDomain
    let clampFree: Bool
  }

  func cases() throws -> [Case] {
    let lognormal = try Distribution.makeLognormal(mean: 25, sd: 15)
    let poisson = try Distribution.makePoisson(mean: 4)
    let tiers = try Distribution.makeDiscrete(values: [3, 6, 10], weights: [0.5, 0.35, 0.15])
    let commission = try Distribution.makeMixture(
      components: [try .makeUniform(min: 0.08, max: 0.10), try .makeUniform(min: 0.20, max: 0.30)],
      weights: [0.7, 0.3])
    let triangular = try Distribution.makeTriangular(min: 800, mode: 1200, max: 1800)
    return [
      Case(name: "lognormal, >= 0", distribution: lognormal, domain: .nonNegative, clampFree: true),
      // exp may underflow to 0, which a positive domain moves.
      Case(name: "lognormal, > 0", distribution: lognormal, domain: .positive, clampFree: false),
      Case(name: "Poisson, whole >= 0", distribution: poisson, domain: .wholeNonNegative, clampFree: true),
      Case(name: "Poisson, whole >= 1", distribution: poisson, domain: .wholePositive, clampFree: false),
      Case(
        name: "binomial, >= 0", distribution: try .makeBinomial(n: 20, p: 0.3), domain: .nonNegative,
        clampFree: true),
      Case(name: "Bernoulli, 0...1", distribution: try .makeBernoulli(p: 0.3), domain: .probability, clampFree: true),
      Case(name: "discrete tiers, >= 0", distribution: tiers, domain: .nonNegative, clampFree: true),
      Case(name: "discrete tiers, whole >= 0", distribution: tiers, domain: .wholeNonNegative, clampFree: true),
      // A value that a whole domain rounds is not a fixed point.
      Case(
        name: "discrete halves, whole >= 0", distribution: try .makeDiscrete(values: [0.5, 2], weights: [1, 1]),
        domain: .wholeNonNegative, clampFree: false),
      Case(name: "mixture of uniforms, 0...1", distribution: commission, domain: .probability, clampFree: true),
      Case(
        name: "mixture with a normal, 0...1",
        distribution: try .makeMixture(
          components: [try .makeUniform(min: 0.2, max: 0.3), try .makeNormal(mean: 0.5, sd: 0.1)], weights: [1, 1]),
        domain: .probability, clampFree: false),
      Case(
        name: "uniform inside 0...1", distribution: try .makeUniform(min: 0.08, max: 0.10), domain: .probability,
        clampFree: true),
      // An end on the domain's end: a rounding could pass it.
      Case(
        name: "uniform up to 1", distribution: try .makeUniform(min: 0.5, max: 1), domain: .probability,
        clampFree: false),
      Case(
        name: "uniform from 0", distribution: try .makeUniform(min: 0, max: 0.5), domain: .nonNegative,
        clampFree: false),
      Case(name: "triangular, >= 0", distribution: triangular, domain: .nonNegative, clampFree: true),
      Case(name: "triangular, whole >= 0", distribution: triangular, domain: .wholeNonNegative, clampFree: false),
      Case(
        name: "PERT, >= 0", distribution: try .makePERT(min: 5, mode: 10, max: 20), domain: .nonNegative,
        clampFree: true),
      Case(
        name: "normal, >= 0", distribution: try .makeNormal(mean: 100, sd: 10), domain: .nonNegative, clampFree: false),
      Case(name: "normal, any", distribution: try .makeNormal(mean: 100, sd: 10), domain: .any, clampFree: true),
      Case(
        name: "gamma, >= 0", distribution: try .makeGamma(shape: 2, scale: 3), domain: .nonNegative, clampFree: false),
      Case(name: "constant 3, whole >= 1", distribution: try .makeConstant(3), domain: .wholePositive, clampFree: true),
      Case(
        name: "constant 2.5, whole >= 1", distribution: try .makeConstant(2.5), domain: .wholePositive,
        clampFree: false),
    ]
  }

  func testOnlyDrawsThatCannotLeaveTheDomainAreMarked() throws {
    for c in try cases() {
      let compiled = EventSampler.compile([.distribution(c.distribution)], domains: [c.domain])
      XCTAssertEqual(compiled.samplers[0].clampFree, c.clampFree, c.name)
      // A mixture's components are drawn through it and never marked themselves.
      for component in compiled.samplers.dropFirst() { XCTAssertFalse(component.clampFree, c.name) }
    }
    // A market reference holds the path's value, clamped when it is set.
    let market = EventSampler.compile([.market(index: 0)], domains: [.probability])
    XCTAssertTrue(market.samplers[0].clampFree)
  }

  /// Every draw of every marked sampler, 100,000 a case with each sampler, is inside
  /// its domain and left bit for bit as it is by the clamp.
  func testMarkedDrawsAreFixedPointsOfTheClamp() throws {
    for sampler in [Sampler.fast, .gsl] {
      let rng = try GSLRandom(name: "mt19937", seed: 2026, sampler: sampler)
      for c in try cases() where c.clampFree {
        let compiled = EventSampler.compile([.distribution(c.distribution)], domains: [c.domain])
        let samplers = Column(capacity: compiled.samplers.count, initial: EventSampler(kind: .constant))
        for (i, s) in compiled.samplers.enumerated() { samplers[i] = s }
        let values = Column(capacity: Swift.max(1, compiled.values.count), initial: 0.0)
        for (i, v) in compiled.values.enumerated() { values[i] = v }
        var moved = 0
        for _ in 0..<100_000 {
          let x = compiled.samplers[0].draw(rng, samplers: samplers, values: values)
          if c.domain.isOutside(x) || c.domain.clamp(x).bitPattern != x.bitPattern { moved += 1 }
        }
        XCTAssertEqual(moved, 0, "\(c.name), \(sampler)")
      }
    }
  }
}

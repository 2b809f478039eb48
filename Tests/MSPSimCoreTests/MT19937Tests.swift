import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

/// The inlined mt19937 step and Walker-alias draw (GSLRandom+MT19937.swift) against
/// GSL's own calls, draw for draw: two generators seeded alike, one drawing through
/// the inlined code and one through GSL's function pointers, must give the same
/// bits, and GSL's own samplers (the ziggurat) interleaved on both must stay in step
/// (docs/model.md, "Randomness and seeding").
final class MT19937Tests: XCTestCase {
  /// One mixed sequence of `steps` draws; every step compares the two generators.
  /// 40,000 steps use well over 64 regenerations of the 624-word state.
  private func compare(name: String, seed: UInt64, steps: Int) throws {
    let inlined = try GSLRandom(name: name, seed: seed)
    let gsl = try GSLRandom(name: name, seed: seed)
    let tables = try [[1.0], [0.2, 0.8], [3, 1, 0, 2, 5], (1...40).map { Double($0 % 7) + 0.25 }].map {
      try DiscreteTable(weights: $0)
    }
    var choice = SplitMix64(seed: seed ^ 0x5EED)
    var mismatches = 0
    for step in 0..<steps {
      let op = Int(choice.next() % 6)
      let same: Bool
      switch op {
      case 0: same = inlined.uniform().bitPattern == gsl.gslUniform().bitPattern
      case 1: same = inlined.uniformPositive().bitPattern == gsl.gslUniformPositive().bitPattern
      case 2:
        // n across the whole range GSL serves: 1, small, powers of two, up to 2^32 - 1.
        let n = [1, 2, 3, 7, 48, 1000, 1 << 24, (1 << 31) + 1, 0xffff_ffff][Int(choice.next() % 9)]
        same = inlined.uniformInt(n) == gsl.gslUniformInt(n)
      case 3:
        let sd = [1, 2.5, 1e-3][Int(choice.next() % 3)]
        same = inlined.gaussian(sd: sd).bitPattern == gsl.gslGaussian(sd: sd).bitPattern
      case 4:
        let table = tables[Int(choice.next() % UInt64(tables.count))]
        same = inlined.discrete(table.handle) == gsl.gslDiscrete(table.handle)
      default: same = inlined.geometric(p: 0.03) == gsl.gslGeometric(p: 0.03)
      }
      if !same {
        mismatches += 1
        if mismatches <= 3 { XCTFail("\(name) seed \(seed): step \(step) (operation \(op)) differs from GSL") }
      }
    }
    XCTAssertEqual(mismatches, 0, "\(name) seed \(seed): \(mismatches) of \(steps) draws differ from GSL's")
  }

  func testInlinedMT19937DrawsAreGSLsDrawForDraw() throws {
    for seed: UInt64 in [0, 1, 2026, 0xDEAD_BEEF_CAFE_BABE] {
      try compare(name: "mt19937", seed: seed, steps: 40_000)
    }
  }

  /// The ziggurat's inline first step (`gaussian(sd:)`, GSL's strips read back by
  /// `ZigguratTable`) gives GSL's draws bit for bit: 2,000,000 normals in a row
  /// cross every strip many times, about 24,000 wedge and tail draws (GSL's), and
  /// 3,200 regenerations, done by the inline step itself (about 40 of them followed by
  /// a wedge or tail draw, whose word goes back to GSL at position 0); lognormals take
  /// the same normals.
  func testZigguratFirstStepIsGSLsDrawForDraw() throws {
    let inlined = try GSLRandom(name: "mt19937", seed: 99)
    let gsl = try GSLRandom(name: "mt19937", seed: 99)
    var mismatches = 0
    for step in 0..<2_000_000 where inlined.gaussian(sd: 1.5).bitPattern != gsl.gslGaussian(sd: 1.5).bitPattern {
      mismatches += 1
      if mismatches <= 3 { XCTFail("normal \(step) differs from GSL's") }
    }
    XCTAssertEqual(mismatches, 0)
    for _ in 0..<10_000 {
      let x = inlined.lognormal(mu: 3, sigma: 0.4)
      XCTAssertEqual(x.bitPattern, exp(3 + 0.4 * gsl.gslGaussian(sd: 1)).bitPattern)
    }
    // Most strips accept at once, and every width read back is a step of j: j w < 4 for j < 2^24.
    let strips = (0..<ZigguratTable.stripCount).map { ZigguratTable.strips[$0] }
    XCTAssertGreaterThanOrEqual(strips.filter { $0.bound > 0 }.count, 120)
    let widths = strips.filter { $0.bound > 0 }.map(\.width)
    XCTAssertTrue(widths.allSatisfy { $0 > 0 && $0 < 1e-5 }, "a width is j's step: x < 4 for j < 2^24")
  }

  /// Other generators take GSL's calls: the same comparison holds trivially, but it
  /// checks the fallback branch of every inlined entry point.
  func testOtherGeneratorsFallBackToGSL() throws {
    for name in ["taus2", "ranlxd2"] {
      XCTAssertNil(try GSLRandom(name: name).mt19937, "\(name) must not take the mt19937 path")
      try compare(name: name, seed: 7, steps: 5_000)
    }
    XCTAssertNotNil(try GSLRandom(name: "mt19937").mt19937)
  }

  /// A uniform word of 0 is redrawn by `uniformPositive` as GSL does: set the next
  /// word's state so that its tempered value is 0 (the all-zero word tempers to 0).
  func testUniformPositiveSkipsAZeroWord() throws {
    let a = try GSLRandom(name: "mt19937", seed: 3)
    let b = try GSLRandom(name: "mt19937", seed: 3)
    _ = a.uniform()
    _ = b.gslUniform()  // both past the regeneration, at position 1
    for rng in [a, b] { rng.mt19937!.words[1] = 0 }
    XCTAssertEqual(a.uniformPositive().bitPattern, b.gslUniformPositive().bitPattern)
    XCTAssertEqual(a.mt19937!.position.pointee, 3, "the zero word and the next one are used")
    XCTAssertEqual(b.mt19937!.position.pointee, 3)
  }
}

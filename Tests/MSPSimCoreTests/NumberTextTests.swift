import Foundation
import XCTest

@testable import MSPSimCore

/// The writers print numbers without `String(format:)` where the text is provably the
/// same (docs/performance.md, "Writing the outputs"): each fast path is checked here
/// against the formatting it replaced, on random values and on the values nearest
/// where the two could part (ties of two hundredths, the edges of Swift's exponent
/// notation).
final class NumberTextTests: XCTestCase {
  /// `SVGDocument.number` before the fast path: `%.2f` of the value clamped to ±10^7,
  /// trailing zeros and point trimmed, "-0" printed "0".
  static func chartNumberByPrintf(_ x: Double) -> String {
    guard x.isFinite else { return "0" }
    let c = Swift.min(Swift.max(x, -1e7), 1e7)
    var s = String(format: "%.2f", c)
    while s.hasSuffix("0") { s.removeLast() }
    if s.hasSuffix(".") { s.removeLast() }
    return s == "-0" ? "0" : s
  }

  /// `CSVFormat.number` before the byte writer: Swift's shortest digits, `%.12f`
  /// trimmed when Swift prints an exponent, "0" for zero.
  static func csvNumberByStrings(_ x: Double) -> String {
    if x == 0 { return "0" }
    var s = "\(x)"
    if s.utf8.contains(UInt8(ascii: "e")) {
      s = String(format: "%.12f", x)
      while s.hasSuffix("0") { s.removeLast() }
      if s.hasSuffix(".") { s.removeLast() }
      if s == "-0" || s.isEmpty { return "0" }
      return s
    }
    if s.hasSuffix(".0") { s.removeLast(2) }
    return s
  }

  /// The first value (of at most `values`) whose two texts differ, or nil.
  static func firstMismatch(
    _ values: [Double], _ fast: (Double) -> String, _ reference: (Double) -> String
  ) -> (value: Double, fast: String, reference: String)? {
    for x in values {
      let a = fast(x)
      let b = reference(x)
      if a != b { return (x, a, b) }
    }
    return nil
  }

  /// `x` and its `steps` neighbours on each side, one ulp apart.
  static func neighbourhood(_ x: Double, steps: Int) -> [Double] {
    var out = [x]
    var up = x
    var down = x
    for _ in 0..<steps {
      up = up.nextUp
      down = down.nextDown
      out += [up, down]
    }
    return out
  }

  func testChartNumbersAreWhatPrintfPrints() {
    var rng = SplitMix64(seed: 2026_1130)
    var values: [Double] = [0, -0.0, 0.004, -0.004, 0.005, -0.005, 0.015, 1e7, -1e7, 2e7, -3e9, 12.345, 99.995]
    for _ in 0..<200_000 {
      // Uniform over the clamp's range, and magnitudes spread over 10^-4 ... 10^7.
      values.append(Double.random(in: -1e7...1e7, using: &rng))
      let magnitude = pow(10, Double.random(in: -4...7, using: &rng))
      values.append(Bool.random(using: &rng) ? magnitude : -magnitude)
    }
    for _ in 0..<20_000 {
      // Ties of two hundredths, (k + 1/2) / 100, and the values a few ulps either side:
      // where rounding the product c x 100 could part from printf's exact rounding.
      let k = Double(Int.random(in: -1_000_000_000...1_000_000_000, using: &rng))
      values += Self.neighbourhood((k + 0.5) / 100, steps: 4)
    }
    let mismatch = Self.firstMismatch(values, SVGDocument.number, Self.chartNumberByPrintf)
    XCTAssertNil(
      mismatch, "SVGDocument.number(\(mismatch?.value ?? 0)) differs from %.2f: \(String(describing: mismatch))")
  }

  func testCSVNumbersAreTheOldWritersText() {
    var rng = SplitMix64(seed: 2026_1130)
    // Where Swift switches to exponent notation (below 1e-4 and from 2^53 on) and the
    // neighbours of those edges, small values %.12f rounds to 0, whole numbers.
    var values: [Double] = [0.1, 1, -1, 42, 1e-5, 9.99e-5, 5e-13, -5e-13, 4e-13, 1e16, 2e20, -2e20]
    for edge in [1e-4, -1e-4, 0x1p53, -0x1p53, 0x1p53 + 2] { values += Self.neighbourhood(edge, steps: 3) }
    for _ in 0..<200_000 {
      let magnitude = pow(10, Double.random(in: -14...18, using: &rng))
      values.append(Bool.random(using: &rng) ? magnitude : -magnitude)
      values.append(Double(Int.random(in: -10_000_000...10_000_000, using: &rng)))
      values.append(
        Double(bitPattern: rng.next() & ~(0x7FF << 52) | (UInt64.random(in: 900...1100, using: &rng) << 52)))
    }
    let mismatch = Self.firstMismatch(values, CSVFormat.number, Self.csvNumberByStrings)
    XCTAssertNil(mismatch, "CSVFormat.number(\(mismatch?.value ?? 0)) differs: \(String(describing: mismatch))")
    XCTAssertEqual(CSVFormat.number(-0.0), "0")
  }
}

import Foundation

/// The numbers being fitted, sorted, with the sums the likelihoods need.
struct Sample: Sendable {
  let sorted: [Double]
  let count: Int
  let mean: Double
  /// The standard deviation with divisor n (the normal's maximum-likelihood estimate).
  let sdML: Double
  var min: Double { sorted[0] }
  var max: Double { sorted[count - 1] }
  /// Every value a whole number >= 0.
  let isCounts: Bool

  /// `values` must be non-empty and finite (a `DataColumn` has at least five).
  init(_ values: [Double]) {
    precondition(!values.isEmpty, "an empty sample")
    sorted = values.sorted()
    count = values.count
    let n = Double(values.count)
    mean = values.reduce(0, +) / n
    let m = mean
    sdML = (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / n).squareRoot()
    isCounts = values.allSatisfy { $0 >= 0 && $0 == $0.rounded() }
  }

  /// Σ log(transform(x)) over the sample.
  func sumLog(_ transform: (Double) -> Double) -> Double { sorted.reduce(0) { $0 + log(transform($1)) } }
}

/// Numbers as the report and the YAML write them: six significant digits, no
/// exponent for everyday magnitudes (the loader reads both).
enum FitFormat {
  static func number(_ x: Double, digits: Int = 6) -> String {
    if x == 0 { return "0" }
    // Whole digits are never cut into an exponent: 14904 at 4 digits is 14904, not 1.49e+04.
    let magnitude = abs(x) >= 1 && abs(x) < 1e15 ? Int(log10(abs(x))) + 1 : 0
    var s = String(format: "%.\(Swift.max(digits, magnitude))g", x)
    if s.contains("e") { return s }
    if s.contains(".") {
      while s.hasSuffix("0") { s.removeLast() }
      if s.hasSuffix(".") { s.removeLast() }
    }
    return s
  }

  /// `{kind: {k1: v1, k2: v2}}` in the loader's syntax.
  static func yaml(_ kind: String, _ parameters: [(String, Double)]) -> String {
    "{\(kind): {" + parameters.map { "\($0.0): \(number($0.1))" }.joined(separator: ", ") + "}}"
  }
}

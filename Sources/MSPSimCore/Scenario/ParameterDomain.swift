import Foundation

/// The values a parameter may take, checked when a scenario is loaded and
/// enforced on each per-path draw.
public enum ParameterDomain: Sendable, Equatable, CaseIterable {
  /// Any finite number.
  case any
  /// 0...1.
  case probability
  /// >= 0.
  case nonNegative
  /// > 0.
  case positive
  /// An annual change: > -1 (a fall of less than 100 %).
  case annualChange
  /// A whole number >= 0 (a draw is rounded to the nearest whole number).
  case wholeNonNegative
  /// A whole number >= 1 (a draw is rounded to the nearest whole number).
  case wholePositive

  /// What is allowed, in words, for error messages.
  public var allowed: String {
    switch self {
    case .any: return "any finite number"
    case .probability: return "a probability (0...1)"
    case .nonNegative: return "a number >= 0"
    case .positive: return "a number > 0"
    case .annualChange: return "an annual change > -1 (e.g. -0.03 for -3 % a year)"
    case .wholeNonNegative: return "a whole number >= 0"
    case .wholePositive: return "a whole number >= 1"
    }
  }

  /// Whether only whole numbers are allowed.
  public var isWhole: Bool {
    switch self {
    case .wholeNonNegative, .wholePositive: return true
    case .any, .probability, .nonNegative, .positive, .annualChange: return false
    }
  }

  /// Every allowed value, when that is a closed interval with finite ends (0...1
  /// for a probability); nil when an end is open or infinite. `seek` searches this
  /// range when no `--between` is given.
  public var closedRange: ClosedRange<Double>? {
    switch self {
    case .probability: return 0...1
    case .any, .nonNegative, .positive, .annualChange, .wholeNonNegative, .wholePositive: return nil
    }
  }

  /// A warning when a rate's value (a constant, or a distribution's mean) reads as
  /// more than 100 % a year, which is far more often a percentage typed as a whole
  /// number (`10` for 10 %) than meant: nil when it does not, or for a domain that is
  /// not an annual rate (a probability above 1 is already an error). Used for the
  /// annual changes and for `discount_rate` (docs/errors.md, "Warnings").
  public static func percentTypedAsWholeNumber(_ mean: Double, described what: String) -> String? {
    guard mean.isFinite, mean > 1 else { return nil }
    // Six significant digits: a triangular's mean of 10/3 reads 3.33333, not its 17 digits.
    func shown(_ x: Double) -> String { String(format: "%g", x) }
    return
      "warning: \(what) \(shown(mean)) is \(shown(mean * 100)) % a year; a rate is written as a fraction "
      + "(0.10 for 10 %): if \(shown(mean)) % was meant, write \(shown(mean / 100))"
  }

  /// Whether a constant `x` is allowed.
  public func contains(_ x: Double) -> Bool {
    guard x.isFinite else { return false }
    switch self {
    case .any: return true
    case .probability: return (0...1).contains(x)
    case .nonNegative: return x >= 0
    case .positive: return x > 0
    case .annualChange: return x > -1
    case .wholeNonNegative: return x >= 0 && x == x.rounded()
    case .wholePositive: return x >= 1 && x == x.rounded()
    }
  }

  /// Whether a draw lies outside the domain's bounds, so `clamp` moves it to a
  /// bound (rounding a whole-number draw is not counted: it is how such keys are
  /// read). NaN counts as outside.
  @inline(__always)
  public func isOutside(_ x: Double) -> Bool {
    switch self {
    case .any: return false
    case .probability: return !(x >= 0 && x <= 1)
    case .nonNegative: return !(x >= 0)
    case .positive: return !(x >= Double.leastNormalMagnitude)
    case .annualChange: return !(x >= -0.999_999)
    case .wholeNonNegative: return !(x.rounded() >= 0)
    case .wholePositive: return !(x.rounded() >= 1)
    }
  }

  /// Brings a draw of a distribution whose support reaches outside the domain
  /// back inside: clamped to the nearest allowed value, whole domains rounded.
  /// (Only unbounded distributions such as a normal need it: a bounded support
  /// outside the domain is rejected at load time.)
  @inline(__always)
  public func clamp(_ x: Double) -> Double {
    switch self {
    case .any: return x
    case .probability: return Swift.min(1, Swift.max(0, x))
    case .nonNegative: return Swift.max(0, x)
    case .positive: return Swift.max(Double.leastNormalMagnitude, x)
    case .annualChange: return Swift.max(-0.999_999, x)
    case .wholeNonNegative: return Swift.max(0, x.rounded())
    case .wholePositive: return Swift.max(1, x.rounded())
    }
  }

  /// Whether a support (the range of a distribution's draws) may be used: a
  /// bounded end outside the domain is an error; an unbounded end is clamped.
  public func accepts(support: ClosedRange<Double>) -> Bool {
    let lo = support.lowerBound
    let hi = support.upperBound
    func ok(_ x: Double) -> Bool {
      if x.isInfinite { return true }
      switch self {
      case .wholeNonNegative: return x >= 0
      case .wholePositive: return x >= 1
      default: return contains(x)
      }
    }
    return ok(lo) && ok(hi)
  }
}

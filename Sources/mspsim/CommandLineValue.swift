import ArgumentParser
import MSPSimCore

/// Readers for the numeric options: a value that is not a number of the option's
/// kind is refused with what is allowed, which ArgumentParser prints after "The value
/// 'x' is invalid for '--option'" (exit 2). Ranges are checked where the value is used,
/// with the same words.
enum CommandLineValue {
  struct NotAllowed: Error, CustomStringConvertible {
    let description: String
  }

  /// A whole number written in digits.
  static func whole<Whole: FixedWidthInteger>(_ text: String, allowed: String) throws -> Whole {
    guard let value = Whole(text) else { throw NotAllowed(description: "allowed: \(allowed)") }
    return value
  }

  /// A finite number.
  static func number(_ text: String, allowed: String) throws -> Double {
    guard let value = Double(text), value.isFinite else { throw NotAllowed(description: "allowed: \(allowed)") }
    return value
  }

  static let paths = "a whole number of paths in 1...\(Scenario.maxPaths)"
  static let seed = "a whole number from 0 to \(UInt64.max)"
  static let years = "whole years in \(Scenario.horizonRange.lowerBound)...\(Scenario.horizonRange.upperBound)"
  static let threads = "a whole number of threads >= 1"
  static let precision = "a relative standard error in (0, 1), e.g. 0.005"
  static let tolerance = "a width of the key > 0"
  static let evaluations = "a whole number in \(Seek.evaluationRange.lowerBound)...\(Seek.evaluationRange.upperBound)"
}

import Foundation
import MSPSimCore

/// Test data from the project's one `SplitMix64`: a small, fixed, platform-independent
/// source that does not go through GSL.
extension SplitMix64 {
  /// Uniform in (0, 1): 53 random bits, offset by half a step so log(u) is finite.
  public mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) * 0x1p-53 }

  /// Standard normal by Box-Muller (one of the pair; simple beats fast here).
  public mutating func normal() -> Double {
    let u1 = uniform()
    let u2 = uniform()
    return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
  }

  /// Uniform in 0..<n (n <= 0 gives 0): the output modulo n (a bias of n / 2^64 is
  /// irrelevant to the tests).
  public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(Swift.max(1, n))) }
}

/// SplitMix64 (Steele, Lea, Flood, "Fast splittable pseudorandom number generators",
/// OOPSLA 2014): a 64-bit state advanced by the golden-ratio increment
/// 0x9E3779B97F4A7C15, each output the new state through a finaliser with full
/// avalanche.
///
/// The project's one copy: `StreamSeeds` derives stream seeds with `mix`, `GSLRandom`
/// fills mt19937's state from `SplitMix64(seed:)`, and the tests draw their own data
/// from it (a small, fixed, platform-independent source that does not go through GSL).
public struct SplitMix64: RandomNumberGenerator {
  /// The golden-ratio increment added to the state before each output.
  public static let gamma: UInt64 = 0x9E37_79B9_7F4A_7C15

  /// The state; each output adds `gamma` to it.
  public var state: UInt64

  /// A generator started at `seed`: its first output is `mix(seed)`.
  @inline(__always)
  public init(seed: UInt64) { state = seed }

  /// The next output: the state advanced by `gamma`, through the finaliser.
  @inline(__always)
  public mutating func next() -> UInt64 {
    let out = Self.mix(state)
    state &+= Self.gamma
    return out
  }

  /// The SplitMix64 finaliser applied to x + gamma (the first output of a generator
  /// seeded with `x`): a bijection on 64 bits with full avalanche.
  @inline(__always)
  public static func mix(_ x: UInt64) -> UInt64 {
    var z = x &+ gamma
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

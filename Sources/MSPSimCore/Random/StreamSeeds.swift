/// Deterministic seeds for the random streams of a run (docs/model.md, "Randomness and
/// seeding").
///
/// Path p of model m draws from a stream seeded from (seed, p, FNV-1a(m's name));
/// the shared `market:` stream of path p from (seed, p) alone. The mixing function is
/// SplitMix64's finaliser applied in a chain, so neighbouring paths get unrelated
/// seeds (seed + p would give GSL generators correlated starts). Swift's `Hasher` is
/// randomised per process and is never used here.
public enum StreamSeeds {
  /// The SplitMix64 finaliser (`SplitMix64.mix`): a bijection on 64 bits with full
  /// avalanche.
  @inline(__always)
  public static func mix(_ x: UInt64) -> UInt64 { SplitMix64.mix(x) }

  /// FNV-1a, 64-bit, over the UTF-8 bytes of `name`: a stable hash across processes.
  public static func fnv1a(_ name: String) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in name.utf8 {
      h ^= UInt64(byte)
      h = h &* 0x0000_0100_0000_01B3
    }
    return h
  }

  /// Domain tags keep the market stream apart from every model stream.
  static let marketTag: UInt64 = 0x6D61_726B_6574_0001  // "market"
  static let modelTag: UInt64 = 0x6D6F_6465_6C00_0002  // "model"

  /// The seed of the `market:` stream of path `path`.
  @inline(__always)
  public static func market(seed: UInt64, path: Int) -> UInt64 {
    mix(mix(mix(seed ^ marketTag) ^ UInt64(truncatingIfNeeded: path)))
  }

  /// The seed of model stream `modelHash` (= `fnv1a(name)`) on path `path`.
  @inline(__always)
  public static func model(seed: UInt64, path: Int, modelHash: UInt64) -> UInt64 {
    mix(mix(mix(mix(seed ^ modelTag) ^ UInt64(truncatingIfNeeded: path)) ^ modelHash))
  }
}

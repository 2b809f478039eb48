import CGSL

/// One GSL random-number generator, owned: created by GSL name, freed in `deinit`.
///
/// The only type (with its extensions in this folder) that touches `gsl_rng`.
/// A generator is not shared between threads: each worker owns its own and
/// re-seeds it per path and model (docs/model.md, "Randomness and seeding").
public final class GSLRandom {
  @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>
  /// The GSL name of the generator, e.g. `mt19937`.
  public let name: String
  /// The Poisson and binomial algorithms (`sampler:`); the other draws are GSL's.
  public let sampler: Sampler
  /// mt19937's 624 state words and its position in them (GSL's `mt19937_state_t`),
  /// nil for every other generator: `reseed` writes them directly.
  @usableFromInline let mt19937: (words: UnsafeMutablePointer<UInt>, position: UnsafeMutablePointer<Int32>)?
  /// GSL's ziggurat strips as read back from GSL (`ZigguratTable`), for mt19937's inline
  /// first step of `gaussian(sd:)`; a local copy of the pointer, as reading a `static
  /// let` per draw costs a lazy-initialisation check.
  let zigguratStrips: UnsafePointer<ZigguratTable.Strip>

  /// Creates a generator of the GSL type called `name`, seeded with `seed`.
  ///
  /// - Throws: `GSLError.unknownGenerator` when GSL has no generator of that name,
  ///   `GSLError.outOfMemory` when GSL cannot allocate it.
  public init(name: String, seed: UInt64 = 0, sampler: Sampler = .fast) throws(GSLError) {
    GSLRuntime.ensureInitialised()
    guard let type = mspsim_rng_type_named(name) else {
      throw .unknownGenerator(name, known: GSLRandom.generatorNames)
    }
    guard let rng = gsl_rng_alloc(type) else { throw .outOfMemory("gsl_rng_alloc(\(name))") }
    self.rng = rng
    self.name = name
    self.sampler = sampler
    var position: UnsafeMutablePointer<Int32>?
    if let words = mspsim_mt19937_state(rng, &position), let position {
      // The state must hold the words and the position GSL's mt19937_state_t has;
      // `reseed` writes exactly these (checked once per generator, in every build).
      precondition(
        gsl_rng_size(rng) >= Self.mt19937StateWords * MemoryLayout<UInt>.stride + MemoryLayout<Int32>.size,
        "GSL's mt19937 state is smaller than \(Self.mt19937StateWords) words and a position")
      self.mt19937 = (words, position)
    } else {
      self.mt19937 = nil
    }
    zigguratStrips = ZigguratTable.strips
    reseed(seed)
  }

  deinit { gsl_rng_free(rng) }

  /// Words in mt19937's state (GSL's `mt19937_state_t.mt`).
  static let mt19937StateWords = 624

  /// Re-seeds the generator. GSL takes an `unsigned long` (64 bits on Linux and macOS).
  ///
  /// mt19937 takes all 64 bits: its 624-word state is filled with the upper 32 bits of
  /// successive `SplitMix64(seed:)` outputs, as NumPy's SeedSequence-style seeding
  /// does; mt[0] = 0x80000000 keeps the state non-zero (as init_by_array does), and
  /// position 624 makes the first draw regenerate the state. gsl_rng_set uses only
  /// 32 bits (two of a million paths would share a stream) and its init loop, with
  /// init_by_array, costs several microseconds a path; this costs about one. Other
  /// generators take what gsl_rng_set takes (32 bits for most of them: see
  /// docs/model.md, "Randomness and seeding").
  @inline(__always)
  public func reseed(_ seed: UInt64) {
    if let mt = mt19937 {
      var splitMix = SplitMix64(seed: seed)
      for i in 0..<Self.mt19937StateWords {
        checkIndex(i, Self.mt19937StateWords)
        mt.words[i] = UInt(truncatingIfNeeded: splitMix.next() >> 32)
      }
      checkIndex(0, Self.mt19937StateWords)
      mt.words[0] = 0x8000_0000
      mt.position.pointee = Int32(Self.mt19937StateWords)
    } else {
      gsl_rng_set(rng, UInt(truncatingIfNeeded: seed))
    }
  }

  /// Every generator name GSL knows, in GSL's order.
  public static var generatorNames: [String] {
    GSLRuntime.ensureInitialised()
    return (0..<Int(mspsim_rng_type_count())).map { String(cString: mspsim_rng_type_name(Int32($0))) }
  }

  /// Whether GSL has a generator of this name.
  public static func isKnownGenerator(_ name: String) -> Bool {
    name.withCString { mspsim_rng_type_named($0) != nil }
  }
}

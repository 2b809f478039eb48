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
  @usableFromInline let isMT19937: Bool

  /// Creates a generator of the GSL type called `name`, seeded with `seed`.
  ///
  /// - Throws: `GSLError.unknownGenerator` when GSL has no generator of that name,
  ///   `GSLError.outOfMemory` when GSL cannot allocate it.
  public init(name: String, seed: UInt64 = 0) throws(GSLError) {
    GSLRuntime.ensureInitialised()
    guard let type = mspsim_rng_type_named(name) else {
      throw .unknownGenerator(name, known: GSLRandom.generatorNames)
    }
    guard let rng = gsl_rng_alloc(type) else { throw .outOfMemory("gsl_rng_alloc(\(name))") }
    self.rng = rng
    self.name = name
    self.isMT19937 = name == "mt19937"
    reseed(seed)
  }

  deinit { gsl_rng_free(rng) }

  /// Re-seeds the generator. GSL takes an `unsigned long` (64 bits on Linux and macOS).
  @inline(__always)
  public func reseed(_ seed: UInt64) {
    // mt19937 takes all 64 bits (shim); other generators take what gsl_rng_set
    // takes (32 bits for most of them: see docs/model.md, "Seeding").
    if isMT19937 {
      _ = mspsim_mt19937_seed64(rng, seed)
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

import CGSL
import Foundation

/// The two tables the accepting step of GSL's ziggurat Gaussian reads, read back
/// from GSL itself, so that `GSLRandom.gaussian(sd:)` can take that step inline
/// (docs/model.md, "Randomness and seeding"; docs/performance.md, "The ziggurat's first step").
///
/// `gsl_ran_gaussian_ziggurat` (Marsaglia and Tsang's method, 128 strips a side)
/// takes, for a generator of 32-bit words such as mt19937, one word k: strip
/// i = k & 0x7f, sign from bit 7, j = (k >> 8) & 0xffffff, x = j w[i]; when j < k[i]
/// (about 98.8 % of draws) it returns sign x sd at once. Its tables are GSL's
/// constants; they are not copied here. Each entry is instead read back by calling
/// GSL with a scripted generator: w[i] is the value returned for j = 1 (x = 1 w[i]
/// exactly), and k[i] the least j whose draw asks the generator for more (found by
/// bisection, counting the calls). Every other case (a wedge or the tail) stays
/// GSL's: the inline step gives its word back and calls GSL.
struct ZigguratTable {
  /// Strip i's acceptance bound k[i] (0 where no draw is accepted at once) and width w[i].
  struct Strip {
    var bound: UInt
    var width: Double
  }

  /// The 128 strips, read from GSL once per process; never freed (like
  /// `GSLRandom.reciprocals`), so a generator keeps the bare pointer.
  nonisolated(unsafe) static let strips: UnsafePointer<Strip> = {
    let read = readFromGSL()
    precondition(read.count == stripCount, "\(read.count) ziggurat strips read from GSL, expected \(stripCount)")
    let table = UnsafeMutablePointer<Strip>.allocate(capacity: stripCount)
    table.initialize(from: read, count: stripCount)
    return UnsafePointer(table)
  }()

  static let stripCount = 128
  /// j spans 24 bits.
  static let jLimit: UInt = 1 << 24

  /// The state of the scripted generator: the next word, then `fallback` forever;
  /// `gsl_rng_uniform` gives 0.5. Counts the calls.
  struct Script {
    var next: UInt = 0
    var fallback: UInt = 0
    var words = 0
    var doubles = 0
  }

  /// Reads each strip's bound and width by calling GSL's ziggurat with a scripted
  /// generator of GSL's mt19937 range (0 ... 2^32 - 1, so GSL takes its one-word branch).
  static func readFromGSL() -> [Strip] {
    GSLRuntime.ensureInitialised()
    let name = strdup("mspsim-ziggurat-probe")
    let type = UnsafeMutablePointer<gsl_rng_type>.allocate(capacity: 1)
    defer {
      type.deallocate()
      free(name)
    }
    type.initialize(
      to: gsl_rng_type(
        name: name, max: 0xffff_ffff, min: 0, size: MemoryLayout<Script>.stride,
        set: { state, _ in state!.assumingMemoryBound(to: Script.self).pointee = Script() },
        get: { state in
          let s = state!.assumingMemoryBound(to: Script.self)
          s.pointee.words += 1
          let word = s.pointee.words == 1 ? s.pointee.next : s.pointee.fallback
          return word
        },
        get_double: { state in
          state!.assumingMemoryBound(to: Script.self).pointee.doubles += 1
          return 0.5
        }))
    guard let rng = gsl_rng_alloc(type) else { preconditionFailure("gsl_rng_alloc(ziggurat probe)") }
    defer { gsl_rng_free(rng) }
    let script = gsl_rng_state(rng)!.assumingMemoryBound(to: Script.self)
    // The word for strip i, positive, with this j.
    func word(strip i: Int, j: UInt) -> UInt { j << 8 | 0x80 | UInt(i) }
    // Strip 1 accepts j = 1 at once in GSL's table; checked below, it ends any wedge loop.
    let fallback = word(strip: 1, j: 1)
    // GSL's draw for strip i and this j (sd 1), and whether it took the one word only.
    func draw(strip i: Int, j: UInt) -> (value: Double, atOnce: Bool) {
      script.pointee = Script(next: word(strip: i, j: j), fallback: fallback)
      let value = gsl_ran_gaussian_ziggurat(rng, 1)
      return (value, script.pointee.words == 1 && script.pointee.doubles == 0)
    }
    precondition(draw(strip: 1, j: 1).atOnce, "GSL's ziggurat does not accept strip 1 at j = 1")
    return (0..<stripCount).map { i in
      guard draw(strip: i, j: 1).atOnce else { return Strip(bound: 0, width: 0) }
      let width = draw(strip: i, j: 1).value
      // Accepted at once exactly for j < bound: the least j not accepted, by bisection.
      var accepted: UInt = 1
      var refused = jLimit
      while refused - accepted > 1 {
        let mid = (accepted + refused) / 2
        if draw(strip: i, j: mid).atOnce { accepted = mid } else { refused = mid }
      }
      return Strip(bound: refused, width: width)
    }
  }
}

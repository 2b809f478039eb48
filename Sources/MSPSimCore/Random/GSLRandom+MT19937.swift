import CGSL

// mt19937's step, written out over GSL's own state words (`mspsim_mt19937_state`), so
// the engine's uniforms cost an inlined tempering instead of two calls through GSL's
// function pointers (`gsl_rng_uniform` -> `type->get_double` -> `mt_get`: about 10 ns
// a uniform, measured at 14 % of a run; docs/performance.md, "Where the cycles go").
//
// The numbers are GSL's, word for word: the same state, the same regeneration and
// tempering (Matsumoto and Nishimura 1998, as GSL's mt.c), the same conversion to
// [0, 1), and the same rejection loops for `gsl_rng_uniform_pos` and
// `gsl_rng_uniform_int`. GSL's own samplers (the ziggurat, beta, gamma, ...) keep
// calling through the function pointers on the same state, so the two interleave as
// one stream (tested draw for draw against GSL in `MT19937Tests`). Other generators
// take GSL's calls.
extension GSLRandom {
  /// mt19937's next 32-bit word (GSL's `mt_get`), from the state `mt19937` points at.
  ///
  /// As a `UInt32`: the state words are below 2^32 (GSL masks them, and so does
  /// `reseed`; the twist and the tempering keep them there), so nothing is cut; and
  /// 32-bit arithmetic is what the callers want: a 32-bit word converts to `Double`
  /// in one instruction and divides in a 32-bit division, where a 64-bit unsigned
  /// one takes a sequence of instructions or a 64-bit division (docs/performance.md,
  /// "The generator's words as 32-bit numbers").
  @inline(__always)
  func mt19937Next(_ words: UnsafeMutablePointer<UInt>, _ position: UnsafeMutablePointer<Int32>) -> UInt32 {
    var i = Int(position.pointee)
    if i >= Self.mt19937StateWords {
      Self.mt19937Regenerate(words)
      i = 0
    }
    checkIndex(i, Self.mt19937StateWords)
    var k = words[i]
    k ^= k >> 11
    k ^= (k << 7) & 0x9d2c_5680
    k ^= (k << 15) & 0xefc6_0000
    k ^= k >> 18
    position.pointee = Int32(truncatingIfNeeded: i &+ 1)
    return UInt32(truncatingIfNeeded: k)
  }

  /// Regenerates all 624 words at once (GSL's `mt_get` when `mti` reaches 624).
  @inline(never)
  static func mt19937Regenerate(_ mt: UnsafeMutablePointer<UInt>) {
    let n = mt19937StateWords
    let m = 397
    @inline(__always) func twist(_ a: Int, _ b: Int, _ c: Int) {
      checkIndex(a, n)
      checkIndex(b, n)
      checkIndex(c, n)
      let y = (mt[a] & 0x8000_0000) | (mt[b] & 0x7fff_ffff)
      mt[a] = mt[c] ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : 0x9908_b0df)
    }
    for kk in 0..<(n - m) { twist(kk, kk + 1, kk + m) }
    for kk in (n - m)..<(n - 1) { twist(kk, kk + 1, kk + m - n) }
    twist(n - 1, 0, m - 1)
  }

  /// Uniform on [0, 1): a word / 2^32 for mt19937 (GSL's `mt_get_double`), else
  /// `gsl_rng_uniform`.
  @inline(__always) public func uniform() -> Double {
    if let mt = mt19937 { return Double(mt19937Next(mt.words, mt.position)) * Self.mt19937UniformSpacing }
    return gsl_rng_uniform(rng)
  }

  /// Uniform on (0, 1): `uniform()` until it is not 0 (GSL's `gsl_rng_uniform_pos`).
  @inline(__always) public func uniformPositive() -> Double {
    if let mt = mt19937 {
      while true {
        let word = mt19937Next(mt.words, mt.position)
        if word != 0 { return Double(word) * Self.mt19937UniformSpacing }
      }
    }
    return gsl_rng_uniform_pos(rng)
  }

  /// Uniform integer in 0..<n, n >= 1 (`gsl_rng_uniform_int`: for mt19937, whose
  /// words span 0 ... 2^32 - 1, k = word / ((2^32 - 1) / n), drawn again while k >= n).
  @inline(__always) public func uniformInt(_ n: Int) -> Int {
    if let mt = mt19937, n > 0, n <= 0xffff_ffff {
      let scale = UInt32.max / UInt32(truncatingIfNeeded: n)
      while true {
        let k = mt19937Next(mt.words, mt.position) / scale
        if UInt(k) < UInt(n) { return Int(k) }
      }
    }
    return Int(gsl_rng_uniform_int(rng, UInt(n)))
  }

  /// An index drawn from a preprocessed table by Walker's alias method, exactly as
  /// `gsl_ran_discrete` (GSL keeps F[c] as (c + F_c) / K, Knuth's convention): c =
  /// floor(u K), then c when u < F[c] (or F[c] = 1), else the alias A[c].
  @inline(__always) func discrete(_ handle: DiscreteTable.Handle) -> Int {
    guard let table = handle.table else { preconditionFailure("discrete draw from an empty table") }
    let count = table.pointee.K
    let u = uniform()
    let c = Int(u * Double(Int(truncatingIfNeeded: count)))  // K is a small count: a signed conversion, one instruction
    checkIndex(c, handle.count)
    let f = table.pointee.F[c]
    let k = (f == 1 || u < f) ? c : Int(table.pointee.A[c])
    checkIndex(k, handle.count)
    return k
  }
}

import Foundation

/// A streaming quantile sketch with bounded relative error and exact merges: a
/// log-bucket histogram in the style of DDSketch (Masson, Rim and Lee 2019).
///
/// Values go to one of three stores: a zero count for |x| < ``zeroThreshold``, bucket
/// counts for positive values and bucket counts for negative values (bucketed by |x|).
/// Buckets are 1/256 of an octave wide, so a bucket's representative value is within
/// 0.15% of every value in it (see ``relativeErrorBound``). Merging adds bucket counts,
/// which is exact and commutative: a run split into pieces and merged in any order
/// gives the same sketch, bucket for bucket.
///
/// Exact `min`, `max` and count are kept as well; quantiles are clamped to
/// [min, max], so one value, a constant cell, q = 0 and q = 1 come out exact.
///
/// Memory depends on the spread of the values (about 256 × log2(max/min) counters of
/// 4 bytes per sign), never on their number. `add` allocates only when a value falls
/// outside the bucket range seen so far; ``reset()`` keeps the ranges.
///
/// Index mapping, without `log`: for |x| = 2^e × (1 + f), with e the unbiased IEEE-754
/// exponent and m the top 12 bits of the mantissa f,
///
///     index = 256 e + table[m],   table[m] = ⌊256 log2(1 + (m + 0.5)/4096)⌋
///
/// and bucket i = 256 e + s stands for 2^(e + (s + 0.5)/256). The index is
/// non-decreasing in |x|, so bucket order is value order.
///
/// Error bound. Mantissa slot m holds 1 + f ∈ [1 + m/4096, 1 + (m+1)/4096); in log2
/// units every point of it is within h = log2(1 + 0.5/4096.5) ≈ 1.761e-4 of log2 of the
/// slot's midpoint. The table puts that midpoint in [s/256, (s+1)/256), so log2|x| - e
/// lies in [s/256 - h, (s+1)/256 + h) and differs from the representative's
/// (s + 0.5)/256 by at most 1/512 + h ≈ 2.129e-3. The relative error |rep/x - 1| is
/// then at most 2^(2.129e-3) - 1 ≈ 1.477e-3 (the exact maximum over the table is
/// 1.458e-3). A quantile interpolates linearly between the values of two neighbouring
/// ranks; when both have the same sign (or one is zero) the interpolation keeps the
/// bound relative to the exact interpolated quantile. Across a sign change the error
/// is bounded by 1.48e-3 × max(|lower|, |upper|) instead.
///
/// - Note: A value type; give each worker its own sketch and merge.
public struct QuantileSketch: Sendable {
  /// Magnitudes below this count as exactly zero.
  ///
  /// The engine's metrics are money and counts: anything below a billionth of a
  /// currency unit is floating-point noise (0.1 + 0.2 - 0.3 ≈ 5.6e-17), not a value.
  /// Without a floor such residues would stretch the stores down towards 2^-1074, a
  /// quarter of a million buckets. Exact `min`/`max` clamping still makes a cell whose
  /// values are all one tiny constant come out exactly.
  public static let zeroThreshold: Double = 1e-9

  /// The largest relative error of a bucket's representative value, |rep/x - 1|,
  /// from the derivation in the type's documentation (the table's exact maximum is
  /// 1.458e-3).
  public static let relativeErrorBound: Double = 1.48e-3

  /// table[m] = ⌊256 log2(1 + (m + 0.5)/4096)⌋ for the top 12 mantissa bits m.
  ///
  /// Computed once. Before the floor, no entry lies within 5.5e-5 of an integer, far
  /// more than the error of any libm `log2`, so every platform builds the same table
  /// (which merging serialised sketches from several machines relies on).
  @usableFromInline static let bucketOfMantissa: [UInt8] = (0..<4096).map { m in
    UInt8(Foundation.floor(256 * Foundation.log2(1 + (Double(m) + 0.5) / 4096)))
  }

  /// The smallest possible index: |x| >= 1e-9 > 2^-30 has exponent e >= -30.
  @usableFromInline static let minIndex = -30 * 256
  /// The largest possible index: the largest finite double has e = 1023, s = 255.
  @usableFromInline static let maxIndex = 1023 * 256 + 255

  /// `bucketOfMantissa`, held by every sketch: reading a `static let` in `add` calls
  /// the lazy-initialisation check (`swift_once`) on every value, which measured a
  /// third of the cost of an add; a stored reference is one load, one retain per copy.
  @usableFromInline let table: [UInt8]
  /// The negative, zero and positive stores.
  @usableFromInline var buckets: BucketBuffer
  @usableFromInline var total: Int
  @usableFromInline var lowest: Double
  @usableFromInline var highest: Double

  /// An empty sketch. It allocates nothing until the first value.
  @inlinable
  public init() {
    table = QuantileSketch.bucketOfMantissa
    buckets = BucketBuffer()
    total = 0
    lowest = .infinity
    highest = -.infinity
  }

  /// The number of values added.
  @inlinable public var count: Int { total }

  /// True when no value has been added.
  @inlinable public var isEmpty: Bool { total == 0 }

  /// The smallest value added, exactly; NaN when empty.
  @inlinable public var min: Double { total == 0 ? .nan : lowest }

  /// The largest value added, exactly; NaN when empty.
  @inlinable public var max: Double { total == 0 ? .nan : highest }

  /// The bucket index of a magnitude >= `zeroThreshold` (the mapping `route` inlines).
  static func index(ofMagnitude a: Double) -> Int {
    bucketOfMantissa.withUnsafeBufferPointer { route(a, table: $0).index }
  }

  /// The representative magnitude of bucket i = 256 e + s: 2^(e + (s + 0.5)/256).
  static func representative(ofIndex i: Int) -> Double {
    Foundation.exp2((Double(i) + 0.5) / 256)
  }

  /// The bucket index and lane (0 positive, 1 negative, 2-3 zero) of a finite value.
  ///
  /// Zeros take the threshold's own index; their lane sends them to the zero slot.
  /// No branch: the lane is (sign bit) | (|x| < zeroThreshold) << 1.
  @inlinable @inline(__always)
  static func route(_ x: Double, table: UnsafeBufferPointer<UInt8>) -> (index: Int, lane: Int) {
    let parts = split(x)
    return (parts.octave &* 256 &+ Int(table[parts.mantissa]), parts.lane)
  }

  /// What `route` reads of a value besides the table: its octave e (|x| in [2^e,
  /// 2^(e+1)), |x| taken at least `zeroThreshold`), the top 12 bits of its mantissa
  /// (below 4,096) and its lane. The bucket index is 256 e + table[mantissa].
  @inlinable @inline(__always)
  static func split(_ x: Double) -> (octave: Int, mantissa: Int, lane: Int) {
    let a = x.magnitude
    let isZero = a < QuantileSketch.zeroThreshold
    let bits = Swift.max(a, QuantileSketch.zeroThreshold).bitPattern
    let e = Int(truncatingIfNeeded: bits >> 52) &- 1023
    let m = Int(truncatingIfNeeded: (bits >> 40) & 0xFFF)
    let lane =
      Int(truncatingIfNeeded: x.bitPattern >> 63)
      | Int(truncatingIfNeeded: unsafeBitCast(isZero, to: UInt8.self)) << 1
    return (e, m, lane)
  }

  /// Adds one value.
  ///
  /// Branch-free in the sign and the zero test (with a branch per store, a random
  /// sign cost ~9 ns per add in mispredictions); see `BucketBuffer`. For many values
  /// of one cell, ``add(contentsOf:)-(UnsafeBufferPointer<Double>)`` is faster.
  ///
  /// - Parameter x: A finite value.
  /// - Complexity: O(1); allocates only when x's bucket lies outside the range
  ///   seen so far (amortised growth).
  @inlinable @inline(__always)
  public mutating func add(_ x: Double) {
    precondition(x.isFinite, "QuantileSketch.add: value must be finite")
    // -0.0 + 0 is +0.0 and nothing else changes: min and max then do not depend on
    // the order in which ±0 arrive (-0.0 < 0.0 is false), and never print as "-0".
    let x = x + 0
    total &+= 1
    if x < lowest { lowest = x }
    if x > highest { highest = x }
    // The table's count is 4096 and m < 4096: reading it unchecked is safe.
    let (i, lane) = table.withUnsafeBufferPointer { QuantileSketch.route(x, table: $0) }
    buckets.add(i, lane: lane)
  }

  /// Adds a run of values: the same sketch as adding them one by one, faster.
  ///
  /// The copy-on-write check, the window tables, min and max are handled once per
  /// run instead of once per value; a value outside the current bucket range ends
  /// the run, goes through ``add(_:)`` (which grows the store), and a new run starts.
  ///
  /// - Parameter values: Finite values.
  /// - Complexity: O(values.count), plus amortised growth.
  @inlinable
  public mutating func add(contentsOf values: UnsafeBufferPointer<Double>) {
    var k = values.startIndex
    while k < values.endIndex {
      k = addRun(values, from: k)
      if k < values.endIndex {
        add(values[k])
        k += 1
      }
    }
  }

  /// Adds the values of an array: see ``add(contentsOf:)-(UnsafeBufferPointer<Double>)``.
  @inlinable
  public mutating func add(contentsOf values: [Double]) {
    values.withUnsafeBufferPointer { add(contentsOf: $0) }
  }

  /// Adds values from index k0 while their buckets lie inside the current windows.
  ///
  /// - Returns: The index of the first value not added (outside the windows), or
  ///   `values.endIndex`.
  @inlinable
  mutating func addRun(_ values: UnsafeBufferPointer<Double>, from k0: Int) -> Int {
    var lo = lowest
    var hi = highest
    var k = k0
    let end = values.endIndex
    let table = self.table  // a local, so the closures below touch `self` only once
    let windows = buckets.laneWindows
    windows.withTables { lanes in
      table.withUnsafeBufferPointer { table in
        buckets.counts.withUnsafeMutableBufferPointer { counts in
          while k < end {
            let raw = values[k]
            precondition(raw.isFinite, "QuantileSketch.add: value must be finite")
            let x = raw + 0  // -0.0 becomes +0.0, as in add(_:)
            let (i, lane) = QuantileSketch.route(x, table: table)
            checkIndex(8 &+ lane, lanes.count)
            let j = i &- lanes[lane]
            if UInt(bitPattern: j) >= UInt(bitPattern: lanes[4 &+ lane]) { break }
            // start + j lies in the lane's window, inside `counts` by construction.
            let slot = lanes[8 &+ lane] &+ j
            checkIndex(slot, counts.count)
            counts[slot] += 1
            if x < lo { lo = x }
            if x > hi { hi = x }
            k += 1
          }
        }
      }
    }
    total &+= k - k0
    lowest = lo
    highest = hi
    return k
  }

  /// Adds the counts of `other` to `self`: exact, and independent of merge order.
  ///
  /// - Parameter other: Another sketch (same bucket mapping, by construction).
  /// - Complexity: O(buckets of `other`, plus any growth of `self`).
  public mutating func merge(_ other: QuantileSketch) {
    if other.total == 0 { return }
    buckets.merge(other.buckets)
    total += other.total
    if other.lowest < lowest { lowest = other.lowest }
    if other.highest > highest { highest = other.highest }
  }

  /// Merges `other` in, taking its buffer when this sketch is empty (`other` is left
  /// holding this one's empty buffer): the same counts as `merge(_:)` adds bucket by
  /// bucket, which was most of the fixed cost of a small run (docs/performance.md,
  /// "The fixed cost of a small run"), and no second copy of the buckets. Only the
  /// windows' unoccupied margins may differ, which nothing reads (the encoded form,
  /// quantiles and equality see occupied buckets only).
  public mutating func merge(taking other: inout QuantileSketch) {
    if other.total == 0 { return }
    if total == 0 {
      swap(&self, &other)
      return
    }
    merge(other)
  }

  /// Empties the sketch but keeps its buffer and bucket ranges, so refilling it with
  /// similar values allocates nothing.
  public mutating func reset() {
    buckets.reset()
    total = 0
    lowest = .infinity
    highest = -.infinity
  }

  /// The q-quantile, with linear interpolation between ranks.
  ///
  /// With n values sorted ascending and r = q(n - 1) (0-based), the result is
  /// v[⌊r⌋] + (r - ⌊r⌋)(v[⌈r⌉] - v[⌊r⌋]) (the "type 7" convention of R, and NumPy's
  /// default), where v[k] is the representative of the bucket holding rank k (rank 0
  /// and rank n - 1 are the exact min and max), clamped to [min, max]. q = 0 and q = 1
  /// return min and max exactly.
  ///
  /// - Parameter q: A probability in [0, 1].
  /// - Returns: The estimate (relative error below ``relativeErrorBound`` when the
  ///   two ranks have the same sign), or NaN when the sketch is empty.
  /// - Complexity: O(buckets).
  public func quantile(_ q: Double) -> Double {
    precondition(q >= 0 && q <= 1, "QuantileSketch.quantile: q must be in [0, 1]")
    if total == 0 { return .nan }
    if q == 0 { return lowest }
    if q == 1 { return highest }
    let (lo, frac) = rank(q)
    var cursor = RankCursor(buckets)
    let vLo = value(ofRank: lo, cursor: &cursor)
    let vHi = frac > 0 ? value(ofRank: lo + 1, cursor: &cursor) : vLo
    return interpolate(vLo, vHi, frac)
  }

  /// Several quantiles in one pass over the buckets.
  ///
  /// - Parameter qs: Probabilities in [0, 1], in any order.
  /// - Returns: `qs.map(quantile)`, computed with a single walk.
  /// - Complexity: O(buckets + k log k) for k = `qs.count`.
  public func quantiles(_ qs: [Double]) -> [Double] {
    for q in qs {
      precondition(q >= 0 && q <= 1, "QuantileSketch.quantiles: q must be in [0, 1]")
    }
    if total == 0 { return qs.map { _ in .nan } }
    if zip(qs, qs.dropFirst()).allSatisfy({ $0 <= $1 }) { return ascendingQuantiles(qs) }
    // The ranks needed, ascending and unique, valued in one walk.
    var ranks: [Int] = []
    ranks.reserveCapacity(2 * qs.count)
    for q in qs where q > 0 && q < 1 {
      let (lo, frac) = rank(q)
      ranks.append(lo)
      if frac > 0 { ranks.append(lo + 1) }
    }
    ranks.sort()
    var unique: [Int] = []
    unique.reserveCapacity(ranks.count)
    for r in ranks where unique.last != r { unique.append(r) }
    var cursor = RankCursor(buckets)
    let values = unique.map { value(ofRank: $0, cursor: &cursor) }
    func lookup(_ r: Int) -> Double {
      var lo = 0
      var hi = unique.count - 1
      while lo < hi {
        let mid = (lo + hi) / 2
        if unique[mid] < r { lo = mid + 1 } else { hi = mid }
      }
      return values[lo]
    }
    return qs.map { q in
      if q == 0 { return lowest }
      if q == 1 { return highest }
      let (lo, frac) = rank(q)
      let vLo = lookup(lo)
      let vHi = frac > 0 ? lookup(lo + 1) : vLo
      return interpolate(vLo, vHi, frac)
    }
  }

  /// `quantiles(qs)` for `qs` in ascending order (the tables' levels): the ranks
  /// come in order, so the walk values them as it meets them, without the sorted list of ranks and its look-ups (four arrays
  /// per cell, in every table's statistics). A rank's value does not depend on how
  /// the walk reached it, so the numbers are `quantiles`'s own.
  ///
  /// Each quantile needs ranks lo and lo + 1; the next one's lo is at least this lo,
  /// so the last two ranks valued are all it can need again.
  func ascendingQuantiles(_ qs: [Double]) -> [Double] {
    var cursor = RankCursor(buckets)
    var older = (rank: -1, value: 0.0)
    var newer = (rank: -1, value: 0.0)
    func valued(_ r: Int) -> Double {
      if r == newer.rank { return newer.value }
      if r == older.rank { return older.value }
      // ⌊q(n - 1)⌋ does not fall as q rises: a rank is never behind the walk.
      precondition(r > newer.rank, "QuantileSketch.ascendingQuantiles: levels must ascend")
      older = newer
      newer = (r, value(ofRank: r, cursor: &cursor))
      return newer.value
    }
    var out: [Double] = []
    out.reserveCapacity(qs.count)
    for q in qs {
      if q == 0 {
        out.append(lowest)
      } else if q == 1 {
        out.append(highest)
      } else {
        let (lo, frac) = rank(q)
        let vLo = valued(lo)
        let vHi = frac > 0 ? valued(lo + 1) : vLo
        out.append(interpolate(vLo, vHi, frac))
      }
    }
    return out
  }

  /// ⌊q(n - 1)⌋ and its fractional part.
  func rank(_ q: Double) -> (Int, Double) {
    let r = q * Double(total - 1)
    let lo = Swift.min(Int(r), total - 1)
    return (lo, lo == total - 1 ? 0 : r - Double(lo))
  }

  /// v_lo + frac (v_hi - v_lo), clamped to [min, max]; exact when v_lo == v_hi.
  func interpolate(_ vLo: Double, _ vHi: Double, _ frac: Double) -> Double {
    let v = vLo + frac * (vHi - vLo)
    return Swift.min(Swift.max(v, lowest), highest)
  }

  /// The value standing for the item of 0-based rank k: the exact min or max at the
  /// ends, otherwise its bucket's representative clamped to [min, max].
  func value(ofRank k: Int, cursor: inout RankCursor) -> Double {
    if k == 0 { return lowest }
    if k == total - 1 { return highest }
    let v = cursor.value(ofRank: k)
    return Swift.min(Swift.max(v, lowest), highest)
  }

  /// Walks the buckets in value order (negative store from the largest magnitude
  /// down, then zero, then the positive store up) for non-decreasing ranks.
  struct RankCursor {
    let negative: BucketBuffer.Window
    let zeroCount: Int
    let positive: BucketBuffer.Window
    /// The position in the sequence: negative slots (reversed), zero, positive slots.
    var position = 0
    /// The number of items at positions before `position`.
    var below = 0

    init(_ buckets: BucketBuffer) {
      negative = buckets.window(.negative)
      zeroCount = buckets.zeroCount
      positive = buckets.window(.positive)
    }

    func count(at p: Int) -> Int {
      let nn = negative.counts.count
      if p < nn { return Int(negative.counts[negative.counts.endIndex - 1 - p]) }
      if p == nn { return zeroCount }
      return Int(positive.counts[positive.counts.startIndex + p - nn - 1])
    }

    func value(at p: Int) -> Double {
      let nn = negative.counts.count
      if p < nn { return -QuantileSketch.representative(ofIndex: negative.low + nn - 1 - p) }
      if p == nn { return 0 }
      return QuantileSketch.representative(ofIndex: positive.low + p - nn - 1)
    }

    /// Buckets whose counts the walk sums at once.
    static let skipBlock = 16

    /// The representative value of the bucket holding rank k (k < total, and not
    /// smaller than any rank asked before).
    ///
    /// The walk steps through each store's counts directly (`count(at:)` per step,
    /// with its branches and slice indexing, was most of the cost of writing a small
    /// run's quantiles: docs/performance.md, "The fixed cost of a small run"), and
    /// skips a block of `skipBlock` buckets at once when the rank lies past all of
    /// them: counts are not negative, so the step-by-step walk would pass them too.
    mutating func value(ofRank k: Int) -> Double {
      precondition(k >= below, "RankCursor: ranks must be non-decreasing")
      let nn = negative.counts.count
      let block = Self.skipBlock
      if position < nn {
        // Negative slots, largest magnitude first: slot nn - 1 - position.
        negative.counts.withUnsafeBufferPointer { c in
          while position + block <= nn {
            // Slots nn - position - block ..< nn - position, summed (below 2^36: no overflow).
            var sum = 0
            checkIndex(nn - position - block, c.count)
            for s in (nn - position - block)..<(nn - position) { sum += Int(c[s]) }
            if below + sum > k { break }
            below += sum
            position += block
          }
          while position < nn {
            checkIndex(nn - 1 - position, c.count)
            let n = Int(c[nn - 1 - position])
            if below + n > k { break }
            below += n
            position += 1
          }
        }
        if position < nn { return value(at: position) }
      }
      if position == nn {
        if below + zeroCount > k { return value(at: position) }
        below += zeroCount
        position += 1
      }
      positive.counts.withUnsafeBufferPointer { c in
        while position - nn - 1 + block <= c.count {
          var sum = 0
          checkIndex(position - nn - 1 + block - 1, c.count)
          for s in (position - nn - 1)..<(position - nn - 1 + block) { sum += Int(c[s]) }
          if below + sum > k { break }
          below += sum
          position += block
        }
        while position - nn - 1 < c.count {
          checkIndex(position - nn - 1, c.count)
          let n = Int(c[position - nn - 1])
          if below + n > k { break }
          below += n
          position += 1
        }
      }
      precondition(position - nn - 1 < positive.counts.count, "RankCursor: rank \(k) past the sketch's count")
      return value(at: position)
    }
  }
}

extension QuantileSketch: Equatable {
  /// Equal when they hold the same bucket counts, total, min and max, whatever their
  /// buffer sizes and bucket ranges.
  public static func == (a: QuantileSketch, b: QuantileSketch) -> Bool {
    a.total == b.total
      && (a.total == 0 || (a.lowest == b.lowest && a.highest == b.highest))
      && a.buckets == b.buckets
  }
}

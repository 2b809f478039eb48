import Foundation

/// A streaming quantile sketch with bounded relative error and exact merges: a
/// log-bucket histogram in the style of DDSketch (Masson, Rim and Lee 2019).
///
/// Values go to one of three places: a zero count for |x| < ``zeroThreshold``, a
/// store of bucket counts for positive values and one for negative values (bucketed
/// by |x|). Buckets are 1/256 of an octave wide, so the representative value of a
/// bucket is within 0.15% of every value in it (see ``relativeErrorBound``). Merging
/// adds bucket counts, which is exact and commutative: a run split into pieces and
/// merged in any order gives the same sketch, bucket for bucket.
///
/// Exact `min`, `max` and count are kept as well; quantiles are clamped to
/// [min, max], so one value, a constant cell, q = 0 and q = 1 come out exact.
///
/// Memory depends on the spread of the values (about 256 × log2(max/min) counters
/// of 4 bytes per sign), never on their number. `add` allocates only when a value
/// falls outside the bucket range seen so far; ``reset()`` keeps the range.
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
/// units it is at most log2(1 + 1/4096) ≈ 3.52e-4 wide, so every point of it is within
/// h = log2(1 + 0.5/4096.5) ≈ 1.761e-4 of log2 of its midpoint. The table puts the
/// midpoint in [s/256, (s+1)/256), so log2|x| - e lies in [s/256 - h, (s+1)/256 + h) and
/// differs from the representative's (s + 0.5)/256 by at most 1/512 + h ≈ 2.129e-3.
/// The relative error is then at most 2^(2.129e-3) - 1 ≈ 1.477e-3 (the exact maximum
/// over the table is 1.458e-3). A quantile interpolates linearly between the values of
/// two neighbouring ranks; when both have the same sign (or one is zero) the
/// interpolation keeps the bound relative to the exact interpolated quantile. Across a
/// sign change the error is bounded by 1.48e-3 × max(|lower|, |upper|) instead.
///
/// - Note: Not thread-safe to mutate from several threads (it is a value type);
///   give each worker its own sketch and merge.
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

  /// Buckets per octave (power of 2).
  @usableFromInline static let bucketsPerOctave = 256
  /// Mantissa bits that feed the table.
  @usableFromInline static let mantissaBits = 12

  /// table[m] = ⌊256 log2(1 + (m + 0.5)/4096)⌋ for the top 12 mantissa bits m.
  ///
  /// Computed once. No entry lies within 5.5e-5 of an integer before the floor, far
  /// more than the error of any libm `log2`, so every platform builds the same table
  /// (which serialised sketches from several machines rely on).
  @usableFromInline static let bucketOfMantissa: [UInt8] = (0..<4096).map { m in
    UInt8(Foundation.floor(256 * Foundation.log2(1 + (Double(m) + 0.5) / 4096)))
  }

  /// The smallest possible index: |x| >= 1e-9 > 2^-30 has exponent e >= -30.
  @usableFromInline static let minIndex = -30 * 256
  /// The largest possible index: the largest finite double has e = 1023, s = 255.
  @usableFromInline static let maxIndex = 1023 * 256 + 255

  @usableFromInline var positive: BucketStore
  @usableFromInline var negative: BucketStore
  @usableFromInline var zeroCount: Int
  @usableFromInline var total: Int
  @usableFromInline var lowest: Double
  @usableFromInline var highest: Double

  /// An empty sketch. It allocates nothing until the first non-zero value.
  @inlinable
  public init() {
    positive = BucketStore()
    negative = BucketStore()
    zeroCount = 0
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

  /// The bucket index of a magnitude a >= `zeroThreshold` (finite).
  @inlinable @inline(__always)
  static func index(ofMagnitude a: Double) -> Int {
    let bits = a.bitPattern
    let e = Int(truncatingIfNeeded: bits >> 52) &- 1023
    let m = Int(truncatingIfNeeded: (bits >> 40) & 0xFFF)
    return e &* 256 &+ Int(bucketOfMantissa[m])
  }

  /// The representative magnitude of bucket i = 256 e + s: 2^(e + (s + 0.5)/256).
  @inlinable
  static func representative(ofIndex i: Int) -> Double {
    Foundation.exp2((Double(i) + 0.5) / 256)
  }

  /// Adds one value.
  ///
  /// - Parameter x: A finite value.
  /// - Complexity: O(1); allocates only when x's bucket lies outside the range
  ///   seen so far (amortised growth).
  @inlinable @inline(__always)
  public mutating func add(_ x: Double) {
    precondition(x.isFinite, "QuantileSketch.add: value must be finite")
    total &+= 1
    if x < lowest { lowest = x }
    if x > highest { highest = x }
    let a = x.magnitude
    if a < QuantileSketch.zeroThreshold {
      zeroCount &+= 1
      return
    }
    let i = QuantileSketch.index(ofMagnitude: a)
    if x > 0 {
      positive.add(i)
    } else {
      negative.add(i)
    }
  }

  /// Adds the counts of `other` to `self`: exact, and independent of merge order.
  ///
  /// - Parameter other: Another sketch (same bucket mapping, by construction).
  /// - Complexity: O(number of buckets of `other` plus any growth of `self`).
  public mutating func merge(_ other: QuantileSketch) {
    if other.total == 0 { return }
    positive.merge(other.positive)
    negative.merge(other.negative)
    zeroCount += other.zeroCount
    total += other.total
    if other.lowest < lowest { lowest = other.lowest }
    if other.highest > highest { highest = other.highest }
  }

  /// Empties the sketch but keeps its buffers and bucket ranges, so refilling it
  /// with similar values allocates nothing.
  public mutating func reset() {
    positive.reset()
    negative.reset()
    zeroCount = 0
    total = 0
    lowest = .infinity
    highest = -.infinity
  }

  /// The q-quantile, with linear interpolation between ranks.
  ///
  /// With n values sorted ascending and r = q(n - 1) (0-based), the result is
  /// v[⌊r⌋] + (r - ⌊r⌋)(v[⌈r⌉] - v[⌊r⌋]) (the "type 7" convention of R and NumPy's
  /// default), where v[k] is the representative of the bucket holding rank k (rank 0
  /// and rank n-1 are the exact min and max), and the result is clamped to [min, max].
  /// q = 0 and q = 1 return min and max exactly.
  ///
  /// - Parameter q: A probability in [0, 1].
  /// - Returns: The estimate (relative error below ``relativeErrorBound`` when the
  ///   two ranks have the same sign), or NaN when the sketch is empty.
  /// - Complexity: O(number of buckets).
  public func quantile(_ q: Double) -> Double {
    precondition(q >= 0 && q <= 1, "QuantileSketch.quantile: q must be in [0, 1]")
    if total == 0 { return .nan }
    if q == 0 { return lowest }
    if q == 1 { return highest }
    let (lo, frac) = rank(q)
    var cursor = RankCursor(self)
    let vLo = value(ofRank: lo, cursor: &cursor)
    let vHi = frac > 0 ? value(ofRank: lo + 1, cursor: &cursor) : vLo
    return interpolate(vLo, vHi, frac)
  }

  /// Several quantiles in one pass over the buckets.
  ///
  /// - Parameter qs: Probabilities in [0, 1], in any order.
  /// - Returns: `qs.map(quantile)`, computed with a single walk.
  /// - Complexity: O(number of buckets + k log k) for k = `qs.count`.
  public func quantiles(_ qs: [Double]) -> [Double] {
    for q in qs {
      precondition(q >= 0 && q <= 1, "QuantileSketch.quantiles: q must be in [0, 1]")
    }
    if total == 0 { return qs.map { _ in .nan } }
    // Ranks needed, ascending and unique, then one walk.
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
    var cursor = RankCursor(self)
    let values = unique.map { value(ofRank: $0, cursor: &cursor) }
    func lookup(_ r: Int) -> Double {
      var lo = 0, hi = unique.count - 1
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

  /// ⌊q(n-1)⌋ and its fractional part.
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
    let negative: [UInt32]
    let negativeOffset: Int
    let zeroCount: Int
    let positive: [UInt32]
    let positiveOffset: Int
    /// The current position in the sequence: negative slots (reversed), zero, positive.
    var position = 0
    /// The number of items at positions before `position`.
    var below = 0

    init(_ sketch: QuantileSketch) {
      negative = sketch.negative.counts
      negativeOffset = sketch.negative.offset
      zeroCount = sketch.zeroCount
      positive = sketch.positive.counts
      positiveOffset = sketch.positive.offset
    }

    func count(at p: Int) -> Int {
      let nn = negative.count
      if p < nn { return Int(negative[nn - 1 - p]) }
      if p == nn { return zeroCount }
      return Int(positive[p - nn - 1])
    }

    func value(at p: Int) -> Double {
      let nn = negative.count
      if p < nn { return -QuantileSketch.representative(ofIndex: negativeOffset + nn - 1 - p) }
      if p == nn { return 0 }
      return QuantileSketch.representative(ofIndex: positiveOffset + p - nn - 1)
    }

    /// The representative value of the bucket holding rank k (k < total, and not
    /// smaller than any rank asked before).
    mutating func value(ofRank k: Int) -> Double {
      precondition(k >= below, "RankCursor: ranks must be non-decreasing")
      while below + count(at: position) <= k {
        below += count(at: position)
        position += 1
      }
      return value(at: position)
    }
  }
}

extension QuantileSketch: Equatable {
  /// Equal when they hold the same bucket counts, zero count, total, min and max,
  /// whatever their buffer sizes and offsets.
  public static func == (a: QuantileSketch, b: QuantileSketch) -> Bool {
    a.total == b.total && a.zeroCount == b.zeroCount
      && (a.total == 0 || (a.lowest == b.lowest && a.highest == b.highest))
      && a.positive == b.positive && a.negative == b.negative
  }
}

extension QuantileSketch: Codable {
  /// The bucket mapping, recorded so sketches built with another mapping are refused.
  static let mappingName = "log2-256-m12-zero1e-9"

  enum CodingKeys: String, CodingKey {
    case mapping, count, zeroCount, min, max, positive, negative
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(QuantileSketch.mappingName, forKey: .mapping)
    try c.encode(total, forKey: .count)
    try c.encode(zeroCount, forKey: .zeroCount)
    // ±infinity of an empty sketch would break JSON: omit min/max then.
    if total > 0 {
      try c.encode(lowest, forKey: .min)
      try c.encode(highest, forKey: .max)
    }
    try c.encode(positive, forKey: .positive)
    try c.encode(negative, forKey: .negative)
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let mapping = try c.decode(String.self, forKey: .mapping)
    guard mapping == QuantileSketch.mappingName else {
      throw DecodingError.dataCorruptedError(
        forKey: .mapping, in: c,
        debugDescription: "sketch uses bucket mapping '\(mapping)', expected '\(QuantileSketch.mappingName)'")
    }
    self.init()
    total = try c.decode(Int.self, forKey: .count)
    zeroCount = try c.decode(Int.self, forKey: .zeroCount)
    positive = try c.decode(BucketStore.self, forKey: .positive)
    negative = try c.decode(BucketStore.self, forKey: .negative)
    guard total >= 0, zeroCount >= 0, zeroCount + positive.total + negative.total == total else {
      throw DecodingError.dataCorruptedError(
        forKey: .count, in: c, debugDescription: "bucket counts do not add up to count")
    }
    if total > 0 {
      lowest = try c.decode(Double.self, forKey: .min)
      highest = try c.decode(Double.self, forKey: .max)
      guard lowest.isFinite, highest.isFinite, lowest <= highest else {
        throw DecodingError.dataCorruptedError(
          forKey: .min, in: c, debugDescription: "min and max must be finite with min <= max")
      }
    }
  }
}

/// Dense bucket counts over the index range [offset, offset + counts.count).
///
/// Grows by at least half its size towards a new index outside the range
/// (amortised O(1)); within the range `add` is a compare and an increment.
@usableFromInline
struct BucketStore: Sendable {
  /// counts[j] is the number of items in bucket `offset + j`.
  @usableFromInline var counts: [UInt32]
  /// The index of counts[0].
  @usableFromInline var offset: Int

  /// Buckets allocated on the first add: a quarter octave either side.
  static let initialSize = 128

  @inlinable
  init() {
    counts = []
    offset = 0
  }

  /// Adds one item to bucket `index`.
  @inlinable @inline(__always)
  mutating func add(_ index: Int) {
    let j = index &- offset
    if UInt(bitPattern: j) < UInt(bitPattern: counts.count) {
      counts[j] += 1
    } else {
      addOutsideRange(index)
    }
  }

  /// The slow path of `add`: grow, then count.
  @usableFromInline @inline(never)
  mutating func addOutsideRange(_ index: Int) {
    include(index, index)
    counts[index - offset] += 1
  }

  /// Grows the range to cover [lo, hi], with slack on the side(s) that grew.
  mutating func include(_ lo: Int, _ hi: Int) {
    if counts.isEmpty {
      let half = BucketStore.initialSize / 2
      let newLo = Swift.min(lo, Swift.max(QuantileSketch.minIndex, lo - half))
      let newHi = Swift.max(hi, Swift.min(QuantileSketch.maxIndex, hi + half - 1))
      counts = [UInt32](repeating: 0, count: newHi - newLo + 1)
      offset = newLo
      return
    }
    let oldLo = offset, oldHi = offset + counts.count - 1
    if lo >= oldLo && hi <= oldHi { return }
    let slack = Swift.max(counts.count / 2, 32)
    var newLo = oldLo, newHi = oldHi
    if lo < oldLo { newLo = Swift.min(lo, Swift.max(QuantileSketch.minIndex, oldLo - slack)) }
    if hi > oldHi { newHi = Swift.max(hi, Swift.min(QuantileSketch.maxIndex, oldHi + slack)) }
    var grown = [UInt32](repeating: 0, count: newHi - newLo + 1)
    let start = oldLo - newLo
    grown.replaceSubrange(start..<(start + counts.count), with: counts)
    counts = grown
    offset = newLo
  }

  /// Zeroes the counts, keeping the buffer and the range.
  mutating func reset() {
    counts.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
  }

  /// The slots of the first and last non-zero counts, or nil when all are zero.
  var occupied: ClosedRange<Int>? {
    guard let first = counts.firstIndex(where: { $0 != 0 }),
      let last = counts.lastIndex(where: { $0 != 0 })
    else { return nil }
    return first...last
  }

  /// The number of items in all buckets.
  var total: Int { counts.reduce(0) { $0 + Int($1) } }

  /// Adds `other`'s counts bucket by bucket (traps if a bucket would pass 2^32 - 1).
  mutating func merge(_ other: BucketStore) {
    guard let slots = other.occupied else { return }
    include(other.offset + slots.lowerBound, other.offset + slots.upperBound)
    let shift = other.offset - offset
    for j in slots { counts[j + shift] += other.counts[j] }
  }
}

extension BucketStore: Equatable {
  /// Equal when the non-zero counts sit at the same indices.
  @usableFromInline
  static func == (a: BucketStore, b: BucketStore) -> Bool {
    switch (a.occupied, b.occupied) {
    case (nil, nil): return true
    case let (ra?, rb?):
      guard a.offset + ra.lowerBound == b.offset + rb.lowerBound, ra.count == rb.count else { return false }
      return a.counts[ra].elementsEqual(b.counts[rb])
    default: return false
    }
  }
}

extension BucketStore: Codable {
  enum CodingKeys: String, CodingKey { case offset, counts }

  /// Encodes only the occupied range: {offset: index of the first count, counts}.
  @usableFromInline
  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    if let slots = occupied {
      try c.encode(offset + slots.lowerBound, forKey: .offset)
      try c.encode(Array(counts[slots]), forKey: .counts)
    } else {
      try c.encode(0, forKey: .offset)
      try c.encode([UInt32](), forKey: .counts)
    }
  }

  @usableFromInline
  init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let offset = try c.decode(Int.self, forKey: .offset)
    let counts = try c.decode([UInt32].self, forKey: .counts)
    guard counts.isEmpty
      || (offset >= QuantileSketch.minIndex && offset + counts.count - 1 <= QuantileSketch.maxIndex)
    else {
      throw DecodingError.dataCorruptedError(
        forKey: .offset, in: c, debugDescription: "bucket indices outside the mapping's range")
    }
    self.offset = counts.isEmpty ? 0 : offset
    self.counts = counts
  }
}

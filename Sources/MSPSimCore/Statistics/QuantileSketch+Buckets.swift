/// The three stores of a ``QuantileSketch`` (negative buckets, zero count, positive
/// buckets) in one dense array:
///
///     counts = [negative window | zero slot | positive window]
///
/// The negative window covers bucket indices [negativeLow, negativeLow + negativeWidth)
/// of |x|, the positive window [positiveLow, positiveLow + positiveWidth). The stores
/// stay logically separate (each window grows on its own, by at least half its width,
/// so growth is amortised O(1)), but sharing one array lets `add` route a value without
/// a branch on its sign or on the zero test, and pay one copy-on-write uniqueness check
/// instead of two.
///
/// Routing: a value's lane is (sign bit) | (|x| < zeroThreshold) << 1, so 0 = positive,
/// 1 = negative, 2 and 3 = zero; `low`, `width` and `start` hold each lane's window as
/// SIMD lanes, read with a variable index (a load, not a branch). With a branch per
/// store, a metric whose sign is random (EBITDA near zero) mispredicted on half its
/// values, about 9 ns per add; selects written as `?:` were turned back into branches by
/// the optimiser. Zero values are given the index of the threshold itself, which the
/// zero lanes map to the zero slot.
///
/// A bucket holds at most 2^32 - 1 items; more traps (4-byte counters halve the cache
/// footprint of the 17 sketches per path-month the engine updates).
@usableFromInline
struct BucketBuffer: Sendable {
  /// The counts: negative window, zero slot, positive window.
  @usableFromInline var counts: [UInt32]
  /// Per lane (positive, negative, zero, zero): the bucket index of the window's first slot.
  @usableFromInline var low: SIMD4<Int32>
  /// Per lane: the window's number of slots (0 until allocated).
  @usableFromInline var width: SIMD4<Int32>
  /// Per lane: the position of the window's first slot in `counts`.
  @usableFromInline var start: SIMD4<Int32>

  /// The three stores.
  enum Side { case negative, zero, positive }

  /// A store's bucket counts: counts[counts.startIndex + j] is bucket low + j.
  struct Window {
    let low: Int
    let counts: ArraySlice<UInt32>
  }

  /// Slots allocated when a window is created: 1/4 octave either side of the value.
  static let initialWidth = 128

  /// The bucket index that zero values are given (that of the threshold itself).
  static let zeroIndex = QuantileSketch.index(ofMagnitude: QuantileSketch.zeroThreshold)

  /// An empty buffer; nothing is allocated until the first add.
  @inlinable
  init() {
    counts = []
    low = .zero
    width = .zero
    start = .zero
  }

  /// The bucket index of counts[0].
  var negativeLow: Int { Int(low[1]) }
  /// The number of slots of the negative window; the zero slot is counts[negativeWidth].
  var negativeWidth: Int { Int(width[1]) }
  /// The bucket index of counts[negativeWidth + 1].
  var positiveLow: Int { Int(low[0]) }
  /// The number of slots of the positive window.
  var positiveWidth: Int { Int(width[0]) }
  /// 1 once `counts` exists (so the zero slot does), 0 before.
  var zeroWidth: Int { Int(width[2]) }

  /// The lane windows (`low`, `width`, `start`) by value, for a loop that counts into
  /// `counts` meanwhile. (A method of the buffer itself, called around a loop that
  /// mutates the buffer, made Swift copy the buffer for the call, and `counts`, no
  /// longer unique, was copied whole on every run.)
  @usableFromInline
  struct LaneWindows {
    @usableFromInline let low: SIMD4<Int32>
    @usableFromInline let width: SIMD4<Int32>
    @usableFromInline let start: SIMD4<Int32>

    @inlinable
    init(low: SIMD4<Int32>, width: SIMD4<Int32>, start: SIMD4<Int32>) {
      self.low = low
      self.width = width
      self.start = start
    }

    /// Calls `body` with the lane tables as 12 plain integers: per lane (0 positive,
    /// 1 negative, 2-3 zero) its window's first bucket index at `lane`, its width at
    /// `4 + lane` and its first slot in `counts` at `8 + lane`. Reading SIMD lanes with a
    /// variable index inside a loop spilled the vectors to the stack on every value.
    @inlinable @inline(__always)
    func withTables<R>(_ body: (UnsafeMutableBufferPointer<Int>) -> R) -> R {
      withUnsafeTemporaryAllocation(of: Int.self, capacity: 12) { lanes in
        for l in 0..<4 {
          checkIndex(8 + l, lanes.count)
          lanes[l] = Int(low[l])
          lanes[4 + l] = Int(width[l])
          lanes[8 + l] = Int(start[l])
        }
        return body(lanes)
      }
    }
  }

  /// The current lane windows, by value.
  @inlinable var laneWindows: LaneWindows { LaneWindows(low: low, width: width, start: start) }

  /// Counts one item in bucket i of lane `lane` (0 positive, 1 negative, 2-3 zero;
  /// for the zero lanes i must be `zeroIndex`).
  @inlinable @inline(__always)
  mutating func add(_ i: Int, lane: Int) {
    let j = i &- Int(low[lane])
    let slot = Int(start[lane]) &+ j
    if UInt(bitPattern: j) < UInt(bitPattern: Int(width[lane])) {
      // Read, then write: with `+= 1` the optimiser sank the lane read past the
      // copy-on-write check and spilled the whole vector around that call.
      let c = counts[slot]
      counts[slot] = c + 1
    } else {
      addOutsideRange(i, lane: lane)
    }
  }

  /// The slow path of `add`: grow the store, then count.
  @usableFromInline @inline(never)
  mutating func addOutsideRange(_ i: Int, lane: Int) {
    let side: Side = lane >= 2 ? .zero : (lane == 1 ? .negative : .positive)
    include(side, i, i)
    counts[slot(side, i)] += 1
  }

  /// Sets the windows (and the zero slot between them) and the lane tables.
  mutating func setLayout(negative: (low: Int, width: Int), positive: (low: Int, width: Int)) {
    let z = Int32(BucketBuffer.zeroIndex)
    let nw = Int32(negative.width)
    low = SIMD4(Int32(positive.low), Int32(negative.low), z, z)
    width = SIMD4(Int32(positive.width), nw, 1, 1)
    start = SIMD4(nw + 1, 0, nw, nw)
  }

  /// The position in `counts` of bucket i of `side` (which must cover it).
  func slot(_ side: Side, _ i: Int) -> Int {
    switch side {
    case .negative: return i - negativeLow
    case .zero: return negativeWidth
    case .positive: return negativeWidth + 1 + i - positiveLow
    }
  }

  /// Grows `side`'s window to cover buckets lo...hi (for `.zero`: allocates the
  /// buffer if needed).
  mutating func include(_ side: Side, _ lo: Int, _ hi: Int) {
    var negative = (low: negativeLow, width: negativeWidth)
    var positive = (low: positiveLow, width: positiveWidth)
    switch side {
    case .zero:
      if zeroWidth == 1 { return }
    case .negative:
      negative = BucketBuffer.grown(negative, lo, hi)
      if negative == (negativeLow, negativeWidth) && zeroWidth == 1 { return }
    case .positive:
      positive = BucketBuffer.grown(positive, lo, hi)
      if positive == (positiveLow, positiveWidth) && zeroWidth == 1 { return }
    }
    relayout(negative: negative, positive: positive)
  }

  /// A window grown to cover lo...hi, with slack on the side(s) that grew, kept
  /// within the mapping's index range.
  static func grown(_ w: (low: Int, width: Int), _ lo: Int, _ hi: Int) -> (low: Int, width: Int) {
    let minIndex = QuantileSketch.minIndex
    let maxIndex = QuantileSketch.maxIndex
    if w.width == 0 {
      let half = initialWidth / 2
      let newLo = Swift.min(lo, Swift.max(minIndex, lo - half))
      let newHi = Swift.max(hi, Swift.min(maxIndex, hi + half - 1))
      return (newLo, newHi - newLo + 1)
    }
    let oldHi = w.low + w.width - 1
    if lo >= w.low && hi <= oldHi { return w }
    let slack = Swift.max(w.width / 2, 32)
    var newLo = w.low
    var newHi = oldHi
    if lo < w.low { newLo = Swift.min(lo, Swift.max(minIndex, w.low - slack)) }
    if hi > oldHi { newHi = Swift.max(hi, Swift.min(maxIndex, oldHi + slack)) }
    return (newLo, newHi - newLo + 1)
  }

  /// Moves the counts into a new array with the given windows (each containing the
  /// old one) and a zero slot.
  mutating func relayout(negative: (low: Int, width: Int), positive: (low: Int, width: Int)) {
    var grown = [UInt32](repeating: 0, count: negative.width + 1 + positive.width)
    if zeroWidth == 1 {
      let oldNegative = window(.negative)
      let oldPositive = window(.positive)
      // An empty window's `low` means nothing: copy only non-empty ones.
      if !oldNegative.counts.isEmpty {
        let n0 = oldNegative.low - negative.low
        grown.replaceSubrange(n0..<(n0 + oldNegative.counts.count), with: oldNegative.counts)
      }
      grown[negative.width] = counts[negativeWidth]
      if !oldPositive.counts.isEmpty {
        let p0 = negative.width + 1 + oldPositive.low - positive.low
        grown.replaceSubrange(p0..<(p0 + oldPositive.counts.count), with: oldPositive.counts)
      }
    }
    counts = grown
    setLayout(negative: negative, positive: positive)
  }

  /// The counts of the negative or positive store (empty for `.zero`).
  func window(_ side: Side) -> Window {
    switch side {
    case .negative: return Window(low: negativeLow, counts: counts[0..<negativeWidth])
    case .zero: return Window(low: 0, counts: [])
    case .positive:
      let start = negativeWidth + zeroWidth
      return Window(low: positiveLow, counts: counts[start..<(start + positiveWidth)])
    }
  }

  /// The number of items with |x| < `QuantileSketch.zeroThreshold`.
  var zeroCount: Int { zeroWidth == 0 ? 0 : Int(counts[negativeWidth]) }

  /// The number of items in all stores.
  var total: Int { counts.reduce(0) { $0 + Int($1) } }

  /// The bucket indices of `side`'s first and last non-zero counts, or nil.
  func occupied(_ side: Side) -> ClosedRange<Int>? {
    let w = window(side)
    guard let first = w.counts.firstIndex(where: { $0 != 0 }),
      let last = w.counts.lastIndex(where: { $0 != 0 })
    else { return nil }
    let base = w.low - w.counts.startIndex
    return (base + first)...(base + last)
  }

  /// The count of bucket i of `side` (which must cover it).
  func count(_ side: Side, _ i: Int) -> UInt32 { counts[slot(side, i)] }

  /// Zeroes the counts, keeping the buffer and the windows.
  mutating func reset() {
    counts.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
  }

  /// Adds `other`'s counts bucket by bucket.
  mutating func merge(_ other: BucketBuffer) {
    for side in [Side.negative, .positive] {
      guard let range = other.occupied(side) else { continue }
      include(side, range.lowerBound, range.upperBound)
      // Both windows hold the range in consecutive slots, so the merge adds one run
      // to another, in SIMD lanes, with overflow checked once a run (bucket by
      // bucket, a slot computed and an overflow trap each, merging a run's workers
      // was the largest part of a small run's fixed cost: docs/performance.md,
      // "Merging sketches in runs").
      let from = other.slot(side, range.lowerBound)
      let to = slot(side, range.lowerBound)
      let n = range.count
      var overflowed: UInt32 = 0
      other.counts.withUnsafeBufferPointer { source in
        counts.withUnsafeMutableBufferPointer { target in
          precondition(from + n <= source.count && to + n <= target.count, "a window covers the merged range")
          for k in 0..<n {
            let sum = target[to &+ k] &+ source[from &+ k]
            overflowed |= sum < source[from &+ k] ? 1 : 0
            target[to &+ k] = sum
          }
        }
      }
      precondition(overflowed == 0, "a bucket holds at most 2^32 - 1 items")
    }
    let zeros = other.zeroCount
    if zeros > 0 {
      include(.zero, 0, 0)
      counts[negativeWidth] += UInt32(zeros)
    }
  }

  /// A buffer holding exactly the given stores (for decoding).
  ///
  /// - Precondition: Bucket indices within the mapping's range.
  init(negative: Window, zeroCount: UInt32, positive: Window) {
    self.init()
    if negative.counts.isEmpty && positive.counts.isEmpty && zeroCount == 0 { return }
    counts = Array(negative.counts) + [zeroCount] + Array(positive.counts)
    setLayout(
      negative: (negative.low, negative.counts.count),
      positive: (positive.low, positive.counts.count))
  }
}

extension BucketBuffer: Equatable {
  /// Equal when the same buckets hold the same non-zero counts, whatever the windows.
  @usableFromInline
  static func == (a: BucketBuffer, b: BucketBuffer) -> Bool {
    guard a.zeroCount == b.zeroCount else { return false }
    for side in [Side.negative, .positive] {
      let ra = a.occupied(side)
      guard ra == b.occupied(side) else { return false }
      if let r = ra, !r.allSatisfy({ a.count(side, $0) == b.count(side, $0) }) { return false }
    }
    return true
  }
}

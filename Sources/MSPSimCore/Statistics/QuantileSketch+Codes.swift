/// Values handed to a sketch later, as bucket codes (the engine's chunk buffer,
/// docs/performance.md, "The statistics drain"): the code is computed while the
/// value is in a register, kept in 2 bytes, and a cell's codes are added in one
/// visit, with the exact min and max kept beside them.
extension QuantileSketch {
  /// A finite value's bucket and lane in 4 bytes: (index - `minIndex`) << 2 | lane
  /// (an index spans 2^19 values, so the code fits 21 bits). Kept in 2 bytes as a
  /// ``ShortCode``.
  ///
  /// - Parameters:
  ///   - x: A finite value, with -0.0 already made +0.0.
  ///   - table: `bucketOfMantissa`'s 4,096 entries.
  @inline(__always)
  static func code(of x: Double, table: UnsafePointer<UInt8>) -> UInt32 {
    // The mantissa's top 12 bits are below 4,096 by construction.
    let parts = codeParts(of: x)
    return parts.base &+ UInt32(table[parts.mantissa]) << 2
  }

  /// ``code(of:table:)`` in two parts: `base + table[mantissa] << 2`. The base needs
  /// no table, so a row's bases are computed in SIMD lanes and the table is read in
  /// a second, short loop (docs/performance.md, "Codes in two passes"). The base is
  /// (256 e - `minIndex`) << 2 | lane, with e >= -30 for every value (|x| is taken at
  /// least `zeroThreshold`), so it is not negative.
  @inline(__always)
  static func codeParts(of x: Double) -> (base: UInt32, mantissa: Int) {
    let parts = split(x)
    return (UInt32(truncatingIfNeeded: (parts.octave &* 256 &- minIndex) << 2 | parts.lane), parts.mantissa)
  }

  /// A code (``code(of:table:)``) in 2 bytes, relative to a window of 64 octaves
  /// (docs/performance.md, "Codes in 2 bytes"). Halving the codes halves the
  /// memory a block of paths' codes moves, which two workers share in the cache.
  ///
  /// - A zero (lanes 2 and 3) is its code as it is: the threshold's bucket, which
  ///   lies at the bottom of the codes.
  /// - Any other value (lanes 0 and 1) is its code less the window's `offset`, a
  ///   multiple of 4, so the lane stays in the low bits and tells the two apart,
  ///   when that lies in 0 ..< 0xFFFF.
  /// - Otherwise it is `escape`, and the value's 4-byte code is kept aside.
  ///
  /// A cell's window is set by the first nonzero value of a block (`offset(from:)`):
  /// offset 0 while that value is below 2^26 (6.7e7), where the window holds every
  /// |x| from the zero threshold to 2^34 (1.7e10); above, the window ends 8 octaves
  /// above that value and begins 56 octaves below it. Escapes then need a cell
  /// whose values span more than 64 octaves in one block, or a block of values above
  /// 2^34 that began with one 256 times smaller.
  enum ShortCode {
    /// The short code of a value kept aside as its 4-byte code.
    static let escape: UInt16 = 0xFFFF
    /// A window's end, above the offset: 8 octaves (8 x 256 buckets x 4 lanes)
    /// below the largest short code.
    static let windowTop: UInt32 = 0xFFFF - 8 * 256 * 4
    /// Bases at or above this may give a code at or above `escape` once the table's
    /// part (at most 255 x 4) is added.
    static let nearEdge: UInt32 = 0xFFFF - 255 * 4

    /// The offset of the window a block's first nonzero code opens: 0 while the
    /// code lies below `windowTop`, else the code less `windowTop`, rounded down to
    /// a multiple of 4.
    @inline(__always)
    static func offset(from code: UInt32) -> UInt32 {
      code < windowTop ? 0 : (code &- windowTop) & ~3
    }

    /// The short code of `code` in the window at `offset` (`escape` when outside).
    @inline(__always)
    static func encode(_ code: UInt32, offset: UInt32) -> UInt16 {
      // Below the offset, the difference wraps round to above 0xFFFF.
      let relative = code &- (code & 2 == 0 ? offset : 0)
      return relative < 0xFFFF ? UInt16(truncatingIfNeeded: relative) : escape
    }

    /// The 4-byte code of a short code other than `escape`.
    @inline(__always)
    static func decode(_ short: Int, offset: Int) -> Int {
      short & 2 == 0 ? short &+ offset : short
    }

    /// A value's short code in two parts, as ``codeParts(of:)``: `base +
    /// table[mantissa] << 2`, the base relative to the window at `offset`.
    /// `nearEdge` is 1 when the code might leave the window (a base at or above
    /// `nearEdge`, or below the offset). A row with none is coded by the sum alone;
    /// else value by value, by ``encode(_:offset:)``.
    @inline(__always)
    static func parts(of x: Double, offset: UInt32) -> (base: UInt32, mantissa: UInt16, nearEdge: UInt32) {
      let p = codeParts(of: x)
      let relative = p.base &- (p.base & 2 == 0 ? offset : 0)
      return (relative, UInt16(truncatingIfNeeded: p.mantissa), relative >= nearEdge ? 1 : 0)
    }
  }

  /// Adds `count` values given by their short codes (``ShortCode``) at `first`,
  /// `first + stride`, ... in `codes`, in the window at `offset`, together with their
  /// exact min and max: the same sketch as adding the values themselves. The values
  /// kept aside (`ShortCode.escape`) take their 4-byte codes from `escapes`, in
  /// order. (A position computed from the count, not stepped through tiles: a
  /// branch per code to step tiles cost the drain a third more time.)
  ///
  /// Each position is index-checked under `MSPSIM_CHECKED` (docs/testing.md, "Index checks").
  ///
  /// - Complexity: O(count), plus amortised growth.
  mutating func add(
    codes: UnsafeBufferPointer<UInt16>, first: Int, stride: Int, count: Int, offset: UInt32,
    escapes: UnsafeBufferPointer<UInt32>, lowest lo: Double, highest hi: Double
  ) {
    if count <= 0 { return }
    let offset = Int(offset)
    var k = 0
    var escaped = 0
    while k < count {
      let windows = buckets.laneWindows
      windows.withTables { lanes in
        // The decoding folded into each lane's first bucket, so a short code costs
        // what a 4-byte one did: a code's bucket is code >> 2 + minIndex, and code >> 2
        // is short >> 2 + offset >> 2 for a nonzero value (offset is a multiple of 4),
        // short >> 2 for a zero. `escape` is lane 3 with short >> 2 = 16,383, not the
        // zeros' bucket, the only one of the zero lanes' windows (or none while
        // empty), so it leaves the loop by the window test.
        for l in 0..<4 {
          checkIndex(l, lanes.count)
          lanes[l] = lanes[l] &- QuantileSketch.minIndex &- (l < 2 ? offset >> 2 : 0)
        }
        buckets.counts.withUnsafeMutableBufferPointer { counts in
          while k < count {
            checkIndex(first &+ k &* stride, codes.count)
            let short = Int(codes[first &+ k &* stride])
            let lane = short & 3
            checkIndex(8 &+ lane, lanes.count)
            let j = (short >> 2) &- lanes[lane]
            if UInt(bitPattern: j) >= UInt(bitPattern: lanes[4 &+ lane]) { break }
            // start + j lies in the lane's window, inside `counts` by construction.
            let slot = lanes[8 &+ lane] &+ j
            checkIndex(slot, counts.count)
            counts[slot] += 1
            k += 1
          }
        }
      }
      if k < count {
        // Kept aside, or outside the windows: grow the store (as `add` does), then go on.
        let i = first + k * stride
        checkIndex(i, codes.count)
        let short = Int(codes[i])
        let code: Int
        if short == Int(ShortCode.escape) {
          checkIndex(escaped, escapes.count)
          code = Int(escapes[escaped])
          escaped += 1
        } else {
          code = ShortCode.decode(short, offset: offset)
        }
        buckets.add((code >> 2) + QuantileSketch.minIndex, lane: code & 3)
        k += 1
      }
    }
    precondition(escaped == escapes.count, "\(escapes.count) codes kept aside, \(escaped) used")
    total &+= count
    if lo < lowest { lowest = lo }
    if hi > highest { highest = hi }
  }
}

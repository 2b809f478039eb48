/// Values handed to a sketch later, as 4-byte bucket codes (the engine's chunk
/// buffer, docs/performance.md, "The statistics drain"): the code is computed while
/// the value is in a register, and a cell's codes are added in one visit, with the
/// exact min and max kept beside them.
extension QuantileSketch {
  /// A finite value's bucket and lane in 4 bytes, for adding it later with
  /// ``add(codes:first:stride:count:lowest:highest:)``: (index - `minIndex`) << 2 | lane (an
  /// index spans 2^19 values, so the code fits 21 bits).
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

  /// Adds `count` values given by their codes (``code(of:table:)``) at `first`,
  /// `first + stride`, ... in `codes`, together with their exact min and max: the
  /// same sketch as adding the values themselves. (A position computed from the
  /// count, not stepped through tiles: a branch per code to step tiles cost the
  /// drain a third more time.)
  ///
  /// Each position is index-checked under `MSPSIM_CHECKED` (docs/testing.md, "Index checks").
  ///
  /// - Complexity: O(count), plus amortised growth.
  mutating func add(
    codes: UnsafeBufferPointer<UInt32>, first: Int, stride: Int, count: Int, lowest lo: Double, highest hi: Double
  ) {
    if count <= 0 { return }
    var k = 0
    while k < count {
      let windows = buckets.laneWindows
      windows.withTables { lanes in
        buckets.counts.withUnsafeMutableBufferPointer { counts in
          while k < count {
            checkIndex(first &+ k &* stride, codes.count)
            let code = Int(codes[first &+ k &* stride])
            let lane = code & 3
            checkIndex(8 &+ lane, lanes.count)
            let j = (code >> 2) &+ QuantileSketch.minIndex &- lanes[lane]
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
        // Outside the windows: grow the store (as `add` does), then go on.
        let i = first + k * stride
        checkIndex(i, codes.count)
        let code = Int(codes[i])
        buckets.add((code >> 2) + QuantileSketch.minIndex, lane: code & 3)
        k += 1
      }
    }
    total &+= count
    if lo < lowest { lowest = lo }
    if hi > highest { highest = hi }
  }
}

/// A sketch in a shard file (docs/outputs.md, "Shard files"): count, zero count, min
/// and max (only when not empty), then each store (negative, positive) as the bucket
/// index of its first count and its counts. The same state as the JSON form, checked
/// the same way on reading.
extension QuantileSketch {
  func write(to w: inout ShardBytesWriter) {
    w.count(total)
    w.unsigned(UInt64(buckets.zeroCount))
    if total > 0 {
      w.double(lowest)
      w.double(highest)
    }
    for side in [BucketBuffer.Side.negative, .positive] {
      let store = record(side)
      w.signed(store.offset)
      w.count(store.counts.count)
      for c in store.counts { w.unsigned(UInt64(c)) }
    }
  }

  /// Reads a sketch; `maxCount` bounds its count (the shard's paths).
  init(reading r: inout ShardBytesReader, maxCount: Int) throws(ShardBytesReader.Failure) {
    let count = try r.count(limit: maxCount)
    let zeroCount = try r.count(limit: Int(UInt32.max))
    let range = count > 0 ? (min: try r.double(), max: try r.double()) : nil
    var stores: [StoreRecord] = []
    let width = QuantileSketch.maxIndex - QuantileSketch.minIndex + 1
    for _ in 0..<2 {
      let offset = try r.signed()
      let n = try r.count(limit: width)
      var counts: [UInt32] = []
      counts.reserveCapacity(n)
      for _ in 0..<n { counts.append(UInt32(try r.count(limit: Int(UInt32.max)))) }
      stores.append(StoreRecord(offset: offset, counts: counts))
    }
    do {
      try self.init(
        count: count, zeroCount: UInt32(zeroCount), range: range, negative: stores[0], positive: stores[1])
    } catch {
      throw .malformed("a quantile sketch: \(error)")
    }
  }
}

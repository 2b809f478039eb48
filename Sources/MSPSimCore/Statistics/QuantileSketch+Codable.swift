/// Serialisation, so runs on several machines can be merged.
///
/// The form (shown as JSON) records the bucket mapping and each store's occupied range:
///
///     {"mapping": "log2-256-m12-zero1e-9", "count": 5, "zeroCount": 1,
///      "min": -3.5, "max": 1200,
///      "negative": {"offset": 462, "counts": [1]},
///      "positive": {"offset": 256, "counts": [2, 0, 1]}}
///
/// `offset` is the bucket index of `counts[0]`. `min` and `max` are absent when the
/// sketch is empty (their ±infinity has no JSON form). Decoding refuses another
/// mapping and counts that do not add up.
extension QuantileSketch: Codable {
  /// The bucket mapping's name; a change of mapping must change it.
  static let mappingName = "log2-256-m12-zero1e-9"

  enum CodingKeys: String, CodingKey {
    case mapping, count, zeroCount, min, max, negative, positive
  }

  /// One store: the bucket index of counts[0] and the counts.
  struct StoreRecord: Codable {
    var offset: Int
    var counts: [UInt32]
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(QuantileSketch.mappingName, forKey: .mapping)
    try c.encode(total, forKey: .count)
    try c.encode(buckets.zeroCount, forKey: .zeroCount)
    if total > 0 {
      try c.encode(lowest, forKey: .min)
      try c.encode(highest, forKey: .max)
    }
    try c.encode(record(.negative), forKey: .negative)
    try c.encode(record(.positive), forKey: .positive)
  }

  /// The occupied part of a store.
  func record(_ side: BucketBuffer.Side) -> StoreRecord {
    guard let range = buckets.occupied(side) else { return StoreRecord(offset: 0, counts: []) }
    return StoreRecord(offset: range.lowerBound, counts: range.map { buckets.count(side, $0) })
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let mapping = try c.decode(String.self, forKey: .mapping)
    guard mapping == QuantileSketch.mappingName else {
      throw DecodingError.dataCorruptedError(
        forKey: .mapping, in: c,
        debugDescription: "bucket mapping '\(mapping)', expected '\(QuantileSketch.mappingName)'")
    }
    let count = try c.decode(Int.self, forKey: .count)
    let range =
      count > 0 ? (try c.decode(Double.self, forKey: .min), try c.decode(Double.self, forKey: .max)) : nil
    do {
      try self.init(
        count: count, zeroCount: try c.decode(UInt32.self, forKey: .zeroCount), range: range,
        negative: try c.decode(StoreRecord.self, forKey: .negative),
        positive: try c.decode(StoreRecord.self, forKey: .positive))
    } catch let e as StateError {
      let key: CodingKeys =
        switch e {
        case .bucketRange: .positive
        case .countMismatch: .count
        case .minMax: .min
        }
      throw DecodingError.dataCorruptedError(forKey: key, in: c, debugDescription: e.description)
    }
  }

  /// Why a stored sketch state is refused.
  enum StateError: Error, CustomStringConvertible {
    case bucketRange, countMismatch, minMax
    var description: String {
      switch self {
      case .bucketRange: "bucket indices outside the mapping's range"
      case .countMismatch: "bucket counts do not add up to count"
      case .minMax: "min and max must be finite with min <= max"
      }
    }
  }

  /// A sketch from its stored state (JSON or a shard file), checked: bucket indices
  /// inside the mapping, counts adding up to `count`, finite min <= max when not empty.
  init(
    count: Int, zeroCount: UInt32, range: (min: Double, max: Double)?, negative: StoreRecord, positive: StoreRecord
  ) throws(StateError) {
    var stores: [BucketBuffer.Window] = []
    for record in [negative, positive] {
      let last = record.offset + record.counts.count - 1
      guard
        record.counts.isEmpty
          || (record.offset >= QuantileSketch.minIndex && last <= QuantileSketch.maxIndex)
      else { throw .bucketRange }
      stores.append(BucketBuffer.Window(low: record.offset, counts: record.counts[...]))
    }
    self.init()
    buckets = BucketBuffer(negative: stores[0], zeroCount: zeroCount, positive: stores[1])
    guard count >= 0, buckets.total == count else { throw .countMismatch }
    total = count
    if count > 0 {
      guard let range, range.min.isFinite, range.max.isFinite, range.min <= range.max else { throw .minMax }
      lowest = range.min
      highest = range.max
    }
  }
}

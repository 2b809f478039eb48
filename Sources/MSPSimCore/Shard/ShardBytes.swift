/// The shard file's body encoding (docs/outputs.md, "Shard files"): unsigned integers
/// as LEB128 varints (1 byte below 128, so the mostly small bucket counts stay small),
/// signed integers zig-zag encoded, doubles as their 8 IEEE 754 bytes little-endian
/// (bit-exact, NaN and signed zero included), strings as a length and UTF-8 bytes.
struct ShardBytesWriter {
  private(set) var bytes: [UInt8] = []

  mutating func unsigned(_ v: UInt64) {
    var v = v
    while v >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
      v >>= 7
    }
    bytes.append(UInt8(v))
  }

  mutating func count(_ v: Int) {
    precondition(v >= 0, "a count is never negative")
    unsigned(UInt64(v))
  }

  mutating func signed(_ v: Int) {
    let v = Int64(v)
    unsigned(UInt64(bitPattern: (v << 1) ^ (v >> 63)))
  }

  mutating func double(_ x: Double) {
    var bits = x.bitPattern
    for _ in 0..<8 {
      bytes.append(UInt8(truncatingIfNeeded: bits))
      bits >>= 8
    }
  }

  mutating func string(_ s: String) {
    let utf8 = Array(s.utf8)
    count(utf8.count)
    bytes += utf8
  }
}

/// Reads what `ShardBytesWriter` wrote; every read is bounds-checked and throws at
/// the end of the bytes (a truncated file) or on a value out of range.
struct ShardBytesReader {
  enum Failure: Error, Equatable {
    /// The bytes end before the value.
    case truncated
    /// A value no writer produces (an overlong varint, a count beyond `limit`).
    case malformed(String)
  }

  private let bytes: [UInt8]
  private(set) var position: Int

  init(_ bytes: [UInt8]) {
    self.bytes = bytes
    position = 0
  }

  var isAtEnd: Bool { position == bytes.count }

  mutating func unsigned() throws(Failure) -> UInt64 {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      guard position < bytes.count else { throw .truncated }
      let b = bytes[position]
      position += 1
      guard shift < 64 else { throw .malformed("an integer longer than 64 bits") }
      value |= UInt64(b & 0x7F) << shift
      if b < 0x80 { return value }
      shift += 7
    }
  }

  /// A count of at most `limit` (so a corrupt count cannot ask for a huge allocation).
  mutating func count(limit: Int) throws(Failure) -> Int {
    let v = try unsigned()
    guard v <= UInt64(limit) else { throw .malformed("a count of \(v), above \(limit)") }
    return Int(v)
  }

  mutating func signed() throws(Failure) -> Int {
    let z = try unsigned()
    return Int(truncatingIfNeeded: Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1))))
  }

  mutating func double() throws(Failure) -> Double {
    guard bytes.count - position >= 8 else { throw .truncated }
    var bits: UInt64 = 0
    for k in 0..<8 { bits |= UInt64(bytes[position + k]) << (8 * UInt64(k)) }
    position += 8
    return Double(bitPattern: bits)
  }

  mutating func string(limit: Int) throws(Failure) -> String {
    let n = try count(limit: limit)
    guard bytes.count - position >= n else { throw .truncated }
    defer { position += n }
    return String(decoding: bytes[position..<(position + n)], as: UTF8.self)
  }
}

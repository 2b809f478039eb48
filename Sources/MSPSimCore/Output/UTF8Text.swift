/// A text file being built as UTF-8 bytes, for the writers that append many small
/// pieces (the CSV tables, the workbook's sheets): a String made and joined per cell,
/// with its allocation, appends and releases, cost more than the numbers' digits
/// (docs/performance.md, "Writing the outputs").
///
/// A `TextOutputStream`, so a number writes its digits straight in: `Double.write(to:)`
/// hands them to `_writeASCII` from a buffer on the stack, the same digits `"\(x)"` prints.
struct UTF8Text: TextOutputStream {
  var bytes: [UInt8] = []

  /// An empty text with room for `capacity` bytes.
  init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

  mutating func write(_ s: String) { append(s) }

  /// The stream's ASCII entry point: the digits of a number, without a String.
  mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) { bytes.append(contentsOf: buffer) }

  /// Appends `s`'s bytes in one copy (`append(contentsOf: s.utf8)` went through the
  /// generic path, a loop over the view).
  mutating func append(_ s: String) {
    var s = s
    s.withUTF8 { bytes.append(contentsOf: $0) }
  }

  mutating func append(ascii c: Unicode.Scalar) { bytes.append(UInt8(ascii: c)) }

  /// An integer in decimal.
  mutating func append(_ n: Int) { append(String(n)) }

  /// The text as a String (one copy, checked as UTF-8).
  var string: String { String(decoding: bytes, as: UTF8.self) }
}

import Foundation
import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

/// run.json's `scenario_sha256` and the shard files' `body_sha256` against the
/// published test vectors of FIPS 180-4 (NIST's "SHA-256 examples": "abc", the
/// 448-bit two-block message, the empty string) and the million-'a' vector, and
/// against the plain form of the standard (below) at every length around the
/// padding's edges.
final class SHA256Tests: XCTestCase {
  func testPublishedVectors() {
    XCTAssertEqual(
      SHA256.hex(Array("abc".utf8)),
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    XCTAssertEqual(
      SHA256.hex(Array("".utf8)),
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    XCTAssertEqual(
      SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    XCTAssertEqual(
      SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)),
      "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  /// Every length from 0 to 300 bytes (the tail in one padded block or two, 0 to 4
  /// whole blocks before it) and 1 MB, from an array, a slice that does not start at
  /// 0, `Data` and a sequence without contiguous storage: the same digest as the
  /// plain form.
  func testMatchesThePlainFormAtEveryLength() {
    var rng = SplitMix64(seed: 0x5348_4132_3536)
    let bytes = (0..<(1 << 20)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    for n in Array(0...300) + [1 << 20] {
      let message = Array(bytes[0..<n])
      let expected = Self.plainHex(message)
      XCTAssertEqual(SHA256.hex(message), expected, "\(n) bytes")
      let slice = bytes[7..<Swift.min(7 + n, bytes.count)]
      XCTAssertEqual(SHA256.hex(slice), Self.plainHex(Array(slice)), "a slice of \(slice.count) bytes from 7")
      if n <= 300 {
        XCTAssertEqual(SHA256.hex(Data(message)), expected, "Data of \(n) bytes")
        XCTAssertEqual(SHA256.hex(message.lazy.map { $0 }), expected, "a lazy sequence of \(n) bytes")
      }
    }
  }

  /// FIPS 180-4 as written: the message copied and padded, then hashed block by
  /// block, byte by byte, word by word.
  static func plainHex(_ bytes: [UInt8]) -> String {
    var msg = bytes
    let bitLength = UInt64(msg.count) * 8
    msg.append(0x80)
    while msg.count % 64 != 56 { msg.append(0) }
    for i in (0..<8).reversed() { msg.append(UInt8(truncatingIfNeeded: bitLength >> (UInt64(i) * 8))) }
    var h = SHA256.initial
    func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
    for chunk in stride(from: 0, to: msg.count, by: 64) {
      // The schedule kept as a window of its last 16 words (word t at t mod 16),
      // each computed in the round that uses it: another form than the library's
      // table of 64, so the two do not share a slip.
      var window = (0..<16).map { i in
        (0..<4).reduce(UInt32(0)) { word, j in word << 8 | UInt32(msg[chunk + 4 * i + j]) }
      }
      var v = h
      for t in 0..<64 {
        if t >= 16 {
          let x = window[(t - 15) % 16]
          let y = window[(t - 2) % 16]
          let sigma0 = rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3)
          let sigma1 = rotr(y, 17) ^ rotr(y, 19) ^ (y >> 10)
          window[t % 16] = window[t % 16] &+ sigma0 &+ window[(t - 7) % 16] &+ sigma1
        }
        let bigSigma1 = rotr(v[4], 6) ^ rotr(v[4], 11) ^ rotr(v[4], 25)
        let choice = (v[4] & v[5]) ^ (~v[4] & v[6])
        let t1 = v[7] &+ bigSigma1 &+ choice &+ SHA256.k[t] &+ window[t % 16]
        let bigSigma0 = rotr(v[0], 2) ^ rotr(v[0], 13) ^ rotr(v[0], 22)
        let majority = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2])
        v = [t1 &+ bigSigma0 &+ majority, v[0], v[1], v[2], v[3] &+ t1, v[4], v[5], v[6]]
      }
      for j in 0..<8 { h[j] = h[j] &+ v[j] }
    }
    return h.map { x in (0..<8).map { String((x >> UInt32(28 - 4 * $0)) & 0xF, radix: 16) }.joined() }.joined()
  }
}

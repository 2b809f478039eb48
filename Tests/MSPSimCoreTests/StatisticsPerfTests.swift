import Foundation
import XCTest

@testable import MSPSimCore

// TEMPORARY: measures ns per add; to be removed.
final class StatisticsPerfTests: XCTestCase {
  func testAddThroughput() {
    var state: UInt64 = 1
    func next() -> Double {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return Double((z ^ (z >> 31)) >> 11) * 0x1p-53
    }
    let n = 1 << 20
    let pos = (0..<n).map { _ in 1e5 * Foundation.exp(0.8 * (next() - 0.5) * 4) }
    let signed = (0..<n).map { _ in 5e4 * (next() - 0.4) * 4 }
    for (name, data) in [("positive", pos), ("signed", signed)] {
      var s = QuantileSketch()
      for x in data { s.add(x) }
      var best = Double.infinity
      for _ in 0..<5 {
        s.reset()
        let t0 = DispatchTime.now().uptimeNanoseconds
        for x in data { s.add(x) }
        let t1 = DispatchTime.now().uptimeNanoseconds
        best = Swift.min(best, Double(t1 - t0) / Double(n))
      }
      print("PERF sketch \(name): \(best) ns/add count=\(s.count)")
      // 17 sketches round-robin (engine-like)
      var many = [QuantileSketch](repeating: QuantileSketch(), count: 17)
      for (k, x) in data.enumerated() { many[k % 17].add(x * Double(k % 17 + 1)) }
      best = .infinity
      for _ in 0..<5 {
        for k in 0..<17 { many[k].reset() }
        let t0 = DispatchTime.now().uptimeNanoseconds
        var k = 0
        for x in data {
          many[k].add(x * Double(k + 1))
          k += 1
          if k == 17 { k = 0 }
        }
        let t1 = DispatchTime.now().uptimeNanoseconds
        best = Swift.min(best, Double(t1 - t0) / Double(n))
      }
      print("PERF 17 sketches \(name): \(best) ns/add")
      var sums = ShiftedSums()
      best = .infinity
      for _ in 0..<5 {
        sums.reset()
        let t0 = DispatchTime.now().uptimeNanoseconds
        for x in data { sums.add(x) }
        let t1 = DispatchTime.now().uptimeNanoseconds
        best = Swift.min(best, Double(t1 - t0) / Double(n))
      }
      print("PERF shiftedsums \(name): \(best) ns/add mean=\(sums.moments().mean)")
    }
  }
}

import Foundation
import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

/// The test data sets, 20,000 values each, shaped like the engine's metrics.
private enum DataSet: CaseIterable {
  /// Lognormal money around 1e5 (median 1e5, sigma 0.8).
  case lognormalMoney
  /// Normal EBITDA-like values: mean 1e4, sd 5e4, so about 42% negative.
  case signedNormal
  /// Integer counts 0...200, skewed towards small counts (about 7% zeros).
  case integerCounts
  /// 40% exact zeros, 2% sub-threshold noise of ±1e-13, the rest lognormal around 5e4.
  case mixtureWithZeros

  func values(seed: UInt64, count: Int = 20_000) -> [Double] {
    var g = SplitMix64(seed: seed)
    return (0..<count).map { _ in
      switch self {
      case .lognormalMoney: return Foundation.exp(Foundation.log(1e5) + 0.8 * g.normal())
      case .signedNormal: return 1e4 + 5e4 * g.normal()
      case .integerCounts:
        let u = g.uniform()
        return Foundation.floor(201 * u * u)
      case .mixtureWithZeros:
        let u = g.uniform()
        if u < 0.40 { return 0 }
        if u < 0.42 { return u < 0.41 ? 1e-13 : -1e-13 }
        return Foundation.exp(Foundation.log(5e4) + 0.6 * g.normal())
      }
    }
  }
}

private let reportedQuantiles = [0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95]

/// A value's 4-byte bucket code (`QuantileSketch.code(of:table:)`), -0.0 made +0.0.
private func fourByteCode(_ x: Double) -> UInt32 {
  QuantileSketch.bucketOfMantissa.withUnsafeBufferPointer { QuantileSketch.code(of: x + 0, table: $0.baseAddress!) }
}

private func sketch(of values: some Sequence<Double>) -> QuantileSketch {
  var s = QuantileSketch()
  for x in values { s.add(x) }
  return s
}

final class StatisticsMomentsTests: XCTestCase {
  /// Mean and sample variance by the textbook two-pass formulas.
  private func twoPass(_ xs: [Double]) -> (mean: Double, variance: Double) {
    let mean = xs.reduce(0, +) / Double(xs.count)
    let ss = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    return (mean, ss / Double(xs.count - 1))
  }

  private func assertRelative(
    _ a: Double, _ b: Double, _ tol: Double, _ what: String,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    XCTAssertLessThanOrEqual(
      abs(a - b), tol * abs(b), "\(what): \(a) vs \(b)", file: file, line: line)
  }

  /// The engine's pattern: ShiftedSums per fixed-size chunk, chunk Moments merged in order.
  private func chunked(_ xs: [Double], chunk: Int) -> Moments {
    var total = Moments()
    var start = 0
    while start < xs.count {
      var sums = ShiftedSums()
      for x in xs[start..<Swift.min(start + chunk, xs.count)] { sums.add(x) }
      total.merge(sums.moments())
      start += chunk
    }
    return total
  }

  func testChunkedMergeMatchesSinglePassAndTwoPass() {
    for seed: UInt64 in [1, 2, 3] {
      for data in DataSet.allCases {
        let xs = data.values(seed: seed)
        var single = ShiftedSums()
        for x in xs { single.add(x) }
        var welford = Moments()
        for x in xs { welford.add(x) }
        let reference = twoPass(xs)
        let one = single.moments()
        let what = "seed \(seed), \(data)"
        XCTAssertEqual(one.count, xs.count)
        for chunk in [1, 7, 1000, 4096] {
          let merged = chunked(xs, chunk: chunk)
          XCTAssertEqual(merged.count, xs.count)
          assertRelative(merged.mean, one.mean, 1e-12, "\(what), chunk \(chunk), mean")
          assertRelative(merged.variance, one.variance, 1e-12, "\(what), chunk \(chunk), variance")
        }
        assertRelative(one.mean, reference.mean, 1e-12, "\(what), mean vs two-pass")
        assertRelative(one.variance, reference.variance, 1e-12, "\(what), variance vs two-pass")
        assertRelative(one.sd, reference.variance.squareRoot(), 1e-12, "\(what), sd vs two-pass")
        assertRelative(welford.mean, reference.mean, 1e-12, "\(what), Welford mean")
        assertRelative(welford.variance, reference.variance, 1e-12, "\(what), Welford variance")
        assertRelative(
          one.standardError, (reference.variance / Double(xs.count)).squareRoot(), 1e-12,
          "\(what), standard error")
      }
    }
  }

  func testLargeOffsetKeepsPrecision() {
    // 1e9 + N(0, 1): the unshifted Σx² - (Σx)²/n would lose every digit here. x - 1e9 is
    // exact, so the two-pass moments of x - 1e9 are an accurate reference. The chunk
    // means are stored at 1e9, where a double's spacing is 1.2e-7 (in units of sd), and
    // that rounding enters m2 through the δ² term of each merge: about 1e-9 relative
    // over 20 chunks, hence the tolerance.
    var g = SplitMix64(seed: 42)
    let xs = (0..<20_000).map { _ in 1e9 + g.normal() }
    let shifted = twoPass(xs.map { $0 - 1e9 })
    let merged = chunked(xs, chunk: 1000)
    assertRelative(merged.mean, 1e9 + shifted.mean, 1e-15, "mean")
    assertRelative(merged.variance, shifted.variance, 1e-8, "variance, chunked")
    var single = ShiftedSums()
    for x in xs { single.add(x) }
    assertRelative(single.moments().variance, shifted.variance, 1e-12, "variance, one ShiftedSums")
  }

  func testConstantInputGivesZeroSpreadExactly() {
    for c in [0.0, 1.0, -3.7, 123_456.789, 0.1, 1e-300, -9.87654321e15] {
      var sums = ShiftedSums()
      for _ in 0..<1000 { sums.add(c) }
      let m = sums.moments()
      XCTAssertEqual(m.mean, c, "constant \(c)")
      XCTAssertEqual(m.m2, 0, "constant \(c)")
      XCTAssertEqual(m.sd, 0, "constant \(c)")
      XCTAssertEqual(m.standardError, 0, "constant \(c)")
      let merged = chunked(Array(repeating: c, count: 10_000), chunk: 333)
      XCTAssertEqual(merged.mean, c, "constant \(c), merged")
      XCTAssertEqual(merged.sd, 0, "constant \(c), merged")
    }
  }

  func testEmptyAndSmallCounts() {
    var m = Moments()
    XCTAssertEqual(m.variance, 0)
    XCTAssertEqual(m.standardError, 0)
    XCTAssertEqual(ShiftedSums().moments(), Moments())

    var sums = ShiftedSums()
    sums.add(5)
    let one = sums.moments()
    XCTAssertEqual(one.count, 1)
    XCTAssertEqual(one.mean, 5)
    XCTAssertEqual(one.variance, 0)
    XCTAssertEqual(one.standardError, 0)

    m.merge(one)
    XCTAssertEqual(m, one, "merging into an empty accumulator copies")
    m.merge(Moments())
    XCTAssertEqual(m, one, "merging an empty accumulator is a no-op")

    sums.add(9)
    let two = sums.moments()
    XCTAssertEqual(two.mean, 7)
    XCTAssertEqual(two.variance, 8)
    XCTAssertEqual(two.sd, 8.0.squareRoot())
    XCTAssertEqual(two.standardError, 2)
    sums.reset()
    XCTAssertEqual(sums, ShiftedSums())
  }

  func testCodableRoundTrip() throws {
    let m = chunked(DataSet.signedNormal.values(seed: 5), chunk: 1000)
    let back = try JSONDecoder().decode(Moments.self, from: JSONEncoder().encode(m))
    XCTAssertEqual(back, m)
  }
}

final class StatisticsQuantileSketchTests: XCTestCase {
  func testIndexMappingBoundAndOrder() {
    var g = SplitMix64(seed: 7)
    var worst = 0.0
    var previous = (value: 0.0, index: Int.min)
    // Random magnitudes over 1e-9 ... 1e12, plus the edges of mantissa slots.
    var xs = (0..<200_000).map { _ in Foundation.exp2(-29.8 + 69.6 * g.uniform()) }
    for e in -29...40 {
      for m in 0..<4096 {
        let lower = Foundation.exp2(Double(e)) * (1 + Double(m) / 4096)
        xs.append(lower)
        xs.append(lower.nextDown)
      }
    }
    xs.sort()
    var failures: [String] = []
    for x in xs where x >= QuantileSketch.zeroThreshold {
      let i = QuantileSketch.index(ofMagnitude: x)
      let rep = QuantileSketch.representative(ofIndex: i)
      worst = Swift.max(worst, abs(rep / x - 1))
      if i < previous.index {
        failures.append("index decreases between \(previous.value) and \(x)")
      }
      if i < QuantileSketch.minIndex || i > QuantileSketch.maxIndex {
        failures.append("\(x): index \(i)")
      }
      previous = (x, i)
    }
    XCTAssertEqual(failures.prefix(5), [])
    XCTAssertLessThanOrEqual(worst, QuantileSketch.relativeErrorBound)
    XCTAssertGreaterThan(worst, 1.45e-3, "edge values should come close to the bound")
    XCTAssertEqual(
      QuantileSketch.index(ofMagnitude: .greatestFiniteMagnitude), QuantileSketch.maxIndex)
  }

  func testTableIsPlatformIndependent() {
    // No entry is near an integer before the floor, so any faithful log2 gives the
    // same table, and sketches from different machines share buckets.
    let table = QuantileSketch.bucketOfMantissa
    XCTAssertEqual(table.count, 4096)
    XCTAssertEqual(table.first, 0)
    XCTAssertEqual(table.last, 255)
    for m in 0..<4096 {
      let v = 256 * Foundation.log2(1 + (Double(m) + 0.5) / 4096)
      XCTAssertGreaterThan(abs(v - v.rounded()), 1e-9, "m = \(m)")
      if m > 0 { XCTAssertGreaterThanOrEqual(table[m], table[m - 1]) }
    }
    XCTAssertEqual(Set(table).count, 256, "every sub-bucket is reachable")
  }

  /// Levels in ascending order take the walk that values ranks as it meets them: the
  /// same numbers as the general walk (levels in another order), bit for bit, also with
  /// few values (levels sharing a rank) and repeated levels.
  func testAscendingLevelsGiveTheGeneralWalksQuantiles() {
    let levels = [0, 0.05, 0.05, 0.1, 0.25, 0.5, 0.5, 0.75, 0.9, 0.95, 1]
    for n in 1...60 {
      var s = QuantileSketch()
      for i in 0..<n { s.add(Double((i * 7919) % 101) * 1000 - 20000) }
      XCTAssertEqual(s.quantiles(levels), Array(s.quantiles(levels.reversed()).reversed()), "n \(n)")
    }
  }

  /// Within the sketch's documented bound of the exact quantile:
  /// `sketchQuantileTolerance` (MSPSimTestSupport, SampleStatistics.swift, which
  /// derives it), `QuantileSketch.relativeErrorBound` (1.48e-3) times |exact| when the
  /// two order statistics interpolated have one sign, times the larger of them across a
  /// sign change, plus `zeroThreshold` (1e-9) for values the zero store holds. No rank
  /// slack: `exactQuantile` uses the sketch's own rank convention.
  func testAccuracyAgainstExactQuantiles() {
    for seed: UInt64 in [11, 12, 13] {
      for data in DataSet.allCases {
        let xs = data.values(seed: seed)
        let sorted = xs.sorted()
        let s = sketch(of: xs)
        XCTAssertEqual(s.count, xs.count)
        let batch = s.quantiles(reportedQuantiles)
        for (q, fromBatch) in zip(reportedQuantiles, batch) {
          let exact = exactQuantile(sorted, q)
          let estimate = s.quantile(q)
          XCTAssertEqual(fromBatch, estimate, "seed \(seed), \(data), q \(q): batch vs single")
          let tolerance = sketchQuantileTolerance(sorted, q)
          XCTAssertLessThanOrEqual(
            abs(estimate - exact), tolerance,
            "seed \(seed), \(data), q \(q): sketch \(estimate), exact \(exact)")
        }
        XCTAssertEqual(s.quantile(0), sorted.first)
        XCTAssertEqual(s.quantile(1), sorted.last)
        XCTAssertEqual(s.min, sorted.first)
        XCTAssertEqual(s.max, sorted.last)
      }
    }
  }

  func testMergeIsExactInAnyOrder() {
    let cuts = [0, 1, 38, 538, 2_538, 6_538, 12_538, 20_000]  // 7 uneven pieces
    for data in DataSet.allCases {
      let xs = data.values(seed: 21)
      let whole = sketch(of: xs)
      let pieces = (0..<7).map { sketch(of: xs[cuts[$0]..<cuts[$0 + 1]]) }
      var g = SplitMix64(seed: 99)
      var orders = [Array(0..<7), Array((0..<7).reversed())]
      for _ in 0..<5 {
        var order = Array(0..<7)
        for i in stride(from: 6, to: 0, by: -1) {
          order.swapAt(i, Int(g.next() % UInt64(i + 1)))
        }
        orders.append(order)
      }
      let qs = reportedQuantiles + [0, 0.001, 0.5, 0.999, 1]
      for order in orders {
        var merged = QuantileSketch()
        for k in order { merged.merge(pieces[k]) }
        XCTAssertEqual(merged, whole, "\(data), order \(order)")
        XCTAssertEqual(merged.count, whole.count)
        XCTAssertEqual(merged.quantiles(qs), whole.quantiles(qs), "\(data), order \(order)")
      }
      // A tree of merges, and merging into a non-empty sketch.
      var left = pieces[3]
      left.merge(pieces[0])
      left.merge(pieces[5])
      var right = pieces[6]
      for k in [2, 1, 4] { right.merge(pieces[k]) }
      right.merge(left)
      XCTAssertEqual(right, whole, "\(data), tree")
      var withEmpty = whole
      withEmpty.merge(QuantileSketch())
      XCTAssertEqual(withEmpty, whole)
    }
  }

  func testSingleValueAndConstantCellsAreExact() {
    let qs = [0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1]
    for v in [0.0, 1.0, -1.0, 123_456.789, -98_765.4321, 1e-12, -3e-10, 7, 0.1, 1e15] {
      let one = sketch(of: [v])
      XCTAssertEqual(one.quantiles(qs), qs.map { _ in v }, "single \(v)")
      for q in qs { XCTAssertEqual(one.quantile(q), v, "single \(v), q \(q)") }
      let constant = sketch(of: repeatElement(v, count: 5_000))
      XCTAssertEqual(constant.quantiles(qs), qs.map { _ in v }, "constant \(v)")
      XCTAssertEqual(constant.count, 5_000)
    }
    // Signed zeros: the same sketch in either order, and min/max are +0.
    let zeros = sketch(of: [0.0, -0.0, 0.0])
    let swapped = sketch(of: [-0.0, 0.0, -0.0])
    XCTAssertEqual(zeros, swapped)
    XCTAssertEqual(swapped.min.sign, .plus)
    XCTAssertEqual(swapped.quantile(0).sign, .plus)
    // Two values: the ends are exact, so every quantile is the exact interpolation.
    let two = sketch(of: [3, 7])
    XCTAssertEqual(two.quantile(0.5), 5)
    XCTAssertEqual(two.quantile(0.25), 4)
  }

  func testEmptySketch() {
    let s = QuantileSketch()
    XCTAssertTrue(s.isEmpty)
    XCTAssertEqual(s.count, 0)
    XCTAssertTrue(s.quantile(0.5).isNaN)
    XCTAssertTrue(s.min.isNaN)
    XCTAssertTrue(s.quantiles([0, 0.5, 1]).allSatisfy(\.isNaN))
    XCTAssertEqual(s, QuantileSketch())
  }

  func testResetKeepsRangeAndAllocatesNoMore() {
    let xs = DataSet.signedNormal.values(seed: 31)
    var s = sketch(of: xs)
    func layout(_ b: BucketBuffer) -> [Int] {
      [b.negativeLow, b.negativeWidth, b.positiveLow, b.positiveWidth, b.counts.count]
    }
    let before = layout(s.buckets)
    s.reset()
    XCTAssertTrue(s.isEmpty)
    XCTAssertEqual(s, QuantileSketch())
    XCTAssertEqual(layout(s.buckets), before)
    for x in xs { s.add(x) }
    XCTAssertEqual(layout(s.buckets), before, "refilling with the same values must not grow")
    XCTAssertEqual(s, sketch(of: xs))
  }

  func testMemoryDoesNotGrowWithCount() {
    var g = SplitMix64(seed: 41)
    var s = QuantileSketch()
    for _ in 0..<20_000 { s.add(Foundation.exp(Foundation.log(1e5) + 0.8 * g.normal())) }
    let slots = s.buckets.counts.count
    for _ in 0..<200_000 { s.add(Foundation.exp(Foundation.log(1e5) + 0.8 * g.normal())) }
    // Ten times the values widen the range only by the rarer tails.
    XCTAssertLessThanOrEqual(s.buckets.counts.count, 2 * slots)
    XCTAssertLessThan(slots, 4_096)
  }

  func testStoresGrowOnEitherSide() {
    // Values arriving from the middle outwards, alternating signs and zeros, exercise
    // every growth path of the shared buffer.
    var s = QuantileSketch()
    var xs: [Double] = []
    for k in 0..<400 {
      let magnitude = Foundation.exp2(Double(k % 2 == 0 ? k : -k) / 20)
      for v in [magnitude, -magnitude * 3, 0, 1e-12] { xs.append(v) }
    }
    for x in xs { s.add(x) }
    XCTAssertEqual(s.count, xs.count)
    XCTAssertEqual(s.buckets.zeroCount, 800)
    let sorted = xs.sorted()
    for q in reportedQuantiles {
      // The documented bound (`sketchQuantileTolerance`, as in testAccuracyAgainstExactQuantiles).
      let exact = exactQuantile(sorted, q)
      let tolerance = sketchQuantileTolerance(sorted, q)
      let estimate = s.quantile(q)
      XCTAssertLessThanOrEqual(abs(estimate - exact), tolerance, "q \(q): sketch \(estimate), exact \(exact)")
    }
    var reversed = QuantileSketch()
    for x in xs.reversed() { reversed.add(x) }
    XCTAssertEqual(reversed, s)
  }

  func testCodableRoundTrip() throws {
    for data in DataSet.allCases {
      let s = sketch(of: data.values(seed: 51))
      let json = try JSONEncoder().encode(s)
      let back = try JSONDecoder().decode(QuantileSketch.self, from: json)
      XCTAssertEqual(back, s, "\(data)")
      XCTAssertEqual(back.quantiles(reportedQuantiles), s.quantiles(reportedQuantiles))
      var merged = back
      merged.merge(s)
      var twice = s
      twice.merge(s)
      XCTAssertEqual(merged, twice)
    }
    let empty = try JSONDecoder().decode(
      QuantileSketch.self, from: JSONEncoder().encode(QuantileSketch()))
    XCTAssertEqual(empty, QuantileSketch())

    let bad =
      #"{"mapping":"other","count":0,"zeroCount":0,"positive":{"offset":0,"counts":[]},"negative":{"offset":0,"counts":[]}}"#
    XCTAssertThrowsError(try JSONDecoder().decode(QuantileSketch.self, from: Data(bad.utf8)))
    let inconsistent =
      #"{"mapping":"log2-256-m12-zero1e-9","count":5,"zeroCount":1,"min":0,"max":0,"positive":{"offset":0,"counts":[]},"negative":{"offset":0,"counts":[]}}"#
    XCTAssertThrowsError(
      try JSONDecoder().decode(QuantileSketch.self, from: Data(inconsistent.utf8)))
  }
}

final class StatisticsBatchAddTests: XCTestCase {
  func testAddContentsOfMatchesOneByOne() {
    for data in DataSet.allCases {
      let xs = data.values(seed: 61)
      let single = sketch(of: xs)
      // Fresh sketch (every window grows inside the batch) and a warmed-up one.
      var batch = QuantileSketch()
      batch.add(contentsOf: xs)
      XCTAssertEqual(batch, single, "\(data)")
      XCTAssertEqual(batch.count, xs.count)
      XCTAssertEqual(batch.min, single.min)
      XCTAssertEqual(batch.max, single.max)
      var pieces = QuantileSketch()
      for start in stride(from: 0, to: xs.count, by: 997) {
        xs[start..<Swift.min(start + 997, xs.count)].withUnsafeBufferPointer {
          pieces.add(contentsOf: $0)
        }
      }
      XCTAssertEqual(pieces, single, "\(data), in runs")
      XCTAssertEqual(pieces.quantiles(reportedQuantiles), single.quantiles(reportedQuantiles))
    }
    var s = QuantileSketch()
    s.add(contentsOf: [-0.0, 0.0, -0.0])
    XCTAssertEqual(s.min.sign, .plus)
    s.add(contentsOf: [1e-12, -1e-12])
    XCTAssertEqual(s.min, -1e-12)
    XCTAssertEqual(s.buckets.zeroCount, 5)
    s.add(contentsOf: [Double]())
    XCTAssertEqual(s.count, 5)
  }

  /// Values handed over as short codes with their exact min and max (the engine's
  /// chunk buffer, docs/performance.md "Codes in 2 bytes") give the same sketch as
  /// the values: from empty, warmed up, in strided runs, through window growth, in
  /// windows at 0, opened by the data's first nonzero value, and opened far above
  /// it, with the codes that do not fit kept aside.
  func testAddShortCodesMatchesAddingTheValues() {
    typealias Short = QuantileSketch.ShortCode
    for data in DataSet.allCases {
      let xs = data.values(seed: 67).map { $0 + 0 } + [-0.0 + 0, 1e300, -1e-300 + 0, 3e-9, 2e10, -3e15]
      let single = sketch(of: xs)
      let codes32 = xs.map(fourByteCode)
      let firstNonzero = codes32.first { $0 & 2 == 0 }!
      for offset in [0, Short.offset(from: firstNonzero), Short.offset(from: fourByteCode(1e15))] {
        // Interleaved with stride 3 (two other cells' codes between each of this one's).
        var codes = [UInt16](repeating: 0x1234, count: 3 * xs.count)
        var escapes: [UInt32] = []
        // escapesBefore[k]: the codes kept aside for values 0..<k.
        var escapesBefore: [Int] = []
        for (k, code) in codes32.enumerated() {
          escapesBefore.append(escapes.count)
          codes[3 * k] = Short.encode(code, offset: offset)
          if codes[3 * k] == Short.escape { escapes.append(code) }
        }
        escapesBefore.append(escapes.count)
        // 1e300 leaves every one of these windows; the 1e15 window drops the small values.
        XCTAssertGreaterThanOrEqual(escapes.count, 1, "\(data), offset \(offset)")
        for runLength in [xs.count, 512, 37] {
          var coded = QuantileSketch()
          var start = 0
          while start < xs.count {
            let n = Swift.min(runLength, xs.count - start)
            let run = xs[start..<(start + n)]
            codes.withUnsafeBufferPointer { c in
              escapes.withUnsafeBufferPointer { e in
                coded.add(
                  codes: c, first: 3 * start, stride: 3, count: n, offset: offset,
                  escapes: UnsafeBufferPointer(rebasing: e[escapesBefore[start]..<escapesBefore[start + n]]),
                  lowest: run.min()!, highest: run.max()!)
              }
            }
            start += n
          }
          XCTAssertEqual(coded, single, "\(data), offset \(offset), runs of \(runLength)")
          XCTAssertEqual(coded.count, single.count)
          XCTAssertEqual(coded.quantiles(reportedQuantiles), single.quantiles(reportedQuantiles), "\(data)")
        }
      }
    }
    // Nothing to add changes nothing.
    var empty = QuantileSketch()
    [UInt16]().withUnsafeBufferPointer { c in
      [UInt32]().withUnsafeBufferPointer { e in
        empty.add(
          codes: c, first: 0, stride: 1, count: 0, offset: 0, escapes: e, lowest: 1, highest: 1)
      }
    }
    XCTAssertTrue(empty.isEmpty)
  }

  /// Short codes (docs/performance.md, "Codes in 2 bytes") decode to the 4-byte code
  /// whenever they are not `escape`, and are `escape` exactly where the window
  /// promises none: never for zeros, never below 2^34 in the window at 0, never
  /// within 7 octaves above and 55 below the value that opened a window (the
  /// window's 8 and 56, less a bucket's rounding).
  func testShortCodesRoundTripInsideTheirWindows() {
    typealias Short = QuantileSketch.ShortCode
    var g = SplitMix64(seed: 29)
    // Window openers from 1e-9 to 1e300 (log-uniform), and 1e10 to 2e10 around 2^34.
    let span = Foundation.log(1e300) - Foundation.log(1e-9)
    let openers =
      (0..<200).map { _ in Foundation.exp(Foundation.log(1e-9) + g.uniform() * span) }
      + (0..<50).map { _ in 1e10 + 1e10 * g.uniform() }
    var checked = 0
    var escaped = 0
    var nearEdges = 0
    for opener in openers {
      let offset = Short.offset(from: fourByteCode(opener))
      XCTAssertEqual(offset % 4, 0)
      // The window at 0 while the opener is below 2^26.
      if opener < 0x1p26 { XCTAssertEqual(offset, 0, "\(opener)") }
      for _ in 0..<200 {
        // A value 2^-70 to 2^20 times the opener, either sign, or a zero.
        let octaves = -70 + 90 * g.uniform()
        let sign: Double = g.uniform() < 0.5 ? -1 : 1
        let x = g.uniform() < 0.1 ? sign * 1e-12 : sign * opener * Foundation.exp2(octaves)
        XCTAssertTrue(x.isFinite)
        let code = fourByteCode(x)
        let short = Short.encode(code, offset: offset)
        checked += 1
        if short == Short.escape {
          escaped += 1
          let magnitude = Swift.max(x.magnitude, 1e-9)
          let insideWindow = magnitude >= opener * 0x1p-55 && magnitude < opener * 0x1p7
          let belowTwoTo34AtZero = offset == 0 && magnitude < 0x1p34
          XCTAssertFalse(insideWindow || belowTwoTo34AtZero, "\(x) escaped the window of \(opener)")
          XCTAssertFalse(x.magnitude < 1e-9, "a zero escaped")
        } else {
          XCTAssertEqual(Short.decode(Int(short), offset: Int(offset)), Int(code), "\(x)")
        }
        // The two-part form gives the same short code unless it is near the edges.
        let parts = Short.parts(of: x + 0, offset: offset)
        if parts.nearEdge == 0 {
          XCTAssertNotEqual(short, Short.escape)
          let sum = parts.base + UInt32(QuantileSketch.bucketOfMantissa[Int(parts.mantissa)]) << 2
          XCTAssertEqual(UInt16(sum), short, "\(x) in the window of \(opener)")
        } else {
          nearEdges += 1
        }
      }
    }
    // Values 2^-70 to 2^20 times the opener leave a 64-octave window often: the
    // escape branch is exercised, and most values still fit.
    XCTAssertGreaterThan(escaped, checked / 20)
    XCTAssertLessThan(escaped, checked / 2)
    // Values near the edges take the slow path; every escape is one of them.
    XCTAssertGreaterThanOrEqual(nearEdges, escaped)
  }
}

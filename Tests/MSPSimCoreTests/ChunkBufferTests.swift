import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

/// The worker's chunk buffer (Engine/ChunkBuffer.swift; docs/performance.md, "The
/// statistics drain"): moments per chunk, exactly as shifted sums over the chunk's
/// values in path order, and sketches, after any number of blocks, equal to adding
/// every value directly.
final class ChunkBufferTests: XCTestCase {
  func testMomentsPerChunkAndSketchesAcrossBlocks() {
    // 37 cells: two whole groups of 16 and a partial one; 1,300 paths: 10 chunks
    // (the last partial), 2 full blocks of 512 and a partial one.
    let cells = 37
    let paths = 1_300
    var g = SplitMix64(seed: 11)
    // Per cell a different kind of value: signed, zero-heavy, constant, huge, tiny.
    let values: [[Double]] = (0..<paths).map { _ in
      (0..<cells).map { cell in
        switch cell % 5 {
        case 0: return 1e4 * g.normal()
        case 1: return g.uniform() < 0.5 ? 0 : -0.0
        case 2: return 42
        case 3: return exp(30 + 5 * g.normal())
        default: return 1e-10 * g.uniform()
        }
      }
    }
    var chunk = ChunkBuffer(cells: cells, keepsLastValues: true)
    var sketches = [QuantileSketch](repeating: QuantileSketch(), count: cells)
    var chunkMoments: [[Moments]] = []
    for first in stride(from: 0, to: paths, by: Engine.chunkSize) {
      sketches.withUnsafeMutableBufferPointer { chunk.beginChunk(sketches: $0) }
      for p in first..<Swift.min(paths, first + Engine.chunkSize) {
        let slot = chunk.count
        chunk.count += 1
        for cell in 0..<cells { chunk.store(values[p][cell], cell: cell, slot: slot) }
        XCTAssertEqual(chunk.lastValue(cell: 3), values[p][3])
      }
      chunkMoments.append(chunk.endChunk())
    }
    sketches.withUnsafeMutableBufferPointer { chunk.drain(into: $0) }
    XCTAssertEqual(chunk.count, 0)
    for cell in 0..<cells {
      var direct = QuantileSketch()
      for p in 0..<paths { direct.add(values[p][cell]) }
      XCTAssertEqual(sketches[cell], direct, "cell \(cell)")
      for (c, moments) in chunkMoments.enumerated() {
        var sums = ShiftedSums()
        for p in (c * Engine.chunkSize)..<Swift.min(paths, (c + 1) * Engine.chunkSize) { sums.add(values[p][cell]) }
        XCTAssertEqual(moments[cell], sums.moments(), "cell \(cell), chunk \(c)")
        XCTAssertEqual(moments[cell].mean.bitPattern, sums.moments().mean.bitPattern)
      }
    }
  }

  /// Values outside their cell's 2-byte window (docs/performance.md, "Codes in 2
  /// bytes") are kept aside with their 4-byte codes and reach the sketches as if
  /// added directly: windows opened by tiny and by huge first values, a zero first
  /// value keeping the window from before, the edges of 2^34 and the extremes of
  /// the doubles, over three blocks.
  func testCodesOutsideTheirWindowsAreKeptAside() {
    let cells = 21
    let paths = 1_300
    var g = SplitMix64(seed: 23)
    // slot 0 of each block is the path whose index is a multiple of 512.
    let values: [[Double]] = (0..<paths).map { p in
      let opensBlock = p % ChunkBuffer.sketchBlockPaths == 0
      return (0..<cells).map { cell in
        let u = g.uniform()
        switch cell % 7 {
        case 0: return opensBlock ? 0 : 1e12 * (1 + u)  // zero opens: the window stays
        case 1: return opensBlock ? 1e-3 : (u < 0.5 ? 1e15 : 1e-3)  // huge after a tiny opener
        case 2: return opensBlock ? 1e20 : (u < 0.5 ? -1e-5 : 3e20)  // tiny after a huge opener
        case 3: return [0x1p34, -0x1p34, 0x1p34.nextDown, -0x1p34.nextDown][Int(4 * u)]
        case 4: return [Double.greatestFiniteMagnitude, -Double.greatestFiniteMagnitude, 1e-9, 0][Int(4 * u)]
        case 5: return opensBlock ? 5e7 * (1 + u) : 1e10 * (u - 0.5)  // opened above 2^26
        default: return 1e4 * g.normal()
        }
      }
    }
    var chunk = ChunkBuffer(cells: cells)
    var sketches = [QuantileSketch](repeating: QuantileSketch(), count: cells)
    var keptAside = 0
    for first in stride(from: 0, to: paths, by: Engine.chunkSize) {
      keptAside = Swift.max(keptAside, chunk.escapeCount)
      sketches.withUnsafeMutableBufferPointer { chunk.beginChunk(sketches: $0) }
      for p in first..<Swift.min(paths, first + Engine.chunkSize) {
        let slot = chunk.count
        XCTAssertEqual(slot, p % ChunkBuffer.sketchBlockPaths)
        chunk.count += 1
        values[p].withUnsafeBufferPointer { chunk.store(row: $0, firstCell: 0, slot: slot) }
      }
      _ = chunk.endChunk()
    }
    keptAside = Swift.max(keptAside, chunk.escapeCount)
    sketches.withUnsafeMutableBufferPointer { chunk.drain(into: $0) }
    XCTAssertEqual(chunk.escapeCount, 0)
    XCTAssertGreaterThan(keptAside, 100, "codes kept aside in a block")
    for cell in 0..<cells {
      var direct = QuantileSketch()
      for p in 0..<paths { direct.add(values[p][cell]) }
      XCTAssertEqual(sketches[cell], direct, "cell \(cell)")
      let levels = [0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95]
      XCTAssertEqual(sketches[cell].quantiles(levels), direct.quantiles(levels), "cell \(cell)")
    }
  }

  /// The staged probe (`SinglePathRunner.simulate`, `accumulate`, `drainSketches`)
  /// adds the same paths as the engine: 600 paths of the default scenario give the
  /// engine's sketches (one thread) cell for cell, and each path's cells equal
  /// those of `run(path:)`.
  func testStagedRunnerAddsWhatTheEngineAdds() throws {
    let plan = ScenarioPlan(try ScenarioLoader.load(path: Fixtures.defaultScenario.path).applying([.paths(600)]))
    let engine = Engine(plan: plan, threads: 1)
    try engine.advance(to: plan.paths)
    let staged = try SinglePathRunner(plan: plan)
    let whole = try SinglePathRunner(plan: plan)
    let cells = staged.layout.count
    var differing = 0
    for path in 0..<plan.paths {
      try staged.simulate(path: path)
      staged.accumulate()
      try whole.run(path: path)
      for cell in 0..<cells where staged.cell(cell).bitPattern != whole.cell(cell).bitPattern { differing += 1 }
    }
    XCTAssertEqual(differing, 0, "cells differing between the staged and the whole runner")
    staged.drainSketches()
    XCTAssertEqual(staged.worker.chunk.count, 0)
    var unequal = 0
    for cell in 0..<cells where staged.worker.tallies.sketches[cell] != engine.result.sketches[cell] { unequal += 1 }
    XCTAssertEqual(unequal, 0, "sketches differing from the engine's, of \(cells)")
  }

  /// A path's cells stored a row at a time (the worker's way: rows of every length,
  /// starting anywhere in a group of 16 and crossing groups and tiles of paths) give
  /// the same moments and sketches as the same values stored one by one, and a
  /// buffer that keeps no last values stores the same statistics.
  func testRowStoresEqualSingleStores() {
    let cells = 53
    let rows = [7, 13, 1, 16, 9, 7]  // 53 cells: rows start at 0, 7, 20, 21, 37, 46
    let paths = 700  // five chunks, a full block of 512 and a partial one
    var g = SplitMix64(seed: 5)
    let values: [[Double]] = (0..<paths).map { _ in (0..<cells).map { _ in 1e3 * g.normal() } }
    var byRow = ChunkBuffer(cells: cells)
    var bySingle = ChunkBuffer(cells: cells, keepsLastValues: true)
    var rowSketches = [QuantileSketch](repeating: QuantileSketch(), count: cells)
    var singleSketches = rowSketches
    for first in stride(from: 0, to: paths, by: Engine.chunkSize) {
      rowSketches.withUnsafeMutableBufferPointer { byRow.beginChunk(sketches: $0) }
      singleSketches.withUnsafeMutableBufferPointer { bySingle.beginChunk(sketches: $0) }
      for p in first..<Swift.min(paths, first + Engine.chunkSize) {
        let slot = byRow.count
        byRow.count += 1
        bySingle.count += 1
        var c0 = 0
        for n in rows {
          values[p].withUnsafeBufferPointer {
            byRow.store(row: UnsafeBufferPointer(rebasing: $0[c0..<(c0 + n)]), firstCell: c0, slot: slot)
          }
          c0 += n
        }
        for cell in 0..<cells { bySingle.store(values[p][cell], cell: cell, slot: slot) }
      }
      XCTAssertEqual(byRow.endChunk(), bySingle.endChunk(), "chunk from path \(first)")
    }
    rowSketches.withUnsafeMutableBufferPointer { byRow.drain(into: $0) }
    singleSketches.withUnsafeMutableBufferPointer { bySingle.drain(into: $0) }
    XCTAssertEqual(rowSketches, singleSketches)
    XCTAssertEqual(bySingle.lastValue(cell: 52), values[paths - 1][52])
  }

  /// A row holding a value that is not finite goes no further and names its first
  /// such cell; the first one kept stays (docs/model.md, "Engine limits"). Under
  /// AddressSanitizer in CI, so the out-of-line branch reads only its row.
  func testANonFiniteValueIsNotedNotStored() {
    var chunk = ChunkBuffer(cells: 40)
    var sketches = [QuantileSketch](repeating: QuantileSketch(), count: 40)
    sketches.withUnsafeMutableBufferPointer { chunk.beginChunk(sketches: $0) }
    XCTAssertEqual(chunk.firstNonFiniteCell, -1)
    chunk.count = 1
    let row = [1.0, 2, .infinity, .nan, 5]
    row.withUnsafeBufferPointer { chunk.store(row: $0, firstCell: 20, slot: 0) }
    XCTAssertEqual(chunk.firstNonFiniteCell, 22, "the first non-finite cell of the row")
    let later = [Double.nan]
    later.withUnsafeBufferPointer { chunk.store(row: $0, firstCell: 3, slot: 0) }
    XCTAssertEqual(chunk.firstNonFiniteCell, 22, "the first one noted stays")
  }
}

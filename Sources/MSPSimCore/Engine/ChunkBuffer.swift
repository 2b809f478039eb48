import Foundation

/// A worker's statistics of the paths it runs, before they reach the run: per cell,
/// the current chunk's shifted sums (its moments), and the sketch buckets of up to
/// `capacity` paths, added to the worker's quantile sketches a block at a time.
///
/// Why blocks (docs/performance.md, "The statistics drain"): adding a value to a
/// sketch is one bucket increment, but a run has thousands of sketches and a
/// sketch's buckets are out of cache whenever it is visited again. Adding a cell's
/// values in runs amortises those misses over the run, so the runs are made long:
/// 512 paths, four chunks. To keep that affordable, a path stores each value's
/// bucket as a 2-byte code (`QuantileSketch.ShortCode`, computed while the value is
/// in a register), the cell's exact min and max beside its sums. A code that does
/// not fit its cell's window is kept aside with its 4 bytes (`escapes`). The codes
/// are laid out in groups of 16 cells (half a cache line a path) and tiles of 16
/// paths: a tile holds, group by group, its paths' lines side by side (512 bytes a
/// group). The drain gathers a group's tiles into one run, path by path
/// (`groupCodes`, 16 KB), and adds its cells' codes from there, cell by cell, while
/// the run stays in cache.
///
/// Moments are per chunk, as before: the sums take each path's value in path order,
/// so they are the same for any thread count, any `--precision` batches and any
/// shard split (`MomentTree`); sketch counts add exactly in any grouping.
///
/// A path stores its values a row at a time (a metric's months, its years, a model's
/// summary, a pair's gaps: consecutive cells), and each field of the cells' state
/// (shift, the two sums, min, max, last value) is its own array, so a row updates
/// in SIMD lanes with no branch per value (docs/performance.md, "The statistics
/// drain"). Every cell is stored exactly once a path; the chunk's path count is
/// then every cell's count.
///
/// Raw memory, owned here and index-checked under `MSPSIM_CHECKED` (docs/testing.md,
/// "Index checks").
struct ChunkBuffer: ~Copyable {
  /// Paths whose codes are held before they are added to the sketches.
  static let sketchBlockPaths = 4 * Engine.chunkSize
  /// Cells whose codes lie side by side a path (16 x 2 bytes).
  static let groupCells = 16
  /// Paths whose lines of a group lie side by side (a tile: 16 lines, 512 bytes).
  static let tilePaths = 16

  let cells: Int
  let capacity: Int
  /// Groups of `groupCells` cells (the last may be partial).
  let groups: Int
  /// The short codes: path `slot`'s code of `cell` at `codeIndex(cell:slot:)`;
  /// cells are counted up to a whole number of groups.
  let codes: UnsafeMutablePointer<UInt16>
  let codeCount: Int
  /// One group's codes of the block, path by path, gathered for the drain.
  let groupCodes: UnsafeMutablePointer<UInt16>
  /// Each cell's window offset (`QuantileSketch.ShortCode.offset(from:)`), set by
  /// the block's first path where its value is not zero, else kept from before.
  let codeOffsets: UnsafeMutablePointer<UInt32>
  /// The codes kept aside (short code `escape`), in the order stored: cell, slot
  /// and 4-byte code; `escapeCount` of `escapeCapacity`, doubled when full. Rare
  /// (see `QuantileSketch.ShortCode`); the capacity is kept between blocks. Raw
  /// memory like the type's other buffers, index-checked the same way.
  var escapes: UnsafeMutablePointer<Escape>
  var escapeCount = 0
  var escapeCapacity = 64
  /// The escapes' codes sorted by cell and slot, for the drain (`escapeCapacity`).
  var escapedCodes: UnsafeMutablePointer<UInt32>
  /// Codes kept aside in every block drained so far: a count for the tests, which
  /// check that the engine fuzz reaches this path (docs/testing.md, "Sanitizers").
  private(set) var codesKeptAside = 0
  /// The cells' state, one field per array of `cells` values, in one allocation:
  /// the chunk's shifted sums (`ShiftedSums`: the shift K, the chunk's first value,
  /// then Σ(x - K) and Σ(x - K)²), the exact min and max of the values whose codes
  /// are held, and, when kept, the value the last path stored.
  let state: UnsafeMutablePointer<Double>
  let shift: UnsafeMutablePointer<Double>
  let sum1: UnsafeMutablePointer<Double>
  let sum2: UnsafeMutablePointer<Double>
  let lowest: UnsafeMutablePointer<Double>
  let highest: UnsafeMutablePointer<Double>
  /// The last path's values, for `lastValue(cell:)`: kept only for a caller that
  /// reads them (the staged runner, tests), as a run's worker has no use for them
  /// and writing them moved a sixth more memory a path.
  let last: UnsafeMutablePointer<Double>?
  /// `QuantileSketch.bucketOfMantissa`, copied: a `static let` read per value costs
  /// a lazy-initialisation check (see `QuantileSketch.table`).
  let mantissaBuckets: UnsafeMutablePointer<UInt8>
  /// A row's code bases and mantissas (`QuantileSketch.ShortCode.parts`), computed
  /// in SIMD lanes before the table is read; room for the longest row (every cell).
  let rowBases: UnsafeMutablePointer<UInt32>
  let rowMantissas: UnsafeMutablePointer<UInt16>
  /// Paths whose codes are held (slots 0..<count).
  var count = 0
  /// The first cell stored with a value that is not finite (an amount past the
  /// largest double, or a NaN it made), -1 while none: that row went no further,
  /// and the path that gave it stops the run (`PathWorker.run`).
  private(set) var firstNonFiniteCell = -1
  /// The slot where the current chunk began.
  var chunkStart = 0
  #if MSPSIM_CHECKED
  /// Cell values stored in the current chunk: `endChunk` checks that every cell
  /// was stored once a path, the premise of the chunk-wide count.
  var storedInChunk = 0
  #endif

  init(cells: Int, capacity: Int = ChunkBuffer.sketchBlockPaths, keepsLastValues: Bool = false) {
    precondition(capacity > 0 && capacity % Self.tilePaths == 0, "a block holds whole tiles of paths")
    self.cells = cells
    self.capacity = capacity
    groups = (cells + Self.groupCells - 1) / Self.groupCells
    codeCount = Swift.max(1, groups * Self.groupCells * capacity)
    // Zeroed by calloc: with glibc, a process's first block this large comes from
    // fresh pages the kernel zeroes as they are first written, so a small run touches
    // only the pages its paths use and pays no memset of the whole block up front
    // (docs/performance.md, "The code block, zeroed by the kernel"). Later blocks of
    // the same process may come from the heap, which calloc clears itself.
    guard let zeroed = calloc(codeCount, MemoryLayout<UInt16>.stride) else {
      fatalError("could not allocate \(codeCount) bucket codes")
    }
    codes = zeroed.bindMemory(to: UInt16.self, capacity: codeCount)
    groupCodes = .allocate(capacity: Self.groupCells * capacity)
    groupCodes.initialize(repeating: 0, count: Self.groupCells * capacity)
    let n = Swift.max(1, cells)
    codeOffsets = .allocate(capacity: n)
    codeOffsets.initialize(repeating: 0, count: n)
    escapes = .allocate(capacity: escapeCapacity)
    escapedCodes = .allocate(capacity: escapeCapacity)
    let fields = keepsLastValues ? 6 : 5
    state = .allocate(capacity: fields * n)
    state.initialize(repeating: 0, count: fields * n)
    shift = state
    sum1 = state + n
    sum2 = state + 2 * n
    lowest = state + 3 * n
    highest = state + 4 * n
    last = keepsLastValues ? state + 5 * n : nil
    lowest.update(repeating: .infinity, count: n)
    highest.update(repeating: -.infinity, count: n)
    mantissaBuckets = .allocate(capacity: QuantileSketch.bucketOfMantissa.count)
    mantissaBuckets.initialize(from: QuantileSketch.bucketOfMantissa, count: QuantileSketch.bucketOfMantissa.count)
    rowBases = .allocate(capacity: n)
    rowBases.initialize(repeating: 0, count: n)
    rowMantissas = .allocate(capacity: n)
    rowMantissas.initialize(repeating: 0, count: n)
  }

  deinit {
    groupCodes.deallocate()
    codeOffsets.deallocate()
    escapes.deallocate()
    escapedCodes.deallocate()
    free(codes)  // calloc'd
    state.deallocate()
    mantissaBuckets.deallocate()
    rowBases.deallocate()
    rowMantissas.deallocate()
  }

  /// Where path `slot`'s code of `cell` is kept: tile of paths, group of cells, path
  /// in tile, cell in group. A path's lines are then 512 bytes apart (not a block's
  /// 16 KB, as with one group's paths all side by side, which missed cache on every
  /// line written), and a group's tile is 512 bytes copied in order at the drain.
  @inline(__always)
  func codeIndex(cell: Int, slot: Int) -> Int {
    let tile = slot / Self.tilePaths
    let group = cell / Self.groupCells
    return ((tile * groups + group) * Self.tilePaths + slot % Self.tilePaths) * Self.groupCells
      + cell % Self.groupCells
  }

  /// Paths in the current chunk.
  var chunkPaths: Int { count - chunkStart }

  /// Keeps the first cell of `row` whose value is not finite, unless one is kept
  /// already. Out of line: `store(row:)` only branches to it.
  @inline(never)
  mutating func noteNonFinite(row: UnsafeBufferPointer<Double>, firstCell c0: Int) {
    guard firstNonFiniteCell < 0 else { return }
    firstNonFiniteCell = c0 + (row.firstIndex { !$0.isFinite } ?? 0)
  }

  /// Stores path `slot`'s value of `cell` (index-checked under `MSPSIM_CHECKED`).
  @inline(__always)
  mutating func store(_ x: Double, cell: Int, slot: Int) {
    var x = x
    withUnsafePointer(to: &x) { store(row: UnsafeBufferPointer(start: $0, count: 1), firstCell: cell, slot: slot) }
  }

  /// Stores path `slot`'s values of the consecutive cells `firstCell ..< firstCell +
  /// row.count` (index-checked under `MSPSIM_CHECKED`).
  ///
  /// Per value, as `ShiftedSums.add` and `QuantileSketch.add` would: the chunk's
  /// first path sets the shift K = x (its sums stay 0, as x - K is 0); later paths
  /// add x - K and (x - K)² in path order. Min, max and the code take x + 0 (-0.0
  /// becomes +0.0). Each loop below runs over the row with no branch per value, so
  /// the first three vectorise.
  @inline(__always)
  mutating func store(row: UnsafeBufferPointer<Double>, firstCell c0: Int, slot: Int) {
    let n = row.count
    guard n > 0, let x = row.baseAddress else { return }
    checkIndex(c0, cells)
    checkIndex(c0 + n - 1, cells)
    checkIndex(slot, capacity)
    #if MSPSIM_CHECKED
    storedInChunk += n
    #endif
    let k = shift + c0
    if slot == chunkStart {
      k.update(from: x, count: n)
    } else {
      let s1 = sum1 + c0
      let s2 = sum2 + c0
      for t in 0..<n {
        let d = x[t] - k[t]
        s1[t] += d
        s2[t] += d * d
      }
    }
    let lo = lowest + c0
    let hi = highest + c0
    if let last { (last + c0).update(from: x, count: n) }
    for t in 0..<n {
      let v = x[t] + 0
      lo[t] = v < lo[t] ? v : lo[t]
      hi[t] = v > hi[t] ? v : hi[t]
    }
    // The codes in two passes (docs/performance.md, "Codes in two passes"): the
    // bases and mantissas of the whole row in SIMD lanes, with no table read and no
    // branch; then, a group's run of cells at a time (contiguous within a group), the
    // table's part added and the code made short in its cell's window ("Codes in 2
    // bytes"). Every value must be finite: a non-finite one has exponent field 0x7FF,
    // so adding 2^52 to its magnitude's bits carries into the top bit; checked once a
    // row, before any code reaches a sketch.
    // The row's cells lie in 0..<cells (checked above), so the row fits the scratch.
    checkIndex(n - 1, Swift.max(1, cells))
    let offsets = codeOffsets + c0
    if slot == 0 { openWindows(row: row, firstCell: c0) }
    var nonFinite: UInt64 = 0
    var nearEdge: UInt32 = 0
    for t in 0..<n {
      let v = x[t] + 0
      nonFinite |= (v.magnitude.bitPattern &+ (1 << 52)) >> 63
      let parts = QuantileSketch.ShortCode.parts(of: v, offset: offsets[t])
      rowBases[t] = parts.base
      rowMantissas[t] = parts.mantissa
      nearEdge |= parts.nearEdge
    }
    if nonFinite != 0 {
      // Rare: the row's codes are not stored; the run ends with an error naming the cell.
      noteNonFinite(row: row, firstCell: c0)
      return
    }
    if nearEdge != 0 {
      storeNearEdges(row: row, firstCell: c0, slot: slot)
      return
    }
    var t = 0
    while t < n {
      let cell = c0 + t
      let run = Swift.min(n - t, Self.groupCells - cell % Self.groupCells)
      let first = codeIndex(cell: cell, slot: slot)
      checkIndex(first + run - 1, codeCount)
      let out = codes + first
      let bases = rowBases + t
      let mantissas = rowMantissas + t
      for u in 0..<run {
        // A mantissa's top 12 bits: below the table's 4,096 entries by construction;
        // no value of the row near its window's edges, so the sum fits below 0xFFFF.
        out[u] = UInt16(truncatingIfNeeded: bases[u] &+ UInt32(mantissaBuckets[Int(mantissas[u])]) << 2)
        #if MSPSIM_CHECKED
        let code = QuantileSketch.code(of: x[t + u] + 0, table: mantissaBuckets)
        precondition(out[u] == QuantileSketch.ShortCode.encode(code, offset: offsets[t + u]), "a short code")
        #endif
      }
      t += run
    }
  }

  /// A code kept aside: its cell, its path's slot, its 4-byte code.
  struct Escape {
    var cell: UInt32
    var slot: UInt32
    var code: UInt32
  }

  /// Opens the row's cells' windows at the block's first path's values (a zero
  /// keeps the window from before). Out of line, as `storeNearEdges`: both run
  /// rarely (once a block; for a row near its windows' edges), and the store's
  /// common path stays short.
  @inline(never)
  func openWindows(row: UnsafeBufferPointer<Double>, firstCell c0: Int) {
    for (t, x) in row.enumerated() {
      checkIndex(c0 + t, cells)
      let code = QuantileSketch.code(of: x + 0, table: mantissaBuckets)
      if code & 2 == 0 { codeOffsets[c0 + t] = QuantileSketch.ShortCode.offset(from: code) }
    }
  }

  /// Stores the short codes of a row with a value near its window's edges, one
  /// value at a time, keeping aside the codes outside their windows.
  @inline(never)
  mutating func storeNearEdges(row: UnsafeBufferPointer<Double>, firstCell c0: Int, slot: Int) {
    for (t, x) in row.enumerated() {
      let cell = c0 + t
      checkIndex(cell, cells)
      let code = QuantileSketch.code(of: x + 0, table: mantissaBuckets)
      let short = QuantileSketch.ShortCode.encode(code, offset: codeOffsets[cell])
      let at = codeIndex(cell: cell, slot: slot)
      checkIndex(at, codeCount)
      codes[at] = short
      if short == QuantileSketch.ShortCode.escape {
        if escapeCount == escapeCapacity { growEscapes() }
        checkIndex(escapeCount, escapeCapacity)
        (escapes + escapeCount).initialize(to: Escape(cell: UInt32(cell), slot: UInt32(slot), code: code))
        escapeCount += 1
      }
    }
  }

  /// Doubles the room for codes kept aside.
  mutating func growEscapes() {
    let grown = 2 * escapeCapacity
    let moved = UnsafeMutablePointer<Escape>.allocate(capacity: grown)
    moved.moveInitialize(from: escapes, count: escapeCount)
    escapes.deallocate()
    escapes = moved
    escapedCodes.deallocate()
    escapedCodes = .allocate(capacity: grown)
    escapeCapacity = grown
  }

  /// The value of `cell` the last path stored (kept with `keepsLastValues` only).
  func lastValue(cell: Int) -> Double {
    guard let last else { preconditionFailure("the chunk buffer keeps no last values") }
    checkIndex(cell, cells)
    return last[cell]
  }

  /// Starts a chunk of up to `Engine.chunkSize` paths, first adding the held codes
  /// to `sketches` when the chunk might not fit.
  mutating func beginChunk(sketches: UnsafeMutableBufferPointer<QuantileSketch>) {
    if count + Engine.chunkSize > capacity { drain(into: sketches) }
    chunkStart = count
    #if MSPSIM_CHECKED
    storedInChunk = 0
    #endif
  }

  /// The current chunk's moments, per cell (its paths in order); the sums restart.
  mutating func endChunk() -> [Moments] {
    let paths = chunkPaths
    #if MSPSIM_CHECKED
    precondition(storedInChunk == paths * cells, "\(storedInChunk) values stored for \(paths) paths x \(cells) cells")
    storedInChunk = 0
    #endif
    var moments = [Moments](repeating: Moments(), count: cells)
    moments.withUnsafeMutableBufferPointer { out in
      for cell in 0..<cells {
        checkIndex(cell, cells)
        out[cell] = ShiftedSums(shift: shift[cell], sum1: sum1[cell], sum2: sum2[cell], count: paths).moments()
      }
    }
    sum1.update(repeating: 0, count: cells)
    sum2.update(repeating: 0, count: cells)
    return moments
  }

  /// Adds the held codes of every cell to its sketch (with the cell's exact min and
  /// max) and empties the block.
  mutating func drain(into sketches: UnsafeMutableBufferPointer<QuantileSketch>) {
    precondition(sketches.count == cells, "\(sketches.count) sketches for \(cells) cells")
    let n = count
    precondition(n <= capacity, "\(n) paths in a block of \(capacity)")
    if n > 0 {
      // The codes kept aside, by cell and then slot: each cell's in the order its
      // short codes meet `escape`.
      var aside = UnsafeMutableBufferPointer(start: escapes, count: escapeCount)
      if escapeCount > 0 {
        aside.sort { ($0.cell, $0.slot) < ($1.cell, $1.slot) }
        for (i, escape) in aside.enumerated() {
          checkIndex(i, escapeCapacity)
          (escapedCodes + i).initialize(to: escape.code)
        }
        codesKeptAside += escapeCount
      }
      var nextEscape = 0
      // A group's codes of the block, gathered tile by tile into one run, path by path
      // (16 codes a path), so that a cell's codes are a plain strided read: read in
      // place, they need a step from tile to tile, and a branch per code for it made
      // the drain a third slower (docs/performance.md, "The statistics drain, by rows
      // and tiles").
      let gathered = UnsafeBufferPointer(start: groupCodes, count: Self.groupCells * capacity)
      let tileCodes = Self.tilePaths * Self.groupCells
      let tiles = (n + Self.tilePaths - 1) / Self.tilePaths
      for group in 0..<groups {
        for tile in 0..<tiles {
          let from = (tile * groups + group) * tileCodes
          checkIndex(from + tileCodes - 1, codeCount)
          checkIndex(tile * tileCodes + tileCodes - 1, gathered.count)
          (groupCodes + tile * tileCodes).update(from: codes + from, count: tileCodes)
        }
        for cell in (group * Self.groupCells)..<Swift.min(cells, (group + 1) * Self.groupCells) {
          let firstEscape = nextEscape
          while nextEscape < escapeCount {
            checkIndex(nextEscape, escapeCapacity)
            if aside[nextEscape].cell != cell { break }
            nextEscape += 1
          }
          sketches[cell].add(
            codes: gathered, first: cell % Self.groupCells, stride: Self.groupCells, count: n,
            offset: codeOffsets[cell],
            escapes: UnsafeBufferPointer(start: escapedCodes + firstEscape, count: nextEscape - firstEscape),
            lowest: lowest[cell], highest: highest[cell])
        }
      }
      precondition(nextEscape == escapeCount, "codes kept aside for no cell")
      escapeCount = 0
      lowest.update(repeating: .infinity, count: cells)
      highest.update(repeating: -.infinity, count: cells)
    }
    count = 0
    chunkStart = 0
  }
}

/// A worker's statistics of the paths it runs, before they reach the run: per cell,
/// the current chunk's shifted sums (its moments), and the sketch buckets of up to
/// `capacity` paths, added to the worker's quantile sketches a block at a time.
///
/// Why blocks (docs/performance.md, "The statistics drain"): adding a value to a
/// sketch is one bucket increment, but a run has thousands of sketches and a
/// sketch's buckets are out of cache whenever it is visited again. Adding a cell's
/// values in runs amortises those misses over the run, so the runs are made long:
/// 512 paths, four chunks. To keep that affordable, a path stores each value's
/// bucket as a 4-byte code (`QuantileSketch.code(of:table:)`, computed while the
/// value is in a register), the cell's exact min and max beside its sums. The codes
/// are laid out in groups of 16 cells: group g holds, path by path, its 16 cells'
/// codes (one cache line a path), so a path writes a line a group, and a group's
/// block is one contiguous 32 KB that the drain reads in order, cell by cell.
///
/// Moments are per chunk, as before: the sums take each path's value in path order,
/// so they are the same for any thread count, any `--precision` batches and any
/// shard split (`MomentTree`); sketch counts add exactly in any grouping.
///
/// Raw memory, owned here and index-checked under `MSPSIM_CHECKED` (docs/testing.md,
/// "Index checks").
struct ChunkBuffer: ~Copyable {
  /// Paths whose codes are held before they are added to the sketches.
  static let sketchBlockPaths = 4 * Engine.chunkSize
  /// Cells whose codes share a cache line a path (16 x 4 bytes).
  static let groupCells = 16

  /// One cell's running state: the chunk's shifted sums, the exact min and max of
  /// the values whose codes are held, and the last value stored.
  struct CellTally {
    var sums = ShiftedSums()
    var lowest = Double.infinity
    var highest = -Double.infinity
    var last = 0.0
  }

  let cells: Int
  let capacity: Int
  /// The codes: path `slot`'s code of `cell` at `codeIndex(cell:slot:)`; cells are
  /// counted up to a whole number of groups.
  let codes: UnsafeMutablePointer<UInt32>
  let codeCount: Int
  let tallies: UnsafeMutablePointer<CellTally>
  /// `QuantileSketch.bucketOfMantissa`, copied: a `static let` read per value costs
  /// a lazy-initialisation check (see `QuantileSketch.table`).
  let mantissaBuckets: UnsafeMutablePointer<UInt8>
  /// Paths whose codes are held (slots 0..<count).
  var count = 0
  /// The slot where the current chunk began.
  var chunkStart = 0

  init(cells: Int, capacity: Int = ChunkBuffer.sketchBlockPaths) {
    self.cells = cells
    self.capacity = capacity
    let groups = (cells + Self.groupCells - 1) / Self.groupCells
    codeCount = Swift.max(1, groups * Self.groupCells * capacity)
    codes = .allocate(capacity: codeCount)
    codes.initialize(repeating: 0, count: codeCount)
    tallies = .allocate(capacity: Swift.max(1, cells))
    tallies.initialize(repeating: CellTally(), count: Swift.max(1, cells))
    mantissaBuckets = .allocate(capacity: QuantileSketch.bucketOfMantissa.count)
    mantissaBuckets.initialize(from: QuantileSketch.bucketOfMantissa, count: QuantileSketch.bucketOfMantissa.count)
  }

  deinit {
    codes.deallocate()
    tallies.deallocate()
    mantissaBuckets.deallocate()
  }

  /// Where path `slot`'s code of `cell` is kept: group, then path, then cell in group.
  @inline(__always)
  func codeIndex(cell: Int, slot: Int) -> Int {
    (cell / Self.groupCells * capacity + slot) * Self.groupCells + cell % Self.groupCells
  }

  /// Paths in the current chunk.
  var chunkPaths: Int { count - chunkStart }

  /// Stores path `slot`'s value of `cell` (index-checked under `MSPSIM_CHECKED`).
  @inline(__always)
  func store(_ x: Double, cell: Int, slot: Int) {
    checkIndex(cell, cells)
    checkIndex(slot, capacity)
    precondition(x.isFinite, "QuantileSketch.add: value must be finite")
    tallies[cell].sums.add(x)
    tallies[cell].last = x
    // -0.0 + 0 is +0.0, as `QuantileSketch.add` does.
    let v = x + 0
    if v < tallies[cell].lowest { tallies[cell].lowest = v }
    if v > tallies[cell].highest { tallies[cell].highest = v }
    let i = codeIndex(cell: cell, slot: slot)
    checkIndex(i, codeCount)
    codes[i] = QuantileSketch.code(of: v, table: mantissaBuckets)
  }

  /// The value of `cell` the last path stored.
  func lastValue(cell: Int) -> Double {
    checkIndex(cell, cells)
    return tallies[cell].last
  }

  /// Starts a chunk of up to `Engine.chunkSize` paths, first adding the held codes
  /// to `sketches` when the chunk might not fit.
  mutating func beginChunk(sketches: UnsafeMutableBufferPointer<QuantileSketch>) {
    if count + Engine.chunkSize > capacity { drain(into: sketches) }
    chunkStart = count
  }

  /// The current chunk's moments, per cell (its paths in order); the sums restart.
  func endChunk() -> [Moments] {
    var moments = [Moments](repeating: Moments(), count: cells)
    moments.withUnsafeMutableBufferPointer { out in
      for cell in 0..<cells {
        checkIndex(cell, cells)
        out[cell] = tallies[cell].sums.moments()
        tallies[cell].sums = ShiftedSums()
      }
    }
    return moments
  }

  /// Adds the held codes of every cell to its sketch (with the cell's exact min and
  /// max) and empties the block.
  mutating func drain(into sketches: UnsafeMutableBufferPointer<QuantileSketch>) {
    precondition(sketches.count == cells, "\(sketches.count) sketches for \(cells) cells")
    let n = count
    precondition(n <= capacity, "\(n) paths in a block of \(capacity)")
    if n > 0 {
      for cell in 0..<cells {
        // The cell's codes: every `groupCells`-th entry from its first (checked at both ends).
        let first = codeIndex(cell: cell, slot: 0)
        checkIndex(first, codeCount)
        checkIndex(codeIndex(cell: cell, slot: n - 1), codeCount)
        sketches[cell].add(
          codes: codes + first, stride: Self.groupCells, count: n,
          lowest: tallies[cell].lowest, highest: tallies[cell].highest)
        tallies[cell].lowest = .infinity
        tallies[cell].highest = -.infinity
      }
    }
    count = 0
    chunkStart = 0
  }
}

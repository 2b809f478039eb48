/// Everything a run keeps: per cell, exact moments and a quantile sketch; per pair,
/// exact counts. Memory is independent of the number of paths.
///
/// Moments of each fixed-size chunk of paths are merged in a tree fixed by the chunk
/// count (`MomentTree`) and sketch and pair counts add exactly, so the result is the
/// same for any thread count, any `--precision` batches and any split into shards.
public struct RunAccumulator: Sendable {
  public let layout: CellLayout
  /// Per cell, the moments of paths 0 ..< `paths` (the root of `momentTree`); empty
  /// moments in a shard that does not start at path 0, whose tree is only a part.
  public var moments: [Moments]
  /// The chunks' moments as complete nodes of the run's merge tree (what a shard file keeps).
  public var momentTree = MomentTree()
  /// The first path accumulated: 0, or where a shard's paths start (a chunk boundary).
  public var firstPath = 0
  public var sketches: [QuantileSketch]
  public var pairs: [PairCounts]
  /// Paths accumulated.
  public var paths: Int
  /// Per model, per key (`ParameterID`, then `EventID`): draws that fell outside the
  /// key's domain and were clamped into it (docs/scenario-format.md, "Allowed values, clamping and rounding");
  /// then one more row for the `valuation:` and `cash:` keys, by `DecisionKey.rawValue`
  /// (an exit year cut at the horizon counts too).
  public var clampCounts: [[Int]]

  public init(layout: CellLayout) {
    self.layout = layout
    moments = [Moments](repeating: Moments(), count: layout.count)
    sketches = [QuantileSketch](repeating: QuantileSketch(), count: layout.count)
    pairs = [PairCounts](repeating: PairCounts(months: layout.months), count: layout.pairCount)
    paths = 0
    clampCounts = [[Int]](
      repeating: [Int](repeating: 0, count: ModelPathSimulator.clampKeyCount),
      count: layout.monthlyBase.count + 1)
  }

  /// Adds clamp counts of a worker or piece (integers: exact in any order).
  mutating func addClampCounts(_ counts: [[Int]]) {
    for m in clampCounts.indices { for k in clampCounts[m].indices { clampCounts[m][k] += counts[m][k] } }
  }

  /// The clamped-draw counts by key path (`models.M.section.key`), only those above 0,
  /// in model then key order.
  public func clampedDraws(modelNames: [String]) -> [(keyPath: String, count: Int)] {
    var rows: [(String, Int)] = []
    let parameterCount = ModelPathSimulator.parameterCount
    for (m, counts) in clampCounts.enumerated() where m < modelNames.count {
      for (k, n) in counts.enumerated() where n > 0 {
        let eventCount = EventID.allCases.count
        let key =
          k < parameterCount
          ? ParameterID.allCases[k].keyPath
          : k < parameterCount + eventCount
            ? EventID.allCases[k - parameterCount].keyPath
            : MarketplaceProgram.path(k - parameterCount - eventCount) + ".commission"
        rows.append(("models.\(modelNames[m]).\(key)", n))
      }
    }
    if let decision = clampCounts.last, clampCounts.count > modelNames.count {
      for (k, n) in decision.enumerated() where n > 0 && k < DecisionKey.allCases.count {
        rows.append((DecisionKey.allCases[k].keyPath, n))
      }
    }
    return rows
  }

  /// Adds the accumulators of the paths that follow this one's (the next shard of a
  /// run): sketches, pair and clamp counts add exactly, the trees' nodes join, and
  /// the moments are the tree's root once the pieces start at path 0.
  ///
  /// - Returns: false (and changes nothing) when `other` does not start where this ends.
  @discardableResult
  public mutating func append(_ other: RunAccumulator) -> Bool {
    precondition(other.layout.count == layout.count, "accumulators of different plans")
    guard other.firstPath == firstPath + paths || other.paths == 0 || paths == 0 else { return false }
    if paths == 0 { firstPath = other.firstPath }
    for i in sketches.indices { sketches[i].merge(other.sketches[i]) }
    for i in pairs.indices { pairs[i].merge(other.pairs[i]) }
    addClampCounts(other.clampCounts)
    momentTree = MomentTree(nodes: momentTree.nodes + other.momentTree.nodes)
    paths += other.paths
    updateMoments()
    return true
  }

  /// Sets `moments` to the root of the tree when the paths start at 0.
  mutating func updateMoments() {
    let chunkCount = (paths + Engine.chunkSize - 1) / Engine.chunkSize
    guard firstPath == 0, let root = MomentTree.root(of: momentTree.nodes, chunkCount: chunkCount, cells: layout.count)
    else {
      moments = [Moments](repeating: Moments(), count: layout.count)
      return
    }
    moments = root
  }
}

/// One chunk's values, cell-major (`values[cell * capacity + slot]`, slot = the
/// path's place in the chunk), reused chunk after chunk.
///
/// A path writes one value per cell; when the chunk is done each cell's values are
/// read in order to form its moments (shifted sums, in path order: the same for any
/// thread count) and added to its quantile sketch in one run, while that sketch's
/// buckets are in cache. Adding path by path instead touches thousands of sketches
/// per path and was memory-bound (measured: the bucket increment was half the run).
struct ChunkBuffer: ~Copyable {
  let cells: Int
  let capacity: Int
  let values: UnsafeMutablePointer<Double>
  var count = 0

  init(cells: Int, capacity: Int) {
    self.cells = cells
    self.capacity = capacity
    values = .allocate(capacity: Swift.max(1, cells * capacity))
  }

  deinit { values.deallocate() }

  /// Stores path `slot`'s value of `cell` (index-checked under `MSPSIM_CHECKED`).
  @inline(__always)
  func store(_ x: Double, cell: Int, slot: Int) {
    checkIndex(cell, cells)
    checkIndex(slot, capacity)
    values[cell * capacity + slot] = x
  }

  /// Path `slot`'s value of `cell` (index-checked under `MSPSIM_CHECKED`).
  func value(cell: Int, slot: Int) -> Double {
    checkIndex(cell, cells)
    checkIndex(slot, capacity)
    return values[cell * capacity + slot]
  }

  /// Folds the chunk's values into its moments (returned, per cell) and into `sketches`.
  func drain(into sketches: UnsafeMutableBufferPointer<QuantileSketch>) -> [Moments] {
    var moments = [Moments](repeating: Moments(), count: cells)
    let n = count
    precondition(n <= capacity, "chunk of \(n) paths in a buffer of \(capacity)")
    moments.withUnsafeMutableBufferPointer { out in
      for cell in 0..<cells {
        // The cell's row, slots 0..<n (index-checked as a range).
        checkIndex(cell, sketches.count)
        if n > 0 { checkIndex(cell * capacity + n - 1, cells * capacity) }
        let row = UnsafeBufferPointer(start: values + cell * capacity, count: n)
        var sums = ShiftedSums()
        for x in row { sums.add(x) }
        sketches[cell].add(contentsOf: row)
        out[cell] = sums.moments()
      }
    }
    return moments
  }
}

/// Per-worker sketches and pair counts (exact merges, any order).
struct WorkerTallies {
  var sketches: [QuantileSketch]
  var pairs: [PairCounts]
  init(layout: CellLayout) {
    sketches = [QuantileSketch](repeating: QuantileSketch(), count: layout.count)
    pairs = [PairCounts](repeating: PairCounts(months: layout.months), count: layout.pairCount)
  }
}

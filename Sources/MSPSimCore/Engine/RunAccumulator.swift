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
    // Joinable: either side empty, or `other` starts where this one ends.
    let eitherEmpty = paths == 0 || other.paths == 0
    guard eitherEmpty || other.firstPath == firstPath + paths else { return false }
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

/// Per-worker sketches and pair counts (exact merges, any order).
struct WorkerTallies {
  var sketches: [QuantileSketch]
  var pairs: [PairCounts]
  init(layout: CellLayout) {
    sketches = [QuantileSketch](repeating: QuantileSketch(), count: layout.count)
    pairs = [PairCounts](repeating: PairCounts(months: layout.months), count: layout.pairCount)
  }
}

/// Everything a run keeps: per cell, exact moments and a quantile sketch; per pair,
/// exact counts. Memory is independent of the number of paths.
///
/// Moments of each fixed-size chunk of paths are merged in chunk order and sketch
/// and pair counts add exactly, so the result is the same for any thread count and
/// any split of a run into pieces merged in order.
public struct RunAccumulator: Sendable {
  public let layout: CellLayout
  public var moments: [Moments]
  public var sketches: [QuantileSketch]
  public var pairs: [PairCounts]
  /// Paths accumulated.
  public var paths: Int

  public init(layout: CellLayout) {
    self.layout = layout
    moments = [Moments](repeating: Moments(), count: layout.count)
    sketches = [QuantileSketch](repeating: QuantileSketch(), count: layout.count)
    pairs = [PairCounts](repeating: PairCounts(months: layout.months), count: layout.pairCount)
    paths = 0
  }
}

/// Per-chunk sums: filled path by path, in path order, by one worker.
struct ChunkSums {
  var sums: [ShiftedSums]
  var count = 0
  init(cells: Int) { sums = [ShiftedSums](repeating: ShiftedSums(), count: cells) }
  mutating func reset() {
    for i in sums.indices { sums[i].reset() }
    count = 0
  }
  func moments() -> [Moments] { sums.map { $0.moments() } }
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

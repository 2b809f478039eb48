/// The moments of a run as a fixed binary tree over its chunks (docs/scale-out.md,
/// "Why shards merge to the same bytes").
///
/// Chunk c's moments are leaf (level 0, index c); node (j, k) covers chunks
/// k·2^j ..< (k+1)·2^j and is its left child merged with its right child. The run's
/// moments are the root over chunks 0 ..< C, where a child that lies wholly past C
/// is absent and its parent is then its left child unchanged. Chan's merge is not
/// associative in floating point, so the tree fixes the order of every merge from C
/// alone: a run in one piece, in `--precision` batches, or in shards on any chunk
/// boundaries performs the same merges on the same operands and gives the same bits.
///
/// `nodes` holds the maximal complete nodes of the chunks pushed so far (at most
/// 2 log2 C of them), so memory does not grow with the number of chunks.
public struct MomentTree: Sendable, Equatable {
  /// One complete node: the moments of chunks `index << level ..< (index + 1) << level`, per cell.
  public struct Node: Sendable, Equatable {
    public var level: Int
    public var index: Int
    public var moments: [Moments]

    public init(level: Int, index: Int, moments: [Moments]) {
      self.level = level
      self.index = index
      self.moments = moments
    }

    /// The chunks it covers.
    public var chunks: Range<Int> { (index << level)..<((index + 1) << level) }
  }

  /// The maximal complete nodes of the chunks pushed so far, left to right.
  public private(set) var nodes: [Node] = []

  public init() {}

  /// A tree of nodes read back from a shard file.
  init(nodes: [Node]) { self.nodes = nodes }

  /// Adds chunk `chunk`'s moments: the chunk right after the last one pushed.
  /// Whenever the newest node completes its parent (it is a right child whose left
  /// sibling is the node before it), the two merge into the parent.
  mutating func push(chunk: Int, _ moments: [Moments]) {
    precondition(nodes.last.map { $0.chunks.upperBound == chunk } ?? true, "chunks pushed out of order")
    var node = Node(level: 0, index: chunk, moments: moments)
    while let left = nodes.last, left.level == node.level, left.index % 2 == 0, left.index + 1 == node.index {
      var merged = nodes.removeLast()
      Self.merge(node.moments, into: &merged.moments)
      node = Node(level: node.level + 1, index: left.index / 2, moments: merged.moments)
    }
    nodes.append(node)
  }

  /// Merges `right` into `left`, cell by cell.
  static func merge(_ right: [Moments], into left: inout [Moments]) {
    precondition(left.count == right.count, "nodes of different layouts")
    for i in left.indices { left[i].merge(right[i]) }
  }

  /// The root over chunks 0 ..< `chunkCount` from `nodes`, which must tile those chunks
  /// exactly (nodes of one run, or of all the shards of one run, in any order).
  ///
  /// - Returns: the moments per cell (`cells` empty ones when `chunkCount` is 0), or nil
  ///   when the nodes do not tile the chunks.
  public static func root(of nodes: [Node], chunkCount: Int, cells: Int) -> [Moments]? {
    guard chunkCount > 0 else { return nodes.isEmpty ? [Moments](repeating: Moments(), count: cells) : nil }
    var byPosition: [Int: [Int: Int]] = [:]  // level -> index -> position in `nodes`
    var covered = 0
    for (n, node) in nodes.enumerated() {
      guard node.moments.count == cells, node.level >= 0, node.index >= 0,
        node.chunks.upperBound <= chunkCount, byPosition[node.level, default: [:]][node.index] == nil
      else { return nil }
      byPosition[node.level, default: [:]][node.index] = n
      covered += node.chunks.count
    }
    // Nodes inside [0, C) that add up to C chunks and, as checked below, reach every
    // leaf without overlap tile the chunks.
    guard covered == chunkCount else { return nil }
    var rootLevel = 0
    while (1 << rootLevel) < chunkCount { rootLevel += 1 }

    func value(level: Int, index: Int) -> [Moments]? {
      if let n = byPosition[level]?[index] { return nodes[n].moments }
      guard level > 0, var left = value(level: level - 1, index: 2 * index) else { return nil }
      // A right child starting at or past C is absent: the parent is its left child.
      guard ((2 * index + 1) << (level - 1)) < chunkCount else { return left }
      guard let right = value(level: level - 1, index: 2 * index + 1) else { return nil }
      merge(right, into: &left)
      return left
    }
    return value(level: rootLevel, index: 0)
  }
}

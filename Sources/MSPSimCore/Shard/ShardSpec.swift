/// `--shard I/N`: shard I (1-based) of N (docs/scale-out.md, "How paths are split").
///
/// A run's C = ceil(paths / chunk size) chunks are split into N contiguous ranges,
/// shard I taking chunks floor((I-1) C / N) ..< floor(I C / N); a sweep's grid points
/// are split the same way. Shards therefore follow chunk boundaries, and when N > C
/// some shards are empty (they still write a shard file, so a job array of any size
/// merges).
public struct ShardSpec: Sendable, Equatable, CustomStringConvertible {
  /// 1-based.
  public let index: Int
  public let count: Int

  /// The most shards a run may be split into.
  public static let maximumCount = 100_000

  public init(index: Int, count: Int) {
    precondition(count >= 1 && (1...count).contains(index), "shard \(index)/\(count)")
    self.index = index
    self.count = count
  }

  /// Parses `I/N`.
  ///
  /// - Throws: `ScenarioError` naming `--shard` and what is allowed.
  public init(parsing text: String) throws(ScenarioError) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), (1...Self.maximumCount).contains(n),
      (1...n).contains(i)
    else {
      throw ScenarioError([
        ScenarioIssue(
          file: "command line", line: 1, column: 1, keyPath: "--shard",
          message:
            "'\(text)' is not a shard (allowed: I/N with 1 <= I <= N <= \(Self.maximumCount), e.g. 2/8 for the second of eight)"
        )
      ])
    }
    self.init(index: i, count: n)
  }

  public var description: String { "\(index)/\(count)" }

  /// This shard's part of `0 ..< items`, split into N contiguous, nearly equal ranges.
  public func range(of items: Int) -> Range<Int> {
    ((index - 1) * items / count)..<(index * items / count)
  }

  /// This shard's paths of a run of `total` paths: whole chunks, the last one perhaps partial.
  public func paths(of total: Int) -> Range<Int> {
    let chunks = range(of: (total + Engine.chunkSize - 1) / Engine.chunkSize)
    return Swift.min(
      total, chunks.lowerBound * Engine.chunkSize)..<Swift.min(total, chunks.upperBound * Engine.chunkSize)
  }
}

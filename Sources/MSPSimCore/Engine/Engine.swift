import Dispatch

/// Runs the paths of a plan on `threads` workers and accumulates them.
///
/// Paths are grouped in fixed-size chunks (chunk c = paths c*chunkSize ..< (c+1)*chunkSize),
/// the unit of work. Workers take the next chunk from a shared counter; each chunk's
/// moments join the run's merge tree in chunk order (`MomentTree`), and sketches and
/// pair counts add exactly, so results are byte-identical for any thread count and any
/// assignment of chunks to threads. `advance(to:)` can be called repeatedly
/// (convergence batches), and a shard runs a range of chunks (`run(shard:)`): running
/// to N in one call, in several, or in shards merged later gives the same result.
public final class Engine {
  public static let chunkSize = 128

  public let plan: ScenarioPlan
  public let layout: CellLayout
  public let threads: Int
  public private(set) var result: RunAccumulator
  public let recorder: PathRecorder?
  /// `--sensitivity sobol`: path p is evaluation p of this design (docs/model.md,
  /// "Sobol indices"); nil in a plain run.
  public let sobol: SobolDesign?
  /// Workers the last `advance(to:)` made: at most the chunks it ran, and no more than
  /// ran at once (see the note in `advance(to:)`).
  public private(set) var workersMade = 0

  /// - Parameters:
  ///   - recordPaths: keep one row of inputs and outputs per path (for `--sensitivity`).
  ///   - recordCapacity: paths the recorder holds (default: the plan's paths).
  ///   - recordSummaries: the rows also hold every summary value (for `--per-path`).
  ///   - sobol: run the evaluations of this Sobol design instead of plain paths.
  public init(
    plan: ScenarioPlan, threads: Int, recordPaths: Bool = false, recordCapacity: Int? = nil,
    recordSummaries: Bool = false, sobol: SobolDesign? = nil
  ) {
    self.plan = plan
    self.sobol = sobol
    layout = CellLayout(plan: plan)
    self.threads = Swift.max(1, threads)
    result = RunAccumulator(layout: layout)
    recorder =
      recordPaths || recordSummaries
      ? PathRecorder(plan: plan, capacity: recordCapacity ?? plan.paths, summaries: recordSummaries) : nil
  }

  /// Simulates paths result.paths ..< total and merges them into `result`.
  ///
  /// - Parameter progress: called with the number of paths done (from a worker thread).
  /// - Throws: `GSLError` if a generator cannot be created; `EngineError` when a path
  ///   cannot be simulated (the result is then left as it was).
  public func advance(to total: Int, progress: (@Sendable (Int) -> Void)? = nil) throws {
    let start = result.firstPath + result.paths
    guard total > start else { return }
    precondition(start % Engine.chunkSize == 0, "batches must end on a chunk boundary")
    let chunkCount = (total - start + Engine.chunkSize - 1) / Engine.chunkSize
    let plan = self.plan
    let layout = self.layout
    let recorder = self.recorder
    let sobol = self.sobol

    struct Shared {
      var nextChunk = 0
      var nextToMerge = 0
      var pending: [Int: [Moments]] = [:]
      var tree: MomentTree
      var tallies: [WorkerTallies] = []
      var clampCounts: [[[Int]]] = []
      var error: (any Error)?
      /// The lowest failing path: the same error for any thread count.
      var errorPath = Int.max
      var done = 0
    }
    let shared = Locked(Shared(tree: result.momentTree))
    let workers = Swift.min(threads, chunkCount)

    DispatchQueue.concurrentPerform(iterations: workers) { _ in
      // A worker (its generator, sketches and buffers: megabytes) is made only once
      // it has a chunk to run. Dispatch runs at most as many iterations at once as
      // the machine has cores, so with `--threads` above that the later iterations
      // start when every chunk is taken and make nothing: the memory of a run grows
      // with the cores that work, not with the number asked for.
      var made: PathWorker?
      while true {
        let c: Int = shared.withLock { s in
          if s.error != nil || s.nextChunk >= chunkCount { return -1 }
          defer { s.nextChunk += 1 }
          return s.nextChunk
        }
        if c < 0 { break }
        let worker: PathWorker
        if let made {
          worker = made
        } else {
          do { worker = try PathWorker(plan: plan, layout: layout, recorder: recorder, sobol: sobol) } catch {
            shared.withLock {
              $0.error = error
              $0.errorPath = -1
            }
            return
          }
          made = worker
        }
        let first = start + c * Engine.chunkSize
        let last = Swift.min(total, first + Engine.chunkSize)
        worker.beginChunk()
        do throws(EngineError) {
          for p in first..<last { try worker.run(path: p) }
        } catch {
          shared.withLock { s in
            // Keep the failure of the lowest path: which error is reported does not
            // depend on how chunks were shared out.
            if s.errorPath > -1, error.path < s.errorPath {
              s.error = error
              s.errorPath = error.path
            }
          }
          break
        }
        let chunkMoments = worker.endChunk()
        let done: Int = shared.withLock { s in
          s.pending[c] = chunkMoments
          // Merge every chunk that is now next in order.
          while let m = s.pending.removeValue(forKey: s.nextToMerge) {
            s.tree.push(chunk: start / Engine.chunkSize + s.nextToMerge, m)
            s.nextToMerge += 1
          }
          s.done += last - first
          return s.done
        }
        progress?(start + done)
      }
      guard let worker = made else { return }
      worker.finishSketches()
      let tallies = worker.tallies
      let clampCounts = worker.clampCounts
      shared.withLock {
        $0.tallies.append(tallies)
        $0.clampCounts.append(clampCounts)
      }
    }

    // The tallies are taken out of `shared`, so that the merge below holds the only
    // reference to each worker's sketches and can take their buffers.
    var (tree, tallies, clampCounts, error) = shared.withLock { s in
      defer { s.tallies = [] }
      return (s.tree, s.tallies, s.clampCounts, s.error)
    }
    if let error { throw error }
    workersMade = tallies.count
    for c in clampCounts { result.addClampCounts(c) }
    result.momentTree = tree
    // Sketches add exactly, so the cells can be merged side by side: each thread
    // merges every worker's tally of its own slice of cells. An empty cell of the run
    // takes the first worker's buffer (`merge(taking:)`): no copy, and no second
    // set of buckets in memory.
    let cellCount = result.sketches.count
    let slices = Swift.max(1, Swift.min(threads, cellCount / 256))
    result.sketches.withUnsafeMutableBufferPointer { buffer in
      // Each thread touches only its own cells, of the run and of the tally.
      nonisolated(unsafe) let sketches = buffer.baseAddress!
      for t in tallies.indices {
        tallies[t].sketches.withUnsafeMutableBufferPointer { taken in
          precondition(taken.count == cellCount, "a tally of \(taken.count) cells for \(cellCount)")
          nonisolated(unsafe) let from = taken.baseAddress!
          DispatchQueue.concurrentPerform(iterations: slices) { s in
            for i in (cellCount * s / slices)..<(cellCount * (s + 1) / slices) {
              checkIndex(i, cellCount)
              sketches[i].merge(taking: &from[i])
            }
          }
        }
      }
    }
    for t in tallies {
      for i in result.pairs.indices { result.pairs[i].merge(t.pairs[i]) }
    }
    result.paths = total - result.firstPath
    result.updateMoments()
  }

  /// Runs shard `shard` of the plan's paths (docs/scale-out.md): its chunks only, into
  /// a fresh result whose tree nodes, sketches and counts a merge joins with the others'.
  public func run(shard: ShardSpec, progress: (@Sendable (Int) -> Void)? = nil) throws {
    precondition(result.paths == 0 && result.firstPath == 0, "a shard runs into a fresh engine")
    let paths = shard.paths(of: plan.paths)
    result.firstPath = paths.lowerBound
    try advance(to: paths.upperBound, progress: progress)
  }
}

/// Runs single paths of a plan on the calling thread, for benchmarks and profiling:
/// the same worker the engine uses, without threads or merging. Its stages can also
/// be run one at a time (`simulate`, `accumulate`, `drainSketches`), which is how
/// docs/performance.md ("Stage by stage") times them.
public final class SinglePathRunner {
  let worker: PathWorker

  /// A runner of `plan`'s paths. With `keepsCellValues` (the default) the last
  /// path's cell values stay readable (`cell(_:)`); a timing run turns it off to
  /// store exactly what a run's worker stores.
  public init(plan: ScenarioPlan, keepsCellValues: Bool = true) throws(GSLError) {
    worker = try PathWorker(
      plan: plan, layout: CellLayout(plan: plan), recorder: nil, keepsLastValues: keepsCellValues)
  }

  /// Simulates path `path` of every model and stores it in the worker's chunk buffer
  /// (a chunk ends every `Engine.chunkSize` paths and its sketches fill, as in a run).
  ///
  /// - Throws: `EngineError` when the path cannot be simulated.
  public func run(path: Int) throws(EngineError) {
    try simulate(path: path)
    accumulate()
  }

  /// Path `path`'s draws and months, every model, with no statistics.
  ///
  /// - Throws: `EngineError` when the path cannot be simulated.
  public func simulate(path: Int) throws(EngineError) { try worker.simulate(path: path) }

  /// Adds the last simulated path to the statistics as a run does: its cells into
  /// the chunk buffer, ending the chunk (its moments) every `Engine.chunkSize` paths
  /// and adding the held paths to the sketches when the buffer is full.
  public func accumulate() {
    if worker.chunk.chunkPaths == Engine.chunkSize {
      _ = worker.endChunk()
      worker.beginChunk()
    }
    worker.accumulate()
  }

  /// Adds every path the chunk buffer holds to the sketches (a run does this every
  /// `ChunkBuffer.sketchBlockPaths` paths and at its end).
  public func drainSketches() { worker.finishSketches() }

  /// Paths a sketch block holds: a run drains the chunk buffer this often.
  public static var sketchBlockPaths: Int { ChunkBuffer.sketchBlockPaths }

  /// The NPV of EBITDA of model `model` on the last path run.
  public func npv(model: Int) -> Double { worker.sims[model].sim.summary[MetricLayout.summaryNPV] }

  /// Model `model`'s monthly values of `metric` (a `MetricLayout` index) on the last
  /// path run, months 1...T.
  public func monthly(model: Int, metric: Int) -> [Double] {
    let T = worker.plan.months
    return (0..<T).map { worker.sims[model].sim.out[metric * T + $0] }
  }

  /// Model `model`'s summary values (`MetricLayout.summaryNames` order) on the last path run.
  public func summary(model: Int) -> [Double] {
    (0..<worker.plan.models[model].layout.summaryCount).map { worker.sims[model].sim.summary[$0] }
  }

  /// The last path's value of accumulator cell `cell` (`CellLayout`), as the run adds it
  /// (a runner made with `keepsCellValues`).
  public func cell(_ cell: Int) -> Double { worker.chunk.lastValue(cell: cell) }

  /// The cell layout the values are stored by.
  public var layout: CellLayout { worker.layout }
}

/// Runs single paths of a plan on the calling thread, for benchmarks and profiling:
/// the same worker the engine uses, without chunks, threads or merging.
public final class SinglePathRunner {
  let worker: PathWorker

  public init(plan: ScenarioPlan) throws(GSLError) {
    worker = try PathWorker(plan: plan, layout: CellLayout(plan: plan), recorder: nil)
  }

  /// Simulates path `path` of every model and stores it in the worker's chunk buffer
  /// (the chunk restarts every `Engine.chunkSize` paths, as in a run).
  ///
  /// - Throws: `EngineError` when the path cannot be simulated.
  public func run(path: Int) throws(EngineError) {
    if worker.chunk.count == worker.chunk.capacity { worker.chunk.count = 0 }
    try worker.run(path: path)
  }

  /// The NPV of EBITDA of model `model` on the last path run.
  public func npv(model: Int) -> Double { worker.sims[model].sim.summary[MetricLayout.summaryNPV] }
}

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

  /// The last path's value of accumulator cell `cell` (`CellLayout`), as the run adds it.
  public func cell(_ cell: Int) -> Double { worker.chunk.value(cell: cell, slot: worker.chunk.count - 1) }

  /// The cell layout the values are stored by.
  public var layout: CellLayout { worker.layout }
}

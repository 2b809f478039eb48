/// When a run stops (docs/reading-results.md, "Enough paths?"): after a fixed number of paths,
/// or when every model's mean NPV is known to a target relative standard error.
public enum StoppingRule: Sendable, Equatable {
  /// Exactly this many paths.
  case paths(Int)
  /// Batches of 1,024, 2,048, 4,096, ... paths (chunk-aligned) until every model's
  /// mean NPV has se / |mean| <= `relativeStandardError`, or `maxPaths`. The same
  /// seed and rule give the same batches, the same stopping point, the same result.
  case precision(relativeStandardError: Double, maxPaths: Int)

  /// The most paths the rule can run (what a path recorder must hold).
  public var maximumPaths: Int {
    switch self {
    case .paths(let n): return n
    case .precision(_, let maxPaths): return maxPaths
    }
  }
}

/// How a run stopped (run.json's `convergence`, docs/outputs.md).
public enum StoppingOutcome: Sendable, Equatable {
  /// Ran the fixed number of paths.
  case fixedPaths
  /// `--precision`: the target, the limit, and whether every model reached it.
  case precision(target: Double, maxPaths: Int, converged: Bool)
}

extension Engine {
  /// Runs paths until `rule` is met.
  ///
  /// - Parameter progress: called with (paths done, paths in this batch's target),
  ///   from a worker thread.
  /// - Throws: `GSLError` if a generator cannot be created; `EngineError` when a
  ///   path cannot be simulated.
  public func run(until rule: StoppingRule, progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> StoppingOutcome {
    switch rule {
    case .paths(let total):
      try advance(to: total) { done in progress?(done, total) }
      return .fixedPaths
    case .precision(let target, let maxPaths):
      var batch = Swift.min(maxPaths, 1024)
      while true {
        let total = batch
        try advance(to: total) { done in progress?(done, total) }
        let converged = plan.models.indices.allSatisfy { result.relativeStandardErrorNPV(model: $0) <= target }
        if converged || batch >= maxPaths {
          return .precision(target: target, maxPaths: maxPaths, converged: converged)
        }
        batch = Swift.min(maxPaths, batch * 2)
      }
    }
  }
}

/// Engine failures that are the scenario's doing, reported like a bad scenario
/// (exit 2, nothing written), naming the file and the keys that drive them.
extension Engine {
  /// `advance(to:progress:)`, with an `EngineError` turned into a `ScenarioError` about `scenario`.
  public func advance(to total: Int, scenario: Scenario, progress: (@Sendable (Int) -> Void)? = nil) throws {
    do {
      try advance(to: total, progress: progress)
    } catch let e as EngineError {
      throw ScenarioError([ScenarioIssue(file: scenario.sourcePath, line: 1, column: 1, keyPath: e.keyPath,
                                         message: e.description)])
    }
  }
}

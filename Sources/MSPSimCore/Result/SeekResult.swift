/// One run of a goal seek: the key's value and what the target figure came to.
public struct SeekEvaluation: Sendable, Equatable {
  public let keyValue: Double
  /// The figure's value; nil when it is an empty cell in this run.
  public let value: Double?
  /// Its standard error over the run's paths; nil with `value`.
  public let standardError: Double?

  public init(keyValue: Double, value: Double?, standardError: Double?) {
    self.keyValue = keyValue
    self.value = value
    self.standardError = standardError
  }
}

/// How a goal seek ended (docs/outputs.md, "Seek").
public enum SeekOutcome: Sendable, Equatable {
  /// Found: evaluation `evaluation` is the answer, for the reason given.
  case found(evaluation: Int, SeekStop)
  /// Both ends of the bracket give the figure on the same side of the target,
  /// neither within one standard error of it.
  case notReached
  /// The cap on evaluations came before either stop; `best` is the evaluation
  /// closest to the target of the last bracket.
  case evaluationLimit(best: Int)
  /// The figure is an empty cell at evaluation `evaluation`: the search cannot go on.
  case undefined(evaluation: Int)
}

/// Why a found value was accepted.
public enum SeekStop: Sendable, Equatable {
  /// The figure is within one of its standard errors of the target.
  case withinStandardError
  /// The bracket around the crossing is narrower than the tolerance; the answer
  /// is the end of it closer to the target.
  case bracketWithinTolerance
}

/// What `mspsim seek` found: every evaluation in order and how it ended. The
/// writers (`SeekTable`) read nothing else.
public struct SeekResult: Sendable {
  /// The varied key path.
  public let key: String
  /// What the file gives at the key instead of a number, replaced by each value
  /// tried ("a triangular distribution"); nil when it gives a number.
  public var replaces: String? = nil
  /// The target's NAME and value.
  public let targetName: String
  public let targetValue: Double
  /// The bracket searched, [LO, HI].
  public let bracket: ClosedRange<Double>
  public let tolerance: Double
  /// In evaluation order: LO first, HI second, then the search's points.
  public let evaluations: [SeekEvaluation]
  public let outcome: SeekOutcome
  /// Paths of each evaluation, and the seed they all share.
  public let paths: Int
  public let seed: UInt64
  public let wallSeconds: Double

  public init(
    key: String, targetName: String, targetValue: Double, bracket: ClosedRange<Double>, tolerance: Double,
    evaluations: [SeekEvaluation], outcome: SeekOutcome, paths: Int, seed: UInt64, wallSeconds: Double
  ) {
    self.key = key
    self.targetName = targetName
    self.targetValue = targetValue
    self.bracket = bracket
    self.tolerance = tolerance
    self.evaluations = evaluations
    self.outcome = outcome
    self.paths = paths
    self.seed = seed
    self.wallSeconds = wallSeconds
  }

  /// The index of the evaluation found, nil when the target was not found.
  public var foundIndex: Int? {
    if case .found(let i, _) = outcome { return i }
    return nil
  }
}

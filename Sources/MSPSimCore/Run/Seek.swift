import Foundation

/// What `mspsim seek` is asked, checked against the scenario before anything runs:
/// the key to vary, the target, the bracket, the tolerance and the cap on evaluations.
public struct SeekRequest: Sendable {
  public let key: NumberKey
  public let target: ResultTarget
  /// [LO, HI], LO < HI, both values the key allows.
  public let bracket: ClosedRange<Double>
  /// The bracket width at which the search stops (default (HI - LO) / 1000; at
  /// least 1 for a whole-number key).
  public let tolerance: Double
  public let maxEvaluations: Int

  /// Reads the command line's words: `--vary KEY`, `--target NAME=VALUE`,
  /// `--between LO,HI` (nil: the key's allowed range, when it is a closed interval
  /// with finite ends), `--tolerance T` (nil: (HI - LO) / 1000) and
  /// `--max-evaluations N` (nil: `Seek.defaultMaxEvaluations`).
  ///
  /// - Throws: `ScenarioError` with every problem found (exit 2), each at
  ///   `command line:1:1` and naming its flag.
  public init(
    scenario: Scenario, vary: String, target: String, between: String?, tolerance: Double?,
    maxEvaluations: Int? = nil
  ) throws(ScenarioError) {
    var issues: [ScenarioIssue] = []
    func report(_ flag: String, _ message: String) {
      issues.append(ScenarioIssue(file: "command line", line: 1, column: 1, keyPath: flag, message: message))
    }
    var key: NumberKey?
    do { key = try scenario.numberKey(vary, flag: "--vary") } catch { issues += error.issues }
    var resolved: ResultTarget?
    do { resolved = try ResultTarget(parsing: target, plan: ScenarioPlan(scenario)) } catch { issues += error.issues }
    // A probability or share aimed at outside 0...1 is never reached: most often a
    // percent (90 for 0.9), refused before any run.
    if let resolved, resolved.isShare, !(0...1).contains(resolved.value) {
      let hint =
        resolved.value > 1 && resolved.value <= 100
        ? "; \(plain(resolved.value)) % is \(plain(resolved.value / 100))" : ""
      report(
        "--target",
        "\(resolved.name) = \(plain(resolved.value)) can never be reached: it is a probability or share, "
          + "in 0...1\(hint)")
    }

    var bracket: ClosedRange<Double>?
    if let between {
      let parts = between.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      let numbers = parts.compactMap { YAMLReader.parseNumber($0) }.filter(\.isFinite)
      if parts.count != 2 || numbers.count != 2 {
        report("--between", "'\(between)' is not LO,HI (two finite numbers, e.g. 0.001,0.05)")
      } else if !(numbers[0] < numbers[1]) {
        report("--between", "'\(between)': LO must be below HI")
      } else {
        bracket = numbers[0]...numbers[1]
      }
    } else if let key {
      if let range = key.allowedRange {
        bracket = range
      } else {
        report(
          "--between",
          "give --between LO,HI for \(vary): its allowed values have no finite closed range to search by default")
      }
    }
    // Each end is set as `sweep --set` sets a value, with the loader's checks,
    // including every key a market entry feeds.
    if let key, let b = bracket {
      for end in [b.lowerBound, b.upperBound] {
        do { _ = try scenario.applying([.value(keyPath: key.keyPath, end)]) } catch {
          for issue in error.issues { report("--between", "\(key.keyPath): \(issue.message)") }
        }
      }
    }
    if let tolerance, !(tolerance > 0 && tolerance.isFinite) {
      report("--tolerance", "\(plain(tolerance)) is not a tolerance (allowed: a width of the key > 0)")
    } else if let tolerance, let b = bracket, tolerance >= b.upperBound - b.lowerBound {
      // The search would stop before its first step and call an end of the bracket
      // the answer.
      let width = b.upperBound - b.lowerBound
      report(
        "--tolerance",
        "\(plain(tolerance)) is not below the width of the bracket [\(plain(b.lowerBound)), \(plain(b.upperBound))], "
          + "\(plain(width)) (default: \(plain(width * Seek.defaultToleranceFraction)))")
    }
    if let maxEvaluations, !Seek.evaluationRange.contains(maxEvaluations) {
      report(
        "--max-evaluations",
        "\(maxEvaluations) is not allowed (allowed: a whole number in \(Seek.evaluationRange.lowerBound)...\(Seek.evaluationRange.upperBound))"
      )
    }
    guard issues.isEmpty, let key, let resolved, let bracket else { throw ScenarioError(issues) }
    self.key = key
    self.target = resolved
    self.bracket = bracket
    // A whole-number key cannot narrow the bracket below 1: its tolerance is at least 1.
    let t = tolerance ?? (bracket.upperBound - bracket.lowerBound) * Seek.defaultToleranceFraction
    self.tolerance = key.isWhole ? Swift.max(1, t) : t
    self.maxEvaluations = maxEvaluations ?? Seek.defaultMaxEvaluations
  }
}

/// Goal seek (`mspsim seek`): the value of one number key at which a figure of
/// summary.csv or compare.csv reaches a target. Each evaluation is a full run
/// through `Pipeline` with the key set to one value and the scenario's seed, so
/// every path starts from the same random streams at every value (common random
/// numbers, as in `Sweep`): the figure is one deterministic function of the key, and
/// the root finder (`Seek.find`) does not chase fresh noise between points.
public enum Seek {
  /// Evaluations before the search gives up: the two ends and 38 more, three times
  /// what bisection needs for the default tolerance.
  public static let defaultMaxEvaluations = 40
  /// `--max-evaluations` allows 3 (the ends and one point) to 1,000.
  public static let evaluationRange = 3...1000
  /// The default tolerance as a share of the bracket's width.
  public static let defaultToleranceFraction = 0.001

  /// Runs the search.
  ///
  /// - Parameter progress: (paths done, paths) of the evaluation running.
  /// - Throws: what `Pipeline.simulate` throws (an engine limit at some key value is
  ///   a `ScenarioError`), or a `ScenarioError` from setting the key (not expected:
  ///   the request checked both ends, and the values between are allowed too).
  public static func run(
    scenario base: Scenario, request q: SeekRequest, threads: Int,
    progress: (@Sendable (Int, Int) -> Void)? = nil
  ) throws -> SeekResult {
    let clock = ContinuousClock()
    let started = clock.now
    let (evaluations, outcome) = try find(
      bracket: q.bracket, target: q.target.value, tolerance: q.tolerance, isWhole: q.key.isWhole,
      maxEvaluations: q.maxEvaluations
    ) { x in
      let s = try base.applying([.value(keyPath: q.key.keyPath, x)])
      return q.target.evaluate(try Pipeline.simulate(s, threads: threads, progress: progress))
    }
    let elapsed = started.duration(to: clock.now)
    var result = SeekResult(
      key: q.key.keyPath, targetName: q.target.name, targetValue: q.target.value, bracket: q.bracket,
      tolerance: q.tolerance, evaluations: evaluations, outcome: outcome, paths: base.paths, seed: base.seed,
      wallSeconds: elapsed.inSeconds)
    result.replaces = q.key.replaces
    return result
  }
}

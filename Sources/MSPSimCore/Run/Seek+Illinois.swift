extension Seek {
  /// Finds where a monotone figure f(x) crosses `target` in `bracket`: the Illinois
  /// variant of regula falsi, a bracketing method that keeps the crossing between
  /// two evaluated ends.
  ///
  /// With g(x) = f(x) - target and ends a < b with g(a), g(b) of opposite signs, the
  /// next point is the secant's zero x = (a g(b) - b g(a)) / (g(b) - g(a)); x replaces
  /// the end whose g has its sign. Plain regula falsi can keep one end for ever on a
  /// curved f and shrink the bracket slowly; Illinois halves the kept end's g each
  /// time the same end is kept twice in a row, which restores superlinear
  /// convergence (order about 1.44). A point closer than half the tolerance to an
  /// end is moved to half the tolerance from it, so that a point next to the
  /// crossing closes the bracket with one more evaluation (and a point that rounding
  /// puts on an end is never evaluated twice). For a whole-number key each point is
  /// rounded and kept strictly inside the bracket, and the tolerance is at least 1.
  ///
  /// Stops, in this order of checks after each evaluation:
  /// - the figure is within one standard error of the target: found there
  ///   (`withinStandardError`; with a standard error of 0, only on the target);
  /// - both ends give the figure on one side of the target: `notReached`;
  /// - the bracket is no wider than the tolerance: found at the end closer to the
  ///   target (`bracketWithinTolerance`);
  /// - `maxEvaluations` evaluations were made: `evaluationLimit`;
  /// - the figure is an empty cell: `undefined`.
  ///
  /// Under common random numbers (every evaluation seeds each path's streams the
  /// same way) f is one deterministic function of x, without fresh noise between
  /// points, so the search is reproducible; a figure that is not monotone in x
  /// still gets one crossing in the bracket when its ends are on opposite sides.
  ///
  /// - Parameters:
  ///   - evaluate: the figure's value and standard error at x; nil for an empty cell.
  /// - Returns: every evaluation in order (the bracket's ends first) and the outcome.
  /// - Complexity: at most `maxEvaluations` calls of `evaluate`; bisection alone
  ///   would need 2 + ceil(log2(width / tolerance)), 12 for the default tolerance.
  public static func find(
    bracket: ClosedRange<Double>, target: Double, tolerance: Double, isWhole: Bool = false,
    maxEvaluations: Int = defaultMaxEvaluations,
    evaluate: (Double) throws -> (value: Double, standardError: Double)?
  ) rethrows -> (evaluations: [SeekEvaluation], outcome: SeekOutcome) {
    precondition(maxEvaluations >= 2 && tolerance > 0 && bracket.lowerBound < bracket.upperBound)
    let width = isWhole ? Swift.max(1, tolerance) : tolerance
    var evaluations: [SeekEvaluation] = []
    /// Evaluates x: g(x), or nil for an empty cell.
    func g(_ x: Double) throws -> Double? {
      let r = try evaluate(x)
      evaluations.append(SeekEvaluation(keyValue: x, value: r?.value, standardError: r?.standardError))
      return r.map { $0.value - target }
    }
    /// Whether evaluation i is within one standard error of the target.
    func within(_ i: Int) -> Bool {
      guard let v = evaluations[i].value, let se = evaluations[i].standardError else { return false }
      return abs(v - target) <= se
    }

    var a = bracket.lowerBound
    var b = bracket.upperBound
    guard let ga = try g(a) else { return (evaluations, .undefined(evaluation: 0)) }
    if within(0) { return (evaluations, .found(evaluation: 0, .withinStandardError)) }
    guard let gb = try g(b) else { return (evaluations, .undefined(evaluation: 1)) }
    if within(1) { return (evaluations, .found(evaluation: 1, .withinStandardError)) }
    if (ga < 0) == (gb < 0) { return (evaluations, .notReached) }

    // ia, ib: the evaluations at the ends; fa, fb: their g, halved by Illinois.
    var ia = 0
    var ib = 1
    var fa = ga
    var fb = gb
    var kept = 0  // -1: a was kept by the last step, +1: b was, 0: none yet
    /// The end of the bracket closer to the target.
    func closer() -> Int {
      abs(evaluations[ia].value! - target) <= abs(evaluations[ib].value! - target) ? ia : ib
    }
    while true {
      if b - a <= width { return (evaluations, .found(evaluation: closer(), .bracketWithinTolerance)) }
      if evaluations.count >= maxEvaluations { return (evaluations, .evaluationLimit(best: closer())) }
      var x = (a * fb - b * fa) / (fb - fa)
      if !x.isFinite { x = a + (b - a) / 2 }
      if isWhole {
        // b - a > width >= 1 and both ends whole, so a + 1 <= b - 1.
        x = Swift.min(b - 1, Swift.max(a + 1, x.rounded()))
      } else {
        // b - a > width, so this interval is not empty.
        x = Swift.min(b - width / 2, Swift.max(a + width / 2, x))
      }
      guard let gx = try g(x) else { return (evaluations, .undefined(evaluation: evaluations.count - 1)) }
      let i = evaluations.count - 1
      if within(i) { return (evaluations, .found(evaluation: i, .withinStandardError)) }
      if (gx < 0) == (fb < 0) {
        b = x
        fb = gx
        ib = i
        if kept == -1 { fa /= 2 }
        kept = -1
      } else {
        a = x
        fa = gx
        ia = i
        if kept == 1 { fb /= 2 }
        kept = 1
      }
    }
  }
}

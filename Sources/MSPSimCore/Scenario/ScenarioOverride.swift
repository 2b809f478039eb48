/// A change to a loaded scenario from the command line: `run --paths/--seed/--years/--rng`
/// and each point of `sweep --set KEY=...`. Every change goes through
/// `Scenario.applying(_:)`, which re-runs the loader's checks on the result, so a
/// value the file could not hold cannot come in this way either.
public enum ScenarioOverride: Sendable, Equatable {
  case paths(Int)
  case seed(UInt64)
  case years(Int)
  case rng(String)
  /// A number for a key path: `discount_rate`, `market.NAME`, `valuation.KEY`, `cash.KEY`, `recessions.KEY` or
  /// `models.MODEL.SECTION.KEY`.
  case value(keyPath: String, Double)

  /// How the user wrote it, for messages (`--years`, `--set market.churn`).
  public var flag: String {
    switch self {
    case .paths: return "--paths"
    case .seed: return "--seed"
    case .years: return "--years"
    case .rng: return "--rng"
    case .value(let key, _): return "--set " + key
    }
  }
}

extension Scenario {
  /// The scenario with `overrides` applied in order, then checked as the loader
  /// checks a file: ranges of the top-level settings, and the domain of every model
  /// key against what now feeds it (a constant, a distribution's range, or the
  /// `market.NAME` entry it uses).
  ///
  /// - Throws: `ScenarioError` naming the command-line flag, the key and what is allowed.
  public func applying(_ overrides: [ScenarioOverride]) throws(ScenarioError) -> Scenario {
    var s = self
    var issues: [ScenarioIssue] = []

    func report(_ o: ScenarioOverride, _ message: String) {
      issues.append(ScenarioIssue(file: "command line", line: 1, column: 1, keyPath: o.flag, message: message))
    }
    for o in overrides {
      switch o {
      case .paths(let n):
        if (1...Scenario.maxPaths).contains(n) {
          s.paths = n
        } else {
          report(o, "\(n) is not a number of paths (allowed: a whole number in 1...\(Scenario.maxPaths))")
        }
      case .seed(let x): s.seed = x
      case .years(let y):
        if Scenario.horizonRange.contains(y) {
          // Before the horizon changes: the exit is compared with the file's.
          if let warning = s.moveExit(toHorizon: y, flag: o.flag) { s.warnings.append(warning) }
          s.horizonYears = y
        } else {
          report(
            o,
            "\(y) is not a horizon (allowed: whole years in \(Scenario.horizonRange.lowerBound)...\(Scenario.horizonRange.upperBound))"
          )
        }
      case .rng(let name):
        if GSLRandom.isKnownGenerator(name) {
          s.rng = name
        } else {
          var msg = "unknown GSL generator '\(name)'"
          if let g = Suggestion.closest(to: name, in: GSLRandom.generatorNames) { msg += "; did you mean '\(g)'?" }
          report(o, msg + " (`mspsim list` shows them)")
        }
      case .value(let key, let x):
        if let message = s.set(key, x) { report(o, message) }
      }
    }
    if issues.isEmpty {
      // Every use of every market entry, checked again: an override of `market.NAME`
      // must suit every key that uses it.
      for o in overrides {
        guard case .value(let key, _) = o, key.hasPrefix("market.") else { continue }
        for problem in s.marketUseProblems(name: String(key.dropFirst("market.".count))) { report(o, problem) }
      }
      // The checks across keys of the valuation (an exit after the horizon, min above max).
      for block in DecisionBlock.allCases {
        if let problem = s.decisionProblem(block), let o = overrides.last {
          report(o, "\(problem.key.keyPath): \(problem.message)")
        }
      }
    }
    if !issues.isEmpty { throw ScenarioError(issues) }
    return s
  }

  /// A horizon of `years` shorter than the file's exit (docs/scenario-format.md,
  /// "Valuation and cash"): a constant exit year after it moves to its end, and a
  /// distribution or market entry reaching past it has its later draws moved there, as
  /// the engine does with every exit draw (docs/model.md, "Exit value"). Called before
  /// `horizonYears` changes. The value and P(worth more at exit) are then taken earlier
  /// than the file says, which the run's output alone would not show: the warning says
  /// so, unless the file's exit was its last year (the exit "at the end", which moves
  /// with the end). Nil, and nothing changed, without `valuation:`, when the file gave
  /// no `exit_year` (it is the horizon, whatever the horizon) or when the exit is
  /// within the new horizon.
  mutating func moveExit(toHorizon years: Int, flag: String) -> ScenarioIssue? {
    let key = DecisionKey.exitYear
    guard has(.valuation), decisionGiven.contains(key.rawValue) else { return nil }
    let horizon = "the horizon of \(years) year\(years == 1 ? "" : "s")"
    let message: String
    switch decision[key.rawValue] {
    case .constant(let e):
      guard e > Double(years) else { return nil }
      decision[key.rawValue] = .constant(Double(years))
      guard e != Double(horizonYears) else { return nil }
      message =
        "\(key.keyPath) \(plain(e)) is after \(horizon): the exit moves to the end of year "
        + "\(years), where the value and P(worth more at exit) are taken"
    case let spec:
      // Whole-number keys round their draws: a range reaching 5.3 draws years up to 5.
      guard let hi = spec.bounds?.upperBound ?? marketBounds(of: spec)?.upperBound, hi.rounded() > Double(years)
      else { return nil }
      exitDrawsCutAtHorizon = true
      message =
        "\(key.keyPath) draws years up to \(plain(hi.rounded())), after \(horizon): a draw after "
        + "year \(years) moves the exit to the end of year \(years) (the run counts them among its clamped draws)"
    }
    return ScenarioIssue(file: "command line", line: 1, column: 1, keyPath: flag, message: "warning: " + message)
  }

  /// The support of the `market.NAME` entry `spec` refers to, when it is bounded.
  private func marketBounds(of spec: ParameterSpec) -> ClosedRange<Double>? {
    guard case .market(let i) = spec, market.indices.contains(i) else { return nil }
    return ParameterSpec.distribution(market[i].distribution).bounds
  }

  /// Sets `keyPath` to the constant `x`; nil when done, else what is wrong.
  private mutating func set(_ keyPath: String, _ x: Double) -> String? {
    guard x.isFinite else { return "\(plain(x)) is not a finite number" }
    switch resolve(keyPath) {
    case .failure(let problem): return problem.message
    case .success(.discountRate):
      guard x > -1, x <= 10 else {
        return "\(plain(x)) is not a discount rate (allowed: an annual rate > -1 and <= 10)"
      }
      discountRate = x
    case .success(.market(let i)):
      market[i].distribution = .constant(x)
    case .success(.parameter(let mi, let id)):
      guard id.domain.contains(x) else { return "\(plain(x)) is not allowed (allowed: \(id.domain.allowed))" }
      if id == .acquisitionVCIOOnlyRate, !models[mi].hasMSP2Streams {
        return "model '\(models[mi].name)' has no 2.0 stream: vCIO-only clients buy only 2.0 services"
      }
      models[mi].parameters[id.rawValue] = .constant(x)
      models[mi].given.insert(id.rawValue)
      // A key that follows this one (churn.annual_adopted, win_rate_adopted, a project
      // stream's delivery share) takes the new value unless the file gave it.
      for follower in ParameterID.allCases where follower.follows == id {
        if !models[mi].given.contains(follower.rawValue) { models[mi].parameters[follower.rawValue] = .constant(x) }
      }
    case .success(.event(let mi, let e)):
      guard e.domain.contains(x) else { return "\(plain(x)) is not allowed (allowed: \(e.domain.allowed))" }
      models[mi].events[e.rawValue] = .constant(x)
    case .success(.decision(let key)):
      guard key.domain.contains(x) else { return "\(plain(x)) is not allowed (allowed: \(key.domain.allowed))" }
      decision[key.rawValue] = .constant(x)
      decisionGiven.insert(key.rawValue)
      // An exit year set here is checked against the horizon like the file's.
      if key == .exitYear { exitDrawsCutAtHorizon = false }
    }
    return nil
  }

  /// What is wrong with market entry `name` at each model key that uses it.
  func marketUseProblems(name: String) -> [String] {
    guard let i = market.firstIndex(where: { $0.name == name }) else { return [] }
    var problems: [String] = []
    for m in models {
      func check(_ spec: ParameterSpec?, _ keyPath: String, _ domain: ParameterDomain) {
        guard case .market(let j)? = spec, j == i,
          let problem = MarketUse.problem(market[i].distribution, domain: domain)
        else { return }
        problems.append("\(problem) (used by models.\(m.name).\(keyPath))")
      }
      // A key that follows another holds its source's source when the file did not give it.
      for id in ParameterID.allCases where m.isOwn(id) {
        check(m.parameters[id.rawValue], id.keyPath, id.domain)
      }
      for e in EventID.allCases { check(m.events[e.rawValue], e.keyPath, e.domain) }
      for (k, program) in m.programs.enumerated() {
        check(program.commission, MarketplaceProgram.path(k) + ".commission", EventID.marketCommission.domain)
      }
    }
    for key in DecisionKey.allCases where has(key.block) {
      guard case .market(let j) = decision[key.rawValue], j == i,
        let problem = MarketUse.problem(market[i].distribution, domain: key.domain)
      else { continue }
      problems.append("\(problem) (used by \(key.keyPath))")
    }
    return problems
  }
}

/// The one rule for a `market.NAME` entry used by a key (docs/scenario-format.md,
/// "market"): a constant must lie in the key's domain, a bounded distribution's
/// range must too; an unbounded distribution is accepted and its draws clamped.
enum MarketUse {
  /// nil when the entry's `distribution` may feed a key of `domain`, else what is wrong.
  static func problem(_ distribution: Distribution, domain: ParameterDomain) -> String? {
    switch distribution {
    case .constant(let x) where !domain.contains(x):
      return "\(plain(x)) is outside what the key allows (\(domain.allowed))"
    case let d where !domain.accepts(support: d.support):
      return
        "\(d.kindName) draws range over [\(plain(d.support.lowerBound)), \(plain(d.support.upperBound))], outside what the key allows (\(domain.allowed))"
    default: return nil
    }
  }
}

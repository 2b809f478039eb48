/// A key that a number on the command line can set (`sweep --set KEY=...`,
/// `seek --vary KEY`), resolved against a scenario: `discount_rate`, `market.NAME`,
/// `valuation.KEY`, `cash.KEY`, `recessions.KEY` or `models.MODEL.SECTION.KEY`. `Scenario.applying(_:)` and `Scenario.numberKey(_:flag:)`
/// both read key paths through `Scenario.resolve(_:)`, the one place that parses them.
enum ScenarioKey: Sendable, Equatable {
  case discountRate
  /// Index into `Scenario.market`.
  case market(index: Int)
  /// A per-path parameter of model `model` (index into `Scenario.models`).
  case parameter(model: Int, ParameterID)
  /// A per-event quantity of model `model`.
  case event(model: Int, EventID)
  /// A key of the `valuation:` or `cash:` block (the block is in the scenario).
  case decision(DecisionKey)
}

extension Scenario {
  /// The key `keyPath` names, or what is wrong with it (an unknown model, market
  /// entry or key, with "did you mean"; a key of a stream or section the model lacks).
  func resolve(_ keyPath: String) -> Result<ScenarioKey, KeyPathProblem> {
    if keyPath == "discount_rate" { return .success(.discountRate) }
    let parts = keyPath.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    if parts.first == "market", parts.count == 2 {
      guard let i = market.firstIndex(where: { $0.name == parts[1] }) else {
        var msg = "no market entry '\(parts[1])'"
        if let g = Suggestion.closest(to: parts[1], in: market.map(\.name)) { msg += "; did you mean 'market.\(g)'?" }
        return .failure(
          KeyPathProblem(
            msg + " (defined: \(market.isEmpty ? "none" : market.map { "market." + $0.name }.joined(separator: ", ")))"
          ))
      }
      return .success(.market(index: i))
    }
    if let block = DecisionBlock(rawValue: parts.first ?? ""), parts.count >= 2 {
      guard has(block) else { return .failure(KeyPathProblem("the scenario has no \(block.rawValue): block")) }
      let keys = DecisionKey.keys(of: block)
      // `recessions.effects.churn`: the key inside the block may hold a dot.
      let inner = parts[1...].joined(separator: ".")
      guard let key = keys.first(where: { $0.key == inner }) else {
        var msg = "unknown key '\(inner)'"
        if let g = Suggestion.closest(to: inner, in: keys.map(\.key)) { msg += "; did you mean '\(g)'?" }
        return .failure(KeyPathProblem(msg + " (allowed: \(keys.map(\.keyPath).joined(separator: ", ")))"))
      }
      return .success(.decision(key))
    }
    guard parts.first == "models", parts.count >= 4 else {
      return .failure(
        KeyPathProblem(
          "cannot set '\(keyPath)' (allowed: discount_rate, market.NAME, valuation.KEY, cash.KEY, recessions.KEY, models.MODEL.SECTION.KEY)"
        ))
    }
    guard let mi = models.firstIndex(where: { $0.name == parts[1] }) else {
      return .failure(KeyPathProblem("no model '\(parts[1])' (models: \(models.map(\.name).joined(separator: ", ")))"))
    }
    let inner = parts[2...].joined(separator: ".")
    let model = models[mi]
    if let id = ParameterID.allCases.first(where: { $0.keyPath == inner }) {
      if let k = id.stream, !model.has(k) {
        return .failure(KeyPathProblem("model '\(model.name)' has no \(k.rawValue) stream"))
      }
      if id.section == .funnel, !model.hasFunnel {
        return .failure(KeyPathProblem("model '\(model.name)' has no \(ModelSection.funnel.path) section"))
      }
      if id == .adoptionMonthly, model.hasFunnel {
        return .failure(
          KeyPathProblem(
            "model '\(model.name)' adopts through \(ModelSection.funnel.path), which replaces adoption.monthly (vary a funnel key, e.g. \(ParameterID.funnelAssessmentsPerMonth.keyPath))"
          ))
      }
      return .success(.parameter(model: mi, id))
    }
    if let e = EventID.allCases.first(where: { $0.keyPath == inner }) {
      guard model.eventSpec(e) != nil else {
        return .failure(KeyPathProblem("model '\(model.name)' has no \(e.section.path) section"))
      }
      if e == .funnelQuickWinValue, !model.has(.frameworkProjects) {
        return .failure(KeyPathProblem("model '\(model.name)' has no framework_projects stream: a quick win is one"))
      }
      return .success(.event(model: mi, e))
    }
    let known = ParameterID.allCases.map(\.keyPath) + EventID.allCases.map(\.keyPath)
    var msg = "unknown key '\(inner)'"
    if let g = Suggestion.closest(to: inner, in: known) { msg += "; did you mean '\(g)'?" }
    return .failure(KeyPathProblem(msg + " (allowed: models.\(model.name).<section.key>, see docs/scenario-format.md)"))
  }
}

/// What is wrong with a key path, in the words of an error message.
struct KeyPathProblem: Error, Sendable {
  let message: String
  init(_ message: String) { self.message = message }
}

/// A key of a scenario that holds a number, checked for `mspsim seek --vary`: the
/// number it holds now, and the values it may be set to.
public struct NumberKey: Sendable, Equatable {
  /// As given: `discount_rate`, `market.NAME` or `models.MODEL.SECTION.KEY`.
  public let keyPath: String
  /// The number the scenario gives it; nil when it gives a distribution, which
  /// each evaluation replaces with the number tried (as `sweep --set` does).
  public let value: Double?
  /// What the file gives instead of a number ("a triangular distribution"), told to
  /// the user; nil for a number.
  public let replaces: String?
  /// Only whole numbers are allowed (`clients.initial`, `adoption.start_month`, ...).
  public let isWhole: Bool
  /// Every value the key allows, when that is a closed interval with finite ends
  /// (a probability: 0...1); nil when an end is open or infinite.
  public let allowedRange: ClosedRange<Double>?
}

extension Scenario {
  /// The number key `keyPath` holds, for `seek --vary`.
  ///
  /// A key must exist, be read by its model, and take a number. A key holding a
  /// distribution is varied as a number: each evaluation fixes it at the value
  /// tried ("what monthly adoption rate do I need?" asks exactly that), and the
  /// result says which distribution it replaced. A key referring to a `market.NAME`
  /// entry is refused (fixing it for one model would break the shared draw: vary
  /// the entry itself), unless the file does not give the key and it follows
  /// another that refers to one (`churn.annual_adopted` following `churn.annual:
  /// market.churn`): setting it leaves the shared draw where it is. A `market.NAME` entry may be varied when at least one key
  /// uses it; its allowed values are those every key using it allows.
  ///
  /// - Parameter flag: how the command line names the key in messages (`--vary`).
  /// - Throws: `ScenarioError` with one issue at `command line:1:1`, key path `FLAG KEY`.
  public func numberKey(_ keyPath: String, flag: String) throws(ScenarioError) -> NumberKey {
    func refuse(_ message: String) -> ScenarioError {
      ScenarioError([
        ScenarioIssue(file: "command line", line: 1, column: 1, keyPath: flag + " " + keyPath, message: message)
      ])
    }
    let key: ScenarioKey
    switch resolve(keyPath) {
    case .success(let k): key = k
    case .failure(let problem): throw refuse(problem.message)
    }
    /// The number a parameter or event holds (nil with what it replaces for a
    /// distribution), or why it cannot be varied.
    ///
    /// `following`: the key the file does not give, which takes `spec` from this
    /// source (ParameterID.follows). Setting it gives it a value of its own and
    /// leaves the source, and any market entry the source uses, as they are.
    func number(_ spec: ParameterSpec, following source: ParameterID? = nil) throws(ScenarioError) -> (
      value: Double?, replaces: String?
    ) {
      switch spec {
      case .constant(let x), .distribution(.constant(let x)): return (x, nil)
      case .distribution(let d): return (nil, "a \(d.kindName) distribution")
      case .market(let i) where source != nil:
        return (nil, "no value of its own (it follows \(source!.keyPath), market.\(market[i].name))")
      case .market(let i):
        let entry = market[i]
        let what = entry.distribution.isConstant ? "" : ", a \(entry.distribution.kindName) distribution"
        throw refuse(
          "refers to market.\(entry.name)\(what); fixing it for one model would break the shared draw: vary market.\(entry.name) itself"
        )
      }
    }
    switch key {
    case .discountRate:
      return NumberKey(keyPath: keyPath, value: discountRate, replaces: nil, isWhole: false, allowedRange: nil)
    case .decision(let k):
      let x = try number(decisionSpec(k))
      var range = k.domain.closedRange
      // The exit cannot come after the horizon.
      if k == .exitYear { range = 1...Double(horizonYears) }
      return NumberKey(
        keyPath: keyPath, value: x.value, replaces: x.replaces, isWhole: k.domain.isWhole, allowedRange: range)
    case .parameter(let mi, let id):
      let model = models[mi]
      guard model.uses(id) else {
        let why = id.section == .adoption ? "has no 2.0 stream, so it never reads" : "never reads"
        throw refuse("model '\(model.name)' \(why) \(id.section.path) keys: varying it changes nothing")
      }
      let x = try number(model[id], following: model.isOwn(id) ? nil : id.follows)
      return NumberKey(
        keyPath: keyPath, value: x.value, replaces: x.replaces, isWhole: id.domain.isWhole,
        allowedRange: id.domain.closedRange)
    case .event(let mi, let e):
      // resolve() has checked that the model has the event's section.
      let x = try number(models[mi].eventSpec(e) ?? .constant(0))
      return NumberKey(
        keyPath: keyPath, value: x.value, replaces: x.replaces, isWhole: e.domain.isWhole,
        allowedRange: e.domain.closedRange)
    case .market(let i):
      let entry = market[i]
      let x = try number(.distribution(entry.distribution))
      let domains = marketUses(index: i)
      guard !domains.isEmpty else { throw refuse("no model key uses market.\(entry.name): varying it changes nothing") }
      // The values every use allows: closed only when each use's are.
      var range: ClosedRange<Double>? = domains[0].closedRange
      for d in domains.dropFirst() {
        guard let r = range, let s = d.closedRange, r.overlaps(s) else {
          range = nil
          break
        }
        range = Swift.max(r.lowerBound, s.lowerBound)...Swift.min(r.upperBound, s.upperBound)
      }
      return NumberKey(
        keyPath: keyPath, value: x.value, replaces: x.replaces, isWhole: domains.contains(where: \.isWhole),
        allowedRange: range)
    }
  }

  /// The domains of the model keys that read market entry `index` (a key a model
  /// does not read is not counted; nor is a key following another, e.g. `churn.annual_adopted`).
  func marketUses(index i: Int) -> [ParameterDomain] {
    var domains: [ParameterDomain] = []
    for m in models {
      for id in ParameterID.allCases where m.uses(id) && m.isOwn(id) {
        if case .market(let j) = m[id], j == i { domains.append(id.domain) }
      }
      for e in EventID.allCases {
        if case .market(let j)? = m.events[e.rawValue], j == i { domains.append(e.domain) }
      }
      for program in m.programs {
        if case .market(let j) = program.commission, j == i { domains.append(EventID.marketCommission.domain) }
      }
    }
    for key in DecisionKey.allCases where has(key.block) {
      if case .market(let j) = decision[key.rawValue], j == i { domains.append(key.domain) }
    }
    return domains
  }
}

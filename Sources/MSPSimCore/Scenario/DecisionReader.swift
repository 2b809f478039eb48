import Yams

/// Reads the top-level `valuation:` and `cash:` blocks with the key table of
/// `DecisionKey` (docs/scenario-format.md, "valuation and cash").
enum DecisionReader {
  /// Reads `block` into `scenario` (its keys' specs and which were given).
  static func read(
    _ block: DecisionBlock, node: Node, into s: inout Scenario, reader r: inout YAMLReader, marketNames: [String]
  ) {
    let path = block.rawValue
    let keys = DecisionKey.keys(of: block)
    // An empty block (`cash:` with nothing under it) takes every default.
    let isEmpty: Bool
    if case .scalar(let scalar) = node, scalar.style == .plain, ["", "~", "null"].contains(scalar.string) {
      isEmpty = true
    } else {
      isEmpty = false
    }
    guard
      let pairs = isEmpty
        ? []
        : r.mapping(node, path, expected: "a mapping of \(path) keys (\(keys.map(\.key).joined(separator: ", ")))")
    else { return }
    // The recession effects are one nested mapping, `effects`.
    let effects = "effects"
    let topKeys = keys.map { $0.key.hasPrefix(DecisionKey.effectsPrefix) ? effects : $0.key }
    r.rejectUnknown(pairs, allowed: topKeys.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }, path)
    var entries: [String: Node] = [:]
    for p in pairs { entries[p.key] = p.value }
    if block == .recessions, let n = entries.removeValue(forKey: effects),
      let nested = r.mapping(n, path + "." + effects, expected: "a mapping of effects to multipliers (1: no effect)")
    {
      let names = DecisionKey.recessionEffects.map { String($0.key.dropFirst(DecisionKey.effectsPrefix.count)) }
      r.rejectUnknown(nested, allowed: names, path + "." + effects)
      for p in nested { entries[DecisionKey.effectsPrefix + p.key] = p.value }
    }
    s.decisionBlocks.append(block)
    for key in keys {
      if let n = entries[key.key] {
        if let spec = ModelReader.parameter(
          n, key.keyPath, domain: key.domain, reader: &r, market: s.market, marketNames: marketNames)
        {
          s.decision[key.rawValue] = spec
          s.decisionGiven.insert(key.rawValue)
        }
      } else if key.isRequired {
        r.log.report(YAMLReader.position(node), key.keyPath, "missing required key '\(key.key)' (\(key.unit))")
      }
    }
    if let problem = s.decisionProblem(block) {
      let n = entries[problem.key.key] ?? node
      r.log.report(YAMLReader.position(n), problem.key.keyPath, problem.message)
    }
  }
}

extension Scenario {
  /// Whether the scenario has the block.
  public func has(_ block: DecisionBlock) -> Bool { decisionBlocks.contains(block) }

  /// The key's value as run: as given, else its default; `exit_year` defaults to
  /// the horizon.
  public func decisionSpec(_ key: DecisionKey) -> ParameterSpec {
    if key == .exitYear, !decisionGiven.contains(key.rawValue) { return .constant(Double(horizonYears)) }
    return decision[key.rawValue]
  }

  /// What no single key can check: the exit within the horizon, the lowest multiple
  /// not above the highest (when both are numbers). The first holds the file to its
  /// own horizon; after `--years` shortened it below the file's exit years
  /// (`exitDrawsCutAtHorizon`), their later draws move to its end instead.
  func decisionProblem(_ block: DecisionBlock) -> (key: DecisionKey, message: String)? {
    guard block == .valuation, has(.valuation) else { return nil }
    // Whole-number keys round their draws: a range reaching 10.3 draws exit years up to 10.
    if !exitDrawsCutAtHorizon, let hi = decisionSpec(.exitYear).bounds?.upperBound, hi.rounded() > Double(horizonYears)
    {
      return (.exitYear, "\(plain(hi)) is after the horizon (allowed: a year in 1...horizon_years = \(horizonYears))")
    }
    if case .constant(let lo) = decisionSpec(.multipleMin), case .constant(let hi) = decisionSpec(.multipleMax),
      lo > hi
    {
      return (.multipleMin, "\(plain(lo)) is above multiple_max \(plain(hi)) (allowed: multiple_min <= multiple_max)")
    }
    return nil
  }
}

extension ParameterSpec {
  /// The range of values it can take: a constant's value, a distribution's support;
  /// nil for a market reference (checked where the entry is).
  var bounds: ClosedRange<Double>? {
    switch self {
    case .constant(let x): return x...x
    case .distribution(let d): return d.support.upperBound.isFinite ? d.support : nil
    case .market: return nil
    }
  }
}

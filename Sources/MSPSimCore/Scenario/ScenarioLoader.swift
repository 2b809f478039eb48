import Foundation
import Yams

/// `ScenarioDocument` -> validated `Scenario`, reporting every problem of the file at
/// once with file, line, column and key path (docs/errors.md, "Errors and exit codes").
public enum ScenarioLoader {
  static let topKeys = [
    "name", "description", "currency", "horizon_years", "paths", "seed", "rng",
    "discount_rate", "market", "models", "valuation", "cash", "correlations", "recessions", "sampling", "sampler",
  ]
  static let modelKeys = ["description", "clients", "acquisition", "churn", "adoption", "streams", "costs"]

  /// Reads and validates the scenario file at `path`.
  ///
  /// - Throws: `ScenarioError` (exit code 2) naming every problem.
  public static func load(path: String) throws(ScenarioError) -> Scenario {
    try Scenario(ScenarioDocument.read(path: path))
  }

  /// Validates scenario bytes; `file` names them in messages.
  public static func load(data: Data, file: String) throws(ScenarioError) -> Scenario {
    try Scenario(ScenarioDocument(data: data, file: file))
  }

  /// Validates scenario text; `file` names it in messages.
  public static func load(text: String, file: String) throws(ScenarioError) -> Scenario {
    try Scenario(ScenarioDocument(text: text, file: file))
  }

  /// Validates a parsed document: every problem of the file at once, in file order.
  static func validate(_ document: ScenarioDocument) throws(ScenarioError) -> Scenario {
    var reader = YAMLReader(log: IssueLog(file: document.file))
    let scenario = read(root: document.root, reader: &reader, file: document.file, text: document.text)
    if !reader.log.isEmpty || scenario == nil {
      // In file order, so the list reads top to bottom.
      let sorted = reader.log.issues.enumerated().sorted {
        ($0.element.line, $0.element.column, $0.offset) < ($1.element.line, $1.element.column, $1.offset)
      }.map(\.element)
      throw ScenarioError(sorted)
    }
    var valid = scenario!
    valid.keyPositions = reader.positions
    valid.warnings = reader.log.warnings.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    return valid
  }

  static func read(root: Node, reader r: inout YAMLReader, file: String, text: String) -> Scenario? {
    guard
      let top = r.mapping(root, "", expected: "a mapping of top-level keys (name, horizon_years, market, models, ...)")
    else { return nil }
    r.rejectUnknown(top, allowed: topKeys, "")
    var nodes: [String: Node] = [:]
    for p in top { nodes[p.key] = p.value }

    var s = Scenario(
      name: "", currency: "USD", horizonYears: Scenario.defaultHorizonYears, paths: Scenario.defaultPaths,
      seed: Scenario.defaultSeed, rng: Scenario.defaultRNG, discountRate: 0, market: [], models: [],
      sourcePath: file, sourceText: text)
    if let n = nodes["name"], let v = r.string(n, "name") { s.name = v }
    if let n = nodes["currency"], let v = r.string(n, "currency") { s.currency = v }
    if let n = nodes["horizon_years"],
      let v = r.integer(n, "horizon_years", in: Scenario.horizonRange, what: "a horizon in whole years")
    {
      s.horizonYears = v
    }
    if let n = nodes["paths"] {
      if let v = r.integer(n, "paths", in: 1...Scenario.maxPaths, what: "a number of paths") { s.paths = v }
    }
    if let n = nodes["seed"] {
      // Digits are read exactly, all 64 bits; another number form (1e6) only while a
      // double holds it exactly (below 2^53), so no seed is silently rounded.
      if case .scalar(let text) = n, text.style == .plain,
        let exact = UInt64(text.string.replacingOccurrences(of: "_", with: ""))
      {
        s.seed = exact
      } else if let x = r.number(n, "seed") {
        if x >= 0, x == x.rounded(), x < 0x1p53 {
          s.seed = UInt64(x)
        } else {
          r.log.report(
            YAMLReader.position(n), "seed",
            "\(n.scalar?.string ?? plain(x)) is not a seed (allowed: a whole number from 0 to \(UInt64.max), written in digits)"
          )
        }
      }
    }
    if let n = nodes["rng"], let v = r.string(n, "rng") {
      if GSLRandom.isKnownGenerator(v) {
        s.rng = v
      } else {
        let names = GSLRandom.generatorNames
        var msg = "unknown GSL generator '\(v)'"
        if let g = Suggestion.closest(to: v, in: names) { msg += "; did you mean '\(g)'?" }
        r.log.report(YAMLReader.position(n), "rng", msg + " (allowed: \(names.joined(separator: ", ")))")
      }
    }
    if let n = nodes["discount_rate"], let v = r.number(n, "discount_rate") {
      if v > Scenario.discountRateFloor, v <= Scenario.discountRateCeiling {
        s.discountRate = v
        if let warning = ParameterDomain.percentTypedAsWholeNumber(v, described: "a discount rate of") {
          r.log.warn(YAMLReader.position(n), "discount_rate", warning)
        }
      } else {
        r.log.report(
          YAMLReader.position(n), "discount_rate",
          "\(plain(v)) is not a discount rate (allowed: an annual rate > \(plain(Scenario.discountRateFloor)) and <= \(plain(Scenario.discountRateCeiling)), e.g. 0.10)"
        )
      }
    }

    // market: NAME -> number or distribution, drawn once per path, shared by all models.
    if let n = nodes["market"], let pairs = r.mapping(n, "market", expected: "a mapping NAME: distribution") {
      for p in pairs {
        let path = "market." + p.key
        if case .scalar(let text) = p.value, text.string.hasPrefix("market.") {
          r.log.report(
            YAMLReader.position(p.value), path,
            "a market entry cannot refer to another (allowed: a number or a distribution, e.g. {uniform: {min: 0, max: 1}})"
          )
          continue
        }
        if let d = r.distributionOrNumber(p.value, path) {
          s.market.append(MarketParameter(name: p.key, distribution: d, position: YAMLReader.position(p.keyNode)))
        }
      }
    }
    // Names of market entries that failed to parse are still valid reference targets
    // (their own error is reported once, not again at every reference).
    var marketNames = s.market.map(\.name)
    if let n = nodes["market"], case .mapping(let m) = n {
      for (k, _) in m { if let ks = k.scalar?.string, !marketNames.contains(ks) { marketNames.append(ks) } }
    }

    if let n = nodes[correlationsKey] { readCorrelations(n, into: &s, reader: &r) }
    if let n = nodes["sampling"], let v: Sampling = r.choice(n, "sampling") { s.sampling = v }
    if let n = nodes["sampler"], let v: Sampler = r.choice(n, "sampler") { s.sampler = v }

    for block in DecisionBlock.allCases {
      if let n = nodes[block.rawValue] {
        DecisionReader.read(block, node: n, into: &s, reader: &r, marketNames: marketNames)
      }
    }

    guard let modelsNode = nodes["models"] else {
      r.log.report(
        YAMLReader.position(root), "models",
        "missing required key 'models' (a mapping of model names to models, e.g. msp1: {...})")
      return nil
    }
    guard let modelPairs = r.mapping(modelsNode, "models", expected: "a mapping of model names to models") else {
      return nil
    }
    if modelPairs.isEmpty {
      r.log.report(
        YAMLReader.position(modelsNode), "models", "no models (allowed: one or more models, e.g. msp1 and msp2)")
    }
    for p in modelPairs {
      // Key paths (`models.NAME.KEY`) split at dots and pairs (`NAME:NAME`) at colons.
      if p.key.isEmpty || p.key.contains(".") || p.key.contains(":") {
        r.log.report(
          YAMLReader.position(p.keyNode), "models",
          "'\(p.key)' is not a model name (allowed: a non-empty name without '.' or ':', e.g. msp1)")
        continue
      }
      if let m = ModelReader.read(name: p.key, node: p.value, reader: &r, market: s.market, marketNames: marketNames) {
        s.models.append(m)
      }
    }
    return r.log.isEmpty ? s : nil
  }
}

extension Scenario {
  /// Validates a parsed scenario file (`ScenarioLoader` does the reading).
  ///
  /// - Throws: `ScenarioError` (exit code 2) naming every problem of the file.
  public init(_ document: ScenarioDocument) throws(ScenarioError) {
    self = try ScenarioLoader.validate(document)
  }
}

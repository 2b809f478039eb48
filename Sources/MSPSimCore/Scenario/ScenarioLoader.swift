import Foundation
import Yams

/// YAML text -> validated `Scenario`, reporting every problem of the file at once
/// with file, line, column and key path (docs/scenario-format.md, "Errors and exit codes").
public enum ScenarioLoader {
  static let topKeys = ["name", "description", "currency", "horizon_years", "paths", "seed", "rng",
                        "discount_rate", "market", "models"]
  static let modelKeys = ["description", "clients", "acquisition", "churn", "adoption", "streams", "costs"]

  /// Reads and validates the scenario file at `path`.
  ///
  /// - Throws: `ScenarioError` (exit code 2) naming every problem.
  public static func load(path: String) throws(ScenarioError) -> Scenario {
    let file = path
    func fail(_ message: String) -> ScenarioError {
      ScenarioError([ScenarioIssue(file: file, line: 1, column: 1, keyPath: "", message: message)])
    }
    var isDir: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
      throw fail("no such file (give the path of a scenario .yaml file; `mspsim init > my.yaml` writes one)")
    }
    guard !isDir.boolValue else { throw fail("is a folder, not a scenario file") }
    guard let data = FileManager.default.contents(atPath: path) else { throw fail("cannot be read (permissions?)") }
    return try load(data: data, file: file)
  }

  /// Validates scenario bytes; `file` names them in messages.
  public static func load(data: Data, file: String) throws(ScenarioError) -> Scenario {
    func fail(_ line: Int, _ col: Int, _ message: String) -> ScenarioError {
      ScenarioError([ScenarioIssue(file: file, line: line, column: col, keyPath: "", message: message)])
    }
    if data.contains(0) { throw fail(1, 1, "is not a text file (it contains NUL bytes): a scenario is a YAML text file") }
    guard let text = String(data: data, encoding: .utf8) else {
      // Find the first invalid byte's line for the message.
      var line = 1, col = 1
      var i = 0
      let bytes = [UInt8](data)
      while i < bytes.count {
        if String(bytes: bytes[..<(i + 1)], encoding: .utf8) == nil, bytes[i] >= 0x80 {
          var j = i + 1
          while j < bytes.count, j < i + 4, String(bytes: bytes[..<j], encoding: .utf8) == nil { j += 1 }
          if String(bytes: bytes[..<j], encoding: .utf8) == nil { break }
          i = j
          col += 1
          continue
        }
        if bytes[i] == 0x0A { line += 1; col = 1 } else { col += 1 }
        i += 1
      }
      throw fail(line, col, "is not UTF-8 text: save the scenario as UTF-8")
    }
    return try load(text: text, file: file)
  }

  /// Validates scenario text; `file` names it in messages.
  public static func load(text: String, file: String) throws(ScenarioError) -> Scenario {
    if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
      throw ScenarioError([ScenarioIssue(file: file, line: 1, column: 1, keyPath: "",
                                         message: "the file is empty (a scenario needs at least `models:`; `mspsim init` prints one)")])
    }
    let root: Node
    do {
      guard let r = try Yams.compose(yaml: text) else {
        throw ScenarioError([ScenarioIssue(file: file, line: 1, column: 1, keyPath: "",
                                           message: "the file holds no YAML document (a scenario needs at least `models:`)")])
      }
      root = r
    } catch let e as ScenarioError {
      throw e
    } catch let e as YamlError {
      throw ScenarioError([issue(from: e, file: file)])
    } catch {
      throw ScenarioError([ScenarioIssue(file: file, line: 1, column: 1, keyPath: "", message: "YAML error: \(error)")])
    }
    var reader = YAMLReader(log: IssueLog(file: file))
    let scenario = read(root: root, reader: &reader, file: file, text: text)
    if !reader.log.isEmpty || scenario == nil {
      // In file order, so the list reads top to bottom.
      let sorted = reader.log.issues.enumerated().sorted {
        ($0.element.line, $0.element.column, $0.offset) < ($1.element.line, $1.element.column, $1.offset)
      }.map(\.element)
      throw ScenarioError(sorted)
    }
    return scenario!
  }

  /// A Yams error as one positioned issue.
  static func issue(from e: YamlError, file: String) -> ScenarioIssue {
    switch e {
    case .scanner(let ctx, let problem, let mark, _), .parser(let ctx, let problem, let mark, _),
      .composer(let ctx, let problem, let mark, _):
      var msg = "YAML syntax error: \(problem)"
      if let ctx { msg += " (\(ctx.text) at line \(ctx.mark.line))" }
      return ScenarioIssue(file: file, line: mark.line, column: mark.column, keyPath: "", message: msg)
    case .duplicatedKeysInMapping(let dups, let ctx):
      return ScenarioIssue(file: file, line: ctx.mark.line, column: ctx.mark.column, keyPath: "",
                           message: "duplicate key \(dups.map { "'\($0)'" }.joined(separator: ", ")) in one mapping (each key may appear once)")
    case .reader(let problem, let offset, _, _):
      return ScenarioIssue(file: file, line: 1, column: 1, keyPath: "", message: "cannot read the text: \(problem) at byte \(offset ?? 0)")
    default:
      return ScenarioIssue(file: file, line: 1, column: 1, keyPath: "", message: "YAML error: \(e)")
    }
  }

  static func read(root: Node, reader r: inout YAMLReader, file: String, text: String) -> Scenario? {
    guard let top = r.mapping(root, "", expected: "a mapping of top-level keys (name, horizon_years, market, models, ...)") else { return nil }
    r.rejectUnknown(top, allowed: topKeys, "")
    var nodes: [String: Node] = [:]
    for p in top { nodes[p.key] = p.value }

    var s = Scenario(name: "", currency: "USD", horizonYears: Scenario.defaultHorizonYears, paths: Scenario.defaultPaths,
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
      if let x = r.number(n, "seed") {
        if x >= 0, x == x.rounded(), x < 18_446_744_073_709_551_616 { s.seed = UInt64(x) } else {
          r.log.report(YAMLReader.position(n), "seed", "\(plain(x)) is not a seed (allowed: a whole number >= 0)")
        }
      }
    }
    if let n = nodes["rng"], let v = r.string(n, "rng") {
      if GSLRandom.isKnownGenerator(v) { s.rng = v } else {
        let names = GSLRandom.generatorNames
        var msg = "unknown GSL generator '\(v)'"
        if let g = Suggestion.closest(to: v, in: names) { msg += "; did you mean '\(g)'?" }
        r.log.report(YAMLReader.position(n), "rng", msg + " (allowed: \(names.joined(separator: ", ")))")
      }
    }
    if let n = nodes["discount_rate"], let v = r.number(n, "discount_rate") {
      if v > -1, v <= 10 { s.discountRate = v } else {
        r.log.report(YAMLReader.position(n), "discount_rate", "\(plain(v)) is not a discount rate (allowed: an annual rate > -1 and <= 10, e.g. 0.10)")
      }
    }

    // market: NAME -> number or distribution, drawn once per path, shared by all models.
    if let n = nodes["market"], let pairs = r.mapping(n, "market", expected: "a mapping NAME: distribution") {
      for p in pairs {
        let path = "market." + p.key
        if let d = r.distributionOrNumber(p.value, path) {
          let spec: ParameterSpec = if case .constant(let x) = d { .constant(x) } else { .distribution(d) }
          s.market.append(MarketParameter(name: p.key, spec: spec, position: YAMLReader.position(p.keyNode)))
        }
      }
    }
    // Names of market entries that failed to parse are still valid reference targets
    // (their own error is reported once, not again at every reference).
    var marketNames = s.market.map(\.name)
    if let n = nodes["market"], case .mapping(let m) = n {
      for (k, _) in m { if let ks = k.scalar?.string, !marketNames.contains(ks) { marketNames.append(ks) } }
    }

    guard let modelsNode = nodes["models"] else {
      r.log.report(YAMLReader.position(root), "models", "missing required key 'models' (a mapping of model names to models, e.g. msp1: {...})")
      return nil
    }
    guard let modelPairs = r.mapping(modelsNode, "models", expected: "a mapping of model names to models") else { return nil }
    if modelPairs.isEmpty {
      r.log.report(YAMLReader.position(modelsNode), "models", "no models (allowed: one or more models, e.g. msp1 and msp2)")
    }
    for p in modelPairs {
      if let m = ModelReader.read(name: p.key, node: p.value, reader: &r, market: s.market, marketNames: marketNames) {
        s.models.append(m)
      }
    }
    return r.log.isEmpty ? s : nil
  }
}

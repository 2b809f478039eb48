import Foundation
import Yams

/// Typed reading of Yams nodes with positions: each accessor reports a problem to
/// the `IssueLog` (position + key path + what is allowed) and returns nil, so one
/// pass finds every problem of a file.
struct YAMLReader {
  var log: IssueLog
  /// Where each key read through `mapping` stands in the file, by key path: what an
  /// error found after validation (the engine's limits) points at.
  var positions: [String: SourcePosition] = [:]

  static func position(_ node: Node) -> SourcePosition {
    guard let m = node.mark else { return .start }
    return SourcePosition(line: m.line, column: m.column)
  }

  /// Whether YAML reads the scalar as it is written, so it may be a number: plain (not
  /// quoted) and with no tag or a number's (`!!int`, `!!float`). A quoted "40" is text,
  /// and so is `!!str 40`: its tag says so, whatever it looks like.
  static func readsAsWritten(_ s: Node.Scalar) -> Bool {
    s.style == .plain && explicitTag(s) == nil
  }

  /// The scalar's tag as written (`!!str`), when it has one other than a number's.
  static func explicitTag(_ s: Node.Scalar) -> String? {
    let name = Tag.Name(rawValue: s.tag.rawValue)
    if [.implicit, .int, .float].contains(name) { return nil }
    return name.rawValue.replacingOccurrences(of: "tag:yaml.org,2002:", with: "!!")
  }

  static func describe(_ node: Node) -> String {
    switch node {
    case .scalar(let s):
      if readsAsWritten(s) { return "'\(s.string)'" }
      return "the text \"\(s.string)\"" + (explicitTag(s).map { " tagged \($0)" } ?? "")
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .alias: return "an alias"
    }
  }

  /// The pairs of a mapping node, or nil (reported) when the node is not a mapping.
  mutating func mapping(_ node: Node, _ path: String, expected: String = "a mapping of keys to values") -> [(
    key: String, keyNode: Node, value: Node
  )]? {
    guard case .mapping(let m) = node else {
      log.report(Self.position(node), path, "expected \(expected), got \(Self.describe(node))")
      return nil
    }
    var out: [(String, Node, Node)] = []
    for (k, v) in m {
      guard case .scalar(let ks) = k else {
        log.report(Self.position(k), path, "keys must be plain words, got \(Self.describe(k))")
        continue
      }
      positions[Self.join(path, ks.string)] = Self.position(k)
      out.append((ks.string, k, v))
    }
    return out
  }

  /// Reports keys not in `allowed`, with a "did you mean" for near misses.
  mutating func rejectUnknown(_ pairs: [(key: String, keyNode: Node, value: Node)], allowed: [String], _ path: String) {
    for p in pairs where !allowed.contains(p.key) {
      var msg = "unknown key '\(p.key)'"
      if let s = Suggestion.closest(to: p.key, in: allowed) { msg += "; did you mean '\(s)'?" }
      msg += " (allowed: \(allowed.joined(separator: ", ")))"
      log.report(Self.position(p.keyNode), Self.join(path, p.key), msg)
    }
  }

  static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

  /// A finite number, or nil (reported). Strings, lists, mappings, `.nan`, `.inf`
  /// and numbers too large for a double (1e400) are rejected.
  mutating func number(_ node: Node, _ path: String) -> Double? {
    guard case .scalar(let s) = node, Self.readsAsWritten(s) else {
      log.report(Self.position(node), path, "expected a number, got \(Self.describe(node))")
      return nil
    }
    guard let x = Self.parseNumber(s.string) else {
      log.report(Self.position(node), path, "expected a number, got '\(s.string)'")
      return nil
    }
    guard x.isFinite else {
      log.report(Self.position(node), path, "\(s.string) is not a finite number (allowed: finite numbers)")
      return nil
    }
    return x
  }

  /// YAML number forms: 12, -3.5, 1e6, 1_000, .5, .inf, .nan (the last two parse, as non-finite).
  static func parseNumber(_ text: String) -> Double? {
    let t = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
    switch t.lowercased() {
    case ".nan": return .nan
    case ".inf", "+.inf": return .infinity
    case "-.inf": return -.infinity
    default: break
    }
    guard !t.isEmpty, t.allSatisfy({ "0123456789+-.eE".contains($0) }) else { return nil }
    guard let x = Double(t) else { return nil }
    return x
  }

  /// A string scalar (plain or quoted).
  mutating func string(_ node: Node, _ path: String) -> String? {
    guard case .scalar(let s) = node else {
      log.report(Self.position(node), path, "expected text, got \(Self.describe(node))")
      return nil
    }
    return s.string
  }

  /// One of a fixed set of words (`sampling: latin_hypercube`, `sampler: gsl`): the
  /// choice, or nil after reporting the word, the closest allowed one and the list.
  mutating func choice<Choice: RawRepresentable & CaseIterable>(_ node: Node, _ path: String) -> Choice?
  where Choice.RawValue == String {
    guard let v = string(node, path) else { return nil }
    if let choice = Choice(rawValue: v) { return choice }
    let names = Choice.allCases.map(\.rawValue)
    var message = "unknown \(path) '\(v)'"
    if let g = Suggestion.closest(to: v, in: names) { message += "; did you mean '\(g)'?" }
    log.report(Self.position(node), path, message + " (allowed: \(names.joined(separator: ", ")))")
    return nil
  }

  /// A whole number in `range`.
  mutating func integer(_ node: Node, _ path: String, in range: ClosedRange<Int>, what: String) -> Int? {
    guard let x = number(node, path) else { return nil }
    guard x == x.rounded(), x >= Double(range.lowerBound), x <= Double(range.upperBound) else {
      log.report(
        Self.position(node), path,
        "\(plain(x)) is not \(what) (allowed: a whole number in \(range.lowerBound)...\(range.upperBound))")
      return nil
    }
    return Int(x)
  }

  /// A list of finite numbers.
  mutating func numberList(_ node: Node, _ path: String) -> [Double]? {
    guard case .sequence(let seq) = node else {
      log.report(Self.position(node), path, "expected a list of numbers like [1, 2, 3], got \(Self.describe(node))")
      return nil
    }
    var out: [Double] = []
    var ok = true
    for (i, item) in seq.enumerated() {
      if let x = number(item, path + "[\(i)]") { out.append(x) } else { ok = false }
    }
    return ok ? out : nil
  }
}

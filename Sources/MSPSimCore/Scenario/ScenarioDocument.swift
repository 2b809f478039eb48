import Foundation
import Yams

/// A scenario file parsed as YAML, with the position of every node: the first step
/// of the pipeline (docs/scenario-format.md). Nothing is validated yet beyond
/// "readable UTF-8 text holding one YAML document"; `Scenario(_:)` does the rest.
public struct ScenarioDocument {
  /// The file as named in messages ("<built-in default>" for the embedded default).
  public let file: String
  public let text: String
  let root: Node

  /// Reads the scenario file at `path`.
  ///
  /// - Throws: `ScenarioError` (exit code 2) when it is missing, a folder, unreadable or not YAML.
  public static func read(path: String) throws(ScenarioError) -> ScenarioDocument {
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
    return try ScenarioDocument(data: data, file: file)
  }

  /// Parses scenario bytes; `file` names them in messages.
  public init(data: Data, file: String) throws(ScenarioError) {
    func fail(_ line: Int, _ col: Int, _ message: String) -> ScenarioError {
      ScenarioError([ScenarioIssue(file: file, line: line, column: col, keyPath: "", message: message)])
    }
    if data.contains(0) {
      throw fail(1, 1, "is not a text file (it contains NUL bytes): a scenario is a YAML text file")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      // Find the first invalid byte's line for the message.
      var line = 1
      var col = 1
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
        if bytes[i] == 0x0A {
          line += 1
          col = 1
        } else {
          col += 1
        }
        i += 1
      }
      throw fail(line, col, "is not UTF-8 text: save the scenario as UTF-8")
    }
    try self.init(text: text, file: file)
  }

  /// Parses scenario text; `file` names it in messages.
  public init(text: String, file: String) throws(ScenarioError) {
    if text.allSatisfy(\.isWhitespace) {
      throw ScenarioError([
        ScenarioIssue(
          file: file, line: 1, column: 1, keyPath: "",
          message: "the file is empty (a scenario needs at least `models:`; `mspsim init` prints one)")
      ])
    }
    do {
      guard let r = try Yams.compose(yaml: text) else {
        throw ScenarioError([
          ScenarioIssue(
            file: file, line: 1, column: 1, keyPath: "",
            message: "the file holds no YAML document (a scenario needs at least `models:`)")
        ])
      }
      root = r
    } catch let e as ScenarioError {
      throw e
    } catch let e as YamlError {
      throw ScenarioError([Self.issue(from: e, file: file, text: text)])
    } catch {
      throw ScenarioError([ScenarioIssue(file: file, line: 1, column: 1, keyPath: "", message: "YAML error: \(error)")])
    }
    self.file = file
    self.text = text
  }

  /// A Yams error as one positioned issue.
  static func issue(from e: YamlError, file: String, text: String) -> ScenarioIssue {
    switch e {
    case .scanner(let ctx, let problem, let mark, _), .parser(let ctx, let problem, let mark, _),
      .composer(let ctx, let problem, let mark, _):
      var msg = "YAML syntax error: \(problem)"
      if let ctx { msg += " (\(ctx.text) at line \(ctx.mark.line))" }
      // The scanner says "cannot start any token" of a tab; say what it is.
      if character(in: text, line: mark.line, column: mark.column) == "\t" {
        msg += "; the character there is a tab: YAML indents with spaces only"
      }
      return ScenarioIssue(file: file, line: mark.line, column: mark.column, keyPath: "", message: msg)
    case .duplicatedKeysInMapping(let dups, let ctx):
      // Yams marks the key's first occurrence; the mistake is the later one.
      let first = (line: ctx.mark.line, column: ctx.mark.column)
      let again = dups.first.flatMap { repeatedKey($0, in: text, after: first) }
      let names = dups.map { "'\($0)'" }.joined(separator: ", ")
      return ScenarioIssue(
        file: file, line: again?.line ?? first.line, column: again?.column ?? first.column, keyPath: "",
        message: "duplicate key \(names) in one mapping"
          + (again != nil ? ", first given at line \(first.line)" : "") + " (each key may appear once)")
    case .reader(let problem, let offset, _, _):
      return ScenarioIssue(
        file: file, line: 1, column: 1, keyPath: "", message: "cannot read the text: \(problem) at byte \(offset ?? 0)")
    default:
      return ScenarioIssue(file: file, line: 1, column: 1, keyPath: "", message: "YAML error: \(e)")
    }
  }

  /// The character at 1-based `line` and `column` of `text`, nil past its end.
  static func character(in text: String, line: Int, column: Int) -> Character? {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    guard line >= 1, line <= lines.count, column >= 1 else { return nil }
    let l = lines[line - 1]
    guard column <= l.count else { return nil }
    return l[l.index(l.startIndex, offsetBy: column - 1)]
  }

  /// Where `key` is given again after its first occurrence at `first` (1-based): in a
  /// block mapping, the next line holding `key:` at the same column, before a line
  /// indented less (the mapping's end); in a flow mapping (`{a: 1, a: 2}`), later on
  /// the same line. Nil when not found (the first occurrence is reported then).
  static func repeatedKey(_ key: String, in text: String, after first: (line: Int, column: Int))
    -> (line: Int, column: Int)?
  {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard first.line >= 1, first.line <= lines.count else { return nil }
    let indent = first.column - 1
    let firstLine = lines[first.line - 1]
    // Flow (the first occurrence follows "{" or ","): the key again later on its
    // line, as a whole key (after "{", "," or a space).
    let before = firstLine.prefix(Swift.max(0, first.column - 1)).reversed().first { $0 != " " }
    if before == "{" || before == "," {
      var from = firstLine.index(
        firstLine.startIndex, offsetBy: Swift.min(firstLine.count, first.column - 1 + key.count))
      while let r = firstLine.range(of: key + ":", range: from..<firstLine.endIndex) {
        let previous = r.lowerBound > firstLine.startIndex ? firstLine[firstLine.index(before: r.lowerBound)] : " "
        if previous == " " || previous == "{" || previous == "," {
          return (first.line, firstLine.distance(from: firstLine.startIndex, to: r.lowerBound) + 1)
        }
        from = r.upperBound
      }
      return nil
    }
    for n in first.line..<lines.count {
      let line = lines[n]
      let content = line.drop { $0 == " " }
      if content.isEmpty || content.hasPrefix("#") { continue }
      let column = line.count - content.count
      if column < indent { return nil }
      if column == indent, content.hasPrefix(key + ":") { return (n + 1, column + 1) }
    }
    return nil
  }
}

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
    if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
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
      throw ScenarioError([Self.issue(from: e, file: file)])
    } catch {
      throw ScenarioError([ScenarioIssue(file: file, line: 1, column: 1, keyPath: "", message: "YAML error: \(error)")])
    }
    self.file = file
    self.text = text
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
      return ScenarioIssue(
        file: file, line: ctx.mark.line, column: ctx.mark.column, keyPath: "",
        message:
          "duplicate key \(dups.map { "'\($0)'" }.joined(separator: ", ")) in one mapping (each key may appear once)")
    case .reader(let problem, let offset, _, _):
      return ScenarioIssue(
        file: file, line: 1, column: 1, keyPath: "", message: "cannot read the text: \(problem) at byte \(offset ?? 0)")
    default:
      return ScenarioIssue(file: file, line: 1, column: 1, keyPath: "", message: "YAML error: \(e)")
    }
  }
}

/// One problem in a scenario file, where it is and what is allowed:
/// `FILE:LINE:COL: key.path: what is wrong (what is allowed)` (docs/scenario-format.md, "Errors").
public struct ScenarioIssue: Error, Equatable, Sendable, CustomStringConvertible {
  public var file: String
  public var line: Int
  public var column: Int
  /// The key path, e.g. `models.msp2.churn.annual`; "" for the whole file.
  public var keyPath: String
  public var message: String

  public init(file: String, line: Int, column: Int, keyPath: String, message: String) {
    self.file = file
    self.line = line
    self.column = column
    self.keyPath = keyPath
    self.message = message
  }

  public var description: String {
    "\(file):\(line):\(column): " + (keyPath.isEmpty ? "" : keyPath + ": ") + message
  }
}

/// Every problem found in one scenario file (all reported in one go), or on the
/// command line. Exit code 2.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
  public var issues: [ScenarioIssue]
  public init(_ issues: [ScenarioIssue]) { self.issues = issues }
  public var description: String { issues.map(\.description).joined(separator: "\n") }
}

/// A position in a scenario file (1-based line and column).
public struct SourcePosition: Sendable, Equatable, Hashable {
  public var line: Int
  public var column: Int
  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }
  public static let start = SourcePosition(line: 1, column: 1)
}

/// Collects issues while a file is read, each with the file name.
struct IssueLog {
  let file: String
  private(set) var issues: [ScenarioIssue] = []

  init(file: String) { self.file = file }

  mutating func report(_ position: SourcePosition, _ keyPath: String, _ message: String) {
    issues.append(
      ScenarioIssue(
        file: file, line: position.line, column: position.column,
        keyPath: keyPath, message: message))
  }

  var isEmpty: Bool { issues.isEmpty }

  /// What is allowed but probably not meant (a rate typed as a percentage): the file
  /// is still valid; the commands print these before running (docs/errors.md, "Warnings").
  private(set) var warnings: [ScenarioIssue] = []

  mutating func warn(_ position: SourcePosition, _ keyPath: String, _ message: String) {
    warnings.append(
      ScenarioIssue(
        file: file, line: position.line, column: position.column,
        keyPath: keyPath, message: message))
  }
}

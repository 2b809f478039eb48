import Foundation

/// One swept key and its values: `--set KEY=V1,V2,...`.
public struct SweepAxis: Sendable, Equatable {
  public var keyPath: String
  public var values: [Double]

  public init(keyPath: String, values: [Double]) {
    self.keyPath = keyPath
    self.values = values
  }

  /// Parses `KEY=V1,V2,...`.
  ///
  /// - Throws: `ScenarioError` naming `--set` or the key and what is allowed.
  public init(parsing text: String) throws(ScenarioError) {
    func usage(_ key: String, _ message: String) -> ScenarioError {
      ScenarioError([ScenarioIssue(file: "command line", line: 1, column: 1, keyPath: key, message: message)])
    }
    guard let eq = text.firstIndex(of: "=") else {
      throw usage("--set", "'\(text)' is not KEY=V1,V2,... (e.g. models.msp2.adoption.monthly=0.005,0.01,0.02)")
    }
    let key = String(text[..<eq]).trimmingCharacters(in: .whitespaces)
    let list = text[text.index(after: eq)...].split(separator: ",", omittingEmptySubsequences: false)
    var values: [Double] = []
    for item in list {
      guard let v = YAMLReader.parseNumber(String(item)), v.isFinite else {
        throw usage(key, "'\(item)' is not a finite number (allowed: a comma-separated list of numbers)")
      }
      values.append(v)
    }
    guard !key.isEmpty, !values.isEmpty else { throw usage("--set", "'\(text)' is not KEY=V1,V2,...") }
    self.init(keyPath: key, values: values)
  }
}

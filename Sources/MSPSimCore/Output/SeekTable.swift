import Foundation

/// `seek.csv` and the goal seek's terminal text (docs/outputs.md, "Seek").
public enum SeekTable {
  public static let header = ["evaluation", "key_value", "target_value", "target_se", "found"]

  /// One row per evaluation, in evaluation order (1-based): the key's value, the
  /// target figure's value and standard error (both empty for an empty cell), and
  /// `found` = 1 on the row of the value found, 0 elsewhere.
  public static func csv(_ r: SeekResult) -> String {
    var csv = CSVFormat.row(header)
    for (i, e) in r.evaluations.enumerated() {
      csv += CSVFormat.row([
        String(i + 1), CSVFormat.number(e.keyValue), e.value.map(CSVFormat.number) ?? "",
        e.standardError.map(CSVFormat.number) ?? "", r.foundIndex == i ? "1" : "0",
      ])
    }
    return csv
  }

  /// The table of evaluations and, when found, the answer (stdout).
  public static func text(_ r: SeekResult) -> String {
    let title = "Goal seek: \(r.targetName) = \(CSVFormat.number(r.targetValue)), varying \(r.key)"
    var out = title + " in [\(key(r, r.bracket.lowerBound)), \(key(r, r.bracket.upperBound))]\n"
    out +=
      "\(TerminalSummary.money(Double(r.paths))) paths per evaluation, seed \(r.seed) (common random numbers), "
      + "tolerance \(Self.tolerance(r.tolerance))\n"
    if let replaced = r.replaces {
      out += "\(r.key): the file gives \(replaced); each evaluation fixes it at the value tried\n"
    }
    out += "\n"
    var rows: [[String]] = [["evaluation", r.key, r.targetName, "se"]]
    for (i, e) in r.evaluations.enumerated() {
      rows.append([
        String(i + 1), key(r, e.keyValue), e.value.map { figure($0, se: e.standardError ?? 0) } ?? "-",
        e.standardError.map { figure($0, se: $0) } ?? "-",
      ])
    }
    let widths = (0..<rows[0].count).map { c in rows.map { $0[c].count }.max() ?? 0 }
    for row in rows {
      out += "  " + row.enumerated().map { TerminalSummary.pad($1, widths[$0]) }.joined(separator: "  ") + "\n"
    }
    out += "\n"
    if r.foundIndex != nil { out += outcomeLine(r) + "\n" }
    let n = r.evaluations.count
    out += "\(n) evaluation\(n == 1 ? "" : "s") in \(String(format: "%.1f", r.wallSeconds)) s\n"
    return out
  }

  /// One sentence on how the search ended: the value found, or why there is none.
  public static func outcomeLine(_ r: SeekResult) -> String {
    func gives(_ i: Int) -> String {
      let e = r.evaluations[i]
      guard let v = e.value, let se = e.standardError else { return "\(key(r, e.keyValue)) leaves it empty" }
      return "\(key(r, e.keyValue)) gives \(figure(v, se: se)) (se \(figure(se, se: se)))"
    }
    switch r.outcome {
    case .found(let i, let stop):
      let e = r.evaluations[i]
      let v = e.value ?? r.targetValue
      let se = e.standardError ?? 0
      let why: String
      switch stop {
      case .withinStandardError: why = "within 1 standard error of \(CSVFormat.number(r.targetValue))"
      case .bracketWithinTolerance:
        why =
          "the crossing of \(CSVFormat.number(r.targetValue)) is within the tolerance \(Self.tolerance(r.tolerance)) of it"
      }
      return "Found \(r.key) = \(key(r, e.keyValue)): \(r.targetName) = \(figure(v, se: se)) "
        + "(se \(figure(se, se: se))), \(why)."
    case .notReached:
      return "\(r.targetName) = \(CSVFormat.number(r.targetValue)) is not reached for \(r.key) in "
        + "[\(key(r, r.bracket.lowerBound)), \(key(r, r.bracket.upperBound))]: \(gives(0)), \(gives(1))."
    case .evaluationLimit(let best):
      return "no answer within the tolerance \(Self.tolerance(r.tolerance)) after \(r.evaluations.count) evaluations "
        + "(--max-evaluations); the closest: \(gives(best))."
    case .undefined(let i):
      return "\(r.targetName) is an empty cell at \(r.key) = \(key(r, r.evaluations[i].keyValue)) "
        + "(no path has it), so the search cannot go on."
    }
  }

  /// The tolerance as a person writes it: 6 significant digits at most, so the default
  /// (a thousandth of the bracket) reads 0.009, not 0.009000000000000001.
  static func tolerance(_ x: Double) -> String { CSVFormat.number(Double(String(format: "%.6g", x)) ?? x) }

  /// A key value to the tolerance's last digit (whole keys without decimals).
  static func key(_ r: SeekResult, _ x: Double) -> String {
    fixed(x, decimals: Swift.max(0, Int((-log10(r.tolerance)).rounded(.up))))
  }

  /// A figure to the second significant digit of its standard error; with no
  /// standard error (every path alike), to six significant digits.
  static func figure(_ x: Double, se: Double) -> String {
    if se > 0 { return fixed(x, decimals: Swift.max(0, Int((-log10(se)).rounded(.up)) + 1)) }
    if x == 0 { return "0" }
    return fixed(x, decimals: Swift.max(0, 5 - Int(log10(abs(x)).rounded(.down))))
  }

  /// `decimals` places; thousands separators when there are none.
  static func fixed(_ x: Double, decimals: Int) -> String {
    if decimals == 0 { return TerminalSummary.money(x) }
    return String(format: "%.\(Swift.min(decimals, 12))f", x)
  }
}

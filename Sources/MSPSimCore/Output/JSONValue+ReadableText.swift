import Foundation

/// A resolved value as a reader writes it: a number in plain decimal, a text as
/// is, a distribution as `kind(parameter value, ...)` with its parameters in
/// `DistributionKind.recordedParameters` order (`triangular(min 0.08, mode 0.12, max
/// 0.2)`), anything else JSON-like with sorted keys. The one text of the report's and
/// the workbook's Inputs.
extension JSONValue {
  var readableText: String {
    switch self {
    case .number(let x): return CSVFormat.number(x)
    case .text(let s): return s
    case .bool(let b): return b ? "true" : "false"
    case .list(let l): return "[" + l.map(\.readableText).joined(separator: ", ") + "]"
    case .object(let o):
      if o.count == 1, let (name, inner) = o.first, case .object(let parameters) = inner,
        let kind = DistributionKind(rawValue: name)
      {
        if kind == .lognormal, let text = Self.lognormalByItsMoments(parameters) { return text }
        let known = kind.recordedParameters.filter { parameters[$0] != nil }
        let order = known + parameters.keys.filter { !known.contains($0) }.sorted()
        return name + "(" + order.map { "\($0) \((parameters[$0] ?? .text("")).readableText)" }.joined(separator: ", ")
          + ")"
      }
      return "{" + o.keys.sorted().map { "\($0): \((o[$0] ?? .text("")).readableText)" }.joined(separator: ", ") + "}"
    }
  }

  /// A lognormal as an owner wrote it and can check it: the mean and sd of the
  /// variable (seats, a fee), not run.json's mu and sigma of its logarithm, whichever
  /// pair the file gave. Read back through the distribution's own moments, to twelve
  /// significant digits (the digits a person sees: `{mean: 25, sd: 15}` gives back
  /// 25 and 15, not 25.000000000000004).
  static func lognormalByItsMoments(_ parameters: [String: JSONValue]) -> String? {
    guard case .number(let mu) = parameters["mu"], case .number(let sigma) = parameters["sigma"],
      parameters.count == 2
    else { return nil }
    let d = Distribution.lognormal(mu: mu, sigma: sigma)
    func shown(_ x: Double) -> String { CSVFormat.number(Double(String(format: "%.12g", x)) ?? x) }
    return "lognormal(mean \(shown(d.mean)), sd \(shown(d.variance.squareRoot())))"
  }
}

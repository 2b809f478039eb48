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
        let known = kind.recordedParameters.filter { parameters[$0] != nil }
        let order = known + parameters.keys.filter { !known.contains($0) }.sorted()
        return name + "(" + order.map { "\($0) \((parameters[$0] ?? .text("")).readableText)" }.joined(separator: ", ")
          + ")"
      }
      return "{" + o.keys.sorted().map { "\($0): \((o[$0] ?? .text("")).readableText)" }.joined(separator: ", ") + "}"
    }
  }
}

/// A JSON value, for the parts of run.json whose shape follows the scenario (the
/// resolved parameters: a number, a text such as `market.churn`, or a distribution
/// as written in a scenario file).
public enum JSONValue: Codable, Sendable, Equatable {
  case number(Double)
  case text(String)
  /// `true` or `false` (the JSON Schema of `mspsim schema` uses them).
  case bool(Bool)
  case list([JSONValue])
  case object([String: JSONValue])

  public init(from decoder: any Decoder) throws {
    let c = try decoder.singleValueContainer()
    if let x = try? c.decode(Double.self) {
      self = .number(x)
    } else if let b = try? c.decode(Bool.self) {
      self = .bool(b)
    } else if let s = try? c.decode(String.self) {
      self = .text(s)
    } else if let l = try? c.decode([JSONValue].self) {
      self = .list(l)
    } else {
      self = .object(try c.decode([String: JSONValue].self))
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    switch self {
    case .number(let x): try c.encode(x)
    case .text(let s): try c.encode(s)
    case .bool(let b): try c.encode(b)
    case .list(let l): try c.encode(l)
    case .object(let o): try c.encode(o)
    }
  }
}

extension Distribution {
  /// The distribution as written in a scenario file, `{kind: {parameter: value}}`,
  /// with the parameter names of `DistributionKind.recordedParameters`.
  public var recorded: JSONValue {
    let kind = self.kind
    let parameters: [String: JSONValue]
    switch self {
    case .discrete(let values, let table):
      parameters = [
        "values": .list(values.map(JSONValue.number)), "weights": .list(table.probabilities.map(JSONValue.number)),
      ]
    case .mixture(let components, let table):
      parameters = [
        "components": .list(components.map(\.recorded)),
        "weights": .list(table.probabilities.map(JSONValue.number)),
      ]
    default:
      parameters = Dictionary(uniqueKeysWithValues: zip(kind.recordedParameters, recordedValues.map(JSONValue.number)))
    }
    return .object([kind.name: .object(parameters)])
  }
}

/// Where a parameter's value comes from on a path, after compilation.
public enum ParamSource: Sendable {
  /// The same value on every path.
  case constant(Double)
  /// A per-path draw from the model's own stream (or, for a per-event quantity, a draw per event).
  case distribution(Distribution)
  /// The path's draw of `market:` entry `index`, shared by all models.
  case market(Int)

  init(_ spec: ParameterSpec) {
    switch spec {
    case .constant(let x): self = .constant(x)
    case .distribution(let d): self = .distribution(d)
    case .market(let i): self = .market(i)
    }
  }

  public var isUncertain: Bool {
    if case .constant = self { return false }
    return true
  }
}

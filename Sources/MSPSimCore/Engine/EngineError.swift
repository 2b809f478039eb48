/// A run the engine cannot complete although the scenario passed validation.
public enum EngineError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A path of `model` would hold more clients than `ClientBook.maximumClients`
  /// (initial clients plus every arrival over the horizon).
  case clientLimit(model: String, path: Int, limit: Int)
  /// One month of a path of `model` would draw more than `limit` events of `keyPath`
  /// (third-party projects, or apps of one client), each a separate draw.
  case eventLimit(model: String, path: Int, keyPath: String, limit: Int)
  /// A value of path `path` is not a finite number: an amount of `model` (nil: the
  /// models' difference) grew past the largest double (about 1.8e308), or met one
  /// that had. `what` names the output, e.g. "revenue.total, month 37".
  case nonFiniteValue(model: String?, path: Int, what: String)

  /// Events of one kind one model may draw in one month of a path.
  public static let maximumEventsPerMonth = 1 << 24

  /// The path that failed.
  public var path: Int {
    switch self {
    case .clientLimit(_, let path, _), .eventLimit(_, let path, _, _), .nonFiniteValue(_, let path, _): return path
    }
  }

  /// The key path the problem is about, for the positioned error message.
  public var keyPath: String {
    switch self {
    case .clientLimit(let model, _, _): return "models.\(model).acquisition"
    case .eventLimit(let model, _, let key, _): return "models.\(model).\(key)"
    case .nonFiniteValue(let model, _, _): return model.map { "models.\($0)" } ?? "models"
    }
  }

  public var description: String {
    switch self {
    case .clientLimit(_, let path, let limit):
      return "path \(path) adds more than \(limit) clients to one model (clients.initial plus "
        + "acquisition.monthly_rate and acquisition.vcio_only_rate compounded by acquisition.annual_growth over the horizon); "
        + "the engine holds at most \(limit) clients per model and path (allowed: a book that stays below it)"
    case .eventLimit(_, let path, _, let limit):
      return "path \(path) draws more than \(limit) of these in one month, each drawn separately "
        + "(allowed: fewer than \(limit) a month; check the key's value and units)"
    case .nonFiniteValue(_, let path, let what):
      return "path \(path) makes \(what) larger than the largest number the engine can hold (about 1.8e308) "
        + "(allowed: amounts, counts and growth rates whose results stay finite over the horizon; "
        + "check the values and units of prices, hours, seats and annual changes)"
    }
  }
}

import CGSL

/// Process-wide GSL set-up: GSL's default error handler aborts the process, so it
/// is switched off once, before any GSL call, and status codes become `GSLError`.
public enum GSLRuntime {
  private static let initialised: Bool = {
    mspsim_gsl_errors_off()
    return true
  }()

  /// Switches GSL's aborting error handler off (idempotent, thread-safe: a `static let`).
  public static func ensureInitialised() { _ = initialised }
}

/// A failure reported by GSL.
public enum GSLError: Error, Equatable, CustomStringConvertible {
  /// GSL returned a non-zero status code.
  case status(code: Int32, call: String, reason: String)
  /// No GSL generator has this name.
  case unknownGenerator(String, known: [String])
  /// GSL could not allocate.
  case outOfMemory(String)

  public var description: String {
    switch self {
    case .status(let code, let call, let reason): return "GSL error \(code) in \(call): \(reason)"
    case .unknownGenerator(let name, let known):
      return "unknown GSL generator '\(name)' (known: \(known.joined(separator: ", ")))"
    case .outOfMemory(let what): return "GSL could not allocate memory (\(what))"
    }
  }
}

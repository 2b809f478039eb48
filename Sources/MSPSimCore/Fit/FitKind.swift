/// The families `mspsim fit` can fit (docs/fit.md, "Estimators"). All but
/// `geometric` are scenario distributions of the same name.
public enum FitKind: String, CaseIterable, Sendable {
  case lognormal, gamma, triangular, pert, beta, normal, poisson, geometric

  /// Whether the family counts (0, 1, 2, ...): its likelihood is a probability mass
  /// and its goodness of fit a chi-square test.
  public var isCount: Bool { self == .poisson || self == .geometric }
}

/// One fitted parameter and its standard error (nil when there is none, e.g. a
/// support end fixed by rule).
public struct FitParameter: Sendable {
  public let name: String
  public let value: Double
  public let standardError: Double?
  /// How the standard error was found ("closed form", "observed information",
  /// "delta method", "bootstrap"), for the report.
  public let errorMethod: String

  public init(_ name: String, _ value: Double, se: Double?, method: String) {
    self.name = name
    self.value = value
    self.standardError = se
    self.errorMethod = method
  }
}

/// A family fitted to a sample: its parameters, its log-likelihood, its CDF (for the
/// goodness of fit and the likelihood of rounded values) and the YAML value to paste
/// into a scenario.
public struct FittedDistribution: Sendable {
  public let kind: FitKind
  /// What the report lists: the YAML's own parameters first.
  public let parameters: [FitParameter]
  /// Estimated parameters (for AIC): the support ends of a beta fixed from the data count.
  public let parameterCount: Int
  /// The maximised log-likelihood of the data (log density, or log mass for counts).
  public let logLikelihood: Double
  /// P(X <= x).
  public let cdf: @Sendable (Double) -> Double
  /// The scenario value, `{lognormal: {mean: 31.9, sd: 27.1}}`.
  public let yaml: String
  /// What the user should know about this fit (a fixed support, an approximation).
  public let note: String?

  public init(
    kind: FitKind, parameters: [FitParameter], parameterCount: Int, logLikelihood: Double,
    cdf: @escaping @Sendable (Double) -> Double, yaml: String, note: String? = nil
  ) {
    self.kind = kind
    self.parameters = parameters
    self.parameterCount = parameterCount
    self.logLikelihood = logLikelihood
    self.cdf = cdf
    self.yaml = yaml
    self.note = note
  }

  /// The value of the parameter called `name`.
  public func value(_ name: String) -> Double? { parameters.first { $0.name == name }?.value }
  /// The standard error of the parameter called `name`.
  public func standardError(_ name: String) -> Double? { parameters.first { $0.name == name }?.standardError }

  /// P(a draw rounds to the whole number k): what a whole-number scenario key sees of
  /// a continuous draw (docs/scenario-format.md, "Allowed values, clamping and rounding").
  /// For counting families, the probability mass at k.
  public func mass(_ k: Double) -> Double {
    kind.isCount ? cdf(k) - cdf(k - 1) : cdf(k + 0.5) - cdf(k - 0.5)
  }
}

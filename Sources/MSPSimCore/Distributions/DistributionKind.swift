/// The distributions a scenario file can name: the one table from which the
/// scenario reader (keys, required and optional parameters, "allowed" messages),
/// `mspsim list`, the JSON form in run.json and the table in
/// docs/scenario-format.md ("Distributions", checked by a test) are derived.
public enum DistributionKind: String, CaseIterable, Sendable {
  case constant
  case uniform
  case normal
  case truncatedNormal = "truncated_normal"
  case lognormal
  case triangular
  case pert
  case beta
  case gamma
  case exponential
  case poisson
  case binomial
  case bernoulli
  case discrete
  case mixture

  /// The name in a scenario file.
  public var name: String { rawValue }

  /// Parameters a file must give.
  public var requiredParameters: [String] {
    switch self {
    case .constant: return ["value"]
    case .uniform: return ["min", "max"]
    case .normal: return ["mean", "sd"]
    case .truncatedNormal: return ["mean", "sd", "min", "max"]
    case .lognormal: return []
    case .triangular, .pert: return ["min", "mode", "max"]
    case .beta: return ["a", "b"]
    case .gamma: return ["shape", "scale"]
    case .exponential, .poisson: return ["mean"]
    case .binomial: return ["n", "p"]
    case .bernoulli: return ["p"]
    case .discrete: return ["values", "weights"]
    case .mixture: return ["components", "weights"]
    }
  }

  /// Parameters a file may give (lognormal: one of two pairs; beta: both bounds or neither).
  public var optionalParameters: [String] {
    switch self {
    case .lognormal: return ["mean", "sd", "mu", "sigma"]
    case .beta: return ["min", "max"]
    default: return []
    }
  }

  /// The sets of parameters a file may give, exactly one of them: the required ones,
  /// except that a lognormal takes either pair and a beta its bounds or none. The
  /// scenario reader accepts these and no other (a test holds it to them); the JSON
  /// Schema of `mspsim schema` lists them.
  public var parameterSets: [[String]] {
    switch self {
    case .lognormal: return [["mean", "sd"], ["mu", "sigma"]]
    case .beta: return [["a", "b"], ["a", "b", "min", "max"]]
    default: return [requiredParameters]
    }
  }

  /// How a distribution's parameter is written.
  public enum ParameterForm: Sendable {
    /// A number.
    case number
    /// A list of numbers (`values`, `weights`).
    case numbers
    /// A list of numbers or distributions (`components`).
    case distributions
  }

  /// How the parameter `name` is written.
  public static func form(of name: String) -> ParameterForm {
    switch name {
    case "values", "weights": return .numbers
    case "components": return .distributions
    default: return .number
    }
  }

  /// The parameters of the distribution as held and recorded (run.json's
  /// `resolved_scenario`), in the order of `Distribution.recordedValues`: the
  /// required ones, except that a lognormal is kept as (mu, sigma) and a beta
  /// always has its bounds.
  public var recordedParameters: [String] {
    switch self {
    case .lognormal: return ["mu", "sigma"]
    case .beta: return ["a", "b", "min", "max"]
    default: return requiredParameters
    }
  }

  /// The parameters as `mspsim list` shows them.
  public var parameterSummary: String {
    switch self {
    case .lognormal: return "mean, sd (of the variable) | mu, sigma (of its log)"
    case .beta: return "a, b [, min, max]"
    case .discrete: return "values: [...], weights: [...]"
    case .mixture: return "components: [distributions], weights: [...]"
    default: return requiredParameters.joined(separator: ", ")
    }
  }

  /// How a draw is made (GSL functions named).
  public var drawNotes: String {
    switch self {
    case .constant: return "a bare number means the same"
    case .uniform: return "gsl_rng_uniform"
    case .normal: return "gsl_ran_gaussian_ziggurat"
    case .truncatedNormal: return "exact inverse CDF (gsl_cdf_ugaussian_Pinv)"
    case .lognormal: return "exp(mu + sigma x gsl_ran_gaussian_ziggurat(1)), distributed as gsl_ran_lognormal"
    case .triangular: return "exact inverse CDF on GSL uniforms"
    case .pert: return "min + (max-min) x gsl_ran_beta(1+4(mode-min)/(max-min), 1+4(max-mode)/(max-min))"
    case .beta: return "gsl_ran_beta, scaled to [min, max] (default [0, 1])"
    case .gamma: return "gsl_ran_gamma"
    case .exponential: return "gsl_ran_exponential"
    case .poisson: return "sampler fast: inversion, or Hörmann's PTRS for large means; sampler gsl: gsl_ran_poisson"
    case .binomial: return "sampler fast: inversion, or Hörmann's BTRS for large n p; sampler gsl: gsl_ran_binomial"
    case .bernoulli: return "gsl_ran_bernoulli"
    case .discrete: return "gsl_ran_discrete (preprocessed table)"
    case .mixture: return "component by gsl_ran_discrete, then its draw"
    }
  }

  /// Every name, in table order (for "allowed: ..." messages).
  public static var names: [String] { allCases.map(\.rawValue) }
}

extension Distribution {
  /// The kind this distribution is.
  public var kind: DistributionKind {
    switch self {
    case .constant: return .constant
    case .uniform: return .uniform
    case .normal: return .normal
    case .truncatedNormal: return .truncatedNormal
    case .lognormal: return .lognormal
    case .triangular: return .triangular
    case .pert: return .pert
    case .beta: return .beta
    case .gamma: return .gamma
    case .exponential: return .exponential
    case .poisson: return .poisson
    case .binomial: return .binomial
    case .bernoulli: return .bernoulli
    case .discrete: return .discrete
    case .mixture: return .mixture
    }
  }

  /// The name as written in a scenario file.
  public var kindName: String { kind.rawValue }

  /// Whether every draw is the same number.
  public var isConstant: Bool {
    if case .constant = self { return true }
    return false
  }

  /// The numeric parameters in `kind.recordedParameters` order (empty for
  /// `discrete` and `mixture`, whose parameters are lists).
  public var recordedValues: [Double] {
    switch self {
    case .constant(let v): return [v]
    case .uniform(let a, let b): return [a, b]
    case .normal(let m, let s): return [m, s]
    case .truncatedNormal(let m, let s, let a, let b, _, _): return [m, s, a, b]
    case .lognormal(let mu, let sigma): return [mu, sigma]
    case .triangular(let a, let c, let b), .pert(let a, let c, let b, _, _): return [a, c, b]
    case .beta(let al, let be, let a, let b): return [al, be, a, b]
    case .gamma(let k, let th): return [k, th]
    case .exponential(let m), .poisson(let m): return [m]
    case .binomial(let n, let p): return [Double(n), p]
    case .bernoulli(let p): return [p]
    case .discrete, .mixture: return []
    }
  }
}

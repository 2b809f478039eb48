/// The distributions a scenario file can name, with their parameters, for
/// `mspsim list`, `mspsim init` and the scenario loader's "allowed" messages.
public enum DistributionCatalog {
  public struct Entry: Sendable {
    public var name: String
    public var parameters: String
    public var notes: String
  }

  public static let entries: [Entry] = [
    .init(name: "constant", parameters: "value", notes: "a bare number means the same"),
    .init(name: "uniform", parameters: "min, max", notes: "gsl_rng_uniform"),
    .init(name: "normal", parameters: "mean, sd", notes: "gsl_ran_gaussian_ziggurat"),
    .init(name: "truncated_normal", parameters: "mean, sd, min, max", notes: "exact inverse CDF (gsl_cdf_ugaussian_Pinv)"),
    .init(name: "lognormal", parameters: "mean, sd (of the variable) | mu, sigma (of its log)", notes: "gsl_ran_lognormal"),
    .init(name: "triangular", parameters: "min, mode, max", notes: "exact inverse CDF on GSL uniforms"),
    .init(name: "pert", parameters: "min, mode, max", notes: "min + (max-min) x gsl_ran_beta(1+4(mode-min)/(max-min), 1+4(max-mode)/(max-min))"),
    .init(name: "beta", parameters: "a, b [, min, max]", notes: "gsl_ran_beta, scaled to [min, max] (default [0, 1])"),
    .init(name: "gamma", parameters: "shape, scale", notes: "gsl_ran_gamma"),
    .init(name: "exponential", parameters: "mean", notes: "gsl_ran_exponential"),
    .init(name: "poisson", parameters: "mean", notes: "gsl_ran_poisson"),
    .init(name: "binomial", parameters: "n, p", notes: "gsl_ran_binomial"),
    .init(name: "bernoulli", parameters: "p", notes: "gsl_ran_bernoulli"),
    .init(name: "discrete", parameters: "values: [...], weights: [...]", notes: "gsl_ran_discrete (preprocessed table)"),
    .init(name: "mixture", parameters: "components: [distributions], weights: [...]", notes: "component by gsl_ran_discrete, then its draw"),
  ]

  public static var names: [String] { entries.map(\.name) }
}

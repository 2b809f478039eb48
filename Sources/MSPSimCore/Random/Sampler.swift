/// `sampler:` (docs/model.md, "Randomness and seeding"): which algorithms turn the
/// generator's uniforms into Poisson and binomial counts. Both are exact; they draw
/// different numbers from the same stream.
public enum Sampler: String, CaseIterable, Sendable {
  /// Inversion for small means, Hörmann's PTRS (Poisson) and BTRS (binomial) for
  /// large ones (`GSLRandom.fastPoisson`, `fastBinomial`): the default.
  case fast
  /// GSL's own `gsl_ran_poisson` and `gsl_ran_binomial`, draw for draw, for users
  /// who must reproduce GSL (or results of mspsim before the fast samplers).
  case gsl
}

/// Scenario templates for `mspsim init`.
public enum Templates {
  public static let names = [DefaultScenario.stem, "minimal"]

  public static func text(named name: String) -> String? {
    switch name {
    case DefaultScenario.stem: return DefaultScenario.text
    case "minimal": return minimal
    default: return nil
    }
  }

  /// The smallest useful scenario: one 1.0 model, every other key at its default
  /// (docs/scenario-format.md lists them all).
  static let minimal = """
    \(ScenarioSchema.languageServerLine)
    # A minimal mspsim scenario: one MSP 1.0 model. Add models and streams from
    # `mspsim init` (the full default) or docs/scenario-format.md.
    name: Minimal
    currency: USD
    horizon_years: 5
    paths: 2000
    models:
      msp1:
        clients: {initial: 40, seats: {lognormal: {mean: 25, sd: 10}}}   # clients at month 0; seats per client
        churn: {annual: 0.10}                                            # 10 % of clients leave a year
        acquisition: {monthly_rate: 0.5}                                 # new clients per month (Poisson mean)
        streams:
          managed_services: {price_per_seat: 140}                        # per seat per month
        costs: {seats_per_technician: 125, technician_monthly: 7000, fixed_monthly: 40000}

    """
}

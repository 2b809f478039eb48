/// The top-level blocks of keys shared by every model on a path: the owner's decision
/// (docs/model.md, "Exit value" and "Cash") and the recessions of the market
/// (docs/model.md, "Recessions"). Optional; without them the outputs are those of a
/// run without.
public enum DecisionBlock: String, CaseIterable, Sendable {
  case valuation
  case cash
  case recessions
}

/// Every key of the `valuation:` and `cash:` blocks, with its default, domain and
/// unit: the one table that drives loading, overrides (`--set valuation.KEY=`),
/// the resolved scenario, the engine and docs/scenario-format.md.
///
/// Each is a number, a distribution or `market.NAME`: drawn once per path and
/// shared by every model on it, like a `market:` entry (the market stream draws
/// them after the `market:` entries, in this order).
public enum DecisionKey: Int, CaseIterable, Sendable {
  // valuation
  case exitYear
  case multipleBase
  case multiplePerRecurring
  case multipleMin
  case multipleMax
  // cash
  case opening
  case receivableDays
  case taxRate
  case ownerDrawMonthly
  case floor
  // recessions (docs/model.md, "Recessions")
  case recessionAnnualProbability
  /// Per event: drawn at each recession's start (not with the other keys of the path).
  case recessionDurationMonths
  case effectAcquisition
  case effectChurn
  case effectBlockHours
  case effectRefreshWinRate
  case effectThirdPartyPM
  case effectCloudSpend

  public var block: DecisionBlock {
    switch self {
    case .exitYear, .multipleBase, .multiplePerRecurring, .multipleMin, .multipleMax: return .valuation
    case .opening, .receivableDays, .taxRate, .ownerDrawMonthly, .floor: return .cash
    case .recessionAnnualProbability, .recessionDurationMonths, .effectAcquisition, .effectChurn, .effectBlockHours,
      .effectRefreshWinRate, .effectThirdPartyPM, .effectCloudSpend:
      return .recessions
    }
  }

  /// The key inside its block.
  public var key: String {
    switch self {
    case .exitYear: return "exit_year"
    case .multipleBase: return "multiple_base"
    case .multiplePerRecurring: return "multiple_per_recurring"
    case .multipleMin: return "multiple_min"
    case .multipleMax: return "multiple_max"
    case .opening: return "opening"
    case .receivableDays: return "receivable_days"
    case .taxRate: return "tax_rate"
    case .ownerDrawMonthly: return "owner_draw_monthly"
    case .floor: return "floor"
    case .recessionAnnualProbability: return "annual_probability"
    case .recessionDurationMonths: return "duration_months"
    case .effectAcquisition: return "effects.acquisition"
    case .effectChurn: return "effects.churn"
    case .effectBlockHours: return "effects.block_hours"
    case .effectRefreshWinRate: return "effects.refresh_win_rate"
    case .effectThirdPartyPM: return "effects.third_party_pm"
    case .effectCloudSpend: return "effects.cloud_spend"
    }
  }

  /// `recessions.effects` is a nested mapping: its keys are `effects.<effect>`.
  public static let effectsPrefix = "effects."
  /// The recession multipliers, in the order of docs/model.md, "Recessions".
  public static let recessionEffects: [DecisionKey] = [
    .effectAcquisition, .effectChurn, .effectBlockHours, .effectRefreshWinRate, .effectThirdPartyPM,
    .effectCloudSpend,
  ]

  /// `valuation.multiple_base`, ...
  public var keyPath: String { block.rawValue + "." + key }

  /// The value when absent; nil when required. `exit_year` defaults to the horizon
  /// (`Scenario.decisionValue` fills it in); `multiple_max` to no cap.
  public var defaultValue: Double? {
    switch self {
    case .multipleBase: return nil
    case .multipleMax: return .infinity
    case .recessionAnnualProbability, .recessionDurationMonths: return nil
    case .effectAcquisition, .effectChurn, .effectBlockHours, .effectRefreshWinRate, .effectThirdPartyPM,
      .effectCloudSpend:
      return 1
    default: return 0
    }
  }

  public var isRequired: Bool {
    self == .multipleBase || self == .recessionAnnualProbability || self == .recessionDurationMonths
  }

  public var domain: ParameterDomain {
    switch self {
    case .exitYear: return .wholePositive
    case .multipleBase, .multiplePerRecurring, .opening, .floor: return .any
    case .multipleMin, .receivableDays, .ownerDrawMonthly: return .nonNegative
    case .multipleMax: return .positive
    case .taxRate, .recessionAnnualProbability: return .probability
    case .recessionDurationMonths: return .wholePositive
    case .effectAcquisition, .effectChurn, .effectBlockHours, .effectRefreshWinRate, .effectThirdPartyPM,
      .effectCloudSpend:
      return .nonNegative
    }
  }

  /// Unit and meaning, for docs and messages.
  public var unit: String {
    switch self {
    case .exitYear: return "year of the exit, 1...horizon_years; default: horizon_years"
    case .multipleBase: return "EV/EBITDA multiple at 0 % recurring revenue"
    case .multiplePerRecurring: return "multiple added per unit of recurring share (0...1)"
    case .multipleMin: return "lowest multiple"
    case .multipleMax: return "highest multiple; default: none"
    case .opening: return "cash at the start, currency"
    case .receivableDays: return "days sales outstanding (30 = one month late)"
    case .taxRate: return "share of a year's positive EBITDA paid in its last month"
    case .ownerDrawMonthly: return "currency a month taken out by the owner"
    case .floor: return "lowest cash the owner or the bank accepts, currency"
    case .recessionAnnualProbability:
      return "annual probability a recession starts (monthly 1-(1-p)^(1/12) in each month not in one)"
    case .recessionDurationMonths: return "months a recession lasts, counting its first (per recession, >= 1)"
    case .effectAcquisition: return "multiplier on new clients a month (and vCIO-only clients) in a recession month"
    case .effectChurn: return "multiplier on each client's monthly churn probability (capped at 1)"
    case .effectBlockHours: return "multiplier on billed hours per seat (the Poisson mean)"
    case .effectRefreshWinRate: return "multiplier on refresh win rates (capped at 1)"
    case .effectThirdPartyPM: return "multiplier on third-party projects per adopted client"
    case .effectCloudSpend: return "multiplier on cloud/SaaS spend per seat (marketplace commissions)"
    }
  }

  public static func keys(of block: DecisionBlock) -> [DecisionKey] { allCases.filter { $0.block == block } }
}

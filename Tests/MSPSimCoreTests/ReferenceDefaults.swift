import Foundation

@testable import MSPSimCore

/// What a key takes when the scenario file leaves it out, as the documentation says.
enum ReferenceDefault: Equatable {
  /// A number of its own (the "default" column of docs/scenario-format.md).
  case number(Double)
  /// The same per-path value as another key of the model (docs/scenario-format.md, "Keys
  /// that follow another"); which key is `ReferenceSimulator.follows`, the reference's own table.
  case follows
  /// No default: the key must be given when its section is present (docs/scenario-format.md,
  /// "Required keys, in one list"); a model without the section never reads it.
  case required
  /// The scenario's `horizon_years` (`valuation.exit_year` only).
  case horizonYears
}

/// The naive reference's own defaults of every per-path parameter (`ParameterID`) and of
/// every key of the `valuation:`, `cash:` and `recessions:` blocks (`DecisionKey`),
/// written from the documentation (docs/scenario-format.md, the "default" column of each
/// key table, and docs/model.md), not from the engine's code.
///
/// Why it exists: the loader fills every key the file leaves out with the engine's own
/// default (`ParameterID.defaultValue`, `DecisionKey.defaultValue`). The differential test
/// (docs/testing.md, "What holds the engine": the naive reference model; `ReferenceModelTests`,
/// `RandomScenarioReferenceTests`) compares the engine with `ReferenceSimulator`; were the
/// reference to draw the loaded values, a wrong default in the engine would be on both
/// sides of the comparison and pass. So the reference takes from the loaded scenario only
/// the keys the file gave (`ModelSpec.given`, `Scenario.decisionGiven`) and fills every
/// other key from here: a default of the engine that disagrees with the docs shows as a
/// difference. `ReferenceSimulator.ownDefaultsApplied` counts the defaults taken from here,
/// so a test can assert that the differential exercised them.
///
/// Both tables switch over every case with no `default:`: a key added to the engine's
/// tables does not compile here until its documented default is written in.
enum ReferenceDefaults {
  // MARK: The tables

  /// The documented default of a per-path parameter. Each comment quotes the default
  /// column of docs/scenario-format.md (its section in quotes).
  static func parameter(_ id: ParameterID) -> ReferenceDefault {
    switch id {
    // clients
    case .clientsInitial: return .required  // "clients": `initial` | clients at month 0 | **required**
    case .seatGrowth: return .number(0)  // "clients": `annual_seat_growth` | annual growth ... | `0`
    // acquisition
    case .acquisitionMonthlyRate: return .number(0)  // "acquisition": `monthly_rate` | ... | `0`
    case .acquisitionAnnualGrowth: return .number(0)  // "acquisition": `annual_growth` | ... | `0`
    case .acquisitionVCIOOnlyRate: return .number(0)  // "acquisition": `vcio_only_rate` | `0` (none; nothing drawn)
    // churn
    case .churnAnnual: return .number(0)  // "churn": `annual` | annual probability a client leaves | `0`
    case .churnAnnualAdopted: return .follows  // "churn": `annual_adopted` | the **same per-path draw** as `annual`
    // adoption
    case .adoptionInitialShare: return .number(0)  // "adoption": `initial_share` | ... | `0`
    case .adoptionAtSignup: return .number(0)  // "adoption": `at_signup` | ... | `0`
    case .adoptionMonthly: return .number(0)  // "adoption": `monthly` | ... | `0`
    case .adoptionRampMonths: return .number(0)  // "adoption": `ramp_months` | ... (0: no ramp) | `0`
    case .adoptionStartMonth: return .number(1)  // "adoption": `start_month` | first month adoption can happen | `1`
    // streams.managed_services
    case .pricePerSeat: return .required  // "streams.managed_services": `price_per_seat` | **required**
    case .annualPriceChange: return .number(0)  // "streams.managed_services": `annual_price_change` | `0`
    // streams.block_hours
    case .hoursPerSeat: return .required  // "streams.block_hours": `hours_per_seat` | **required**
    case .hourlyRate: return .required  // "streams.block_hours": `hourly_rate` | **required**
    case .annualDemandChange: return .number(0)  // "streams.block_hours": `annual_demand_change` | `0`
    case .annualRateChange: return .number(0)  // "streams.block_hours": `annual_rate_change` | `0`
    // streams.refresh_projects
    case .refreshCycleMonths: return .required  // "streams.refresh_projects": `cycle_months` | **required**
    case .refreshWinRate: return .required  // "streams.refresh_projects": `win_rate` | **required**
    // "streams.refresh_projects": `win_rate_adopted` | the **same per-path draw** as `win_rate`
    case .refreshWinRateAdopted: return .follows
    // streams.resale
    case .resaleSpendPerSeatPerYear: return .required  // "streams.resale": `spend_per_seat_per_year` | **required**
    case .resaleMargin: return .required  // "streams.resale": `margin` | **required**
    case .resaleAnnualMarginChange: return .number(0)  // "streams.resale": `annual_margin_change` | `0`
    case .resaleAdoptedShare: return .number(1)  // "streams.resale": `adopted_share` | ... (cannibalisation) | `1`
    // streams.vcio
    case .vcioAnnualFeeChange: return .number(0)  // "streams.vcio": `annual_fee_change` | `0` (flat)
    // streams.third_party_pm
    case .pmProjectsPerYear: return .required  // "streams.third_party_pm": `projects_per_year` | **required**
    case .pmFeeShare: return .required  // "streams.third_party_pm": `fee_share` | **required**
    // streams.app_management
    case .appUserShare: return .required  // "streams.app_management": `user_share` | **required**
    case .appAnnualPriceChange: return .number(0)  // "streams.app_management": `annual_price_change` | `0` (flat)
    // streams.marketplace
    case .marketCapture: return .required  // "streams.marketplace": `capture` | **required**
    case .marketCaptureRampMonths: return .number(0)  // "streams.marketplace": `capture_ramp_months` | `0`
    case .marketCommissionMonths: return .number(0)  // "streams.marketplace": `commission_months` | (0: for ever) | `0`
    case .marketBountyPerSeat: return .number(0)  // "streams.marketplace": `bounty_per_seat` | `0`
    case .marketCloudSpendPerSeat: return .required  // "streams.marketplace": `cloud_spend_per_seat` | **required**
    case .marketAnnualCloudGrowth: return .number(0)  // "streams.marketplace": `annual_cloud_growth` | `0`
    // costs ("A cost whose rate is absent (0) is not charged.")
    case .seatsPerTechnician: return .number(0)  // "costs": `seats_per_technician` | (0: no technician cost) | `0`
    case .technicianMonthly: return .number(0)  // "costs": `technician_monthly` | `0`
    case .clientsPerVCIO: return .number(0)  // "costs": `clients_per_vcio` | `0`
    case .vcioMonthly: return .number(0)  // "costs": `vcio_monthly` | `0`
    case .minVCIOs: return .number(0)  // "costs": `min_vcios` | `0`
    case .toolsPerSeat: return .number(0)  // "costs": `tools_per_seat` | `0`
    case .projectCostShare: return .number(0)  // "costs": `project_cost_share` | `0`
    case .fixedMonthly: return .number(0)  // "costs": `fixed_monthly` | `0`
    case .marketingMonthly: return .number(0)  // "costs": `marketing_monthly` | `0`
    case .annualCostChange: return .number(0)  // "costs": `annual_cost_change` | `0` (flat)
    case .annualSeatsPerTechnicianChange: return .number(0)  // "costs": `annual_seats_per_technician_change` | `0`
    case .transitionMonthly: return .number(0)  // "costs": `transition_monthly` | `0`
    case .transitionMonths: return .number(0)  // "costs": `transition_months` | `0`
    case .hiringLagMonths: return .number(0)  // "costs": `hiring_lag_months` | (0: hired and let go at once) | `0`
    case .contractorPremium: return .number(0.5)  // "costs": `contractor_premium` | `0.5`; model.md "default 0.5"
    // costs.delivery_share: "`refresh_projects`, `framework_projects`, `third_party_pm`: the **same per-path
    // draw** as `project_cost_share`; every other stream `0`" (docs/model.md, "Costs and profit": "and to 0
    // for every other stream").
    case .deliveryShareManagedServices: return .number(0)  // "costs": `delivery_share`: every other stream `0`
    case .deliveryShareBlockHours: return .number(0)  // "costs": `delivery_share`: every other stream `0`
    case .deliveryShareRefreshProjects: return .follows  // "costs": the **same per-path draw** as project_cost_share
    case .deliveryShareResale: return .number(0)  // "costs": `delivery_share`: every other stream `0`
    case .deliveryShareVCIO: return .number(0)  // "costs": `delivery_share`: every other stream `0`
    case .deliveryShareFrameworkProjects: return .follows  // "costs": the **same per-path draw** as project_cost_share
    case .deliveryShareThirdPartyPM: return .follows  // "costs": the **same per-path draw** as project_cost_share
    case .deliveryShareAppManagement: return .number(0)  // "costs": `delivery_share`: every other stream `0`
    case .deliveryShareMarketplace: return .number(0)  // "costs": `delivery_share`: every other stream `0`
    // adoption.funnel (docs/model.md, "The sales funnel": "Lags are whole months >= 1 (default 1)",
    // "`retry_months` (default 12)")
    case .funnelAssessmentsPerMonth: return .required  // "adoption.funnel": `assessments_per_month` | required
    case .funnelWorkshopRate: return .required  // "adoption.funnel": `workshop_rate` | required
    case .funnelWorkshopLagMonths: return .number(1)  // "adoption.funnel": `workshop_lag_months` | `1`
    case .funnelQuickWinRate: return .required  // "adoption.funnel": `quick_win_rate` | required
    case .funnelQuickWinLagMonths: return .number(1)  // "adoption.funnel": `quick_win_lag_months` | `1`
    case .funnelTrialRate: return .required  // "adoption.funnel": `trial_rate` | required
    case .funnelTrialLagMonths: return .number(1)  // "adoption.funnel": `trial_lag_months` | `1`
    case .funnelTrialFee: return .number(0)  // "adoption.funnel": `trial_fee` | `0`
    case .funnelCloseRate: return .required  // "adoption.funnel": `close_rate` | required
    case .funnelRetryMonths: return .number(12)  // "adoption.funnel": `retry_months` | `12`
    case .funnelAssessmentCost: return .number(0)  // "adoption.funnel": `assessment_cost` | `0`
    case .funnelWorkshopCost: return .number(0)  // "adoption.funnel": `workshop_cost` | `0`
    }
  }

  /// The documented default of a per-event quantity (`EventID`). Each comment quotes the
  /// default column of docs/scenario-format.md (its section in quotes).
  static func event(_ id: EventID) -> ReferenceDefault {
    switch id {
    case .clientSeats: return .required  // "clients": `seats` | **required**
    case .acquisitionSeats: return .follows  // "acquisition": `seats` | drawn as `clients.seats`
    case .vcioOnlySeats: return .follows  // "acquisition": `vcio_only_seats` | drawn as `acquisition.seats`
    case .funnelQuickWinValue: return .number(0)  // "adoption.funnel": `quick_win_value` | `0`
    case .refreshValuePerSeat: return .required  // "refresh_projects": `value_per_seat` | **required**
    case .vcioMonthlyFee: return .required  // "vcio": `monthly_fee` | **required**
    case .frameworkFee: return .required  // "framework_projects": `fee` | **required**
    case .pmProjectValue: return .required  // "third_party_pm": `value` | **required**
    case .appsPerClient: return .required  // "app_management": `apps_per_client` | **required**
    case .appTierPrice: return .required  // "app_management": `tier_price` | **required**
    case .marketCommission: return .required  // "marketplace": `commission` | **required**
    }
  }

  /// The documented default of a key of `valuation:`, `cash:` or `recessions:`. Each
  /// comment quotes the default column of docs/scenario-format.md (its section in quotes).
  static func decisionKey(_ key: DecisionKey) -> ReferenceDefault {
    switch key {
    // valuation (docs/model.md, "Exit value": "default: the horizon", "defaults: per-recurring 0, min 0, no max")
    case .exitYear: return .horizonYears  // "Valuation and cash": `valuation.exit_year` | `horizon_years`
    case .multipleBase: return .required  // "Valuation and cash": `valuation.multiple_base` | **required**
    case .multiplePerRecurring: return .number(0)  // "Valuation and cash": `valuation.multiple_per_recurring` | `0`
    case .multipleMin: return .number(0)  // "Valuation and cash": `valuation.multiple_min` | `0`
    case .multipleMax: return .number(.infinity)  // "Valuation and cash": `valuation.multiple_max` | none (no cap)
    // cash (docs/model.md, "Cash": "all default 0")
    case .opening: return .number(0)  // "Valuation and cash": `cash.opening` | `0`
    case .receivableDays: return .number(0)  // "Valuation and cash": `cash.receivable_days` | `0`
    case .taxRate: return .number(0)  // "Valuation and cash": `cash.tax_rate` | `0`
    case .ownerDrawMonthly: return .number(0)  // "Valuation and cash": `cash.owner_draw_monthly` | `0`
    case .floor: return .number(0)  // "Valuation and cash": `cash.floor` | `0`
    // recessions (docs/model.md, "Recessions": effects "each default 1")
    // "Correlations and recessions": `annual_probability` | ... | required
    case .recessionAnnualProbability: return .required
    // "Correlations and recessions": `duration_months` | ... | required
    case .recessionDurationMonths: return .required
    case .effectAcquisition: return .number(1)  // "Correlations and recessions": `effects.acquisition` | `1`
    case .effectChurn: return .number(1)  // "Correlations and recessions": `effects.churn` | `1`
    case .effectBlockHours: return .number(1)  // "Correlations and recessions": `effects.block_hours` | `1`
    case .effectRefreshWinRate: return .number(1)  // "Correlations and recessions": `effects.refresh_win_rate` | `1`
    case .effectThirdPartyPM: return .number(1)  // "Correlations and recessions": `effects.third_party_pm` | `1`
    case .effectCloudSpend: return .number(1)  // "Correlations and recessions": `effects.cloud_spend` | `1`
    }
  }

  // MARK: Applying them

  /// A scenario the reference cannot read as the docs describe it: a required key left
  /// out of a section that is present (the loader should have refused the file), or the
  /// reference's two tables (`parameter(_:)` and `ReferenceSimulator.follows`) disagreeing.
  struct Problem: Error, CustomStringConvertible {
    let description: String
  }

  /// One model's per-path parameters as the reference draws them, by `ParameterID.rawValue`:
  /// a key the file gave as written; a key left out that follows another a placeholder
  /// (the follow logic of `ReferenceSimulator.simulate` replaces it with its source's
  /// draw); any other key left out its documented default, a constant (the reference
  /// clamps it into the key's domain as it does a given key). `applied`: the key path of
  /// each default applied that the model reads.
  static func modelParameters(_ spec: ModelSpec) throws -> (specs: [ParameterSpec], applied: [String]) {
    let followers = Set(ReferenceSimulator.follows.map { $0.key })
    var specs: [ParameterSpec] = []
    var applied: [String] = []
    for id in ParameterID.allCases {
      if spec.given.contains(id.rawValue) {
        specs.append(spec.parameters[id.rawValue])
        continue
      }
      let documented = parameter(id)
      guard followers.contains(id) == (documented == .follows) else {
        throw Problem(
          description: "\(id.keyPath): ReferenceDefaults says \(documented), ReferenceSimulator.follows "
            + (followers.contains(id) ? "lists it as a follower" : "does not list it"))
      }
      switch documented {
      case .number(let x):
        specs.append(.constant(x))
        if reads(id, spec) { applied.append(id.keyPath) }
      case .follows:
        specs.append(.constant(0))  // replaced by its source's draw
      case .required:
        if hasSection(of: id, spec) {
          throw Problem(
            description: "models.\(spec.name).\(id.keyPath): required (docs/scenario-format.md), "
              + "its section is present, and the file does not give it; the loader should have refused it")
        }
        specs.append(.constant(0))  // never read: the model lacks the section
      case .horizonYears:
        throw Problem(description: "\(id.keyPath): a per-path parameter cannot default to horizon_years")
      }
    }
    return (specs, applied)
  }

  /// The decision keys as the reference draws them, by `DecisionKey.rawValue`: a key the
  /// file gave as written; a key left out its documented default (`exit_year`: the
  /// scenario's horizon). Keys of a block the file lacks are never drawn. `applied`: the
  /// key path of each default applied in a block the file has.
  static func decisionParameters(_ scenario: Scenario) throws -> (specs: [ParameterSpec], applied: [String]) {
    var specs: [ParameterSpec] = []
    var applied: [String] = []
    for key in DecisionKey.allCases {
      if scenario.decisionGiven.contains(key.rawValue) {
        specs.append(scenario.decision[key.rawValue])
        continue
      }
      let present = scenario.decisionBlocks.contains(key.block)
      switch decisionKey(key) {
      case .number(let x):
        specs.append(.constant(x))
      case .horizonYears:
        specs.append(.constant(Double(scenario.horizonYears)))
      case .required:
        if present {
          throw Problem(
            description: "\(key.keyPath): required (docs/scenario-format.md), the block is present, "
              + "and the file does not give it; the loader should have refused it")
        }
        specs.append(.constant(0))  // never drawn: the block is absent
        continue
      case .follows:
        throw Problem(description: "\(key.keyPath): no decision key follows another")
      }
      if present { applied.append(key.keyPath) }
    }
    return (specs, applied)
  }

  /// Whether the model has the key's section, inside which a required key must be given
  /// (docs/scenario-format.md, "models": "Inside a present section, the keys marked
  /// **required** must be given"): `clients` always, a stream's keys with the stream,
  /// `adoption.funnel`'s with a funnel.
  static func hasSection(of id: ParameterID, _ spec: ModelSpec) -> Bool {
    switch id.section {
    case .stream(let k): return spec.streams.contains(k)
    case .funnel: return spec.hasFunnel
    case .clients, .acquisition, .churn, .adoption, .costs: return true
    }
  }

  /// Whether a default applied to `id` reaches the model's numbers (for the count only):
  /// the model reads the key (`ModelSpec.uses`), and a marketplace with `programs` reads
  /// the programs' months, not `commission_months`.
  static func reads(_ id: ParameterID, _ spec: ModelSpec) -> Bool {
    spec.uses(id) && !(id == .marketCommissionMonths && !spec.programs.isEmpty)
  }
}

/// The defaults `ReferenceSimulator` applied itself, over every simulator made in the
/// process (`ReferenceSimulator.ownDefaultsLedger`).
struct ReferenceDefaultsLedger: Sendable {
  /// One per model and parameter the file left out that the model reads, and one per
  /// decision key left out of a block the file has.
  var applied = 0
  /// The key paths of those keys (without the model's name).
  var keys: Set<String> = []
}

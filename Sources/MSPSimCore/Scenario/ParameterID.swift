/// Every per-path parameter of a model, with its key path in the scenario file,
/// its default, its domain and its unit: the one table that drives loading,
/// defaults, validation, `mspsim init` and docs/scenario-format.md.
///
/// A per-path parameter is drawn once per path and held for the horizon
/// (docs/model.md, "Two levels of uncertainty"). The engine reads them by index from a
/// buffer filled at the start of each path: no string key and no optional there.
public enum ParameterID: Int, CaseIterable, Sendable {
  // clients
  case clientsInitial
  case seatGrowth
  // acquisition
  case acquisitionMonthlyRate
  case acquisitionAnnualGrowth
  // churn
  case churnAnnual
  case churnAnnualAdopted
  // adoption
  case adoptionInitialShare
  case adoptionAtSignup
  case adoptionMonthly
  case adoptionRampMonths
  case adoptionStartMonth
  // managed_services
  case pricePerSeat
  case annualPriceChange
  // block_hours
  case hoursPerSeat
  case hourlyRate
  case annualDemandChange
  case annualRateChange
  // refresh_projects
  case refreshCycleMonths
  case refreshWinRate
  // resale
  case resaleSpendPerSeatPerYear
  case resaleMargin
  case resaleAnnualMarginChange
  // third_party_pm
  case pmProjectsPerYear
  case pmFeeShare
  // app_management
  case appUserShare
  // marketplace
  case marketCapture
  case marketCaptureRampMonths
  case marketCommissionMonths
  case marketBountyPerSeat
  case marketCloudSpendPerSeat
  case marketAnnualCloudGrowth
  // costs
  case seatsPerTechnician
  case technicianMonthly
  case clientsPerVCIO
  case vcioMonthly
  case minVCIOs
  case toolsPerSeat
  case projectCostShare
  case fixedMonthly
  case marketingMonthly
  case annualCostChange
  // Version 2 (docs/model.md, "Fee escalation, productivity and the transition
  // budget"): appended, so the draws of the keys above keep their order.
  case vcioAnnualFeeChange
  case appAnnualPriceChange
  case annualSeatsPerTechnicianChange
  case transitionMonthly
  case transitionMonths
  // Version 2 (docs/model.md, "Delivery cost and gross margin", "Pull-through and
  // cannibalisation", "Hiring lag").
  case refreshWinRateAdopted
  case resaleAdoptedShare
  case hiringLagMonths
  case contractorPremium
  case deliveryShareManagedServices
  case deliveryShareBlockHours
  case deliveryShareRefreshProjects
  case deliveryShareResale
  case deliveryShareVCIO
  case deliveryShareFrameworkProjects
  case deliveryShareThirdPartyPM
  case deliveryShareAppManagement
  case deliveryShareMarketplace
  // Version 2 (docs/model.md, "Bigger clients and vCIO-only clients").
  case acquisitionVCIOOnlyRate
  // Version 2 (docs/model.md, "The sales funnel"): `adoption.funnel`.
  case funnelAssessmentsPerMonth
  case funnelWorkshopRate
  case funnelWorkshopLagMonths
  case funnelQuickWinRate
  case funnelQuickWinLagMonths
  case funnelTrialRate
  case funnelTrialLagMonths
  case funnelTrialFee
  case funnelCloseRate
  case funnelRetryMonths
  case funnelAssessmentCost
  case funnelWorkshopCost

  /// The keys of `adoption.funnel` (docs/model.md, "The sales funnel").
  public static let funnelKeys: [ParameterID] = allCases.filter { $0.section == .funnel }

  /// `costs.delivery_share.<kind>` of each stream kind (docs/model.md, "Delivery cost
  /// and gross margin").
  public static func deliveryShare(_ k: StreamKind) -> ParameterID {
    ParameterID(rawValue: ParameterID.deliveryShareManagedServices.rawValue + k.index)!
  }

  /// The stream the key belongs to: its section's, or a delivery share's (nil for the
  /// keys of clients, acquisition, churn, adoption and the other costs). A model
  /// without that stream does not read the key.
  public var stream: StreamKind? {
    if case .stream(let k) = section { return k }
    return deliveryShareStream
  }

  /// The stream a `costs.delivery_share.<kind>` key belongs to (nil for every other key).
  public var deliveryShareStream: StreamKind? {
    let i = rawValue - ParameterID.deliveryShareManagedServices.rawValue
    return i >= 0 && i < StreamKind.allCases.count ? StreamKind.allCases[i] : nil
  }

  /// The key whose per-path value this one takes when the file does not give it
  /// (docs/scenario-format.md, "Keys that follow another"): the adopted churn follows
  /// churn, the adopted win rate the win rate, a project stream's delivery share
  /// `project_cost_share`. nil: the key has its own default.
  public var follows: ParameterID? {
    switch self {
    case .churnAnnualAdopted: return .churnAnnual
    case .refreshWinRateAdopted: return .refreshWinRate
    case .deliveryShareRefreshProjects, .deliveryShareFrameworkProjects, .deliveryShareThirdPartyPM:
      return .projectCostShare
    default: return nil
    }
  }

  /// Where the parameter lives in a model: the section (`clients`, `streams.vcio`, `costs`, ...).
  public var section: ModelSection {
    switch self {
    case .clientsInitial, .seatGrowth: return .clients
    case .acquisitionMonthlyRate, .acquisitionAnnualGrowth, .acquisitionVCIOOnlyRate: return .acquisition
    case .churnAnnual, .churnAnnualAdopted: return .churn
    case .adoptionInitialShare, .adoptionAtSignup, .adoptionMonthly, .adoptionRampMonths, .adoptionStartMonth:
      return .adoption
    case .pricePerSeat, .annualPriceChange: return .stream(.managedServices)
    case .hoursPerSeat, .hourlyRate, .annualDemandChange, .annualRateChange: return .stream(.blockHours)
    case .refreshCycleMonths, .refreshWinRate: return .stream(.refreshProjects)
    case .resaleSpendPerSeatPerYear, .resaleMargin, .resaleAnnualMarginChange: return .stream(.resale)
    case .pmProjectsPerYear, .pmFeeShare: return .stream(.thirdPartyPM)
    case .appUserShare, .appAnnualPriceChange: return .stream(.appManagement)
    case .vcioAnnualFeeChange: return .stream(.vcio)
    case .marketCapture, .marketCaptureRampMonths, .marketCommissionMonths, .marketBountyPerSeat,
      .marketCloudSpendPerSeat, .marketAnnualCloudGrowth:
      return .stream(.marketplace)
    case .seatsPerTechnician, .technicianMonthly, .clientsPerVCIO, .vcioMonthly, .minVCIOs, .toolsPerSeat,
      .projectCostShare, .fixedMonthly, .marketingMonthly, .annualCostChange, .annualSeatsPerTechnicianChange,
      .transitionMonthly, .transitionMonths, .hiringLagMonths, .contractorPremium:
      return .costs
    case .refreshWinRateAdopted: return .stream(.refreshProjects)
    case .resaleAdoptedShare: return .stream(.resale)
    case .deliveryShareManagedServices, .deliveryShareBlockHours, .deliveryShareRefreshProjects,
      .deliveryShareResale, .deliveryShareVCIO, .deliveryShareFrameworkProjects, .deliveryShareThirdPartyPM,
      .deliveryShareAppManagement, .deliveryShareMarketplace:
      return .costs
    case .funnelAssessmentsPerMonth, .funnelWorkshopRate, .funnelWorkshopLagMonths, .funnelQuickWinRate,
      .funnelQuickWinLagMonths, .funnelTrialRate, .funnelTrialLagMonths, .funnelTrialFee, .funnelCloseRate,
      .funnelRetryMonths, .funnelAssessmentCost, .funnelWorkshopCost:
      return .funnel
    }
  }

  /// The key inside its section.
  public var key: String {
    switch self {
    case .clientsInitial: return "initial"
    case .seatGrowth: return "annual_seat_growth"
    case .acquisitionMonthlyRate: return "monthly_rate"
    case .acquisitionAnnualGrowth: return "annual_growth"
    case .churnAnnual: return "annual"
    case .churnAnnualAdopted: return "annual_adopted"
    case .adoptionInitialShare: return "initial_share"
    case .adoptionAtSignup: return "at_signup"
    case .adoptionMonthly: return "monthly"
    case .adoptionRampMonths: return "ramp_months"
    case .adoptionStartMonth: return "start_month"
    case .pricePerSeat: return "price_per_seat"
    case .annualPriceChange: return "annual_price_change"
    case .hoursPerSeat: return "hours_per_seat"
    case .hourlyRate: return "hourly_rate"
    case .annualDemandChange: return "annual_demand_change"
    case .annualRateChange: return "annual_rate_change"
    case .refreshCycleMonths: return "cycle_months"
    case .refreshWinRate: return "win_rate"
    case .resaleSpendPerSeatPerYear: return "spend_per_seat_per_year"
    case .resaleMargin: return "margin"
    case .resaleAnnualMarginChange: return "annual_margin_change"
    case .pmProjectsPerYear: return "projects_per_year"
    case .pmFeeShare: return "fee_share"
    case .appUserShare: return "user_share"
    case .marketCapture: return "capture"
    case .marketCaptureRampMonths: return "capture_ramp_months"
    case .marketCommissionMonths: return "commission_months"
    case .marketBountyPerSeat: return "bounty_per_seat"
    case .marketCloudSpendPerSeat: return "cloud_spend_per_seat"
    case .marketAnnualCloudGrowth: return "annual_cloud_growth"
    case .seatsPerTechnician: return "seats_per_technician"
    case .technicianMonthly: return "technician_monthly"
    case .clientsPerVCIO: return "clients_per_vcio"
    case .vcioMonthly: return "vcio_monthly"
    case .minVCIOs: return "min_vcios"
    case .toolsPerSeat: return "tools_per_seat"
    case .projectCostShare: return "project_cost_share"
    case .fixedMonthly: return "fixed_monthly"
    case .marketingMonthly: return "marketing_monthly"
    case .annualCostChange: return "annual_cost_change"
    case .vcioAnnualFeeChange: return "annual_fee_change"
    case .appAnnualPriceChange: return "annual_price_change"
    case .annualSeatsPerTechnicianChange: return "annual_seats_per_technician_change"
    case .transitionMonthly: return "transition_monthly"
    case .transitionMonths: return "transition_months"
    case .refreshWinRateAdopted: return "win_rate_adopted"
    case .resaleAdoptedShare: return "adopted_share"
    case .hiringLagMonths: return "hiring_lag_months"
    case .contractorPremium: return "contractor_premium"
    case .acquisitionVCIOOnlyRate: return "vcio_only_rate"
    case .funnelAssessmentsPerMonth: return "assessments_per_month"
    case .funnelWorkshopRate: return "workshop_rate"
    case .funnelWorkshopLagMonths: return "workshop_lag_months"
    case .funnelQuickWinRate: return "quick_win_rate"
    case .funnelQuickWinLagMonths: return "quick_win_lag_months"
    case .funnelTrialRate: return "trial_rate"
    case .funnelTrialLagMonths: return "trial_lag_months"
    case .funnelTrialFee: return "trial_fee"
    case .funnelCloseRate: return "close_rate"
    case .funnelRetryMonths: return "retry_months"
    case .funnelAssessmentCost: return "assessment_cost"
    case .funnelWorkshopCost: return "workshop_cost"
    case .deliveryShareManagedServices, .deliveryShareBlockHours, .deliveryShareRefreshProjects,
      .deliveryShareResale, .deliveryShareVCIO, .deliveryShareFrameworkProjects, .deliveryShareThirdPartyPM,
      .deliveryShareAppManagement, .deliveryShareMarketplace:
      return Self.deliverySharePrefix + deliveryShareStream!.rawValue
    }
  }

  /// `costs.delivery_share` is a mapping of stream kinds: its keys are `delivery_share.<kind>`.
  public static let deliverySharePrefix = "delivery_share."

  /// The key path inside a model, e.g. `streams.managed_services.price_per_seat`.
  public var keyPath: String { section.path + "." + key }

  /// The value when the key is absent; nil when the key is required (when its
  /// section is present). `churn.annual_adopted` defaults to `churn.annual` (handled by the loader).
  public var defaultValue: Double? {
    switch self {
    case .clientsInitial: return nil
    case .pricePerSeat, .hoursPerSeat, .hourlyRate, .refreshCycleMonths, .refreshWinRate,
      .resaleSpendPerSeatPerYear, .resaleMargin, .pmProjectsPerYear, .pmFeeShare, .appUserShare,
      .marketCapture, .marketCloudSpendPerSeat:
      return nil
    case .funnelAssessmentsPerMonth, .funnelWorkshopRate, .funnelQuickWinRate, .funnelTrialRate, .funnelCloseRate:
      return nil
    case .adoptionStartMonth, .resaleAdoptedShare: return 1
    case .funnelWorkshopLagMonths, .funnelQuickWinLagMonths, .funnelTrialLagMonths: return 1
    case .funnelRetryMonths: return 12
    case .contractorPremium: return 0.5
    default: return 0
    }
  }

  public var domain: ParameterDomain {
    switch self {
    case .clientsInitial, .adoptionRampMonths, .marketCaptureRampMonths, .marketCommissionMonths, .minVCIOs,
      .transitionMonths, .hiringLagMonths:
      return .wholeNonNegative
    case .adoptionStartMonth, .refreshCycleMonths, .funnelWorkshopLagMonths, .funnelQuickWinLagMonths,
      .funnelTrialLagMonths, .funnelRetryMonths:
      return .wholePositive
    case .churnAnnual, .churnAnnualAdopted, .adoptionInitialShare, .adoptionAtSignup, .adoptionMonthly,
      .refreshWinRate, .pmFeeShare, .appUserShare, .marketCapture, .resaleMargin, .projectCostShare,
      .refreshWinRateAdopted, .resaleAdoptedShare, .funnelWorkshopRate, .funnelQuickWinRate, .funnelTrialRate,
      .funnelCloseRate:
      return .probability
    case let id where id.deliveryShareStream != nil: return .probability
    case .seatGrowth, .acquisitionAnnualGrowth, .annualPriceChange, .annualDemandChange, .annualRateChange,
      .resaleAnnualMarginChange, .marketAnnualCloudGrowth, .annualCostChange, .vcioAnnualFeeChange,
      .appAnnualPriceChange, .annualSeatsPerTechnicianChange:
      return .annualChange
    case .seatsPerTechnician, .clientsPerVCIO: return .nonNegative
    default: return .nonNegative
    }
  }

  /// Unit and meaning, for docs and `mspsim init`.
  public var unit: String {
    switch self {
    case .clientsInitial: return "clients at month 0"
    case .seatGrowth: return "annual growth of each client's seats"
    case .acquisitionMonthlyRate: return "new clients per month (Poisson mean) in year 1"
    case .acquisitionAnnualGrowth: return "annual change of the acquisition rate"
    case .churnAnnual: return "annual probability a client leaves (converted to monthly 1-(1-a)^(1/12))"
    case .churnAnnualAdopted: return "annual churn probability of an adopted (2.0) client; default churn.annual"
    case .adoptionInitialShare: return "share of initial clients already adopted at month 0"
    case .adoptionAtSignup: return "probability a new client adopts at signup (from start_month)"
    case .adoptionMonthly: return "monthly probability a client adopts (after the ramp)"
    case .adoptionRampMonths: return "months over which the adoption probability ramps up linearly (0: no ramp)"
    case .adoptionStartMonth: return "first month adoption can happen (1 = first month)"
    case .pricePerSeat: return "currency per seat per month"
    case .annualPriceChange: return "annual change of the per-seat price"
    case .hoursPerSeat: return "billed hours per seat per month (Poisson mean per seat)"
    case .hourlyRate: return "currency per billed hour"
    case .annualDemandChange: return "annual change of hours demanded per seat"
    case .annualRateChange: return "annual change of the hourly rate"
    case .refreshCycleMonths: return "months between a client's hardware refreshes (rounded)"
    case .refreshWinRate: return "probability a falling-due refresh project is won"
    case .resaleSpendPerSeatPerYear: return "resold hardware/software spend, currency per seat per year"
    case .resaleMargin: return "gross margin on resale (not pass-through revenue)"
    case .resaleAnnualMarginChange: return "annual change of the resale margin"
    case .pmProjectsPerYear: return "third-party projects per adopted client per year"
    case .pmFeeShare: return "share of a third-party project's value billed as PM fee"
    case .appUserShare: return "share of a client's seats using the managed apps"
    case .marketCapture: return "share of a client's seats whose cloud spend the MSP routes"
    case .marketCaptureRampMonths: return "months for a new adopter's routed spend to ramp to full (0: none)"
    case .marketCommissionMonths: return "months a client's commission is paid after adoption (0: for ever)"
    case .marketBountyPerSeat: return "one-off referral bounty per routed seat in the adoption month"
    case .marketCloudSpendPerSeat: return "cloud/SaaS spend, currency per seat per month"
    case .marketAnnualCloudGrowth: return "annual growth of cloud spend per seat"
    case .seatsPerTechnician: return "seats one technician supports (0: no technician cost)"
    case .technicianMonthly: return "fully loaded cost of a technician per month"
    case .clientsPerVCIO: return "adopted clients one vCIO serves (0: only min_vcios are paid)"
    case .vcioMonthly: return "fully loaded cost of a vCIO per month"
    case .minVCIOs: return "vCIOs employed from adoption.start_month on, whatever the book"
    case .toolsPerSeat: return "tools and licences, currency per seat per month"
    case .projectCostShare:
      return "default delivery share of the project streams (refresh, framework, third-party PM)"
    case .fixedMonthly: return "fixed overhead per month"
    case .marketingMonthly: return "marketing and sales per month"
    case .annualCostChange:
      return "annual change of salaries, tools and overhead (technician, vCIO, tools, fixed, marketing); 0: flat"
    case .vcioAnnualFeeChange: return "annual change of every client's vCIO fee (fee x (1+f)^y)"
    case .appAnnualPriceChange: return "annual change of the app tier prices"
    case .annualSeatsPerTechnicianChange: return "annual change of seats per technician (automation; spt x (1+p)^y)"
    case .transitionMonthly: return "transition budget per month from adoption.start_month (not inflated)"
    case .transitionMonths: return "months the transition budget lasts (whole)"
    case .refreshWinRateAdopted:
      return "probability an adopted client's falling-due refresh is won (the vCIO's roadmap); default win_rate"
    case .resaleAdoptedShare:
      return "share of an adopted client's resale spend that stays resale (the rest moves to the marketplace)"
    case .hiringLagMonths: return "months staff head count lags the need, up and down (whole; 0: hired at once)"
    case .contractorPremium: return "premium over salary for contractors covering a staff shortfall"
    case .acquisitionVCIOOnlyRate:
      return
        "new vCIO-only clients per month (Poisson mean) in year 1: adopted, no support contract (needs a 2.0 stream)"
    case .deliveryShareRefreshProjects, .deliveryShareFrameworkProjects, .deliveryShareThirdPartyPM:
      return "share of the stream's revenue spent delivering it; default project_cost_share"
    case .funnelAssessmentsPerMonth:
      return "ITCq assessments started per month (Poisson mean, scaled by the ramp) on clients not yet adopted"
    case .funnelWorkshopRate: return "probability an assessed client holds the reframing workshop"
    case .funnelWorkshopLagMonths: return "months from the assessment to the workshop (whole, >= 1)"
    case .funnelQuickWinRate: return "probability a client buys the quick-win project after the workshop"
    case .funnelQuickWinLagMonths: return "months from the workshop to the quick win (whole, >= 1)"
    case .funnelTrialRate: return "probability a client starts the trial quarter after the quick win"
    case .funnelTrialLagMonths: return "months from the quick win to the trial's first month (whole, >= 1)"
    case .funnelTrialFee: return "trial quarter fee per month, 3 months, revenue of vcio (not escalated)"
    case .funnelCloseRate: return "probability a client adopts at the end of its trial quarter"
    case .funnelRetryMonths: return "months before a client who left the funnel may be assessed again (whole, >= 1)"
    case .funnelAssessmentCost: return "overhead per assessment (inflated by annual_cost_change)"
    case .funnelWorkshopCost: return "overhead per workshop held (inflated by annual_cost_change; 0 when vCIOs run it)"
    case .deliveryShareManagedServices, .deliveryShareBlockHours, .deliveryShareResale, .deliveryShareVCIO,
      .deliveryShareAppManagement, .deliveryShareMarketplace:
      return "share of the stream's revenue spent delivering it (subcontractors, licences, vendor support)"
    }
  }
}

/// Every per-event quantity of a model (docs/model.md: drawn each time the event happens).
public enum EventID: Int, CaseIterable, Sendable {
  case clientSeats
  case refreshValuePerSeat
  case vcioMonthlyFee
  case frameworkFee
  case pmProjectValue
  case appsPerClient
  case appTierPrice
  case marketCommission
  // Version 2 (docs/model.md, "Bigger clients and vCIO-only clients"): appended.
  case acquisitionSeats
  case vcioOnlySeats
  // Version 2 (docs/model.md, "The sales funnel").
  case funnelQuickWinValue

  /// The quantity may be left out although nothing it follows: `quick_win_value`
  /// (no quick-win revenue, 0).
  public var isOptional: Bool { self == .funnelQuickWinValue }

  /// The quantity whose sampler this one draws from when the file does not give it
  /// (docs/scenario-format.md, "Keys that follow another"): new clients' seats follow
  /// `clients.seats`, vCIO-only clients' seats follow `acquisition.seats`. nil: the
  /// quantity is required when its section is present.
  public var follows: EventID? {
    switch self {
    case .acquisitionSeats: return .clientSeats
    case .vcioOnlySeats: return .acquisitionSeats
    default: return nil
    }
  }

  public var section: ModelSection {
    switch self {
    case .clientSeats: return .clients
    case .acquisitionSeats, .vcioOnlySeats: return .acquisition
    case .refreshValuePerSeat: return .stream(.refreshProjects)
    case .vcioMonthlyFee: return .stream(.vcio)
    case .frameworkFee: return .stream(.frameworkProjects)
    case .pmProjectValue: return .stream(.thirdPartyPM)
    case .appsPerClient, .appTierPrice: return .stream(.appManagement)
    case .marketCommission: return .stream(.marketplace)
    case .funnelQuickWinValue: return .funnel
    }
  }

  public var key: String {
    switch self {
    case .clientSeats: return "seats"
    case .refreshValuePerSeat: return "value_per_seat"
    case .vcioMonthlyFee: return "monthly_fee"
    case .frameworkFee: return "fee"
    case .pmProjectValue: return "value"
    case .appsPerClient: return "apps_per_client"
    case .appTierPrice: return "tier_price"
    case .marketCommission: return "commission"
    case .acquisitionSeats: return "seats"
    case .vcioOnlySeats: return "vcio_only_seats"
    case .funnelQuickWinValue: return "quick_win_value"
    }
  }

  public var keyPath: String { section.path + "." + key }

  public var domain: ParameterDomain {
    switch self {
    case .appsPerClient: return .wholeNonNegative
    case .marketCommission: return .probability
    default: return .nonNegative
    }
  }

  public var unit: String {
    switch self {
    case .clientSeats: return "seats of a client when it joins (per client)"
    case .refreshValuePerSeat: return "value of a won refresh project per seat (per project)"
    case .vcioMonthlyFee: return "vCIO fee per month of an adopted client (drawn at adoption)"
    case .frameworkFee: return "one-off framework project fee (per adopting client)"
    case .pmProjectValue: return "value of one third-party project (per project)"
    case .appsPerClient: return "managed apps of an adopted client (per client, rounded)"
    case .appTierPrice: return "price per user per month of one app (per app)"
    case .marketCommission: return "commission rate of a client's vendor mix (drawn at adoption)"
    case .acquisitionSeats: return "seats of a new client when it joins (per client); default clients.seats"
    case .vcioOnlySeats: return "seats of a new vCIO-only client when it joins (per client); default acquisition.seats"
    case .funnelQuickWinValue:
      return "value of a quick-win project (per project): framework_projects revenue in its month; default 0"
    }
  }
}

/// A section of a model in a scenario file.
public enum ModelSection: Hashable, Sendable {
  case clients, acquisition, churn, adoption, costs
  /// `adoption.funnel` (docs/model.md, "The sales funnel").
  case funnel
  case stream(StreamKind)

  public var path: String {
    switch self {
    case .clients: return "clients"
    case .acquisition: return "acquisition"
    case .churn: return "churn"
    case .adoption: return "adoption"
    case .funnel: return "adoption.funnel"
    case .costs: return "costs"
    case .stream(let k): return "streams." + k.rawValue
    }
  }
}

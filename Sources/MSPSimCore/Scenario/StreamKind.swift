/// The nine revenue stream kinds of docs/model.md, "Revenue streams", in output order.
public enum StreamKind: String, CaseIterable, Sendable, Codable, Comparable {
  case managedServices = "managed_services"
  case blockHours = "block_hours"
  case refreshProjects = "refresh_projects"
  case resale = "resale"
  case vcio = "vcio"
  case frameworkProjects = "framework_projects"
  case thirdPartyPM = "third_party_pm"
  case appManagement = "app_management"
  case marketplace = "marketplace"

  /// Index in `allCases`: the fixed order of columns and metrics. (A switch, not
  /// `allCases.firstIndex`: `allCases` builds an array on every call, which the hot
  /// loop's malloc benchmark caught.)
  public var index: Int {
    switch self {
    case .managedServices: return 0
    case .blockHours: return 1
    case .refreshProjects: return 2
    case .resale: return 3
    case .vcio: return 4
    case .frameworkProjects: return 5
    case .thirdPartyPM: return 6
    case .appManagement: return 7
    case .marketplace: return 8
    }
  }

  public static func < (a: StreamKind, b: StreamKind) -> Bool { a.index < b.index }

  /// An "MSP 2.0" stream: its revenue comes from adopted clients (docs/model.md: a model
  /// without any 2.0 stream has no adoption).
  public var isMSP2: Bool {
    switch self {
    case .managedServices, .blockHours, .refreshProjects, .resale: return false
    case .vcio, .frameworkProjects, .thirdPartyPM, .appManagement, .marketplace: return true
    }
  }

  /// Counted in `revenue.recurring` (docs/model.md, "Costs and profit"): the marketplace with its
  /// commissions only, not its one-off bounties.
  public var isRecurring: Bool {
    switch self {
    case .managedServices, .vcio, .appManagement, .marketplace: return true
    default: return false
    }
  }

  /// A project stream (refresh, framework, third-party PM): its delivery share defaults
  /// to `project_cost_share` (docs/model.md, "Delivery cost and gross margin").
  public var isProject: Bool {
    switch self {
    case .refreshProjects, .frameworkProjects, .thirdPartyPM: return true
    default: return false
    }
  }

  /// One line for `mspsim list`.
  public var summary: String {
    switch self {
    case .managedServices: return "1.0  per-seat support: price_per_seat x (1+annual_price_change)^y x seats"
    case .blockHours:
      return
        "1.0  billed hours ~ Poisson(hours_per_seat x (1+annual_demand_change)^y x seats) x hourly_rate x (1+annual_rate_change)^y"
    case .refreshProjects:
      return "1.0  hardware refresh every cycle_months per client, won with win_rate, worth value_per_seat x seats"
    case .resale: return "1.0  resale margin: spend_per_seat_per_year/12 x seats x margin x (1+annual_margin_change)^y"
    case .vcio: return "2.0  virtual-CIO fee per adopted client (monthly_fee drawn at adoption)"
    case .frameworkProjects: return "2.0  one-off IT-management framework fee in the month a client adopts"
    case .thirdPartyPM:
      return "2.0  fee_share x value of third-party projects, Poisson(adopted x projects_per_year/12) a month"
    case .appManagement: return "2.0  SaaS app management: apps x tier_price x user_share x seats per adopted client"
    case .marketplace:
      return "2.0  recurring commissions: commission x capture x ramp x cloud_spend_per_seat x seats, plus bounties"
    }
  }
}

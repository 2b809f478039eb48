// The running values of the month loop (Engine/ModelPathSimulator+Run.swift):
// one month's revenue, and the path's sums for its summary.

/// One month's revenue over the book (docs/model.md, "Revenue streams"), before costs.
struct MonthRevenue {
  /// Seats S(t) and adopted clients A(t) the month was billed on.
  var seats: Double
  var adoptedClients: Int
  /// Seats of the clients with a support contract (all but the vCIO-only ones): what
  /// the 1.0 streams bill and technicians and tools serve (docs/model.md, "Bigger
  /// clients and vCIO-only clients"). `seats` itself when there are none.
  var supportedSeats: Double
  var total = 0.0
  var recurring = 0.0
  /// Refresh, framework and third-party PM revenue: what `project_cost_share` applies to.
  var projects = 0.0
}

/// One month's cost split by role (docs/model.md, "Costs and profit", "Delivery cost
/// and gross margin", "Hiring lag"): what the margins and staff metrics read.
struct MonthCost {
  var total = 0.0
  /// Technicians (employed and contractors) and vCIOs (likewise), inflated.
  var technicians = 0.0
  var vcios = 0.0
  /// Tools, inflated.
  var tools = 0.0
  /// Fixed and marketing (inflated) plus the transition budget.
  var overhead = 0.0
  /// Head count employed and covered by contractors.
  var employedTechnicians = 0.0
  var employedVCIOs = 0.0
  var contractors = 0.0
}

/// Running sums of a path, for its summary (docs/model.md, "What is reported").
struct PathTotals {
  var cumulativeEBITDA = 0.0
  var npv = 0.0
  var revenue = 0.0
  var ebitda = 0.0
}

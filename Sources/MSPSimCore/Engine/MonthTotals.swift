// The running values of the month loop (Engine/ModelPathSimulator+Run.swift):
// one month's revenue, and the path's sums for its summary.

/// One month's revenue over the book (docs/model.md, "Revenue streams"), before costs.
struct MonthRevenue {
  /// Seats S(t) and adopted clients A(t) the month was billed on.
  var seats: Double
  var adoptedClients: Int
  var total = 0.0
  var recurring = 0.0
  /// Refresh, framework and third-party PM revenue: what `project_cost_share` applies to.
  var projects = 0.0
}

/// Running sums of a path, for its summary (docs/model.md, "What is reported").
struct PathTotals {
  var cumulativeEBITDA = 0.0
  var npv = 0.0
  var revenue = 0.0
  var ebitda = 0.0
}

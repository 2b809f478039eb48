/// The per-path constants of a model's month loop (docs/model.md notation): the
/// path's parameter values turned into the rates, shares and slots each month's
/// steps read. Computed once per path by `ModelPathSimulator.pathConstants()`.
struct PathConstants {
  /// Stream slots in the model's output (-1: the model lacks the stream); the
  /// 2.0 streams an adopter pays are in `adoption`.
  var managedSlot: Int, blockSlot: Int, refreshSlot: Int, resaleSlot: Int, pmSlot: Int
  var hasAdoption: Bool

  // Clients.
  var monthlyChurnProbability: Double
  var redrawChurnAtAdoption: Bool
  var acquisitionMonthlyRate: Double
  /// Months between refreshes of a client; 0 when the model has no refresh stream.
  var refreshCycle: Int
  // Adoption.
  var startMonth: Int
  var rampMonths: Double
  var adoptionMonthly: Double
  var adoptionAtSignup: Double
  var initialShare: Double
  var adoption: AdoptionTerms
  // Streams.
  var pricePerSeat: Double
  var hoursPerSeat: Double, hourlyRate: Double
  var refreshWinRate: Double
  var resalePerSeatMonth: Double
  var pmMonthlyPerClient: Double, pmFeeShare: Double
  var cloudPerSeat: Double
  // Costs.
  var seatsPerTechnician: Double, technicianMonthly: Double
  var clientsPerVCIO: Double, vcioMonthly: Double, minVCIOs: Double
  var toolsPerSeat: Double, projectCostShare: Double
  /// Fixed overhead plus marketing, per month.
  var fixedMonthly: Double
}

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

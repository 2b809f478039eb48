/// The per-path constants of a model's month loop (docs/model.md notation): the
/// path's parameter values turned into the rates, shares and slots each month's
/// steps read. Computed once per path by `ModelPathSimulator.pathConstants()`.
struct PathConstants {
  /// Stream slots in the model's output (-1: the model lacks the stream); the
  /// 2.0 streams an adopter pays are in `adoption`.
  var managedSlot = -1, blockSlot = -1, refreshSlot = -1, resaleSlot = -1, pmSlot = -1
  var hasAdoption = false

  // Clients.
  var monthlyChurnProbability = 0.0
  var redrawChurnAtAdoption = false
  var acquisitionMonthlyRate = 0.0
  /// New vCIO-only clients per month in year 1 (docs/model.md, "Bigger clients and vCIO-only clients").
  var vcioOnlyMonthlyRate = 0.0
  /// The samplers new clients' and new vCIO-only clients' seats are drawn from
  /// (`ModelPlan.eventSource`: `clients.seats`'s when the keys are not given).
  var newClientSeats = 0, vcioOnlySeats = 0
  /// Months between refreshes of a client; 0 when the model has no refresh stream.
  var refreshCycle = 0
  // Adoption.
  var startMonth = 0
  var rampMonths = 0.0
  var adoptionMonthly = 0.0
  var adoptionAtSignup = 0.0
  var initialShare = 0.0
  var adoption = AdoptionTerms()
  /// The model adopts through `adoption.funnel` (docs/model.md, "The sales funnel").
  var funnel = FunnelTerms()
  // Streams.
  var pricePerSeat = 0.0
  var hoursPerSeat = 0.0, hourlyRate = 0.0
  var refreshWinRate = 0.0
  /// Win rate of an adopted client's falling-due refresh (docs/model.md, "Pull-through and cannibalisation").
  var refreshWinRateAdopted = 0.0
  var resalePerSeatMonth = 0.0
  /// 1 - resale.adopted_share: the share of an adopted client's resale spend that leaves resale.
  var resaleMovedShare = 0.0
  var pmMonthlyPerClient = 0.0, pmFeeShare = 0.0
  var cloudPerSeat = 0.0
  // Costs.
  var seatsPerTechnician = 0.0, technicianMonthly = 0.0
  var clientsPerVCIO = 0.0, vcioMonthly = 0.0, minVCIOs = 0.0
  var toolsPerSeat = 0.0, projectCostShare = 0.0
  /// Every delivery share is its default (project streams at project_cost_share, the
  /// rest 0): delivery cost is version 1's project_cost_share x project revenue, summed
  /// as version 1 summed it.
  var deliveryAsVersion1 = true
  /// Months staff head count lags the need (docs/model.md, "Hiring lag"), and the
  /// contractors' premium over salary.
  var hiringLag = 0
  var contractorPremium = 0.0
  /// Fixed overhead plus marketing, per month.
  var fixedMonthly = 0.0
  /// The transition budget per month and its months from the start month.
  var transitionMonthly = 0.0
  var transitionMonths = 0
}

/// The per-path terms of the sales funnel (docs/model.md, "The sales funnel").
struct FunnelTerms {
  var isPresent = false
  var assessmentsPerMonth = 0.0
  var workshopRate = 0.0, quickWinRate = 0.0, trialRate = 0.0, closeRate = 0.0
  /// Months from one stage to the next (each >= 1), and before a retry.
  var workshopLag = 1, quickWinLag = 1, trialLag = 1, retryMonths = 1
  var trialFee = 0.0
  var assessmentCost = 0.0, workshopCost = 0.0
}

/// Where a client not yet adopted stands in the sales funnel (docs/model.md, "The
/// sales funnel"). A client in the funnel has exactly one `.funnel` event in the
/// calendar: the month its next stage is settled (or, waiting, the month it may be
/// assessed again).
enum FunnelState: UInt8, BitwiseCopyable {
  /// Not in the funnel: in `ClientBook.pending` while not adopted (free to be assessed).
  case none
  /// Assessed; the workshop is due.
  case assessed
  /// Workshop held; the quick win is due.
  case workshopHeld
  /// Quick-win project bought; the trial is due.
  case quickWon
  /// In the trial quarter (paying the trial fee); the close is due.
  case inTrial
  /// Failed a stage; may be assessed again from the event's month (`retry_months`).
  case waiting
}

/// The funnel's counts and costs of one month (the `funnel.<stage>` rows), reset each month.
struct FunnelMonth {
  /// Clients reaching each stage this month, by `FunnelStage.rawValue`.
  var assessments = 0, workshops = 0, quickWins = 0, trials = 0, closed = 0

  mutating func reset() { self = FunnelMonth() }
}

/// The funnel's horizon totals of one path, for its summary (`FunnelSummary`).
struct FunnelTotals {
  var assessments = 0
  var closed = 0
  /// Assessment and workshop costs, inflated as spent.
  var cost = 0.0
}

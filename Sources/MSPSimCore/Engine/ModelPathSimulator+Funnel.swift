import Foundation

/// The sales funnel (docs/model.md, "The sales funnel"): step 3 of a funnel model's
/// month. Stages due this month are settled first, then the month's assessments start.
extension ModelPathSimulator {
  /// The path's funnel terms from its parameters (lags and the retry are whole and >= 1;
  /// months past the horizon all mean "not within it").
  @inline(__always)
  func funnelTerms() -> FunnelTerms {
    guard plan.hasFunnel else { return FunnelTerms() }
    let cap = months + 1
    return FunnelTerms(
      isPresent: true, assessmentsPerMonth: p(.funnelAssessmentsPerMonth),
      workshopRate: p(.funnelWorkshopRate), quickWinRate: p(.funnelQuickWinRate), trialRate: p(.funnelTrialRate),
      closeRate: p(.funnelCloseRate),
      workshopLag: Swift.max(1, Self.whole(p(.funnelWorkshopLagMonths), atMost: cap)),
      quickWinLag: Swift.max(1, Self.whole(p(.funnelQuickWinLagMonths), atMost: cap)),
      trialLag: Swift.max(1, Self.whole(p(.funnelTrialLagMonths), atMost: cap)),
      retryMonths: Swift.max(1, Self.whole(p(.funnelRetryMonths), atMost: cap)),
      trialFee: p(.funnelTrialFee), assessmentCost: p(.funnelAssessmentCost), workshopCost: p(.funnelWorkshopCost))
  }

  /// Step 3 of a funnel model: settles the stages due in month t, then starts
  /// Poisson(a x ramp(t)) assessments (t >= start_month) on clients drawn uniformly
  /// from those free to be assessed (`book.pending`: in the book before this month,
  /// not adopted, not in the funnel, not waiting to retry), fewer if fewer are free.
  @inline(__always)
  mutating func funnelStep(month t: Int, path: Int) throws(EngineError) {
    var e = calendar.first(.funnel, month: t)
    while e >= 0 {
      let i = calendar.client(of: e)
      // A client who left is out of the funnel (its event is stale); every stage is
      // scheduled at least a month ahead, so this month's list does not grow.
      if book.active[i] { try settleFunnelStage(i, month: t, path: path) }
      e = calendar.next(after: e)
    }
    guard t >= constants.startMonth, book.pending.count > 0 else { return }
    let ramp =
      constants.rampMonths > 0 ? Swift.min(1, Double(t - constants.startMonth + 1) / constants.rampMonths) : 1
    let assessmentMean = constants.funnel.assessmentsPerMonth * ramp
    let assessments = rng.poisson(
      mean: assessmentMean, probabilityOfZero: eventZeros.value(at: assessmentMean) { exp(-$0) })
    let started = Swift.min(assessments, book.pending.count)
    for _ in 0..<started {
      let i = book.pending[rng.uniformInt(book.pending.count)]
      book.removePending(i)
      book.funnel[i] = .assessed
      calendar.schedule(.funnel, month: t + constants.funnel.workshopLag, client: i)
    }
    funnelMonth.assessments += started
  }

  /// Client `i`'s stage due in month t: passed with its rate (the next stage scheduled
  /// after its lag), or failed (the client leaves the funnel and waits `retry_months`).
  /// A waiting client whose time has come is free to be assessed again.
  @inline(__always)
  mutating func settleFunnelStage(_ i: Int, month t: Int, path: Int) throws(EngineError) {
    let terms = constants.funnel
    switch book.funnel[i] {
    case .none: return
    case .waiting:
      book.funnel[i] = .none
      book.addPending(i)
    case .assessed:
      guard rng.uniform() < terms.workshopRate else { return leaveFunnel(i, month: t) }
      funnelMonth.workshops += 1
      book.funnel[i] = .workshopHeld
      calendar.schedule(.funnel, month: t + terms.quickWinLag, client: i)
    case .workshopHeld:
      guard rng.uniform() < terms.quickWinRate else { return leaveFunnel(i, month: t) }
      funnelMonth.quickWins += 1
      // The quick-win project is framework_projects revenue of this month.
      if constants.adoption.frameworkSlot >= 0 { frameworkThisMonth += draw(.funnelQuickWinValue) }
      book.funnel[i] = .quickWon
      calendar.schedule(.funnel, month: t + terms.trialLag, client: i)
    case .quickWon:
      guard rng.uniform() < terms.trialRate else { return leaveFunnel(i, month: t) }
      funnelMonth.trials += 1
      trialsActive += 1
      book.funnel[i] = .inTrial
      // The trial quarter is months t, t+1, t+2; the close is settled in t+3.
      calendar.schedule(.funnel, month: t + 3, client: i)
    case .inTrial:
      trialsActive -= 1
      guard rng.uniform() < terms.closeRate else { return leaveFunnel(i, month: t) }
      funnelMonth.closed += 1
      book.funnel[i] = .none
      try adopt(i, month: t, redrawChurn: constants.redrawChurnAtAdoption, path: path)
    }
  }

  /// Client `i` failed its stage in month t: out of the funnel, free again from t + retry.
  @inline(__always)
  mutating func leaveFunnel(_ i: Int, month t: Int) {
    book.funnel[i] = .waiting
    calendar.schedule(.funnel, month: t + constants.funnel.retryMonths, client: i)
  }
}

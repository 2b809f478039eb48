import Foundation

/// The month loop of one model on one path (docs/model.md, "The client book", "The sales funnel",
/// "Revenue streams", "Costs and profit"), one method per step of the month:
/// churn, acquisition, adoption, revenue, cost, record. Each step is inlined into
/// `simulate`, so the split costs nothing at run time.
extension ModelPathSimulator {
  /// Simulates the model over months 1...T on this path; per-path parameters must
  /// have been drawn (`drawParameters`). Fills `out` and `summary`.
  ///
  /// - Throws: `EngineError.clientLimit` when the book would pass `ClientBook.maximumClients`,
  ///   `EngineError.eventLimit` when a month would hold too many events.
  mutating func simulate(path: Int) throws(EngineError) {
    constantsStore[0] = pathConstants()
    try startBook(path: path)
    var totals = PathTotals()
    for t in 1...months {
      let y = (t - 1) / 12
      frameworkThisMonth = 0
      bountyThisMonth = 0
      funnelMonth.reset()
      if plan.hasRecessions { recessionRegime(month: t) }
      churnStep(month: t)
      try acquisitionStep(month: t, year: y, path: path)
      if constants.vcioOnlyMonthlyRate > 0 { try vcioOnlyStep(month: t, year: y, path: path) }
      try adoptionStep(month: t, path: path)
      let revenue = try revenueStep(month: t, year: y, path: path)
      let cost = costStep(month: t, year: y, revenue)
      recordMargins(month: t, cost)
      record(month: t, revenue, cost: cost.total, into: &totals)
    }
    summarise(totals)
  }

  /// The path's funnel summary (`FunnelSummary`): horizon totals, closes per assessment
  /// and cost per close (docs/outputs.md, "Metric names").
  @inline(__always)
  mutating func summariseFunnel(from first: Int) {
    let f = funnelTotals
    summary[first + FunnelSummary.assessments.index] = Double(f.assessments)
    summary[first + FunnelSummary.closed.index] = Double(f.closed)
    summary[first + FunnelSummary.closeRate.index] =
      f.assessments > 0 ? Double(f.closed) / Double(f.assessments) : 0
    summary[first + FunnelSummary.costPerClose.index] = f.cost / Double(Swift.max(1, f.closed))
  }

  /// The path's constants; fills the per-path tables (seat factor G(t), the annual
  /// change factors (1+r)^y).
  @inline(__always)
  mutating func pathConstants() -> PathConstants {
    let T = months
    let has = plan.streamSlot  // slot per StreamKind.index, -1 absent
    let hasAdoption = plan.hasAdoption
    let pChurn = Self.monthly(p(.churnAnnual))
    let pChurnAdopted = Self.monthly(p(.churnAnnualAdopted))
    let monthlyGrowth = pow(1 + p(.seatGrowth), 1.0 / 12)
    seatFactor[0] = 1
    for t in 1...T { seatFactor[t] = seatFactor[t - 1] * monthlyGrowth }
    let Y = (T + 11) / 12
    let priceStep = 1 + p(.annualPriceChange)
    let demandStep = 1 + p(.annualDemandChange)
    let rateStep = 1 + p(.annualRateChange)
    let marginStep = 1 + p(.resaleAnnualMarginChange)
    let cloudStep = 1 + p(.marketAnnualCloudGrowth)
    let acquisitionStep = 1 + p(.acquisitionAnnualGrowth)
    let costStep = 1 + p(.annualCostChange)
    let feeStep = 1 + p(.vcioAnnualFeeChange)
    let appPriceStep = 1 + p(.appAnnualPriceChange)
    let productivityStep = 1 + p(.annualSeatsPerTechnicianChange)
    yearPrice[0] = 1
    yearDemand[0] = 1
    yearRate[0] = 1
    yearMargin[0] = 1
    yearCloud[0] = 1
    yearAcquisition[0] = 1
    yearCost[0] = 1
    yearFee[0] = 1
    yearAppPrice[0] = 1
    yearProductivity[0] = 1
    for y in 1..<Swift.max(1, Y) {
      yearPrice[y] = yearPrice[y - 1] * priceStep
      yearDemand[y] = yearDemand[y - 1] * demandStep
      yearRate[y] = yearRate[y - 1] * rateStep
      yearMargin[y] = yearMargin[y - 1] * marginStep
      yearCloud[y] = yearCloud[y - 1] * cloudStep
      yearAcquisition[y] = yearAcquisition[y - 1] * acquisitionStep
      yearCost[y] = yearCost[y - 1] * costStep
      yearFee[y] = yearFee[y - 1] * feeStep
      yearAppPrice[y] = yearAppPrice[y - 1] * appPriceStep
      yearProductivity[y] = yearProductivity[y - 1] * productivityStep
    }
    // Delivery shares by slot; version 1's formula while every share is its default.
    var deliveryAsVersion1 = true
    for (slot, kind) in plan.streams.enumerated() {
      let share = p(ParameterID.deliveryShare(kind))
      deliveryShare[slot] = share
      if share != (kind.isProject ? p(.projectCostShare) : 0) { deliveryAsVersion1 = false }
    }
    let refreshSlot = has[StreamKind.refreshProjects.index]
    // Up to 2^24 months: the largest range `uniformInt` serves for every GSL generator.
    let cycle = Swift.max(1, Self.whole(p(.refreshCycleMonths), atMost: 1 << 24))
    // Month counts past the horizon all mean "not within it": capped, so no
    // conversion of a huge draw can trap and no month sum can overflow.
    // Programs: the whole commission ends with the longest cap when every program is
    // capped; each shorter cap ends its own part (docs/model.md, "Marketplace programs").
    let programs = plan.programMonths
    let allCapped = !programs.isEmpty && !programs.contains(0)
    let longestCap = programs.max() ?? 0
    let commissionMonths =
      programs.isEmpty ? p(.marketCommissionMonths) : Double(allCapped ? longestCap : 0)
    let adoption = AdoptionTerms(
      vcioSlot: has[StreamKind.vcio.index], frameworkSlot: has[StreamKind.frameworkProjects.index],
      appsSlot: has[StreamKind.appManagement.index], marketSlot: has[StreamKind.marketplace.index],
      monthlyChurnProbabilityAdopted: pChurnAdopted, appUserShare: p(.appUserShare), capture: p(.marketCapture),
      captureRampMonths: p(.marketCaptureRampMonths),
      commissionMonths: Self.whole(commissionMonths, atMost: T + 1), hasPrograms: !programs.isEmpty,
      programEndsBelow: allCapped ? longestCap : Int.max, bountyPerSeat: p(.marketBountyPerSeat))
    return PathConstants(
      managedSlot: has[StreamKind.managedServices.index], blockSlot: has[StreamKind.blockHours.index],
      refreshSlot: refreshSlot, resaleSlot: has[StreamKind.resale.index], pmSlot: has[StreamKind.thirdPartyPM.index],
      hasAdoption: hasAdoption,
      monthlyChurnProbability: pChurn, redrawChurnAtAdoption: pChurnAdopted != pChurn,
      acquisitionMonthlyRate: p(.acquisitionMonthlyRate),
      vcioOnlyMonthlyRate: hasAdoption ? p(.acquisitionVCIOOnlyRate) : 0,
      newClientSeats: plan.eventSource[EventID.acquisitionSeats.rawValue],
      vcioOnlySeats: plan.eventSource[EventID.vcioOnlySeats.rawValue], refreshCycle: refreshSlot >= 0 ? cycle : 0,
      startMonth: Self.whole(p(.adoptionStartMonth), atMost: T + 1), rampMonths: p(.adoptionRampMonths),
      adoptionMonthly: hasAdoption ? p(.adoptionMonthly) : 0, adoptionAtSignup: hasAdoption ? p(.adoptionAtSignup) : 0,
      initialShare: hasAdoption ? p(.adoptionInitialShare) : 0, adoption: adoption, funnel: funnelTerms(),
      pricePerSeat: p(.pricePerSeat), hoursPerSeat: p(.hoursPerSeat), hourlyRate: p(.hourlyRate),
      refreshWinRate: p(.refreshWinRate), refreshWinRateAdopted: p(.refreshWinRateAdopted),
      resalePerSeatMonth: p(.resaleSpendPerSeatPerYear) / 12 * p(.resaleMargin),
      resaleMovedShare: 1 - p(.resaleAdoptedShare),
      pmMonthlyPerClient: p(.pmProjectsPerYear) / 12, pmFeeShare: p(.pmFeeShare),
      cloudPerSeat: p(.marketCloudSpendPerSeat),
      seatsPerTechnician: p(.seatsPerTechnician), technicianMonthly: p(.technicianMonthly),
      clientsPerVCIO: p(.clientsPerVCIO), vcioMonthly: p(.vcioMonthly), minVCIOs: p(.minVCIOs),
      toolsPerSeat: p(.toolsPerSeat), projectCostShare: p(.projectCostShare),
      deliveryAsVersion1: deliveryAsVersion1, hiringLag: Self.whole(p(.hiringLagMonths), atMost: T + 1),
      contractorPremium: p(.contractorPremium),
      fixedMonthly: p(.fixedMonthly) + p(.marketingMonthly),
      transitionMonthly: p(.transitionMonthly), transitionMonths: Self.whole(p(.transitionMonths), atMost: T + 1))
  }

  /// t = 0: the book and calendar emptied, then the initial clients (docs/model.md, "The client book").
  @inline(__always)
  mutating func startBook(path: Int) throws(EngineError) {
    book.reset()
    calendar.reset()
    inBook = 0
    bookWeight = 0
    adoptedCount = 0
    adoptedWeight = 0
    vcioSum = 0
    appSum = 0
    marketFullSum = 0
    marketFullCount = 0
    vcioOnlyCount = 0
    vcioOnlyWeight = 0
    supportedWeight = 0
    supportedCount = 0
    funnelTotals = FunnelTotals()
    trialsActive = 0
    churnFactor = 1
    let initial = Self.whole(p(.clientsInitial), atMost: ClientBook.maximumClients + 1)
    guard book.hasRoom(for: initial) else {
      throw .clientLimit(model: plan.name, path: path, limit: ClientBook.maximumClients)
    }
    for _ in 0..<initial {
      let i = addClient(month: 0, cycle: constants.refreshCycle)
      if constants.initialShare > 0, rng.uniform() < constants.initialShare {
        try adopt(i, month: 0, redrawChurn: true, path: path)
      } else {
        scheduleChurn(i, from: 0, p: constants.monthlyChurnProbability)
        book.addPending(i)
      }
    }
  }

  /// A recession starts or ends in month t (docs/model.md, "Recessions"): every client's
  /// leaving month is drawn again from month t on at the new monthly probability
  /// (p or p_A, x the churn multiplier in a recession, at most 1). Exact because the
  /// geometric distribution is memoryless: a client in the book at t - 1 has the same
  /// chance to leave in each later month of the regime, whatever was drawn before.
  @inline(__always)
  mutating func recessionRegime(month t: Int) {
    let factor = inRecession(t) ? recessionEffects.churn : 1
    guard factor != churnFactor else { return }
    churnFactor = factor
    for i in 0..<book.count where book.active[i] {
      let p =
        book.adoptedAt[i] >= 0 ? constants.adoption.monthlyChurnProbabilityAdopted : constants.monthlyChurnProbability
      scheduleChurn(i, from: t - 1, p: p)
    }
  }

  /// 1. Churn: clients whose leaving month is t leave and bring nothing this month.
  @inline(__always)
  mutating func churnStep(month t: Int) {
    var e = calendar.first(.churn, month: t)
    while e >= 0 {
      let i = calendar.client(of: e)
      if book.active[i], book.churnAt[i] == Int32(t) { removeClient(i) }
      e = calendar.next(after: e)
    }
  }

  /// 2. Acquisition: Poisson(lambda(t)) new clients, lambda(t) = rate x (1 + growth)^y;
  /// each may adopt at signup.
  @inline(__always)
  mutating func acquisitionStep(month t: Int, year y: Int, path: Int) throws(EngineError) {
    var lambda = constants.acquisitionMonthlyRate * yearAcquisition[y]
    if inRecession(t) { lambda *= recessionEffects.acquisition }
    let arrivals = rng.poisson(mean: lambda, probabilityOfZero: arrivalZeros.value(at: lambda) { exp(-$0) })
    book.newcomers.removeAll()
    guard arrivals > 0 else { return }
    guard book.hasRoom(for: arrivals) else {
      throw .clientLimit(model: plan.name, path: path, limit: ClientBook.maximumClients)
    }
    let canAdoptAtSignup = constants.hasAdoption && t >= constants.startMonth && constants.adoptionAtSignup > 0
    for _ in 0..<arrivals {
      let i = addClient(month: t, cycle: constants.refreshCycle, seats: constants.newClientSeats)
      if canAdoptAtSignup, rng.uniform() < constants.adoptionAtSignup {
        try adopt(i, month: t, redrawChurn: true, path: path)
      } else {
        scheduleChurn(i, from: t, p: constants.monthlyChurnProbability)
        book.addNewcomer(i)
      }
    }
  }

  /// 2b. vCIO-only clients, after the month's other new clients (docs/model.md, "Bigger
  /// clients and vCIO-only clients"): Poisson(rate x (1 + growth)^y) clients who buy
  /// the 2.0 services without a support contract. Each joins adopted (its fees drawn
  /// as any adopter's, churn at the adopted rate), with seats from `vcio_only_seats`
  /// and no refresh scheduled. Not called when the rate is 0: no Poisson is drawn.
  @inline(__always)
  mutating func vcioOnlyStep(month t: Int, year y: Int, path: Int) throws(EngineError) {
    var lambda = constants.vcioOnlyMonthlyRate * yearAcquisition[y]
    if inRecession(t) { lambda *= recessionEffects.acquisition }
    let arrivals = rng.poisson(mean: lambda, probabilityOfZero: arrivalZeros.value(at: lambda) { exp(-$0) })
    guard arrivals > 0 else { return }
    guard book.hasRoom(for: arrivals) else {
      throw .clientLimit(model: plan.name, path: path, limit: ClientBook.maximumClients)
    }
    for _ in 0..<arrivals {
      let i = addClient(month: t, cycle: 0, seats: constants.vcioOnlySeats, vcioOnly: true)
      try adopt(i, month: t, redrawChurn: true, path: path)
    }
  }

  /// 3. Adoption among clients in the book before this month: each adopts with
  /// q(t) = monthly x min(1, (t - start + 1)/ramp); drawn as Binomial(M, q) and a
  /// uniformly random subset of that size. This month's newcomers then join the
  /// clients still to adopt.
  @inline(__always)
  mutating func adoptionStep(month t: Int, path: Int) throws(EngineError) {
    if constants.funnel.isPresent { try funnelStep(month: t, path: path) }
    if constants.hasAdoption, t >= constants.startMonth, constants.adoptionMonthly > 0, book.pending.count > 0 {
      let ramp =
        constants.rampMonths > 0 ? Swift.min(1, Double(t - constants.startMonth + 1) / constants.rampMonths) : 1
      let q = constants.adoptionMonthly * ramp
      let k = rng.binomial(n: book.pending.count, p: q)
      for _ in 0..<k {
        let i = book.pending[rng.uniformInt(book.pending.count)]
        book.removePending(i)
        try adopt(i, month: t, redrawChurn: constants.redrawChurnAtAdoption, path: path)
      }
    }
    for j in 0..<book.newcomers.count { book.addPending(book.newcomers[j]) }
  }

  /// 4. Revenue of every stream over the book after steps 1-3, written to its row.
  @inline(__always)
  mutating func revenueStep(month t: Int, year y: Int, path: Int) throws(EngineError) -> MonthRevenue {
    let G = seatFactor[t]
    let S = bookWeight * G
    // The 1.0 streams bill the seats under a support contract only: a vCIO-only client
    // pays none (docs/model.md, "Bigger clients and vCIO-only clients"). Without
    // vCIO-only clients these are S and adoptedWeight themselves.
    let supportedWeight = vcioOnlyCount == 0 ? bookWeight : self.supportedWeight
    let supportedAdoptedWeight =
      vcioOnlyCount == 0
      ? adoptedWeight : (adoptedCount == vcioOnlyCount ? 0 : Swift.max(0, adoptedWeight - vcioOnlyWeight))
    let supported = vcioOnlyCount == 0 ? S : supportedWeight * G
    var month = MonthRevenue(seats: S, adoptedClients: adoptedCount, supportedSeats: supported)
    let recession = inRecession(t)
    if constants.managedSlot >= 0 {
      credit(
        constants.managedSlot, constants.pricePerSeat * yearPrice[y] * supported, .managedServices, month: t,
        to: &month)
    }
    if constants.blockSlot >= 0 {
      var mean = constants.hoursPerSeat * yearDemand[y] * supported
      if recession { mean *= recessionEffects.blockHours }
      let hours = rng.poisson(mean: mean)
      credit(constants.blockSlot, Double(hours) * constants.hourlyRate * yearRate[y], .blockHours, month: t, to: &month)
    }
    if constants.refreshSlot >= 0 {
      var won = 0.0
      var r = calendar.first(.refresh, month: t)
      while r >= 0 {
        let i = calendar.client(of: r)
        let following = calendar.next(after: r)  // read before `r` is relinked
        if book.active[i] {
          // The vCIO's roadmap: an adopted client's refresh is won at its own rate
          // (docs/model.md, "Pull-through and cannibalisation").
          var winRate = book.adoptedAt[i] >= 0 ? constants.refreshWinRateAdopted : constants.refreshWinRate
          if recession { winRate = Swift.min(1, winRate * recessionEffects.refreshWinRate) }
          if rng.uniform() < winRate { won += draw(.refreshValuePerSeat) * book.weight[i] * G }
          calendar.reschedule(r, .refresh, month: t + constants.refreshCycle)
        }
        r = following
      }
      credit(constants.refreshSlot, won, .refreshProjects, month: t, to: &month)
    }
    if constants.resaleSlot >= 0 {
      // Adopted clients keep adopted_share of their spend in resale (docs/model.md,
      // "Pull-through and cannibalisation"); at the default the seats are S exactly.
      // vCIO-only clients buy no resale: only supported adopters move spend.
      let resaleSeats = Swift.max(0, supported - constants.resaleMovedShare * supportedAdoptedWeight * G)
      credit(
        constants.resaleSlot, constants.resalePerSeatMonth * resaleSeats * yearMargin[y], .resale, month: t, to: &month)
    }
    if constants.adoption.vcioSlot >= 0 {
      // Fees escalate by (1+f)^y (docs/model.md, "Fee escalation, productivity and the transition budget").
      // Clients in their trial quarter pay the trial fee, as given in every year
      // (docs/model.md, "The sales funnel").
      let trialFees = trialsActive > 0 ? Double(trialsActive) * constants.funnel.trialFee : 0
      credit(constants.adoption.vcioSlot, vcioSum * yearFee[y] + trialFees, .vcio, month: t, to: &month)
    }
    if constants.adoption.frameworkSlot >= 0 {
      credit(constants.adoption.frameworkSlot, frameworkThisMonth, .frameworkProjects, month: t, to: &month)
    }
    if constants.pmSlot >= 0 {
      var mean = Double(month.adoptedClients) * constants.pmMonthlyPerClient
      if recession { mean *= recessionEffects.thirdPartyPM }
      let n = rng.poisson(mean: mean, probabilityOfZero: eventZeros.value(at: mean) { exp(-$0) })
      let value = try sumOfDraws(.pmProjectValue, count: n, drivenBy: ParameterID.pmProjectsPerYear.keyPath, path: path)
      credit(constants.pmSlot, constants.pmFeeShare * value, .thirdPartyPM, month: t, to: &month)
    }
    if constants.adoption.appsSlot >= 0 {
      credit(constants.adoption.appsSlot, appSum * G * yearAppPrice[y], .appManagement, month: t, to: &month)
    }
    if constants.adoption.marketSlot >= 0 {
      // Commissions are recurring revenue; the one-off bounties are not (docs/model.md,
      // "Revenue streams").
      let commissions = marketplaceCommissions(month: t, year: y, seatFactor: G)
      let amount = commissions + bountyThisMonth
      out[(MetricLayout.firstStream + constants.adoption.marketSlot) * months + t - 1] = amount
      month.total += amount
      month.recurring += commissions
    }
    return month
  }

  /// Writes a stream's revenue of month t to its row and adds it to the month's
  /// totals. (A method with the totals `inout`, not a closure over them: a closure
  /// capturing the month's totals cost a dynamic exclusivity check per stream.)
  @inline(__always)
  mutating func credit(_ slot: Int, _ amount: Double, _ kind: StreamKind, month t: Int, to month: inout MonthRevenue) {
    out[(MetricLayout.firstStream + slot) * months + t - 1] = amount
    month.total += amount
    if kind.isRecurring { month.recurring += amount }
    if kind.isProject { month.projects += amount }
  }

  /// Marketplace commissions of month t (docs/model.md, "Revenue streams"); the
  /// month's bounties are `bountyThisMonth`.
  @inline(__always)
  mutating func marketplaceCommissions(month t: Int, year y: Int, seatFactor G: Double) -> Double {
    // Commissions that end this month stop before it is paid: single programs first,
    // then whole commissions.
    var e = calendar.first(.programEnd, month: t)
    while e >= 0 {
      let i = calendar.client(of: e)
      if book.active[i] { endProgram(i, part: calendar.amount(of: e)) }
      e = calendar.next(after: e)
    }
    e = calendar.first(.commissionEnd, month: t)
    while e >= 0 {
      let i = calendar.client(of: e)
      if book.active[i] { endCommission(i) }
      e = calendar.next(after: e)
    }
    // Ramping clients: ramp_i = min(1, (t - a_i + 1)/R); at 1 they join the full sum.
    var rampingPart = 0.0
    var j = 0
    while j < book.ramping.count {
      let i = book.ramping[j]
      let ramp = Double(t - Int(book.adoptedAt[i]) + 1) / constants.adoption.captureRampMonths
      if ramp >= 1 {
        completeRamp(i)
        continue  // the swapped-in client now sits at j
      }
      rampingPart += book.commission[i] * ramp * book.weight[i]
      j += 1
    }
    var cloud = constants.cloudPerSeat * yearCloud[y]
    if inRecession(t) { cloud *= recessionEffects.cloudSpend }
    return constants.adoption.capture * cloud * G * (marketFullSum + rampingPart)
  }

  /// 5. Costs (docs/model.md, "Costs and profit", "Hiring lag"): salaries, tools and
  /// overhead move with annual_cost_change, factor (1+c)^y; delivery cost is each
  /// stream's share of its revenue. Summed in version 1's order, so that at the
  /// neutral defaults the total is version 1's to the last bit.
  @inline(__always)
  mutating func costStep(month t: Int, year y: Int, _ month: MonthRevenue) -> MonthCost {
    let costFactor = yearCost[y]
    // Technicians and tools serve the supported seats only (docs/model.md, "Bigger
    // clients and vCIO-only clients").
    let S = month.supportedSeats
    var c = MonthCost()
    let delivery =
      constants.deliveryAsVersion1 ? constants.projectCostShare * month.projects : deliveryCost(month: t)
    c.total = (constants.fixedMonthly + constants.toolsPerSeat * S) * costFactor + delivery
    c.tools = constants.toolsPerSeat * S * costFactor
    c.overhead = constants.fixedMonthly * costFactor
    if constants.seatsPerTechnician > 0 {
      // Seats per technician grow by (1+p)^y: automation.
      let need = (S / (constants.seatsPerTechnician * yearProductivity[y])).rounded(.up)
      c.technicians = Self.staffCost(
        need: need, history: &neededTechnicians, month: t, lag: constants.hiringLag,
        premium: constants.contractorPremium, salary: constants.technicianMonthly, costFactor: costFactor,
        employed: &c.employedTechnicians, contractors: &c.contractors)
      c.total += c.technicians
    }
    if constants.hasAdoption {
      var need =
        constants.clientsPerVCIO > 0 ? (Double(month.adoptedClients) / constants.clientsPerVCIO).rounded(.up) : 0
      if t >= constants.startMonth { need = Swift.max(need, constants.minVCIOs) }
      c.vcios = Self.staffCost(
        need: need, history: &neededVCIOs, month: t, lag: constants.hiringLag,
        premium: constants.contractorPremium, salary: constants.vcioMonthly, costFactor: costFactor,
        employed: &c.employedVCIOs, contractors: &c.contractors)
      c.total += c.vcios
    }
    // The funnel's assessments and workshops: overhead, inflated like marketing.
    if constants.funnel.isPresent {
      let funnel =
        (Double(funnelMonth.assessments) * constants.funnel.assessmentCost + Double(funnelMonth.workshops)
          * constants.funnel.workshopCost) * costFactor
      c.total += funnel
      c.overhead += funnel
      funnelTotals.cost += funnel
    }
    // The transition budget: months start ... start + M - 1, not inflated.
    if constants.transitionMonths > 0, t >= constants.startMonth, t < constants.startMonth + constants.transitionMonths
    {
      c.total += constants.transitionMonthly
      c.overhead += constants.transitionMonthly
    }
    return c
  }

  /// The cost of one role in month t (docs/model.md, "Hiring lag"): e(t) = need(max(1, t - L))
  /// employed at `salary` x `costFactor` (this month's, inflated), the shortfall max(0, need - e) covered
  /// by contractors at (1 + premium) x salary. With L = 0 it is need x salary, as version 1
  /// computed it.
  @inline(__always)
  static func staffCost(
    need: Double, history: inout Column<Double>, month t: Int, lag: Int, premium: Double, salary: Double,
    costFactor: Double, employed: inout Double, contractors: inout Double
  ) -> Double {
    history[t] = need
    let e = lag > 0 ? history[Swift.max(1, t - lag)] : need
    employed = e
    var cost = e * salary * costFactor
    let shortfall = need - e
    if shortfall > 0 {
      contractors += shortfall
      cost += shortfall * salary * costFactor * (1 + premium)
    }
    return cost
  }

  /// Delivery cost of month t: each stream's share of its revenue, read back from its row.
  @inline(__always)
  mutating func deliveryCost(month t: Int) -> Double {
    var sum = 0.0
    for slot in 0..<plan.streams.count {
      sum += deliveryShare[slot] * out[(MetricLayout.firstStream + slot) * months + t - 1]
    }
    return sum
  }

  /// Gross margin of each stream, the direct/overhead split and the staff of month t
  /// (docs/model.md, "Delivery cost and gross margin"): technicians and tools are the
  /// direct cost of managed services and block hours, split by their revenue this
  /// month (all to managed services when both earn 0, if the model has it); vCIO
  /// salaries that of `vcio`; each delivery share that of its stream; a cost whose
  /// stream the model lacks is overhead.
  @inline(__always)
  mutating func recordMargins(month t: Int, _ c: MonthCost) {
    let T = months
    let layout = plan.layout
    let managed = constants.managedSlot
    let block = constants.blockSlot
    let vcio = constants.adoption.vcioSlot
    let service = c.technicians + c.tools
    var overhead = c.overhead
    var managedShare = 0.0
    if managed < 0, block < 0 {
      overhead += service
    } else {
      let rm = managed >= 0 ? out[(MetricLayout.firstStream + managed) * T + t - 1] : 0
      let rb = block >= 0 ? out[(MetricLayout.firstStream + block) * T + t - 1] : 0
      managedShare = rm + rb > 0 ? rm / (rm + rb) : (managed >= 0 ? 1 : 0)
    }
    if vcio < 0 { overhead += c.vcios }
    var direct = 0.0
    for slot in 0..<plan.streams.count {
      let revenue = out[(MetricLayout.firstStream + slot) * T + t - 1]
      var cost = deliveryShare[slot] * revenue
      if slot == managed { cost += service * managedShare }
      if slot == block { cost += service * (1 - managedShare) }
      if slot == vcio { cost += c.vcios }
      direct += cost
      out[(layout.firstMargin + slot) * T + t - 1] = revenue - cost
    }
    out[layout.costDirect * T + t - 1] = direct
    out[layout.costOverhead * T + t - 1] = overhead
    out[layout.staffTechnicians * T + t - 1] = c.employedTechnicians
    out[layout.staffVCIOs * T + t - 1] = c.employedVCIOs
    out[layout.staffContractors * T + t - 1] = c.contractors
  }

  /// 6. Record: the month's metrics into `out`, EBITDA into the path's running sums.
  @inline(__always)
  mutating func record(month t: Int, _ month: MonthRevenue, cost: Double, into totals: inout PathTotals) {
    let T = months
    let layout = plan.layout
    let ebitda = month.total - cost
    totals.cumulativeEBITDA += ebitda
    totals.npv += ebitda * discount[t]
    totals.revenue += month.total
    totals.ebitda += ebitda
    out[MetricLayout.clients * T + t - 1] = Double(inBook)
    out[MetricLayout.adoptedClients * T + t - 1] = Double(month.adoptedClients)
    out[MetricLayout.seats * T + t - 1] = month.seats
    out[layout.revenueTotal * T + t - 1] = month.total
    out[layout.revenueRecurring * T + t - 1] = month.recurring
    out[layout.costTotal * T + t - 1] = cost
    out[layout.ebitda * T + t - 1] = ebitda
    out[layout.ebitdaCumulative * T + t - 1] = totals.cumulativeEBITDA
    if let row = layout.vcioOnlyClients { out[row * T + t - 1] = Double(vcioOnlyCount) }
    if let row = layout.recession { out[row * T + t - 1] = recessionMonths[t] }
    if let first = layout.firstFunnel {
      let f = funnelMonth
      out[(first + FunnelStage.assessments.rawValue) * T + t - 1] = Double(f.assessments)
      out[(first + FunnelStage.workshops.rawValue) * T + t - 1] = Double(f.workshops)
      out[(first + FunnelStage.quickWins.rawValue) * T + t - 1] = Double(f.quickWins)
      out[(first + FunnelStage.trials.rawValue) * T + t - 1] = Double(f.trials)
      out[(first + FunnelStage.closed.rawValue) * T + t - 1] = Double(f.closed)
      funnelTotals.assessments += f.assessments
      funnelTotals.closed += f.closed
    }
  }

  /// The path's summary: NPV, horizon totals, last year's mix.
  @inline(__always)
  mutating func summarise(_ totals: PathTotals) {
    let T = months
    let layout = plan.layout
    summary[MetricLayout.summaryNPV] = totals.npv
    summary[MetricLayout.summaryRevenueTotal] = totals.revenue
    summary[MetricLayout.summaryEBITDATotal] = totals.ebitda
    let lastYearStart = T - 12
    var lastYearRevenue = 0.0
    for t in lastYearStart..<T { lastYearRevenue += out[layout.revenueTotal * T + t] }
    for (slot, _) in layout.streams.enumerated() {
      var s = 0.0
      for t in lastYearStart..<T { s += out[(MetricLayout.firstStream + slot) * T + t] }
      summary[MetricLayout.summaryFirstMix + slot] = lastYearRevenue != 0 ? s / lastYearRevenue : 0
      var margin = 0.0
      for t in 0..<T { margin += out[(layout.firstMargin + slot) * T + t] }
      summary[layout.summaryFirstGrossMargin + slot] = margin
    }
    if let first = layout.summaryFirstFunnel { summariseFunnel(from: first) }
  }
}

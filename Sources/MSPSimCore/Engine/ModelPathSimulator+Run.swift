import Foundation

extension ModelPathSimulator {
  /// Simulates the model over months 1...T on this path; per-path parameters must
  /// have been drawn (`drawParameters`). Fills `out` and `summary`.
  ///
  /// - Throws: `EngineError.clientLimit` when the book would pass `ClientBook.maximumClients`.
  mutating func simulate(path: Int) throws(EngineError) {
    let T = months
    let layout = plan.layout
    let hasAdoption = plan.hasAdoption
    let has = plan.streamSlot  // slot per StreamKind.index, -1 absent
    let slotManaged = has[StreamKind.managedServices.index], slotBlock = has[StreamKind.blockHours.index]
    let slotRefresh = has[StreamKind.refreshProjects.index], slotResale = has[StreamKind.resale.index]
    let slotVCIO = has[StreamKind.vcio.index], slotFramework = has[StreamKind.frameworkProjects.index]
    let slotPM = has[StreamKind.thirdPartyPM.index], slotApps = has[StreamKind.appManagement.index]
    let slotMarket = has[StreamKind.marketplace.index]

    // Per-path constants (docs/model.md notation).
    let pChurn = Self.monthly(p(.churnAnnual))
    let pChurnAdopted = Self.monthly(p(.churnAnnualAdopted))
    let redrawAtAdoption = pChurnAdopted != pChurn
    let g = p(.seatGrowth)
    let monthlyGrowth = pow(1 + g, 1.0 / 12)
    seatFactor[0] = 1
    for t in 1...T { seatFactor[t] = seatFactor[t - 1] * monthlyGrowth }
    let Y = (T + 11) / 12
    let priceStep = 1 + p(.annualPriceChange), demandStep = 1 + p(.annualDemandChange)
    let rateStep = 1 + p(.annualRateChange), marginStep = 1 + p(.resaleAnnualMarginChange)
    let cloudStep = 1 + p(.marketAnnualCloudGrowth), acquisitionStep = 1 + p(.acquisitionAnnualGrowth)
    let costStep = 1 + p(.annualCostChange)
    yearPrice[0] = 1; yearDemand[0] = 1; yearRate[0] = 1; yearMargin[0] = 1; yearCloud[0] = 1; yearAcquisition[0] = 1
    yearCost[0] = 1
    for y in 1..<Swift.max(1, Y) {
      yearPrice[y] = yearPrice[y - 1] * priceStep
      yearDemand[y] = yearDemand[y - 1] * demandStep
      yearRate[y] = yearRate[y - 1] * rateStep
      yearMargin[y] = yearMargin[y - 1] * marginStep
      yearCloud[y] = yearCloud[y - 1] * cloudStep
      yearAcquisition[y] = yearAcquisition[y - 1] * acquisitionStep
      yearCost[y] = yearCost[y - 1] * costStep
    }
    let pricePerSeat = p(.pricePerSeat), hoursPerSeat = p(.hoursPerSeat), hourlyRate = p(.hourlyRate)
    let resalePerSeatMonth = p(.resaleSpendPerSeatPerYear) / 12 * p(.resaleMargin)
    let cloudPerSeat = p(.marketCloudSpendPerSeat), acquisitionRate = p(.acquisitionMonthlyRate)
    // Month counts past the horizon all mean "not within it": capped, so no
    // conversion of a huge draw can trap and no month sum can overflow.
    let startMonth = Self.whole(p(.adoptionStartMonth), atMost: T + 1)
    let rampMonths = p(.adoptionRampMonths)
    let adoptMonthly = hasAdoption ? p(.adoptionMonthly) : 0
    let atSignup = hasAdoption ? p(.adoptionAtSignup) : 0
    // Up to 2^24 months: the largest range `uniformInt` serves for every GSL generator.
    let cycle = Swift.max(1, Self.whole(p(.refreshCycleMonths), atMost: 1 << 24))
    let winRate = p(.refreshWinRate)
    let captureRamp = p(.marketCaptureRampMonths)
    let commissionMonths = Self.whole(p(.marketCommissionMonths), atMost: T + 1)
    let capture = p(.marketCapture)
    let bountyPerSeat = p(.marketBountyPerSeat)
    let userShare = p(.appUserShare)
    let seatsPerTech = p(.seatsPerTechnician), techMonthly = p(.technicianMonthly)
    let clientsPerVCIO = p(.clientsPerVCIO), vcioMonthly = p(.vcioMonthly), minVCIOs = p(.minVCIOs)
    let toolsPerSeat = p(.toolsPerSeat), projectShare = p(.projectCostShare)
    let fixed = p(.fixedMonthly) + p(.marketingMonthly)
    let pmMonthlyPerClient = p(.pmProjectsPerYear) / 12
    let pmFeeShare = p(.pmFeeShare)
    let terms = AdoptionTerms(
      vcioSlot: slotVCIO, frameworkSlot: slotFramework, appsSlot: slotApps, marketSlot: slotMarket,
      monthlyChurnProbabilityAdopted: pChurnAdopted, appUserShare: userShare, capture: capture,
      captureRampMonths: captureRamp, commissionMonths: commissionMonths, bountyPerSeat: bountyPerSeat)
    let refreshCycle = slotRefresh >= 0 ? cycle : 0

    // Reset the book and the calendar.
    book.reset()
    calendar.reset()
    inBook = 0
    bookWeight = 0; adoptedCount = 0; vcioSum = 0; appSum = 0; marketFullSum = 0; marketFullCount = 0

    // t = 0: the initial book (docs/model.md, "Clients").
    let initial = Self.whole(p(.clientsInitial), atMost: ClientBook.maximumClients + 1)
    guard book.hasRoom(for: initial) else {
      throw .clientLimit(model: plan.name, path: path, limit: ClientBook.maximumClients)
    }
    let initialShare = hasAdoption ? p(.adoptionInitialShare) : 0
    for _ in 0..<initial {
      let i = addClient(month: 0, cycle: refreshCycle)
      if initialShare > 0, rng.uniform() < initialShare {
        try adopt(i, month: 0, redrawChurn: true, terms, path: path)
      } else {
        scheduleChurn(i, from: 0, p: pChurn)
        book.addPending(i)
      }
    }

    var cumulative = 0.0, npv = 0.0, revenueTotal = 0.0, ebitdaTotal = 0.0
    for t in 1...T {
      let y = (t - 1) / 12
      frameworkThisMonth = 0
      bountyThisMonth = 0

      // 1. Churn: clients whose leaving month is t leave and bring nothing this month.
      var e = calendar.first(.churn, month: t)
      while e >= 0 {
        let i = calendar.client(of: e)
        if book.active[i], book.churnAt[i] == Int32(t) { removeClient(i) }
        e = calendar.next(after: e)
      }

      // 2. Acquisition: Poisson(lambda(t)), lambda(t) = rate x (1 + growth)^y.
      let lambda = acquisitionRate * yearAcquisition[y]
      let arrivals = rng.poisson(mean: lambda)
      book.newcomers.removeAll()
      if arrivals > 0 {
        guard book.hasRoom(for: arrivals) else {
          throw .clientLimit(model: plan.name, path: path, limit: ClientBook.maximumClients)
        }
        let canAdoptAtSignup = hasAdoption && t >= startMonth && atSignup > 0
        for _ in 0..<arrivals {
          let i = addClient(month: t, cycle: refreshCycle)
          if canAdoptAtSignup, rng.uniform() < atSignup {
            try adopt(i, month: t, redrawChurn: true, terms, path: path)
          } else {
            scheduleChurn(i, from: t, p: pChurn)
            book.addNewcomer(i)
          }
        }
      }

      // 3. Adoption among clients in the book before this month: each adopts with
      //    q(t) = monthly x min(1, (t - start + 1)/ramp); drawn as Binomial(M, q) and
      //    a uniformly random subset of that size.
      if hasAdoption, t >= startMonth, adoptMonthly > 0, book.pending.count > 0 {
        let ramp = rampMonths > 0 ? Swift.min(1, Double(t - startMonth + 1) / rampMonths) : 1
        let q = adoptMonthly * ramp
        let k = rng.binomial(n: book.pending.count, p: q)
        for _ in 0..<k {
          let i = book.pending[rng.uniformInt(book.pending.count)]
          book.removePending(i)
          try adopt(i, month: t, redrawChurn: redrawAtAdoption, terms, path: path)
        }
      }
      for j in 0..<book.newcomers.count { book.addPending(book.newcomers[j]) }

      // 4. Revenue and cost over the book after steps 1-3.
      let G = seatFactor[t]
      let S = bookWeight * G
      let A = adoptedCount
      var revenue = 0.0, recurring = 0.0, projects = 0.0
      @inline(__always) func credit(_ slot: Int, _ amount: Double, _ kind: StreamKind) {
        out[(MetricLayout.firstStream + slot) * T + t - 1] = amount
        revenue += amount
        if kind.isRecurring { recurring += amount }
        if kind.isProject { projects += amount }
      }
      if slotManaged >= 0 {
        credit(slotManaged, pricePerSeat * yearPrice[y] * S, .managedServices)
      }
      if slotBlock >= 0 {
        let hours = rng.poisson(mean: hoursPerSeat * yearDemand[y] * S)
        credit(slotBlock, Double(hours) * hourlyRate * yearRate[y], .blockHours)
      }
      if slotRefresh >= 0 {
        var won = 0.0
        var r = calendar.first(.refresh, month: t)
        while r >= 0 {
          let i = calendar.client(of: r)
          let following = calendar.next(after: r)  // read before `r` is relinked
          if book.active[i] {
            if rng.uniform() < winRate { won += draw(.refreshValuePerSeat) * book.weight[i] * G }
            calendar.reschedule(r, .refresh, month: t + cycle)
          }
          r = following
        }
        credit(slotRefresh, won, .refreshProjects)
      }
      if slotResale >= 0 {
        credit(slotResale, resalePerSeatMonth * S * yearMargin[y], .resale)
      }
      if slotVCIO >= 0 { credit(slotVCIO, vcioSum, .vcio) }
      if slotFramework >= 0 { credit(slotFramework, frameworkThisMonth, .frameworkProjects) }
      if slotPM >= 0 {
        let n = rng.poisson(mean: Double(A) * pmMonthlyPerClient)
        guard n <= EngineError.maximumEventsPerMonth else {
          throw .eventLimit(model: plan.name, path: path, keyPath: ParameterID.pmProjectsPerYear.keyPath,
                            limit: EngineError.maximumEventsPerMonth)
        }
        var value = 0.0
        for _ in 0..<n { value += draw(.pmProjectValue) }
        credit(slotPM, pmFeeShare * value, .thirdPartyPM)
      }
      if slotApps >= 0 { credit(slotApps, appSum * G, .appManagement) }
      if slotMarket >= 0 {
        // Commissions that end this month stop before it is paid.
        var c = calendar.first(.commissionEnd, month: t)
        while c >= 0 {
          let i = calendar.client(of: c)
          if book.active[i] { endCommission(i) }
          c = calendar.next(after: c)
        }
        // Ramping clients: ramp_i = min(1, (t - a_i + 1)/R); at 1 they join the full sum.
        var rampingPart = 0.0
        var j = 0
        while j < book.ramping.count {
          let i = book.ramping[j]
          let ramp = Double(t - Int(book.adoptedAt[i]) + 1) / captureRamp
          if ramp >= 1 {
            completeRamp(i)
            continue  // the swapped-in client now sits at j
          }
          rampingPart += book.commission[i] * ramp * book.weight[i]
          j += 1
        }
        let cloud = cloudPerSeat * yearCloud[y]
        credit(slotMarket, capture * cloud * G * (marketFullSum + rampingPart) + bountyThisMonth, .marketplace)
      }

      // Costs (docs/model.md, "Costs and profit").
      // Salaries, tools and overhead move with annual_cost_change: factor (1+c)^y.
      let costFactor = yearCost[y]
      var cost = (fixed + toolsPerSeat * S) * costFactor + projectShare * projects
      if seatsPerTech > 0 { cost += (S / seatsPerTech).rounded(.up) * techMonthly * costFactor }
      if hasAdoption {
        var vcios = clientsPerVCIO > 0 ? (Double(A) / clientsPerVCIO).rounded(.up) : 0
        if t >= startMonth { vcios = Swift.max(vcios, minVCIOs) }
        cost += vcios * vcioMonthly * costFactor
      }
      let ebitda = revenue - cost
      cumulative += ebitda
      npv += ebitda * discount[t]
      revenueTotal += revenue
      ebitdaTotal += ebitda

      out[MetricLayout.clients * T + t - 1] = Double(inBook)
      out[MetricLayout.adoptedClients * T + t - 1] = Double(A)
      out[MetricLayout.seats * T + t - 1] = S
      out[layout.revenueTotal * T + t - 1] = revenue
      out[layout.revenueRecurring * T + t - 1] = recurring
      out[layout.costTotal * T + t - 1] = cost
      out[layout.ebitda * T + t - 1] = ebitda
      out[layout.ebitdaCumulative * T + t - 1] = cumulative
    }

    // Per-path summary: NPV, horizon totals, last year's mix.
    summary[MetricLayout.summaryNPV] = npv
    summary[MetricLayout.summaryRevenueTotal] = revenueTotal
    summary[MetricLayout.summaryEBITDATotal] = ebitdaTotal
    let lastYearStart = T - 12
    var lastYearRevenue = 0.0
    for t in lastYearStart..<T { lastYearRevenue += out[layout.revenueTotal * T + t] }
    for (slot, _) in layout.streams.enumerated() {
      var s = 0.0
      for t in lastYearStart..<T { s += out[(MetricLayout.firstStream + slot) * T + t] }
      summary[MetricLayout.summaryFirstMix + slot] = lastYearRevenue != 0 ? s / lastYearRevenue : 0
    }
  }
}

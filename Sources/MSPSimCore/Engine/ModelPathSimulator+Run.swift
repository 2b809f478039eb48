import Foundation

extension ModelPathSimulator {
  /// Simulates the model over months 1...T on this path; per-path parameters must
  /// have been drawn (`drawParameters`). Fills `out` and `summary`.
  mutating func simulate() {
    let T = months
    let layout = plan.layout
    let hasAdoption = plan.hasAdoption
    let has = plan.streamSlot  // slot per StreamKind.index, -1 absent
    let slotManaged = has[StreamKind.managedServices.index], slotBlock = has[StreamKind.blockHours.index]
    let slotRefresh = has[StreamKind.refreshProjects.index], slotResale = has[StreamKind.resale.index]
    let slotVCIO = has[StreamKind.vcio.index], slotFramework = has[StreamKind.frameworkProjects.index]
    let slotPM = has[StreamKind.thirdPartyPM.index], slotApps = has[StreamKind.appManagement.index]
    let slotMarket = has[StreamKind.marketplace.index]

    // Per-path constants (MODEL.md notation).
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
    let startMonth = Int(p(.adoptionStartMonth))
    let rampMonths = p(.adoptionRampMonths)
    let adoptMonthly = hasAdoption ? p(.adoptionMonthly) : 0
    let atSignup = hasAdoption ? p(.adoptionAtSignup) : 0
    let cycle = Swift.max(1, Int(p(.refreshCycleMonths)))
    let winRate = p(.refreshWinRate)
    let captureRamp = p(.marketCaptureRampMonths)
    let commissionMonths = Int(p(.marketCommissionMonths))
    let capture = p(.marketCapture)
    let bountyPerSeat = p(.marketBountyPerSeat)
    let userShare = p(.appUserShare)
    let seatsPerTech = p(.seatsPerTechnician), techMonthly = p(.technicianMonthly)
    let clientsPerVCIO = p(.clientsPerVCIO), vcioMonthly = p(.vcioMonthly), minVCIOs = p(.minVCIOs)
    let toolsPerSeat = p(.toolsPerSeat), projectShare = p(.projectCostShare)
    let fixed = p(.fixedMonthly) + p(.marketingMonthly)
    let pmMonthlyPerClient = p(.pmProjectsPerYear) / 12
    let pmFeeShare = p(.pmFeeShare)

    // Reset the book and the calendar.
    clientCount = 0; inBook = 0; pendingCount = 0; rampingCount = 0; eventCount = 0
    churnHead.fill(-1, count: T + 2); refreshHead.fill(-1, count: T + 2); commissionEndHead.fill(-1, count: T + 2)
    bookWeight = 0; adoptedCount = 0; vcioSum = 0; appSum = 0; marketFullSum = 0; marketFullCount = 0

    // t = 0: the initial book (MODEL.md, "Clients").
    let initial = Int(p(.clientsInitial))
    let initialShare = hasAdoption ? p(.adoptionInitialShare) : 0
    for _ in 0..<initial {
      let i = addClient(month: 0, cycle: slotRefresh >= 0 ? cycle : 0)
      if initialShare > 0, rng.uniform() < initialShare {
        adopt(i, month: 0, redrawChurn: true, pChurnAdopted: pChurnAdopted, slots: (slotVCIO, slotFramework, slotApps, slotMarket),
              userShare: userShare, capture: capture, captureRamp: captureRamp, commissionMonths: commissionMonths,
              bountyPerSeat: bountyPerSeat)
      } else {
        churnAt[i] = churnMonth(from: 0, p: pChurn)
        schedule(churnHead, month: Int(churnAt[i]), client: i)
        addPending(i)
      }
    }

    var cumulative = 0.0, npv = 0.0, revenueTotal = 0.0, ebitdaTotal = 0.0
    for t in 1...T {
      let y = (t - 1) / 12
      frameworkThisMonth = 0
      bountyThisMonth = 0

      // 1. Churn: clients whose leaving month is t leave and bring nothing this month.
      var e = churnHead[t]
      while e >= 0 {
        let i = Int(eventClient[Int(e)])
        if active[i], churnAt[i] == Int32(t) { removeClient(i) }
        e = eventNext[Int(e)]
      }

      // 2. Acquisition: Poisson(lambda(t)), lambda(t) = rate x (1 + growth)^y.
      let lambda = acquisitionRate * yearAcquisition[y]
      let arrivals = rng.poisson(mean: lambda)
      var newcomerCount = 0
      if arrivals > 0 {
        newcomers.ensure(arrivals, keep: 0, initial: 0)
        let canAdoptAtSignup = hasAdoption && t >= startMonth && atSignup > 0
        for _ in 0..<arrivals {
          let i = addClient(month: t, cycle: slotRefresh >= 0 ? cycle : 0)
          if canAdoptAtSignup, rng.uniform() < atSignup {
            adopt(i, month: t, redrawChurn: true, pChurnAdopted: pChurnAdopted, slots: (slotVCIO, slotFramework, slotApps, slotMarket),
                  userShare: userShare, capture: capture, captureRamp: captureRamp, commissionMonths: commissionMonths,
                  bountyPerSeat: bountyPerSeat)
          } else {
            churnAt[i] = churnMonth(from: t, p: pChurn)
            schedule(churnHead, month: Int(churnAt[i]), client: i)
            newcomers[newcomerCount] = Int32(i)
            newcomerCount += 1
          }
        }
      }

      // 3. Adoption among clients in the book before this month: each adopts with
      //    q(t) = monthly x min(1, (t - start + 1)/ramp); drawn as Binomial(M, q) and
      //    a uniformly random subset of that size.
      if hasAdoption, t >= startMonth, adoptMonthly > 0, pendingCount > 0 {
        let ramp = rampMonths > 0 ? Swift.min(1, Double(t - startMonth + 1) / rampMonths) : 1
        let q = adoptMonthly * ramp
        let k = rng.binomial(n: pendingCount, p: q)
        for _ in 0..<k {
          let pos = rng.uniformInt(pendingCount)
          let i = Int(pending[pos])
          removePending(i)
          adopt(i, month: t, redrawChurn: redrawAtAdoption, pChurnAdopted: pChurnAdopted,
                slots: (slotVCIO, slotFramework, slotApps, slotMarket), userShare: userShare, capture: capture,
                captureRamp: captureRamp, commissionMonths: commissionMonths, bountyPerSeat: bountyPerSeat)
        }
      }
      for j in 0..<newcomerCount { addPending(Int(newcomers[j])) }

      // 4. Revenue and cost over the book after steps 1-3.
      let G = seatFactor[t]
      let S = bookWeight * G
      let A = adoptedCount
      var revenue = 0.0, recurring = 0.0, projects = 0.0
      @inline(__always) func book(_ slot: Int, _ amount: Double, _ kind: StreamKind) {
        out[(MetricLayout.firstStream + slot) * T + t - 1] = amount
        revenue += amount
        if kind.isRecurring { recurring += amount }
        if kind.isProject { projects += amount }
      }
      if slotManaged >= 0 {
        book(slotManaged, pricePerSeat * yearPrice[y] * S, .managedServices)
      }
      if slotBlock >= 0 {
        let hours = rng.poisson(mean: hoursPerSeat * yearDemand[y] * S)
        book(slotBlock, Double(hours) * hourlyRate * yearRate[y], .blockHours)
      }
      if slotRefresh >= 0 {
        var won = 0.0
        var r = refreshHead[t]
        while r >= 0 {
          let i = Int(eventClient[Int(r)])
          if active[i] {
            if rng.uniform() < winRate { won += draw(.refreshValuePerSeat) * weight[i] * G }
            schedule(refreshHead, month: t + cycle, client: i)
          }
          r = eventNext[Int(r)]
        }
        book(slotRefresh, won, .refreshProjects)
      }
      if slotResale >= 0 {
        book(slotResale, resalePerSeatMonth * S * yearMargin[y], .resale)
      }
      if slotVCIO >= 0 { book(slotVCIO, vcioSum, .vcio) }
      if slotFramework >= 0 { book(slotFramework, frameworkThisMonth, .frameworkProjects) }
      if slotPM >= 0 {
        let n = rng.poisson(mean: Double(A) * pmMonthlyPerClient)
        var value = 0.0
        for _ in 0..<n { value += draw(.pmProjectValue) }
        book(slotPM, pmFeeShare * value, .thirdPartyPM)
      }
      if slotApps >= 0 { book(slotApps, appSum * G, .appManagement) }
      if slotMarket >= 0 {
        // Commissions that end this month stop before it is paid.
        var c = commissionEndHead[t]
        while c >= 0 {
          let i = Int(eventClient[Int(c)])
          if active[i] { endCommission(i) }
          c = eventNext[Int(c)]
        }
        // Ramping clients: ramp_i = min(1, (t - a_i + 1)/R); at 1 they join the full sum.
        var rampingPart = 0.0
        var j = 0
        while j < rampingCount {
          let i = Int(ramping[j])
          let ramp = Double(t - Int(adoptedAt[i]) + 1) / captureRamp
          if ramp >= 1 {
            removeRamping(i)
            marketState[i] = 2
            marketFullSum += commission[i] * weight[i]
            marketFullCount += 1
            continue  // the swapped-in client now sits at j
          }
          rampingPart += commission[i] * ramp * weight[i]
          j += 1
        }
        let cloud = cloudPerSeat * yearCloud[y]
        book(slotMarket, capture * cloud * G * (marketFullSum + rampingPart) + bountyThisMonth, .marketplace)
      }

      // Costs (MODEL.md, "Costs and profit").
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

/// What an adopting client is offered on this path: the per-path terms `adopt`
/// needs, gathered once per path (docs/model.md, "The client book", "Marketplace").
struct AdoptionTerms {
  /// Stream slots (-1: the model lacks the stream).
  var vcioSlot = -1, frameworkSlot = -1, appsSlot = -1, marketSlot = -1
  var monthlyChurnProbabilityAdopted = 0.0
  var appUserShare = 0.0
  var capture = 0.0
  var captureRampMonths = 0.0
  /// 0: the commission is paid for ever. With programs all capped: the longest cap.
  var commissionMonths = 0
  /// The model lists marketplace programs (docs/model.md, "Marketplace programs").
  var hasPrograms = false
  /// Programs whose cap ends before the client's whole commission does get an event
  /// of their own: caps below this many months (all capped: the longest cap; else
  /// every cap).
  var programEndsBelow = 0
  var bountyPerSeat = 0.0
}

/// The client book's mutations: each keeps the running totals exact in count and
/// consistent in money (docs/model.md, "The client book"; see ModelPathSimulator).
extension ModelPathSimulator {
  /// Adds a client joining in `month` (0 for the initial book) with seats drawn from
  /// sampler `seats` (`clients.seats` for the initial book, `acquisition.seats` or
  /// `vcio_only_seats` for arrivals, each drawn as the quantity it follows when not
  /// given: `ModelPlan.eventSource`); schedules its first refresh, due uniformly in
  /// its first `cycle` months (none when `cycle` is 0). Churn is scheduled by the caller,
  /// who has checked `book.hasRoom`.
  @inline(__always)
  mutating func addClient(
    month t: Int, cycle: Int, seats: Int = EventID.clientSeats.rawValue, vcioOnly: Bool = false
  ) -> Int {
    let w = drawEvent(seats) / seatFactor[t]
    let i = book.add(weight: w)
    bookWeight += w
    inBook += 1
    if vcioOnly {
      book.vcioOnly[i] = true
      vcioOnlyCount += 1
      vcioOnlyWeight += w
    } else {
      supportedWeight += w
      supportedCount += 1
    }
    if cycle > 0 { calendar.schedule(.refresh, month: t + 1 + rng.uniformInt(cycle), client: i) }
    return i
  }

  /// Schedules client `i`'s leaving month, drawn from `from` on with monthly probability `p`.
  @inline(__always)
  mutating func scheduleChurn(_ i: Int, from t: Int, p: Double) {
    let month = churnMonth(from: t, p: p)
    book.churnAt[i] = month
    calendar.schedule(.churn, month: Int(month), client: i)
  }

  /// Client `i` adopts in `month` (0: already adopted at the start): its vCIO fee,
  /// framework fee, apps and commission rate are drawn now (per event).
  ///
  /// - Throws: `EngineError.eventLimit` when the client's apps pass `EngineError.maximumEventsPerMonth`.
  @inline(__always)
  mutating func adopt(_ i: Int, month t: Int, redrawChurn: Bool, path: Int) throws(EngineError) {
    book.adoptedAt[i] = Int32(t)
    adoptedCount += 1
    adoptedWeight += book.weight[i]
    if redrawChurn { scheduleChurn(i, from: t, p: constants.adoption.monthlyChurnProbabilityAdopted) }
    let w = book.weight[i]
    if constants.adoption.vcioSlot >= 0 {
      let fee = draw(.vcioMonthlyFee)
      book.vcioFee[i] = fee
      vcioSum += fee
    }
    if constants.adoption.frameworkSlot >= 0, t > 0 { frameworkThisMonth += draw(.frameworkFee) }
    if constants.adoption.appsSlot >= 0 {
      let apps = Self.whole(draw(.appsPerClient), atMost: EngineError.maximumEventsPerMonth + 1)
      let perUser = try sumOfDraws(.appTierPrice, count: apps, drivenBy: EventID.appsPerClient.keyPath, path: path)
      book.appValue[i] = perUser * constants.adoption.appUserShare
      appSum += book.appValue[i] * w
    }
    if constants.adoption.marketSlot >= 0 {
      let rate = constants.adoption.hasPrograms ? adoptPrograms(i, month: t) : draw(.marketCommission)
      book.commission[i] = rate
      if t > 0 { bountyThisMonth += constants.adoption.bountyPerSeat * constants.adoption.capture * w * seatFactor[t] }
      if constants.adoption.commissionMonths > 0 {
        calendar.schedule(.commissionEnd, month: t + constants.adoption.commissionMonths, client: i)
      }
      if constants.adoption.captureRampMonths > 1 {
        book.marketState[i] = .ramping
        book.addRamping(i)
      } else {
        book.marketState[i] = .full
        marketFullSum += rate * w
        marketFullCount += 1
      }
    }
  }

  /// Client `i`'s commission rate over the marketplace programs: sum of share_k x
  /// rate_k, each rate drawn now; a capped program that stops before the client's
  /// whole commission does is scheduled to leave the sum (docs/model.md, "Marketplace programs").
  @inline(__always)
  mutating func adoptPrograms(_ i: Int, month t: Int) -> Double {
    var rate = 0.0
    for k in 0..<plan.programShares.count {
      let part = plan.programShares[k] * drawEvent(EventID.allCases.count + k)
      rate += part
      let months = plan.programMonths[k]
      if months > 0, months < constants.adoption.programEndsBelow {
        calendar.schedule(.programEnd, month: t + months, client: i, amount: part)
      }
    }
    return rate
  }

  /// One program of client `i` stops paying: its part leaves the client's rate (and
  /// the running sum, once the client's capture has ramped).
  @inline(__always)
  mutating func endProgram(_ i: Int, part: Double) {
    switch book.marketState[i] {
    case .full:
      marketFullSum = Swift.max(0, marketFullSum - part * book.weight[i])
      book.commission[i] = Swift.max(0, book.commission[i] - part)
    case .ramping: book.commission[i] = Swift.max(0, book.commission[i] - part)
    case .none, .ended: break
    }
  }

  /// Client `i` leaves the book.
  @inline(__always)
  mutating func removeClient(_ i: Int) {
    book.active[i] = false
    inBook -= 1
    let w = book.weight[i]
    // Running sums of non-negative terms: a subtraction's rounding residue must not
    // take them below 0 (a book of zero-seat clients would show -1e-16 seats).
    bookWeight = Swift.max(0, bookWeight - w)
    if book.vcioOnly[i] {
      vcioOnlyCount -= 1
      vcioOnlyWeight = vcioOnlyCount == 0 ? 0 : Swift.max(0, vcioOnlyWeight - w)
    } else {
      supportedCount -= 1
      supportedWeight = supportedCount == 0 ? 0 : Swift.max(0, supportedWeight - w)
    }
    if book.adoptedAt[i] >= 0 {
      adoptedCount -= 1
      adoptedWeight = Swift.max(0, adoptedWeight - w)
      vcioSum = Swift.max(0, vcioSum - book.vcioFee[i])
      appSum = Swift.max(0, appSum - book.appValue[i] * w)
      endCommission(i)
    } else {
      // A client in the funnel (or waiting to retry) is in no list; one leaving in its
      // trial quarter stops paying the trial fee.
      switch book.funnel[i] {
      case .none: book.removePending(i)
      case .inTrial: trialsActive -= 1
      case .assessed, .workshopHeld, .quickWon, .waiting: break
      }
    }
    // An empty book holds exactly nothing (no rounding residue from the subtractions).
    if inBook == 0 { bookWeight = 0 }
    if adoptedCount == 0 {
      adoptedWeight = 0
      vcioSum = 0
      appSum = 0
      marketFullSum = 0
      marketFullCount = 0
    }
  }

  /// Client `i`'s ramping capture reached full: it joins the running sum.
  @inline(__always)
  mutating func completeRamp(_ i: Int) {
    book.removeRamping(i)
    book.marketState[i] = .full
    marketFullSum += book.commission[i] * book.weight[i]
    marketFullCount += 1
  }

  /// Client `i`'s marketplace commission stops (its `commission_months` ran out, or it left).
  @inline(__always)
  mutating func endCommission(_ i: Int) {
    switch book.marketState[i] {
    case .full:
      marketFullSum = Swift.max(0, marketFullSum - book.commission[i] * book.weight[i])
      marketFullCount -= 1
      if marketFullCount == 0 { marketFullSum = 0 }  // no rounding residue once nobody is paid
    case .ramping: book.removeRamping(i)
    case .none, .ended: break
    }
    book.marketState[i] = .ended
  }
}

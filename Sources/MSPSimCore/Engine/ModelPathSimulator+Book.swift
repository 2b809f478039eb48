/// The client book's mutations: each keeps the running totals exact in count and
/// consistent in money (MODEL.md, "Clients"; see ModelPathSimulator).
extension ModelPathSimulator {
  /// Adds a client joining in `month` (0 for the initial book) with seats drawn from
  /// `clients.seats`; schedules its first refresh, due uniformly in its first
  /// `cycle` months (none when `cycle` is 0). Churn is scheduled by the caller.
  @inline(__always)
  mutating func addClient(month t: Int, cycle: Int) -> Int {
    let i = clientCount
    let need = i + 1
    if need > weight.capacity {
      let keep = clientCount
      weight.ensure(need, keep: keep, initial: 0)
      active.ensure(need, keep: keep, initial: false)
      adoptedAt.ensure(need, keep: keep, initial: -1)
      churnAt.ensure(need, keep: keep, initial: Int32.max)
      vcioFee.ensure(need, keep: keep, initial: 0)
      appValue.ensure(need, keep: keep, initial: 0)
      commission.ensure(need, keep: keep, initial: 0)
      marketState.ensure(need, keep: keep, initial: 0)
      listPos.ensure(need, keep: keep, initial: -1)
      pending.ensure(need, keep: pendingCount, initial: 0)
      ramping.ensure(need, keep: rampingCount, initial: 0)
    }
    clientCount += 1
    let w = draw(.clientSeats) / seatFactor[t]
    weight[i] = w
    active[i] = true
    adoptedAt[i] = -1
    churnAt[i] = Int32.max
    vcioFee[i] = 0
    appValue[i] = 0
    commission[i] = 0
    marketState[i] = 0
    listPos[i] = -1
    bookWeight += w
    inBook += 1
    if cycle > 0 { schedule(refreshHead, month: t + 1 + rng.uniformInt(cycle), client: i) }
    return i
  }

  /// Client `i` adopts in `month` (0: already adopted at the start): its vCIO fee,
  /// framework fee, apps and commission rate are drawn now (per event).
  @inline(__always)
  mutating func adopt(_ i: Int, month t: Int, redrawChurn: Bool, pChurnAdopted: Double,
             slots: (vcio: Int, framework: Int, apps: Int, market: Int), userShare: Double, capture: Double,
             captureRamp: Double, commissionMonths: Int, bountyPerSeat: Double)
  {
    adoptedAt[i] = Int32(t)
    adoptedCount += 1
    if redrawChurn {
      churnAt[i] = churnMonth(from: t, p: pChurnAdopted)
      schedule(churnHead, month: Int(churnAt[i]), client: i)
    }
    let w = weight[i]
    if slots.vcio >= 0 {
      let fee = draw(.vcioMonthlyFee)
      vcioFee[i] = fee
      vcioSum += fee
    }
    if slots.framework >= 0, t > 0 { frameworkThisMonth += draw(.frameworkFee) }
    if slots.apps >= 0 {
      let apps = Int(draw(.appsPerClient))
      var perUser = 0.0
      for _ in 0..<apps { perUser += draw(.appTierPrice) }
      appValue[i] = perUser * userShare
      appSum += appValue[i] * w
    }
    if slots.market >= 0 {
      let rate = draw(.marketCommission)
      commission[i] = rate
      if t > 0 { bountyThisMonth += bountyPerSeat * capture * w * seatFactor[t] }
      if commissionMonths > 0 { schedule(commissionEndHead, month: t + commissionMonths, client: i) }
      if captureRamp > 1 {
        marketState[i] = 1
        listPos[i] = Int32(rampingCount)
        ramping[rampingCount] = Int32(i)
        rampingCount += 1
      } else {
        marketState[i] = 2
        marketFullSum += rate * w
        marketFullCount += 1
      }
    }
  }

  /// Client `i` leaves the book.
  @inline(__always)
  mutating func removeClient(_ i: Int) {
    active[i] = false
    inBook -= 1
    let w = weight[i]
    bookWeight -= w
    if adoptedAt[i] >= 0 {
      adoptedCount -= 1
      vcioSum -= vcioFee[i]
      appSum -= appValue[i] * w
      endCommission(i)
    } else {
      removePending(i)
    }
    // An empty book holds exactly nothing (no rounding residue from the subtractions).
    if inBook == 0 { bookWeight = 0 }
    if adoptedCount == 0 { vcioSum = 0; appSum = 0; marketFullSum = 0; marketFullCount = 0 }
  }

  /// Client `i`'s marketplace commission stops (its `commission_months` ran out, or it left).
  @inline(__always)
  mutating func endCommission(_ i: Int) {
    switch marketState[i] {
    case 2:
      marketFullSum -= commission[i] * weight[i]
      marketFullCount -= 1
      if marketFullCount == 0 { marketFullSum = 0 }  // no rounding residue once nobody is paid
    case 1: removeRamping(i)
    default: break
    }
    marketState[i] = 3
  }

  @inline(__always)
  mutating func addPending(_ i: Int) {
    listPos[i] = Int32(pendingCount)
    pending[pendingCount] = Int32(i)
    pendingCount += 1
  }

  @inline(__always)
  mutating func removePending(_ i: Int) { Self.swapRemove(i, from: pending, count: &pendingCount, positions: listPos) }

  @inline(__always)
  mutating func removeRamping(_ i: Int) { Self.swapRemove(i, from: ramping, count: &rampingCount, positions: listPos) }

  /// Removes client `i` from an unordered list in O(1): the last entry takes its
  /// place. `positions[i]` is `i`'s place in the list (-1 once removed).
  @inline(__always)
  static func swapRemove(_ i: Int, from list: Column<Int32>, count: inout Int, positions: Column<Int32>) {
    let pos = Int(positions[i])
    let last = list[count - 1]
    list[pos] = last
    positions[Int(last)] = Int32(pos)
    count -= 1
    positions[i] = -1
  }
}

/// Exit value and cash of one model on one path (docs/model.md, "Exit value" and
/// "Cash"), from the months the path has written to `out`: run after `simulate`,
/// so the month loop stays as it was.
extension ModelPathSimulator {
  /// Writes the summary's value, ev.exit, multiple.exit and recurring_share.exit
  /// (with `valuation:`) and the monthly cash row, cash.min and cash.below_floor
  /// (with `cash:`).
  mutating func decide(_ terms: DecisionTerms) {
    let layout = plan.layout
    if let slot = layout.summaryValue { exitValue(terms, into: slot) }
    if let row = layout.cash, let slot = layout.summaryCashMin { cash(terms, row: row, into: slot) }
  }

  /// At the exit month X: trailing-twelve-month (TTM) revenue, recurring revenue
  /// and EBITDA over months X-11...X; R = TTM recurring / TTM revenue (0 when TTM
  /// revenue is 0); EV = M(R) x max(0, TTM EBITDA); value = the EBITDA of months
  /// 1...X discounted plus EV discounted from X.
  @inline(__always)
  mutating func exitValue(_ terms: DecisionTerms, into slot: Int) {
    let T = months
    let layout = plan.layout
    let X = terms.exitMonth
    var revenue = 0.0
    var recurring = 0.0
    var ebitda = 0.0
    for t in (X - 12)..<X {
      revenue += out[layout.revenueTotal * T + t]
      recurring += out[layout.revenueRecurring * T + t]
      ebitda += out[layout.ebitda * T + t]
    }
    var npv = 0.0
    for t in 1...X { npv += out[layout.ebitda * T + t - 1] * discount[t] }
    let share = revenue != 0 ? recurring / revenue : 0
    let multiple = terms.multiple(recurringShare: share)
    let ev = multiple * Swift.max(0, ebitda)
    summary[slot] = npv + ev * discount[X]
    summary[slot + 1] = ev
    summary[slot + 2] = multiple
    summary[slot + 3] = share
  }

  /// cash(t) = opening + the sum over months 1...t of collected - cost - tax -
  /// owner draw, with collected(t) = (1-f) revenue(t-k) + f revenue(t-k-1) for
  /// D/30 = k + f, revenue before month 1 equal to month 1's (a business in steady
  /// state); the tax of a year, tax_rate x max(0, its EBITDA), is paid in its last
  /// month. The sum is kept apart from the opening balance so that with D = 0, no
  /// tax and no draw, cash(t) is opening + cumulative EBITDA(t) to the last bit.
  @inline(__always)
  mutating func cash(_ terms: DecisionTerms, row: Int, into slot: Int) {
    let T = months
    let layout = plan.layout
    let lag = terms.receivableDays / 30
    let k = Int(lag.rounded(.down))
    let f = lag - Double(k)
    @inline(__always) func revenue(_ t: Int) -> Double { out[layout.revenueTotal * T + Swift.max(1, t) - 1] }
    var flows = 0.0
    var yearEBITDA = 0.0
    var lowest = Double.infinity
    for t in 1...T {
      let collected = (1 - f) * revenue(t - k) + f * revenue(t - k - 1)
      yearEBITDA += out[layout.ebitda * T + t - 1]
      var tax = 0.0
      if t % 12 == 0 {
        tax = terms.taxRate * Swift.max(0, yearEBITDA)
        yearEBITDA = 0
      }
      flows += collected - out[layout.costTotal * T + t - 1] - tax - terms.ownerDrawMonthly
      let balance = terms.opening + flows
      out[row * T + t - 1] = balance
      lowest = Swift.min(lowest, balance)
    }
    summary[slot] = lowest
    summary[slot + 1] = lowest < terms.floor ? 1 : 0
  }
}

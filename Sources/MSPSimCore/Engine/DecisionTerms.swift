/// One path's values of the `valuation:` and `cash:` keys (docs/model.md, "Exit
/// value", "Cash"): drawn once per path, after the `market:` entries, and shared by
/// every model on it.
struct DecisionTerms {
  /// X = 12 x exit_year, within the horizon.
  var exitMonth = 12
  var multipleBase = 0.0
  var multiplePerRecurring = 0.0
  var multipleMin = 0.0
  var multipleMax = Double.infinity
  var opening = 0.0
  var receivableDays = 0.0
  var taxRate = 0.0
  var ownerDrawMonthly = 0.0
  var floor = 0.0

  init() {}

  /// From the path's values by `DecisionKey.rawValue` (already in their domains).
  init(_ v: [Double], horizonYears: Int) {
    func at(_ k: DecisionKey) -> Double { v[k.rawValue] }
    exitMonth = 12 * Swift.min(horizonYears, Swift.max(1, Int(at(.exitYear))))
    multipleBase = at(.multipleBase)
    multiplePerRecurring = at(.multiplePerRecurring)
    multipleMin = at(.multipleMin)
    multipleMax = at(.multipleMax)
    opening = at(.opening)
    receivableDays = at(.receivableDays)
    taxRate = at(.taxRate)
    ownerDrawMonthly = at(.ownerDrawMonthly)
    floor = at(.floor)
  }

  /// The EV/EBITDA multiple at recurring share R: clamp(base + per_recurring x R,
  /// min, max). A drawn min above the drawn max gives max (the cap wins).
  func multiple(recurringShare r: Double) -> Double {
    Swift.min(multipleMax, Swift.max(multipleMin, multipleBase + multiplePerRecurring * r))
  }
}

/// The multipliers a recession month applies (docs/model.md, "Recessions"): the
/// path's values of `recessions.effects.*`, 1 meaning no effect.
struct RecessionEffects {
  var acquisition = 1.0
  var churn = 1.0
  var blockHours = 1.0
  var refreshWinRate = 1.0
  var thirdPartyPM = 1.0
  var cloudSpend = 1.0

  init() {}

  /// From the path's values by `DecisionKey.rawValue` (already in their domains).
  init(_ v: [Double]) {
    acquisition = v[DecisionKey.effectAcquisition.rawValue]
    churn = v[DecisionKey.effectChurn.rawValue]
    blockHours = v[DecisionKey.effectBlockHours.rawValue]
    refreshWinRate = v[DecisionKey.effectRefreshWinRate.rawValue]
    thirdPartyPM = v[DecisionKey.effectThirdPartyPM.rawValue]
    cloudSpend = v[DecisionKey.effectCloudSpend.rawValue]
  }
}

extension PathWorker {
  /// The path's recession months, a market process shared by every model (docs/model.md,
  /// "Recessions"): in each month not in a recession, one starts with probability
  /// q = 1 - (1 - p)^(1/12) and lasts D months counting that one, D drawn per
  /// recession from `duration_months` (whole, >= 1). Drawn from the market stream after
  /// the `market:` entries and the blocks' keys; fills `recessionMonths[1...T]` with 1
  /// in a recession month, else 0.
  func drawRecessions() {
    let T = plan.months
    let q = ModelPathSimulator.monthly(decisionValues[DecisionKey.recessionAnnualProbability.rawValue])
    let duration = DecisionKey.recessionDurationMonths
    var remaining = 0
    for t in 1...T {
      if remaining == 0, q > 0, marketRNG.uniform() < q {
        let x: Double
        switch plan.decision[duration.rawValue] {
        case .constant(let c): x = c
        case .distribution(let d): x = d.sample(using: marketRNG)
        case .market(let i): x = marketValues[i]
        }
        if duration.domain.isOutside(x) { decisionClampCount[duration.rawValue] += 1 }
        remaining = ModelPathSimulator.whole(duration.domain.clamp(x), atMost: T + 1)
      }
      if remaining > 0 {
        recessionMonths[t] = 1
        remaining -= 1
      } else {
        recessionMonths[t] = 0
      }
    }
  }
}

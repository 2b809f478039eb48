import Foundation

/// Simulates one model on one path, month by month (MODEL.md, "Clients",
/// "Revenue streams", "Costs and profit"), writing every metric of every month
/// into `out` (metric-major: `out[metric * months + t - 1]`).
///
/// One per worker and model, reused for every path: the client book is a struct of
/// arrays in raw columns, the event calendar is bucketed by month, and the sums the
/// streams need are kept as running totals, so a month costs O(events), not
/// O(clients). Exact distribution algebra replaces per-client Bernoulli draws:
/// - churn: a client's leaving month is drawn once, as join + Geometric(p) (the
///   first success of monthly Bernoulli(p) trials), and re-drawn at adoption when
///   the adopted rate differs (memoryless, so this is exact);
/// - adoption: of the M clients still to adopt, Binomial(M, q(t)) adopt this month,
///   and which ones is a uniformly random subset (exchangeable Bernoulli(q) trials).
/// Seat growth: seats_i(t) = seats0_i (1+g)^((t - join_i)/12) = w_i G(t) with
/// w_i = seats0_i / G(join_i), G(t) = (1+g)^(t/12), so S(t) = G(t) sum(w_i).
struct ModelPathSimulator {
  let plan: ModelPlan
  let months: Int
  let rng: GSLRandom
  let discount: [Double]

  /// Per-path parameter values, by `ParameterID.rawValue` (clamped to their domains).
  var value: Column<Double>
  /// Per-event distributions, by `EventID.rawValue`. A `let`: the hot loop borrows
  /// the enum in place (measured: through a raw pointer or a `var`, each draw copied
  /// the enum, a retain and release of a discrete table's storage per draw).
  let event: [Distribution]
  /// Per-event quantities that are `market.NAME` references take the path's market
  /// draw instead (`eventFromMarket[i]`, value `eventMarketValue[i]`).
  let eventFromMarket: [Bool]
  var eventMarketValue: Column<Double>
  let eventDomain: [ParameterDomain]

  // The client book (struct of arrays); clients are never reused within a path.
  var weight = Column<Double>(capacity: 256, initial: 0)  // w_i
  var active = Column<Bool>(capacity: 256, initial: false)
  var adoptedAt = Column<Int32>(capacity: 256, initial: -1)  // -1: not adopted
  var churnAt = Column<Int32>(capacity: 256, initial: Int32.max)
  var vcioFee = Column<Double>(capacity: 256, initial: 0)
  var appValue = Column<Double>(capacity: 256, initial: 0)  // sum of tier prices x user_share
  var commission = Column<Double>(capacity: 256, initial: 0)
  var marketState = Column<UInt8>(capacity: 256, initial: 0)  // 0 none, 1 ramping, 2 full
  var listPos = Column<Int32>(capacity: 256, initial: -1)  // position in `pending` or `ramping`
  var clientCount = 0  // clients ever added on this path (the next index)
  var inBook = 0  // clients in the book now

  var pending = Column<Int32>(capacity: 256, initial: 0)  // in the book, not adopted
  var pendingCount = 0
  var ramping = Column<Int32>(capacity: 64, initial: 0)  // adopted, marketplace capture still ramping
  var rampingCount = 0
  var newcomers = Column<Int32>(capacity: 64, initial: 0)

  // Event calendar: per month, singly linked lists in one pool.
  var churnHead: Column<Int32>
  var refreshHead: Column<Int32>
  var commissionEndHead: Column<Int32>
  var eventClient = Column<Int32>(capacity: 1024, initial: 0)
  var eventNext = Column<Int32>(capacity: 1024, initial: -1)
  var eventCount = 0

  // Per-path tables.
  var seatFactor: Column<Double>  // G(t), t = 0...months

  /// Output buffer: `layout.count` metrics x `months`.
  var out: Column<Double>
  /// Per-path summary values (MetricLayout.summaryNames order).
  var summary: Column<Double>
  /// Per-year factors of this path, y = 0..<years: (1+r)^y of each annual change.
  var yearPrice: Column<Double>, yearDemand: Column<Double>, yearRate: Column<Double>
  var yearMargin: Column<Double>, yearCloud: Column<Double>, yearAcquisition: Column<Double>
  var yearCost: Column<Double>

  // Running totals over the book.
  var bookWeight = 0.0  // sum of w_i
  var adoptedCount = 0
  var vcioSum = 0.0
  var appSum = 0.0  // sum of appValue_i w_i
  var marketFullSum = 0.0  // sum of commission_i w_i, past the ramp
  var marketFullCount = 0  // clients in that sum (at 0 the sum is reset to exactly 0)
  var frameworkThisMonth = 0.0
  var bountyThisMonth = 0.0

  init(plan: ModelPlan, months: Int, rngName: String, discount: [Double]) throws(GSLError) {
    self.plan = plan
    self.months = months
    self.discount = discount
    rng = try GSLRandom(name: rngName)
    value = Column(capacity: ParameterID.allCases.count, initial: 0)
    event = plan.events.map { src in
      switch src {
      case .distribution(let d): return d
      case .constant(let c): return .constant(c)
      case .market: return .constant(0)  // the path's market draw is used instead
      }
    }
    eventFromMarket = plan.events.map { if case .market = $0 { return true } else { return false } }
    eventMarketValue = Column(capacity: plan.events.count, initial: 0)
    eventDomain = ScenarioPlan.eventDomains
    churnHead = Column(capacity: months + 2, initial: -1)
    refreshHead = Column(capacity: months + 2, initial: -1)
    commissionEndHead = Column(capacity: months + 2, initial: -1)
    seatFactor = Column(capacity: months + 1, initial: 1)
    out = Column(capacity: plan.layout.count * months, initial: 0)
    summary = Column(capacity: plan.layout.summaryCount, initial: 0)
    let years = (months + 11) / 12
    yearPrice = Column(capacity: years, initial: 1); yearDemand = Column(capacity: years, initial: 1)
    yearRate = Column(capacity: years, initial: 1); yearMargin = Column(capacity: years, initial: 1)
    yearCloud = Column(capacity: years, initial: 1); yearAcquisition = Column(capacity: years, initial: 1)
    yearCost = Column(capacity: years, initial: 1)
  }

  /// Frees the buffers (the owning worker calls it once, at its end).
  func release() {
    for c in [weight, vcioFee, appValue, commission, value, out, summary, seatFactor,
              yearPrice, yearDemand, yearRate, yearMargin, yearCloud, yearAcquisition, yearCost] { c.release() }
    active.release(); adoptedAt.release(); churnAt.release(); marketState.release(); listPos.release()
    pending.release(); ramping.release(); newcomers.release()
    churnHead.release(); refreshHead.release(); commissionEndHead.release()
    eventClient.release(); eventNext.release(); eventMarketValue.release()
  }

  // MARK: Per-path parameters

  /// Draws the model's per-path parameters from its own stream (seeded from
  /// (seed, path, name)), in `ParameterID` order, then resolves market references.
  mutating func drawParameters(seed: UInt64, path: Int, market: UnsafeBufferPointer<Double>) {
    rng.reseed(StreamSeeds.model(seed: seed, path: path, modelHash: plan.nameHash))
    let domains = ScenarioPlan.parameterDomains
    for i in 0..<plan.parameters.count {
      let x: Double
      switch plan.parameters[i] {
      case .constant(let c): x = c
      case .distribution(let d): x = d.sample(using: rng)
      case .market(let m): x = market[m]
      }
      value[i] = domains[i].clamp(x)
    }
    if !plan.adoptedChurnGiven {
      value[ParameterID.churnAnnualAdopted.rawValue] = value[ParameterID.churnAnnual.rawValue]
    }
    for i in 0..<plan.events.count {
      if case .market(let m) = plan.events[i] {
        eventMarketValue[i] = eventDomain[i].clamp(market[m])
      }
    }
  }

  @inline(__always) func p(_ id: ParameterID) -> Double { value[id.rawValue] }

  /// A per-event draw, brought into the quantity's domain.
  @inline(__always) func draw(_ e: EventID) -> Double {
    let i = e.rawValue
    if eventFromMarket[i] { return eventMarketValue[i] }
    return eventDomain[i].clamp(event[i].sample(using: rng))
  }

  // MARK: Event calendar

  @inline(__always)
  mutating func schedule(_ head: Column<Int32>, month: Int, client: Int) {
    guard month <= months else { return }
    eventClient.ensure(eventCount + 1, keep: eventCount, initial: 0)
    eventNext.ensure(eventCount + 1, keep: eventCount, initial: -1)
    eventClient[eventCount] = Int32(client)
    eventNext[eventCount] = head[month]
    head[month] = Int32(eventCount)
    eventCount += 1
  }

  /// Monthly probability from an annual one: 1 - (1 - a)^(1/12) (MODEL.md, "Time").
  @inline(__always)
  static func monthly(_ annual: Double) -> Double {
    annual >= 1 ? 1 : 1 - pow(1 - annual, 1.0 / 12)
  }

  /// The month a client exposed from `from + 1` on leaves: from + Geometric(p)
  /// (Int32.max when p = 0).
  @inline(__always)
  func churnMonth(from: Int, p: Double) -> Int32 {
    if p <= 0 { return Int32.max }
    let g = rng.geometric(p: p)
    let m = from + g
    return m > months ? Int32.max : Int32(m)
  }
}

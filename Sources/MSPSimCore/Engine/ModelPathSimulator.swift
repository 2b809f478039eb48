import Foundation

/// Simulates one model on one path, month by month (docs/model.md, "The client book",
/// "Revenue streams", "Costs and profit"), writing every metric of every month
/// into `out` (metric-major: `out[metric * months + t - 1]`).
///
/// One per worker and model, reused for every path: the client book is a struct of
/// arrays (`ClientBook`), the event calendar is bucketed by month (`EventCalendar`),
/// and the sums the streams need are kept as running totals, so a month costs
/// O(events), not O(clients). Exact distribution algebra replaces per-client
/// Bernoulli draws:
/// - churn: a client's leaving month is drawn once, as join + Geometric(p) (the
///   first success of monthly Bernoulli(p) trials), and re-drawn at adoption when
///   the adopted rate differs (memoryless, so this is exact);
/// - adoption: of the M clients still to adopt, Binomial(M, q(t)) adopt this month,
///   and which ones is a uniformly random subset (exchangeable Bernoulli(q) trials).
/// Seat growth: seats_i(t) = seats0_i (1+g)^((t - join_i)/12) = w_i G(t) with
/// w_i = seats0_i / G(join_i), G(t) = (1+g)^(t/12), so S(t) = G(t) sum(w_i).
///
/// Noncopyable: it owns its buffers, which free themselves with it. Its helpers
/// are `mutating` even where they only read: a nonmutating method that the
/// optimiser does not inline receives the whole 736-byte struct by copy
/// (measured: memcpy was 7.5 % of a run); a mutating one receives its address.
struct ModelPathSimulator: ~Copyable {
  let plan: ModelPlan
  let months: Int
  let rng: GSLRandom
  let discount: [Double]

  /// Per-path parameter values, by `ParameterID.rawValue` (clamped to their domains).
  var value: Column<Double>
  /// Per-event quantities, by `EventID.rawValue`, compiled flat (`EventSampler`),
  /// then the components of mixtures; a `market.NAME` one holds the path's draw,
  /// set by `drawParameters`. (Drawing through the `Distribution` enum copied it,
  /// a retain and release of a discrete table's storage per draw.)
  var events: Column<EventSampler>
  /// The values of discrete per-event distributions (`EventSampler.index` onwards).
  var eventValues: Column<Double>
  /// This path's constants of the month loop (set at the start of `simulate`), held
  /// in a one-element column and lent in place, so a step reads the fields it uses:
  /// as a stored property (or through a `_read` accessor), each read copied all
  /// 736 bytes (measured: memcpy was 7.5 % of the run).
  var constantsStore: Column<PathConstants>
  var constants: PathConstants {
    unsafeAddress { constantsStore.address(0) }
  }
  let eventDomain: [ParameterDomain]
  /// Draws that fell outside their key's domain and were clamped into it, by key:
  /// `ParameterID.rawValue`, then `parameterCount + EventID.rawValue` (docs/scenario-format.md,
  /// "Allowed values, clamping and rounding"). Counted since the worker started; integers, so they add
  /// exactly across workers.
  var clampCount: Column<Int>
  static let parameterCount = ParameterID.allCases.count
  /// Parameters, per-event quantities, then each marketplace program's commission.
  static let clampKeyCount = ParameterID.allCases.count + EventID.allCases.count + MarketplaceProgram.maximumCount
  /// The clamp key of program k's commission (and its sampler is `EventID.allCases.count + k`).
  static func programKey(_ k: Int) -> Int { parameterCount + EventID.allCases.count + k }

  var book = ClientBook()
  var calendar: EventCalendar
  /// Clients in the book now (`book.count` counts every client added this path).
  var inBook = 0

  /// Per-path tables: G(t), t = 0...months.
  var seatFactor: Column<Double>
  /// Output buffer: `layout.count` metrics x `months`.
  var out: Column<Double>
  /// Per-path summary values (MetricLayout.summaryNames order).
  var summary: Column<Double>
  /// Per-year factors of this path, y = 0..<years: (1+r)^y of each annual change.
  var yearPrice: Column<Double>, yearDemand: Column<Double>, yearRate: Column<Double>
  var yearMargin: Column<Double>, yearCloud: Column<Double>, yearAcquisition: Column<Double>
  var yearCost: Column<Double>
  /// (1+f)^y of the vCIO fee, the app tier prices and seats per technician.
  var yearFee: Column<Double>, yearAppPrice: Column<Double>, yearProductivity: Column<Double>
  /// This path's delivery share of each stream slot (docs/model.md, "Delivery cost and gross margin").
  var deliveryShare: Column<Double>
  /// Head count needed in months 1...T of this path, per role: the hiring lag reads
  /// it L months back (docs/model.md, "Hiring lag").
  var neededTechnicians: Column<Double>, neededVCIOs: Column<Double>

  // Running totals over the book.
  var bookWeight = 0.0  // sum of w_i
  var adoptedCount = 0
  var adoptedWeight = 0.0  // sum of w_i over adopted clients
  var vcioSum = 0.0
  var appSum = 0.0  // sum of appValue_i w_i
  var marketFullSum = 0.0  // sum of commission_i w_i, past the ramp
  var marketFullCount = 0  // clients in that sum (at 0 the sum is reset to exactly 0)
  var vcioOnlyCount = 0  // vCIO-only clients in the book (all adopted)
  var vcioOnlyWeight = 0.0  // sum of w_i over them
  /// Sum of w_i over the clients with a support contract (all but the vCIO-only ones),
  /// kept on its own: bookWeight - vcioOnlyWeight leaves a rounding residue where it
  /// should be 0, and ceil(residue / spt) would hire a technician.
  var supportedWeight = 0.0
  var supportedCount = 0
  var frameworkThisMonth = 0.0
  var bountyThisMonth = 0.0
  /// The sales funnel (docs/model.md, "The sales funnel"): this month's counts, the
  /// path's totals, and the clients in their trial quarter now.
  /// Recessions (docs/model.md, "Recessions"): the path's months (1 in a recession,
  /// index t = 0...T), their multipliers, and this month's factor on churn probabilities.
  var recessionMonths: Column<Double>
  var recessionEffects = RecessionEffects()
  var churnFactor = 1.0
  /// log1p(-p) of the churn probabilities leaving months are drawn at, and e^-mean
  /// of the arrival rates and of the project and assessment means (`RecentResults`).
  var survivalLogs = RecentResults()
  var arrivalZeros = RecentResults()
  var eventZeros = RecentResults()
  var funnelMonth = FunnelMonth()
  var funnelTotals = FunnelTotals()
  var trialsActive = 0

  init(plan: ModelPlan, months: Int, rngName: String, sampler: Sampler, discount: [Double]) throws(GSLError) {
    self.plan = plan
    self.months = months
    self.discount = discount
    rng = try GSLRandom(name: rngName, sampler: sampler)
    value = Column(capacity: ParameterID.allCases.count, initial: 0)
    let compiled = EventSampler.compile(plan.events, domains: ScenarioPlan.eventDomains)
    events = Column(capacity: compiled.samplers.count, initial: EventSampler(kind: .constant))
    eventValues = Column(capacity: compiled.values.count, initial: 0)
    constantsStore = Column(capacity: 1, initial: PathConstants())
    eventDomain = ScenarioPlan.eventDomains
    clampCount = Column(capacity: Self.clampKeyCount, initial: 0)
    calendar = EventCalendar(months: months)
    seatFactor = Column(capacity: months + 1, initial: 1)
    out = Column(capacity: plan.layout.count * months, initial: 0)
    summary = Column(capacity: plan.layout.summaryCount, initial: 0)
    let years = (months + 11) / 12
    yearPrice = Column(capacity: years, initial: 1)
    yearDemand = Column(capacity: years, initial: 1)
    yearRate = Column(capacity: years, initial: 1)
    yearMargin = Column(capacity: years, initial: 1)
    yearCloud = Column(capacity: years, initial: 1)
    yearAcquisition = Column(capacity: years, initial: 1)
    yearCost = Column(capacity: years, initial: 1)
    yearFee = Column(capacity: years, initial: 1)
    yearAppPrice = Column(capacity: years, initial: 1)
    yearProductivity = Column(capacity: years, initial: 1)
    deliveryShare = Column(capacity: Swift.max(1, plan.streams.count), initial: 0)
    neededTechnicians = Column(capacity: months + 1, initial: 0)
    neededVCIOs = Column(capacity: months + 1, initial: 0)
    recessionMonths = Column(capacity: months + 1, initial: 0)
    for (i, sampler) in compiled.samplers.enumerated() { events[i] = sampler }
    for (i, v) in compiled.values.enumerated() { eventValues[i] = v }
  }

  // MARK: Per-path parameters

  /// Draws the model's per-path parameters from its own stream (seeded from
  /// (seed, path, name)), in `ParameterID` order, then resolves market references.
  mutating func drawParameters(
    seed: UInt64, path: Int, market: UnsafeBufferPointer<Double>, design: LatinHypercube? = nil,
    given: UnsafeBufferPointer<Double>? = nil
  ) {
    rng.reseed(StreamSeeds.model(seed: seed, path: path, modelHash: plan.nameHash))
    let domains = ScenarioPlan.parameterDomains
    // churn.annual_adopted not given is the path's churn.annual value itself (set
    // below): its draw's clamp is counted once, at churn.annual.
    let adoptedCopy =
      plan.followers.contains { $0.target == ParameterID.churnAnnualAdopted.rawValue }
      ? ParameterID.churnAnnualAdopted.rawValue : -1
    // The Sobol design's values cover every parameter index read below.
    if let given { checkIndex(plan.parameters.count - 1, given.count) }
    for i in 0..<plan.parameters.count {
      // Constants were checked at load (and defaults of absent sections are never
      // read); only draws can leave the domain.
      switch plan.parameters[i] {
      case .constant(let c): value[i] = domains[i].clamp(c)
      case .distribution(let d):
        // With a Latin hypercube, the inverse CDF at the path's stratum (docs/model.md, "Sampling design").
        // With a Sobol design, the evaluation's value where it gives one (docs/model.md, "Sobol indices").
        let x: Double
        if let given, !given[i].isNaN {
          x = given[i]
        } else if let design, let stratum = design.modelStratum(plan.index, i, path: path) {
          x = d.quantile((stratum + rng.uniform()) / Double(design.paths))
        } else {
          x = d.sample(using: rng)
        }
        value[i] = clamped(x, domains[i], key: i, counted: i != adoptedCopy)
      case .market(let m): value[i] = clamped(market[m], domains[i], key: i, counted: i != adoptedCopy)
      }
    }
    for f in plan.followers { value[f.target] = value[f.source] }
    for i in 0..<plan.events.count {
      if case .market(let m) = plan.events[i] {
        // Counted once per path (the value is fixed for the path), not per event.
        events[i].a = clamped(market[m], eventDomain[i], key: Self.parameterCount + i)
      }
    }
  }

  /// `x` brought into `domain`; counted under `key` when it had to be moved.
  @inline(__always)
  mutating func clamped(_ x: Double, _ domain: ParameterDomain, key: Int, counted: Bool = true) -> Double {
    if counted, domain.isOutside(x) { clampCount[key] += 1 }
    return domain.clamp(x)
  }

  @inline(__always) func p(_ id: ParameterID) -> Double { value[id.rawValue] }

  /// A per-event draw, brought into the quantity's domain (and counted when it had to be).
  @inline(__always) mutating func draw(_ e: EventID) -> Double { drawEvent(e.rawValue) }

  /// The draw of per-event sampler `i` (an `EventID`, or `EventID.allCases.count + k`
  /// for marketplace program k's commission).
  @inline(__always) mutating func drawEvent(_ i: Int) -> Double {
    let x = events[i].draw(rng, samplers: events, values: eventValues)
    // A market value was clamped (and counted) once, for the whole path; draws that
    // cannot leave the domain need no clamp (`EventSampler.markClampFree`).
    if events[i].clampFree { return x }
    return clamped(x, eventDomain[i], key: Self.parameterCount + i)
  }

  /// The sum of `n` draws of `e`, in order: the value of a month's projects or of
  /// a client's apps.
  ///
  /// - Throws: `EngineError.eventLimit` naming `keyPath` (the key that drives `n`)
  ///   when `n` is past `EngineError.maximumEventsPerMonth`; nothing is drawn then.
  ///   The key path is built only then: built eagerly, its string cost a heap
  ///   allocation a month (about 3 % of a run; docs/performance.md,
  ///   "The month loop's own costs").
  @inline(__always)
  mutating func sumOfDraws(
    _ e: EventID, count n: Int, drivenBy keyPath: @autoclosure () -> String, path: Int
  ) throws(EngineError)
    -> Double
  {
    guard n <= EngineError.maximumEventsPerMonth else {
      throw .eventLimit(model: plan.name, path: path, keyPath: keyPath(), limit: EngineError.maximumEventsPerMonth)
    }
    var sum = 0.0
    let i = e.rawValue
    let sampler = events[i]
    // The same draws, in the same order, as n calls of `draw(e)`; a sampler whose
    // draws need no clamp is read once for the whole sum.
    if sampler.clampFree {
      for _ in 0..<n { sum += sampler.draw(rng, samplers: events, values: eventValues) }
    } else {
      for _ in 0..<n { sum += drawEvent(i) }
    }
    return sum
  }

  /// Monthly probability from an annual one: 1 - (1 - a)^(1/12) (docs/model.md, "Notation").
  @inline(__always)
  static func monthly(_ annual: Double) -> Double {
    annual >= 1 ? 1 : 1 - pow(1 - annual, 1.0 / 12)
  }

  /// A whole, non-negative parameter (already clamped and rounded) as an Int, capped
  /// at `cap`: counts of months past the horizon all mean "never", and the cap keeps
  /// a huge draw from trapping in the conversion.
  @inline(__always)
  static func whole(_ x: Double, atMost cap: Int) -> Int {
    x >= Double(cap) ? cap : (x > 0 ? Int(x) : 0)
  }

  /// The path's recession months and multipliers, from the market process its worker
  /// drew (docs/model.md, "Recessions"); set before `simulate` when the scenario has them.
  mutating func setRecessions(_ months: UnsafeBufferPointer<Double>, effects: RecessionEffects) {
    for t in 0..<Swift.min(months.count, self.months + 1) { recessionMonths[t] = months[t] }
    recessionEffects = effects
  }

  /// Whether month t is a recession month (never without `recessions:`).
  @inline(__always) func inRecession(_ t: Int) -> Bool { plan.hasRecessions && recessionMonths[t] > 0 }

  /// The month a client exposed from `from + 1` on leaves: from + Geometric(p x the
  /// month's recession factor, at most 1) (Int32.max when that is 0 or after the horizon).
  @inline(__always)
  mutating func churnMonth(from: Int, p p0: Double) -> Int32 {
    let p = churnFactor == 1 ? p0 : Swift.min(1, p0 * churnFactor)
    if p <= 0 { return Int32.max }
    let g = rng.geometric(p: p, logOneMinusP: survivalLogs.value(at: p) { log1p(-$0) })
    return g > months - from ? Int32.max : Int32(from + g)
  }
}

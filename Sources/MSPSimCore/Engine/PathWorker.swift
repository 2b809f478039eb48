/// Holds one model's simulator (noncopyable, so it cannot sit in an Array itself).
final class SimulatorSlot {
  var sim: ModelPathSimulator
  init(_ sim: consuming ModelPathSimulator) { self.sim = sim }
}

/// One worker's state: its generators, one simulator per model, its chunk sums and
/// tallies. Runs whole paths; touches nothing shared. Its buffers free themselves.
final class PathWorker {
  let plan: ScenarioPlan
  let layout: CellLayout
  let marketRNG: GSLRandom
  var marketValues: [Double]
  /// The path's values of the `valuation:` and `cash:` keys, by `DecisionKey.rawValue`.
  var decisionValues: [Double]
  /// Whether each decision key is drawn (its block is in the scenario).
  let decisionDrawn: [Bool]
  /// Decision draws clamped into their key's domain (or, for the exit year, cut at
  /// the horizon), by `DecisionKey.rawValue`.
  var decisionClampCount: [Int]
  /// The path's recession months, 1...T (docs/model.md, "Recessions"); index 0 is
  /// month 0, never in a recession.
  var recessionMonths: [Double]
  /// The copula's independent normals of the path (docs/model.md, "Correlated inputs").
  var copulaNormals: [Double]
  /// `--sensitivity sobol`: the design whose evaluations this worker runs (path p
  /// is evaluation p); nil in a plain run (docs/model.md, "Sobol indices").
  let sobol: SobolDesign?
  /// With a Sobol design, the evaluation's values: by `DecisionKey.rawValue`, and per
  /// model by `ParameterID.rawValue`; NaN where the key is drawn as in a plain run.
  var sobolDecision: [Double]
  var sobolParameters: [[Double]]
  /// With a Sobol design, whether each market entry's value comes from it.
  let marketInDesign: [Bool]
  let sims: [SimulatorSlot]
  var chunk: ChunkBuffer
  var tallies: WorkerTallies
  let recorder: PathRecorder?
  /// The row this path hands the recorder (`PathRecorder.width` values).
  var recordRow: Column<Double>
  /// A row of derived cell values (a metric's years, a pair's gaps) on its way to
  /// the chunk buffer: max(T, Y) values.
  var derivedRow: Column<Double>

  /// `keepsLastValues`: the chunk buffer keeps each path's cell values for
  /// `chunk.lastValue(cell:)` (the staged runner and tests; a run does not).
  init(
    plan: ScenarioPlan, layout: CellLayout, recorder: PathRecorder?, sobol: SobolDesign? = nil,
    keepsLastValues: Bool = false
  ) throws(GSLError) {
    self.plan = plan
    self.sobol = sobol
    sobolDecision = sobol == nil ? [] : [Double](repeating: .nan, count: DecisionKey.allCases.count)
    sobolParameters =
      sobol == nil ? [] : plan.models.map { _ in [Double](repeating: .nan, count: ParameterID.allCases.count) }
    marketInDesign = plan.market.indices.map { i in
      sobol?.groups.contains { g in
        switch g.source {
        case .market(let j): return j == i
        case .correlated(let entries): return entries.contains(i)
        default: return false
        }
      } ?? false
    }
    self.layout = layout
    marketRNG = try GSLRandom(name: plan.rng, sampler: plan.sampler)
    marketValues = [Double](repeating: 0, count: plan.market.count)
    decisionValues = [Double](repeating: 0, count: DecisionKey.allCases.count)
    decisionClampCount = [Int](repeating: 0, count: ModelPathSimulator.clampKeyCount)
    // duration_months is drawn at each recession's start, not once per path.
    decisionDrawn = DecisionKey.allCases.map { plan.has($0.block) && $0 != .recessionDurationMonths }
    recessionMonths = [Double](repeating: 0, count: plan.months + 1)
    copulaNormals = [Double](repeating: 0, count: plan.copula?.entries.count ?? 0)
    var sims: [SimulatorSlot] = []
    for m in plan.models {
      sims.append(
        SimulatorSlot(
          try ModelPathSimulator(
            plan: m, months: plan.months, rngName: plan.rng, sampler: plan.sampler,
            discount: plan.discountFactors)))
    }
    self.sims = sims
    chunk = ChunkBuffer(cells: layout.count, keepsLastValues: keepsLastValues)
    tallies = WorkerTallies(layout: layout)
    self.recorder = recorder
    recordRow = Column(capacity: recorder?.width ?? 0, initial: 0)
    derivedRow = Column(capacity: Swift.max(plan.months, plan.years), initial: 0)
  }

  /// Simulates path `path` for every model and adds it to the chunk sums and tallies.
  ///
  /// - Throws: `EngineError` when a model's path cannot be simulated (nothing is added).
  func run(path: Int) throws(EngineError) {
    try simulate(path: path)
    accumulate()
    if chunk.firstNonFiniteCell >= 0 {
      let (model, what) = layout.describe(cell: chunk.firstNonFiniteCell, plan: plan)
      throw .nonFiniteValue(model: model, path: path, what: what)
    }
    if let recorder {
      fillRecordRow(inputs: recorder.inputs)
      recorder.record(path: path, row: recordRow)
    }
  }

  /// Path `path`'s draws and months, every model, with no statistics: market and
  /// decision draws, each model's parameters, its months and its decision values.
  ///
  /// - Throws: `EngineError` when a model's path cannot be simulated.
  func simulate(path: Int) throws(EngineError) {
    // With a Sobol design, path `path` is an evaluation: its inputs come from the
    // design and its within-path randomness is that of plain path `streamPath`.
    let streamPath = sobol?.noisePath(evaluation: path) ?? path
    // Market draws: once per path, from the stream seeded from (seed, path) alone.
    marketRNG.reseed(StreamSeeds.market(seed: plan.seed, path: streamPath))
    if let sobol {
      setSobolInputs(sobol, evaluation: path)
      for i in plan.market.indices where !marketInDesign[i] { marketValues[i] = drawMarket(i, path: streamPath) }
    } else if let copula = plan.copula {
      drawCorrelatedMarket(copula, path: path)
    } else {
      for i in plan.market.indices { marketValues[i] = drawMarket(i, path: path) }
    }
    let terms = drawDecisionTerms()
    let effects = plan.hasRecessions ? RecessionEffects(decisionValues) : RecessionEffects()
    if plan.hasRecessions { drawRecessions() }
    for (m, slot) in sims.enumerated() {
      marketValues.withUnsafeBufferPointer { market in
        if sobol != nil {
          sobolParameters[m].withUnsafeBufferPointer { given in
            slot.sim.drawParameters(seed: plan.seed, path: streamPath, market: market, given: given)
          }
        } else {
          slot.sim.drawParameters(seed: plan.seed, path: path, market: market, design: plan.latinHypercube)
        }
      }
      if plan.hasRecessions {
        recessionMonths.withUnsafeBufferPointer { slot.sim.setRecessions($0, effects: effects) }
      }
      try slot.sim.simulate(path: path)
      slot.sim.decide(terms)
    }
  }

  /// The path's valuation and cash values: after the `market:` entries, from the
  /// same stream, in `DecisionKey` order, each brought into its key's domain
  /// (docs/model.md, "Exit value"). Nothing is drawn without the blocks, so a
  /// scenario without them draws exactly what it drew before they existed.
  private func drawDecisionTerms() -> DecisionTerms {
    guard plan.hasValuation || plan.hasCash || plan.hasRecessions else { return DecisionTerms() }
    for key in DecisionKey.allCases where decisionDrawn[key.rawValue] {
      let x: Double
      switch plan.decision[key.rawValue] {
      case .constant(let c): x = c
      case .distribution(let d):
        let given = sobol == nil ? Double.nan : sobolDecision[key.rawValue]
        x = given.isNaN ? d.sample(using: marketRNG) : given
      case .market(let i): x = marketValues[i]
      }
      var clamped = key.domain.clamp(x)
      if key == .exitYear, clamped > Double(plan.horizonYears) { clamped = Double(plan.horizonYears) }
      if key.domain.isOutside(x) || (key == .exitYear && x.rounded() > Double(plan.horizonYears)) {
        decisionClampCount[key.rawValue] += 1
      }
      decisionValues[key.rawValue] = clamped
    }
    return DecisionTerms(decisionValues, horizonYears: plan.horizonYears)
  }

  /// The market entries under `correlations:` (docs/model.md, "Correlated inputs"):
  /// k standard normals n from the market stream, z = L n, each entry its inverse CDF
  /// at Phi(z_j); then the other entries in file order, each drawn as without the block.
  private func drawCorrelatedMarket(_ copula: MarketCopula, path: Int) {
    for j in copula.entries.indices { copulaNormals[j] = marketRNG.gaussian(sd: 1) }
    setCorrelatedMarket(copula)
    for i in plan.market.indices where !copula.entries.contains(i) { marketValues[i] = drawMarket(i, path: path) }
  }

  /// The copula's entries from its independent normals n (`copulaNormals`): z = L n,
  /// each entry its inverse CDF at Phi(z_j).
  func setCorrelatedMarket(_ copula: MarketCopula) {
    let k = copula.entries.count
    for j in 0..<k {
      var z = 0.0
      for l in 0...j { z += copula.cholesky[j * k + l] * copulaNormals[l] }
      let i = copula.entries[j]
      marketValues[i] = plan.market[i].quantile(GSLCDF.ugaussianP(z))
    }
  }

  /// Market entry `i` on path `path`: a draw of its distribution, or with a Latin
  /// hypercube its inverse CDF at (pi(path) + v) / N (docs/model.md, "Sampling design").
  @inline(__always)
  private func drawMarket(_ i: Int, path: Int) -> Double {
    if let lhs = plan.latinHypercube, let stratum = lhs.marketStratum(i, path: path) {
      return plan.market[i].quantile((stratum + marketRNG.uniform()) / Double(lhs.paths))
    }
    return plan.market[i].sample(using: marketRNG)
  }

  /// The path's row for the sensitivity analysis: each uncertain input's draw, then
  /// per model its NPV of EBITDA and its last-year revenue.
  private func fillRecordRow(inputs: [UncertainInput]) {
    for (j, input) in inputs.enumerated() {
      recordRow[j] = input.model.map { sims[$0].sim.value[input.index] } ?? marketValues[input.index]
    }
    for (m, slot) in sims.enumerated() {
      let T = slot.sim.months
      var lastYear = 0.0
      let base = slot.sim.plan.layout.revenueTotal * T
      for t in (T - 12)..<T { lastYear += slot.sim.out[base + t] }
      recordRow[inputs.count + 2 * m] = slot.sim.summary[MetricLayout.summaryNPV]
      recordRow[inputs.count + 2 * m + 1] = lastYear
    }
    guard let recorder, recorder.summaryWidth > 0 else { return }
    // `--per-path`: every model's summary, then each pair's differences.
    var j = inputs.count + 2 * sims.count
    for slot in sims {
      for k in 0..<slot.sim.plan.layout.summaryCount {
        recordRow[j] = slot.sim.summary[k]
        j += 1
      }
    }
    for pair in plan.pairs {
      let a = sims[pair.baseline]
      let b = sims[pair.alternative]
      recordRow[j] = b.sim.summary[MetricLayout.summaryNPV] - a.sim.summary[MetricLayout.summaryNPV]
      j += 1
      if plan.hasValuation, let va = a.sim.plan.layout.summaryValue, let vb = b.sim.plan.layout.summaryValue {
        recordRow[j] = b.sim.summary[vb] - a.sim.summary[va]
        j += 1
      }
    }
  }

  /// Starts a new chunk (adding the held paths to the sketches when it might not fit).
  func beginChunk() {
    tallies.sketches.withUnsafeMutableBufferPointer { chunk.beginChunk(sketches: $0) }
  }

  /// Ends the chunk: its moments, per cell, its paths in order.
  func endChunk() -> [Moments] { chunk.endChunk() }

  /// Adds every path still held to the sketches: call before reading `tallies`.
  func finishSketches() {
    tallies.sketches.withUnsafeMutableBufferPointer { chunk.drain(into: $0) }
  }

  /// Stores this path's value of every cell in the chunk buffer: monthly (metric x
  /// month), annual (flows summed over the year, stocks at year end), summary, and
  /// the NPV difference of each pair; counts the pair tallies.
  func accumulate() {
    let T = plan.months
    let Y = plan.years
    let slot = chunk.count
    chunk.count += 1
    // Cells go in by rows of consecutive cells (docs/performance.md, "The statistics drain").
    let years = derivedRow.prefix(Y)
    let months = derivedRow.prefix(T)
    for m in sims.indices {
      let ml = sims[m].sim.plan.layout
      let buffer = sims[m].sim.out.prefix(ml.count * T)
      let monthlyBase = layout.monthlyBase[m]
      let annualBase = layout.annualBase[m]
      for k in 0..<ml.count {
        checkIndex(k * T + T - 1, buffer.count)
        let row = UnsafeBufferPointer(rebasing: buffer[(k * T)..<(k * T + T)])
        chunk.store(row: row, firstCell: monthlyBase + k * T, slot: slot)
        if ml.isStock[k] {
          for y in 0..<Y { derivedRow[y] = row[12 * y + 11] }
        } else {
          for y in 0..<Y {
            var x = 0.0
            for t in (12 * y)..<(12 * y + 12) { x += row[t] }
            derivedRow[y] = x
          }
        }
        chunk.store(row: years, firstCell: annualBase + k * Y, slot: slot)
      }
      chunk.store(row: sims[m].sim.summary.prefix(ml.summaryCount), firstCell: layout.summaryBase[m], slot: slot)
    }
    for (pi, pair) in plan.pairs.enumerated() {
      let a = sims[pair.baseline]
      let b = sims[pair.alternative]
      let diff = b.sim.summary[MetricLayout.summaryNPV] - a.sim.summary[MetricLayout.summaryNPV]
      chunk.store(diff, cell: layout.pair(pi), slot: slot)
      if diff > 0 { tallies.pairs[pi].better += 1 }
      if let month = Self.crossover(a.sim, b.sim, months: T) {
        tallies.pairs[pi].crossed += 1
        tallies.pairs[pi].crossoverHistogram[month] += 1
      }
      if let cell = layout.valueDifference(pi), let valueA = a.sim.plan.layout.summaryValue,
        let valueB = b.sim.plan.layout.summaryValue
      {
        // Each model's own slot: the mix metrics before it differ in number.
        let valueDiff = b.sim.summary[valueB] - a.sim.summary[valueA]
        chunk.store(valueDiff, cell: cell, slot: slot)
        if valueDiff > 0 { tallies.pairs[pi].valueBetter += 1 }
      }
      // The valley (docs/model.md, "The valley"): gap(t) = cumulative EBITDA of the
      // baseline minus the alternative's, from the two paths' own rows (common
      // random numbers); its deepest point and the first month reaching it.
      let ca = a.sim.plan.layout.ebitdaCumulative * T
      let cb = b.sim.plan.layout.ebitdaCumulative * T
      var deepest = 0.0
      var deepestMonth = 0
      for t in 1...T {
        let gap = a.sim.out[ca + t - 1] - b.sim.out[cb + t - 1]
        derivedRow[t - 1] = gap
        if gap > deepest {
          deepest = gap
          deepestMonth = t
        }
      }
      chunk.store(row: months, firstCell: layout.gap(pi, month: 1), slot: slot)
      chunk.store(deepest, cell: layout.valleyDepth(pi), slot: slot)
      if deepestMonth > 0 {
        tallies.pairs[pi].valleys += 1
        tallies.pairs[pi].valleyHistogram[deepestMonth] += 1
      }
    }
  }

  /// The first month from which b's cumulative EBITDA stays ahead of a's, or nil
  /// when b is not ahead at the horizon (docs/model.md, "What is reported").
  static func crossover(_ a: borrowing ModelPathSimulator, _ b: borrowing ModelPathSimulator, months T: Int) -> Int? {
    let ca = a.plan.layout.ebitdaCumulative * T
    let cb = b.plan.layout.ebitdaCumulative * T
    var t = T - 1
    while t >= 0, b.out[cb + t] > a.out[ca + t] { t -= 1 }
    // Months t+1 ... T-1 (0-based) are all ahead; 1-based month t + 2.
    return t == T - 1 ? nil : t + 2
  }

  /// Draws each model clamped into its keys' domains so far, by model then key
  /// (`ModelPathSimulator.clampCount` order).
  var clampCounts: [[Int]] {
    sims.map { slot in (0..<ModelPathSimulator.clampKeyCount).map { slot.sim.clampCount[$0] } } + [decisionClampCount]
  }
}

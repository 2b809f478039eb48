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
  let sims: [SimulatorSlot]
  var chunk: ChunkBuffer
  var tallies: WorkerTallies
  let recorder: PathRecorder?

  init(plan: ScenarioPlan, layout: CellLayout, recorder: PathRecorder?) throws(GSLError) {
    self.plan = plan
    self.layout = layout
    marketRNG = try GSLRandom(name: plan.rng)
    marketValues = [Double](repeating: 0, count: plan.market.count)
    var sims: [SimulatorSlot] = []
    for m in plan.models {
      sims.append(SimulatorSlot(try ModelPathSimulator(plan: m, months: plan.months, rngName: plan.rng,
                                                       discount: plan.discountFactors)))
    }
    self.sims = sims
    chunk = ChunkBuffer(cells: layout.count, capacity: Engine.chunkSize)
    tallies = WorkerTallies(layout: layout)
    self.recorder = recorder
  }

  /// Simulates path `path` for every model and adds it to the chunk sums and tallies.
  ///
  /// - Throws: `EngineError` when a model's path cannot be simulated (nothing is added).
  func run(path: Int) throws(EngineError) {
    // Market draws: once per path, from the stream seeded from (seed, path) alone.
    marketRNG.reseed(StreamSeeds.market(seed: plan.seed, path: path))
    for i in plan.market.indices {
      switch plan.market[i] {
      case .constant(let c): marketValues[i] = c
      case .distribution(let d): marketValues[i] = d.sample(using: marketRNG)
      case .market: marketValues[i] = 0  // cannot happen: market entries are not references
      }
    }
    for slot in sims {
      marketValues.withUnsafeBufferPointer { market in
        slot.sim.drawParameters(seed: plan.seed, path: path, market: market)
      }
      try slot.sim.simulate(path: path)
    }
    accumulate()
    if let recorder { recorder.record(path: path, worker: self) }
  }

  /// Starts a new chunk.
  func beginChunk() { chunk.count = 0 }

  /// Ends the chunk: its moments (in path order) and its values added to the sketches.
  func endChunk() -> [Moments] {
    tallies.sketches.withUnsafeMutableBufferPointer { chunk.drain(into: $0.baseAddress!) }
  }

  /// Stores this path's value of every cell in the chunk buffer: monthly (metric x
  /// month), annual (flows summed over the year, stocks at year end), summary, and
  /// the NPV difference of each pair; counts the pair tallies.
  private func accumulate() {
    let T = plan.months, Y = plan.years
    let stride = chunk.capacity
    let slot = chunk.count
    chunk.count += 1
    let values = chunk.values + slot
    for m in sims.indices {
      let ml = sims[m].sim.plan.layout
      let out = sims[m].sim.out.prefix(ml.count * T).baseAddress!
      let monthlyBase = layout.monthlyBase[m], annualBase = layout.annualBase[m]
      for k in 0..<ml.count {
        let row = out + k * T
        let cells = values + (monthlyBase + k * T) * stride
        for t in 0..<T { cells[t * stride] = row[t] }
        let acells = values + (annualBase + k * Y) * stride
        if ml.isStock[k] {
          for y in 0..<Y { acells[y * stride] = row[12 * y + 11] }
        } else {
          for y in 0..<Y {
            var x = 0.0
            for t in (12 * y)..<(12 * y + 12) { x += row[t] }
            acells[y * stride] = x
          }
        }
      }
      let sbase = layout.summaryBase[m]
      for k in 0..<ml.summaryCount { values[(sbase + k) * stride] = sims[m].sim.summary[k] }
    }
    for (pi, pair) in plan.pairs.enumerated() {
      let a = sims[pair.baseline], b = sims[pair.alternative]
      let diff = b.sim.summary[MetricLayout.summaryNPV] - a.sim.summary[MetricLayout.summaryNPV]
      values[layout.pair(pi) * stride] = diff
      if diff > 0 { tallies.pairs[pi].better += 1 }
      if let month = Self.crossover(a.sim, b.sim, months: T) {
        tallies.pairs[pi].crossed += 1
        tallies.pairs[pi].crossoverHistogram[month] += 1
      }
    }
  }

  /// The first month from which b's cumulative EBITDA stays ahead of a's, or nil
  /// when b is not ahead at the horizon (docs/model.md, "What every path reports").
  static func crossover(_ a: borrowing ModelPathSimulator, _ b: borrowing ModelPathSimulator, months T: Int) -> Int? {
    let ca = a.plan.layout.ebitdaCumulative * T, cb = b.plan.layout.ebitdaCumulative * T
    var t = T - 1
    while t >= 0, b.out[cb + t] > a.out[ca + t] { t -= 1 }
    // Months t+1 ... T-1 (0-based) are all ahead; 1-based month t + 2.
    return t == T - 1 ? nil : t + 2
  }

  /// Draws each model clamped into its keys' domains so far, by model then key
  /// (`ModelPathSimulator.clampCount` order).
  var clampCounts: [[Int]] {
    sims.map { slot in (0..<ModelPathSimulator.clampKeyCount).map { slot.sim.clampCount[$0] } }
  }
}

/// One worker's state: its generators, one simulator per model, its chunk sums and
/// tallies. Runs whole paths; touches nothing shared.
final class PathWorker {
  let plan: ScenarioPlan
  let layout: CellLayout
  let marketRNG: GSLRandom
  var marketValues: [Double]
  let sims: [ModelPathSimulator]
  var chunk: ChunkSums
  var tallies: WorkerTallies
  let recorder: PathRecorder?

  init(plan: ScenarioPlan, layout: CellLayout, recorder: PathRecorder?) throws(GSLError) {
    self.plan = plan
    self.layout = layout
    marketRNG = try GSLRandom(name: plan.rng)
    marketValues = [Double](repeating: 0, count: plan.market.count)
    var sims: [ModelPathSimulator] = []
    for m in plan.models {
      sims.append(try ModelPathSimulator(plan: m, months: plan.months, rngName: plan.rng, discount: plan.discountFactors))
    }
    self.sims = sims
    chunk = ChunkSums(cells: layout.count)
    tallies = WorkerTallies(layout: layout)
    self.recorder = recorder
  }

  /// Simulates path `path` for every model and adds it to the chunk sums and tallies.
  func run(path: Int) {
    // Market draws: once per path, from the stream seeded from (seed, path) alone.
    marketRNG.reseed(StreamSeeds.market(seed: plan.seed, path: path))
    for i in plan.market.indices {
      switch plan.market[i] {
      case .constant(let c): marketValues[i] = c
      case .distribution(let d): marketValues[i] = d.sample(using: marketRNG)
      case .market: marketValues[i] = 0  // cannot happen: market entries are not references
      }
    }
    marketValues.withUnsafeBufferPointer { market in
      for sim in sims {
        sim.drawParameters(seed: plan.seed, path: path, market: market)
        sim.simulate()
      }
    }
    accumulate()
    if let recorder { recorder.record(path: path, worker: self) }
  }

  private func accumulate() {
    let T = plan.months, Y = plan.years
    chunk.count += 1
    chunk.sums.withUnsafeMutableBufferPointer { sums in
      tallies.sketches.withUnsafeMutableBufferPointer { sketches in
        @inline(__always) func add(_ cell: Int, _ x: Double) {
          sums[cell].add(x)
          sketches[cell].add(x)
        }
        for (m, sim) in sims.enumerated() {
          let ml = sim.plan.layout
          sim.out.withUnsafeBufferPointer { out in
            for k in 0..<ml.count {
              let base = layout.monthlyBase[m] + k * T
              for t in 0..<T { add(base + t, out[k * T + t]) }
              let abase = layout.annualBase[m] + k * Y
              if ml.isStock[k] {
                for y in 0..<Y { add(abase + y, out[k * T + 12 * y + 11]) }
              } else {
                for y in 0..<Y {
                  var s = 0.0
                  for t in (12 * y)..<(12 * y + 12) { s += out[k * T + t] }
                  add(abase + y, s)
                }
              }
            }
          }
          for (k, x) in sim.summary.enumerated() { add(layout.summaryBase[m] + k, x) }
        }
        for (pi, pair) in plan.pairs.enumerated() {
          let a = sims[pair.baseline], b = sims[pair.alternative]
          let diff = b.summary[MetricLayout.summaryNPV] - a.summary[MetricLayout.summaryNPV]
          add(layout.pair(pi), diff)
        }
      }
    }
    for (pi, pair) in plan.pairs.enumerated() {
      let a = sims[pair.baseline], b = sims[pair.alternative]
      if b.summary[MetricLayout.summaryNPV] > a.summary[MetricLayout.summaryNPV] { tallies.pairs[pi].better += 1 }
      if let month = Self.crossover(a, b, months: T) {
        tallies.pairs[pi].crossed += 1
        tallies.pairs[pi].crossoverHistogram[month] += 1
      }
    }
  }

  /// The first month from which b's cumulative EBITDA stays ahead of a's, or nil
  /// when b is not ahead at the horizon (MODEL.md, "What every path reports").
  static func crossover(_ a: ModelPathSimulator, _ b: ModelPathSimulator, months T: Int) -> Int? {
    let ca = a.plan.layout.ebitdaCumulative * T, cb = b.plan.layout.ebitdaCumulative * T
    var t = T - 1
    while t >= 0, b.out[cb + t] > a.out[ca + t] { t -= 1 }
    // Months t+1 ... T-1 (0-based) are all ahead; 1-based month t + 2.
    return t == T - 1 ? nil : t + 2
  }
}

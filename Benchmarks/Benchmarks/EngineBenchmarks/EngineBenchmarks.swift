import Benchmark
import Foundation
import MSPSimCore

// The mspsim benchmark suite (docs/performance.md, "Benchmark suite"): RNG throughput, each distribution's draw,
// one path of the standard workload, its stages one at a time, a 10,000-path run, and the statistics merge.
// Run from Benchmarks/: `swift package benchmark`; compare with a saved baseline:
// `swift package benchmark baseline update main` then
// `swift package benchmark baseline check main` (thresholds below flag regressions).

/// Benchmarks/standard.yaml, found from this file's location.
func standardPlan(paths: Int) -> ScenarioPlan {
  let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("standard.yaml")
  do {
    return ScenarioPlan(try ScenarioLoader.load(path: url.path).applying([.paths(paths)]))
  } catch {
    fatalError("Benchmarks/standard.yaml does not load: \(error)")
  }
}

/// Relative thresholds: a p50 more than 10 % worse than the baseline is a regression;
/// any new allocation in a measured loop is one too.
func timeThresholds() -> [BenchmarkMetric: BenchmarkThresholds] {
  [
    .wallClock: .init(relative: [.p50: 10.0, .p75: 15.0]),
    .cpuTotal: .init(relative: [.p50: 10.0, .p75: 15.0]),
    .mallocCountTotal: .init(absolute: [.p50: 0]),
  ]
}

let benchmarks: @Sendable () -> Void = {
  Benchmark.defaultConfiguration = .init(
    metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput],
    maxDuration: .seconds(2), maxIterations: 1_000_000, thresholds: timeThresholds())

  // RNG throughput: 1,000 uniforms per iteration.
  for name in ["mt19937", "taus2", "ranlxd2", "gfsr4"] {
    Benchmark("rng \(name) x1000", configuration: .init(scalingFactor: .kilo)) { benchmark in
      let rng = try GSLRandom(name: name, seed: 42)
      benchmark.startMeasurement()
      var s = 0.0
      for _ in benchmark.scaledIterations { s += rng.uniform() }
      blackHole(s)
    }
  }

  // One draw of each distribution (mt19937), 1,000 per iteration.
  let draws: [(String, Distribution)] = [
    ("uniform", try! .makeUniform(min: 0, max: 1)),
    ("normal", try! .makeNormal(mean: 0, sd: 1)),
    ("truncated_normal", try! .makeTruncatedNormal(mean: 0, sd: 1, min: -1, max: 2)),
    ("lognormal", try! .makeLognormal(mean: 25, sd: 15)),
    ("triangular", try! .makeTriangular(min: 0, mode: 1, max: 3)),
    ("pert", try! .makePERT(min: 0, mode: 1, max: 3)),
    ("beta", try! .makeBeta(a: 2, b: 3)),
    ("gamma", try! .makeGamma(shape: 2.5, scale: 1)),
    ("exponential", try! .makeExponential(mean: 2)),
    ("poisson mean 1", try! .makePoisson(mean: 1)),
    ("poisson mean 16", try! .makePoisson(mean: 16)),
    ("poisson mean 600", try! .makePoisson(mean: 600)),
    ("binomial", try! .makeBinomial(n: 100, p: 0.02)),
    ("bernoulli", try! .makeBernoulli(p: 0.3)),
    ("discrete", try! .makeDiscrete(values: [3, 6, 10], weights: [0.5, 0.35, 0.15])),
    (
      "mixture",
      try! .makeMixture(
        components: [try! .makeUniform(min: 0.08, max: 0.10), try! .makeUniform(min: 0.2, max: 0.3)],
        weights: [0.7, 0.3])
    ),
  ]
  for (name, d) in draws {
    Benchmark("draw \(name) x1000", configuration: .init(scalingFactor: .kilo)) { benchmark in
      let rng = try GSLRandom(name: "mt19937", seed: 7)
      benchmark.startMeasurement()
      var s = 0.0
      for _ in benchmark.scaledIterations { s += d.sample(using: rng) }
      blackHole(s)
    }
  }

  // Poisson and binomial draws, GSL's algorithms (`poisson(mean:)`, `binomial(n:p:)` of a
  // generator made with `sampler: .gsl`: gsl_ran_poisson, gsl_ran_binomial) against the
  // exact fast samplers drawing from the same mt19937 (`fastPoisson`, `fastBinomial`:
  // inversion, PTRS, BTRS; Sources/MSPSimCore/Random/GSLRandom+FastDraws.swift; what
  // `poisson(mean:)` and `binomial(n:p:)` call under the default `sampler: .fast`),
  // 1,000 draws per iteration.
  for mean in [1.0, 16, 150, 600] {
    Benchmark("poisson mean \(Int(mean)): gsl x1000", configuration: .init(scalingFactor: .kilo)) { benchmark in
      let rng = try GSLRandom(name: "mt19937", seed: 7, sampler: .gsl)
      benchmark.startMeasurement()
      var s = 0
      for _ in benchmark.scaledIterations { s &+= rng.poisson(mean: mean) }
      blackHole(s)
    }
    Benchmark("poisson mean \(Int(mean)): fast x1000", configuration: .init(scalingFactor: .kilo)) { benchmark in
      let rng = try GSLRandom(name: "mt19937", seed: 7)
      benchmark.startMeasurement()
      var s = 0
      for _ in benchmark.scaledIterations { s &+= rng.fastPoisson(mean: mean) }
      blackHole(s)
    }
  }
  for (n, p) in [(100, 0.05), (200, 0.3)] {
    Benchmark("binomial (\(n), \(p)): gsl x1000", configuration: .init(scalingFactor: .kilo)) { benchmark in
      let rng = try GSLRandom(name: "mt19937", seed: 7, sampler: .gsl)
      benchmark.startMeasurement()
      var s = 0
      for _ in benchmark.scaledIterations { s &+= rng.binomial(n: n, p: p) }
      blackHole(s)
    }
    Benchmark("binomial (\(n), \(p)): fast x1000", configuration: .init(scalingFactor: .kilo)) { benchmark in
      let rng = try GSLRandom(name: "mt19937", seed: 7)
      benchmark.startMeasurement()
      var s = 0
      for _ in benchmark.scaledIterations { s &+= rng.fastBinomial(n: n, p: p) }
      blackHole(s)
    }
  }

  // One path of the standard workload (both models, 120 months), on one thread.
  Benchmark("standard workload: one path") { benchmark in
    let runner = try SinglePathRunner(plan: standardPlan(paths: 1), keepsCellValues: false)
    for p in 0..<Engine.chunkSize { try runner.run(path: p) }  // warm the buffers
    benchmark.startMeasurement()
    for i in benchmark.scaledIterations { try runner.run(path: i) }
    blackHole(runner.npv(model: 1))
  }

  // Stage by stage (docs/performance.md, "Stage by stage"): one path's draws and
  // months alone; the same with its statistics added as a run adds them (cells into
  // the chunk buffer, a chunk's moments every 128 paths, the sketches filled every
  // 512); the sketch drain of one 512-path block alone; and the output files of a
  // 5,000-path result (CSV tables and run.json, as `--no-charts --no-report`).
  // Samples of 1,024 consecutive paths (two sketch blocks, eight chunks), so the
  // drains and chunk ends fall in them as in a run; one runner for every sample.
  let stageConfiguration = Benchmark.Configuration(maxDuration: .seconds(15), maxIterations: 30)
  let simulated = StageRunner()
  let accumulated = StageRunner()
  Benchmark("stage: simulate 1,024 paths", configuration: stageConfiguration) { _ in
    for _ in 0..<1_024 { try simulated.runner.simulate(path: simulated.nextPath()) }
    blackHole(simulated.runner.npv(model: 1))
  }
  Benchmark("stage: simulate and accumulate 1,024 paths", configuration: stageConfiguration) { _ in
    for _ in 0..<1_024 { try accumulated.runner.run(path: accumulated.nextPath()) }
    blackHole(accumulated.runner.npv(model: 1))
  }
  Benchmark(
    "stage: drain one sketch block",
    configuration: .init(maxDuration: .seconds(20), maxIterations: 40)
  ) { benchmark in
    let runner = try SinglePathRunner(plan: standardPlan(paths: 1), keepsCellValues: false)
    // Two blocks: the first warms the sketches, the second is held for the drain.
    for p in 0..<(2 * SinglePathRunner.sketchBlockPaths) { try runner.run(path: p) }
    benchmark.startMeasurement()
    runner.drainSketches()
    benchmark.stopMeasurement()
    blackHole(runner.npv(model: 1))
  }
  Benchmark(
    "stage: output files of a 5,000-path result",
    configuration: .init(maxDuration: .seconds(20), maxIterations: 10)
  ) { benchmark in
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("standard.yaml")
    let scenario = try ScenarioLoader.load(path: url.path).applying([.paths(5_000)])
    let result = try Pipeline.simulate(scenario, threads: ProcessInfo.processInfo.activeProcessorCount)
    benchmark.startMeasurement()
    let files = OutputFiles.render(result, charts: false, report: false)
    benchmark.stopMeasurement()
    blackHole(files.count)
  }

  // A 10,000-path run on all cores.
  Benchmark(
    "standard workload: 10,000 paths, all threads",
    configuration: .init(maxDuration: .seconds(30), maxIterations: 5)
  ) { benchmark in
    let plan = standardPlan(paths: 10_000)
    benchmark.startMeasurement()
    let engine = Engine(plan: plan, threads: ProcessInfo.processInfo.activeProcessorCount)
    try engine.advance(to: plan.paths)
    blackHole(engine.result.paths)
  }

  // The statistics merge of `mspsim merge`: two shards' accumulators of the standard
  // workload joined (sketches, counts, and the moment tree's root over their nodes).
  Benchmark(
    "statistics merge (standard workload cells)",
    configuration: .init(maxDuration: .seconds(10), maxIterations: 50)
  ) { benchmark in
    let plan = standardPlan(paths: 512)
    let shards = try (1...2).map { i in
      let engine = Engine(plan: plan, threads: 1)
      try engine.run(shard: ShardSpec(index: i, count: 2))
      return engine.result
    }
    benchmark.startMeasurement()
    var merged = shards[0]
    merged.append(shards[1])
    blackHole(merged.paths)
  }
}

/// One runner kept across a stage benchmark's samples, and the next path it runs
/// (samples run one after another on one thread).
final class StageRunner: @unchecked Sendable {
  let runner: SinglePathRunner
  private var path = 0
  init() {
    do { runner = try SinglePathRunner(plan: standardPlan(paths: 1), keepsCellValues: false) } catch {
      fatalError("Benchmarks/standard.yaml does not run: \(error)")
    }
  }
  func nextPath() -> Int {
    defer { path += 1 }
    return path
  }
}

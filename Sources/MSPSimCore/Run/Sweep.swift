import Foundation

/// Parameter sweeps (`mspsim sweep`): the grid of values of one or more keys, each
/// point a full run through `Pipeline` with the same seed (common random numbers,
/// so differences between points come from the values, not from noise).
public enum Sweep {
  /// Every point of the grid, first axis slowest.
  static func grid(_ axes: [SweepAxis]) -> [[Double]] {
    var points: [[Double]] = [[]]
    for a in axes { points = points.flatMap { p in a.values.map { p + [$0] } } }
    return points
  }

  /// Checks the axes against the scenario as the runs would, before anything runs or
  /// is written: each key once, and every value one the key can take (the override
  /// step checks it as the loader would, including every key a market entry feeds).
  ///
  /// - Throws: `ScenarioError` naming the key and what is allowed.
  public static func check(scenario base: Scenario, axes: [SweepAxis]) throws(ScenarioError) {
    var seen: Set<String> = []
    for a in axes where !seen.insert(a.keyPath).inserted {
      throw ScenarioError([
        ScenarioIssue(
          file: "command line", line: 1, column: 1, keyPath: a.keyPath,
          message: "is given to --set twice (allowed: each key once, with all its values: KEY=V1,V2,...)")
      ])
    }
    // The keys `seek --vary` may vary (Scenario.numberKey): one a model never
    // reads, or one referring to a shared market entry, is refused here too.
    var issues: [ScenarioIssue] = []
    for a in axes {
      do { _ = try base.numberKey(a.keyPath, flag: "--set") } catch {
        issues += error.issues
        continue
      }
      for v in a.values {
        do { _ = try base.applying([.value(keyPath: a.keyPath, v)]) } catch {
          issues += error.issues
          break
        }
      }
    }
    if !issues.isEmpty { throw ScenarioError(issues) }
  }

  /// Runs every point, or with `points` only those grid points (a shard's, in grid order).
  ///
  /// - Parameter progress: (paths done over the points run, paths of those points).
  /// - Throws: `ScenarioError` for a value a key cannot take (every value is checked
  ///   before anything runs), or what `Pipeline.simulate` throws.
  public static func run(
    scenario base: Scenario, axes: [SweepAxis], threads: Int, points only: Range<Int>? = nil,
    progress: (@Sendable (Int, Int) -> Void)? = nil
  ) throws -> SweepResult {
    try check(scenario: base, axes: axes)
    let grid = grid(axes)
    let points = Array(grid[(only ?? grid.indices).clamped(to: grid.indices)])
    var rows: [SweepResult.Row] = []
    for (pi, point) in points.enumerated() {
      let s = try base.applying(zip(axes, point).map { .value(keyPath: $0.keyPath, $1) })
      let all = points.count * s.paths
      let r = try Pipeline.simulate(s, threads: threads) { done, _ in progress?(pi * s.paths + done, all) }
      let n = Double(Swift.max(1, r.paths))
      for (mi, m) in r.models.enumerated() {
        let npvCell = r.layout.summary(model: mi, metric: MetricLayout.summaryNPV)
        let q = r.sketches[npvCell].quantiles([0.05, 0.5, 0.95])
        let revenue = r.sketches[r.layout.annual(model: mi, metric: m.layout.revenueTotal, year: r.years)].quantile(0.5)
        var beats: Double?
        if mi > 0, let pair = r.modelPairs.firstIndex(of: ModelPair(baseline: 0, alternative: mi)) {
          beats = Double(r.pairs[pair].better) / n
        }
        rows.append(
          SweepResult.Row(
            point: point, model: m.name, npvMean: r.moments[npvCell].mean, npvP5: q[0],
            npvP50: q[1], npvP95: q[2], probabilityBeatsBaseline: beats,
            revenueLastYearP50: revenue))
      }
    }
    return result(of: base, axes: axes, rows: rows)
  }

  /// The result of `rows`, run (or merged from shards) with `axes` over `base`.
  static func result(of base: Scenario, axes: [SweepAxis], rows: [SweepResult.Row]) -> SweepResult {
    // A key the file gives a distribution: each point fixes it (as `seek` says too).
    let replaces = axes.map { try? base.numberKey($0.keyPath, flag: "--set").replaces }
    let settings = SweepResult.Settings(
      scenarioName: base.name, currency: base.currency, paths: base.paths, years: base.horizonYears, seed: base.seed,
      rng: base.rng, discountRate: base.discountRate, valued: base.has(.valuation), replaces: replaces)
    return SweepResult(axes: axes, baseline: base.models.first?.name ?? "baseline", settings: settings, rows: rows)
  }
}

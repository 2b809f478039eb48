import Foundation

@testable import MSPSimCore

extension EngineFuzzTests {
  /// Shards of a random scenario (docs/scale-out.md, "Why shards merge to the same
  /// bytes"), under ASan in CI with the rest of the fuzz (every fourth case): the run
  /// in 1 + (paths mod 4) shards on one thread, each shard's accumulators written to
  /// the shard file's body and read back unchanged, then merged: the moments, sketches,
  /// pair and clamp counts equal the whole run's (two threads) exactly.
  static func checkShards(
    _ plan: ScenarioPlan, whole: RunAccumulator, expect: (Bool, @autoclosure () -> String) -> Void
  ) throws {
    let count = 1 + plan.paths % 4
    var merged = RunAccumulator(layout: whole.layout)
    for i in 1...count {
      let engine = Engine(plan: plan, threads: 1)
      try engine.run(shard: ShardSpec(index: i, count: count))
      let a = engine.result
      let header = ShardHeader(
        kind: .run, shard: i, shards: count, scenarioPath: "fuzz", scenarioSHA256: "", scenarioText: "",
        overrides: SettingOverrides(), seed: 0, paths: plan.paths, years: plan.months / 12, rng: "",
        first: a.firstPath, end: a.firstPath + a.paths, axes: [], threads: 1, wallSeconds: 0, cells: a.layout.count,
        bodyBytes: 0, bodySHA256: "")
      let back: RunAccumulator
      do { back = try ShardFile(header: header, accumulator: a).accumulator(layout: whole.layout) } catch {
        expect(false, "shard \(i)/\(count): its body does not read back: \(error)")
        return
      }
      expect(
        back.momentTree == a.momentTree && back.sketches == a.sketches && back.pairs == a.pairs
          && back.clampCounts == a.clampCounts && back.firstPath == a.firstPath && back.paths == a.paths,
        "shard \(i)/\(count): the accumulators read back differ from those written")
      expect(merged.append(back), "shard \(i)/\(count) does not start where shard \(i - 1) ends")
    }
    expect(merged.paths == whole.paths, "shards: \(merged.paths) paths merged, \(whole.paths) run")
    expect(merged.moments == whole.moments, "shards: merged moments differ from the whole run's")
    expect(merged.sketches == whole.sketches, "shards: merged sketches differ from the whole run's")
    expect(merged.pairs == whole.pairs, "shards: merged pair counts differ from the whole run's")
    expect(merged.clampCounts == whole.clampCounts, "shards: merged clamp counts differ from the whole run's")
  }
}

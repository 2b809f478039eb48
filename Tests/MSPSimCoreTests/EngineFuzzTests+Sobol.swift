import Foundation

@testable import MSPSimCore

extension EngineFuzzTests {
  /// The Saltelli design of `--sensitivity sobol` on a random scenario (docs/model.md,
  /// "Sobol indices"), under ASan in CI with the rest of the fuzz (every fourth case;
  /// one thread, the threads are the main run's concern): three rows of
  /// evaluations through the engine, every recorded value finite; in each row,
  /// A_B^(g) has A's inputs except group g's, which are B's; a model's outputs are
  /// exactly A's when g is another model's key (its randomness is shared with A);
  /// and the estimated indices are finite, ST >= 0 and each interval ordered.
  static func checkSobolDesign(_ plan: ScenarioPlan, expect: (Bool, @autoclosure () -> String) -> Void) throws {
    // Three rows: the checks are exact per row, and the fuzz's time stays near what
    // it was (the design costs rows x (groups + 2) paths).
    let rows = 3
    let design = SobolDesign(plan: plan, rows: rows)
    let engine = Engine(
      plan: plan, threads: 1, recordPaths: true, recordCapacity: design.evaluations, recordSummaries: true,
      sobol: design)
    try engine.advance(to: design.evaluations)
    guard let recorder = engine.recorder else {
      expect(false, "Sobol: no recorder")
      return
    }
    for j in 0..<recorder.width {
      expect(recorder.column(j, paths: design.evaluations).allSatisfy(\.isFinite), "Sobol: column \(j) not finite")
    }
    // The recorder's input columns of each group (none for decision keys and the
    // within-path randomness).
    let column = Dictionary(uniqueKeysWithValues: recorder.inputs.enumerated().map { ($1.keyPath, $0) })
    let groupColumns = design.groups.map { g in g.name.split(separator: "+").compactMap { column[String($0)] } }
    let per = design.evaluationsPerRow
    // Each model's own columns: NPV, last-year revenue, then its summary values.
    var summaryStart = recorder.inputs.count + 2 * plan.models.count
    var modelColumns: [[Int]] = []
    for (mi, m) in plan.models.enumerated() {
      let base = recorder.inputs.count + 2 * mi
      modelColumns.append([base, base + 1] + Array(summaryStart..<(summaryStart + m.layout.summaryCount)))
      summaryStart += m.layout.summaryCount
    }
    for r in 0..<rows {
      let a = r * per
      for g in design.groups.indices {
        let e = a + 2 + g
        for (h, columns) in groupColumns.enumerated() {
          for c in columns {
            let expected = recorder.value(path: h == g ? a + 1 : a, column: c)
            expect(recorder.value(path: e, column: c) == expected, "Sobol: row \(r), A_B^(\(g)), input column \(c)")
          }
        }
        if case .model(let owner, _) = design.groups[g].source {
          for (mi, columns) in modelColumns.enumerated() where mi != owner {
            for c in columns {
              expect(
                recorder.value(path: e, column: c) == recorder.value(path: a, column: c),
                "Sobol: row \(r), model \(mi)'s column \(c) moved with model \(owner)'s key \(design.groups[g].name)")
            }
          }
        }
      }
    }
    for row in SobolAnalysis.analyse(plan: plan, design: design, recorder: recorder) {
      let e = row.estimate
      let all = [e.s1, e.s1Low, e.s1High, e.st, e.stLow, e.stHigh]
      expect(all.allSatisfy(\.isFinite), "Sobol: \(row.model) \(row.output) \(row.input): \(all)")
      expect(
        e.st >= 0 && e.stLow >= 0 && e.stLow <= e.stHigh && e.s1Low <= e.s1High,
        "Sobol: \(row.model) \(row.output) \(row.input): ST \(e.st) [\(e.stLow), \(e.stHigh)]")
    }
  }
}

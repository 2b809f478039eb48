/// The sensitivity methods of `run --sensitivity [rank|sobol]`.
public enum SensitivityMethod: String, CaseIterable, Sendable {
  /// Spearman rank correlations over the run's paths (`sensitivity.csv`, tornado).
  case rank
  /// Variance-based first-order and total indices over a Saltelli design (`sobol.csv`).
  case sobol
}

/// One row of `sobol.csv`: how much of one output's variance one input group explains.
public struct SobolRow: Sendable, Equatable {
  /// A model's name, or `BASELINE:ALTERNATIVE` for a pair's difference.
  public var model: String
  /// `npv.ebitda`, `value`, `npv_diff` or `value_diff`.
  public var output: String
  /// The input group's name (`SobolGroup.name`).
  public var input: String
  public var estimate: SobolEstimate
}

/// `--sensitivity sobol` over the recorded evaluations of a design (docs/model.md,
/// "Sobol indices"): per model its NPV of EBITDA and, with `valuation:`, its value;
/// per pair the difference of NPV and, with `valuation:`, of value. Each output gets a
/// row per group that can move it (a model's rows leave out the other models' keys,
/// whose indices are 0 by construction), ordered by total index.
public enum SobolAnalysis {
  public static func analyse(plan: ScenarioPlan, design: SobolDesign, recorder: PathRecorder) -> [SobolRow] {
    var rows: [SobolRow] = []
    let inputs = recorder.inputs.count
    let summaries = inputs + 2 * plan.models.count
    var summaryOffset: [Int] = []
    var offset = summaries
    for m in plan.models {
      summaryOffset.append(offset)
      offset += m.layout.summaryCount
    }
    let pairBase = offset
    for (mi, m) in plan.models.enumerated() {
      var outputs = [("npv.ebitda", inputs + 2 * mi)]
      if let value = m.layout.summaryValue { outputs.append(("value", summaryOffset[mi] + value)) }
      for (name, column) in outputs {
        rows += block(
          model: m.name, output: name, column: column, models: [mi], design: design, recorder: recorder,
          seed: plan.seed)
      }
    }
    for (pi, pair) in plan.pairs.enumerated() {
      let width = plan.hasValuation ? 2 : 1
      let outputs = ["npv_diff"] + (plan.hasValuation ? ["value_diff"] : [])
      for (k, output) in outputs.enumerated() {
        rows += block(
          model: plan.models[pair.baseline].name + ":" + plan.models[pair.alternative].name, output: output,
          column: pairBase + pi * width + k, models: [pair.baseline, pair.alternative], design: design,
          recorder: recorder, seed: plan.seed)
      }
    }
    return rows
  }

  /// The rows of one output: the groups that can move it, by total index (largest first).
  static func block(
    model: String, output: String, column: Int, models: Set<Int>, design: SobolDesign, recorder: PathRecorder,
    seed: UInt64
  ) -> [SobolRow] {
    let relevant = design.groups.indices.filter { g in
      if case .model(let m, _) = design.groups[g].source { return models.contains(m) }
      return true
    }
    let per = design.evaluationsPerRow
    let n = design.rows
    let a = (0..<n).map { recorder.value(path: $0 * per, column: column) }
    let b = (0..<n).map { recorder.value(path: $0 * per + 1, column: column) }
    let ab = relevant.map { g in (0..<n).map { recorder.value(path: $0 * per + 2 + g, column: column) } }
    let estimates = SobolIndices.estimate(a: a, b: b, ab: ab, seed: seed)
    var rows = zip(relevant, estimates).map { g, e in
      SobolRow(model: model, output: output, input: design.groups[g].name, estimate: e)
    }
    rows.sort { $0.estimate.st != $1.estimate.st ? $0.estimate.st > $1.estimate.st : $0.input < $1.input }
    return rows
  }
}

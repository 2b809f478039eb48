import Foundation

/// One row of `sensitivity.csv`: how one uncertain per-path input moves one output
/// of one model.
public struct SensitivityRow: Sendable, Equatable {
  public var model: String
  /// `npv.ebitda` or `revenue.last_year`.
  public var output: String
  /// The input's key path (`market.churn`, `models.msp2.adoption.monthly`, ...).
  public var parameter: String
  /// Spearman rank correlation of the input with the output over all paths.
  public var spearman: Double
  /// Median of the output over the paths whose input is in its bottom decile.
  public var medianLowDecile: Double
  /// Median of the output over the paths whose input is in its top decile.
  public var medianHighDecile: Double
  /// 1 = the input with the largest |spearman| for this model and output.
  public var rank: Int
}

/// Sensitivity analysis over the recorded per-path rows (docs/reading-results.md, "Tornado"):
/// for each model, each of its uncertain inputs (shared market draws and its own
/// per-path parameters) against its NPV of EBITDA and its last-year revenue.
public enum Sensitivity {
  public static let outputs = ["npv.ebitda", "revenue.last_year"]

  /// The most memory `--sensitivity` may use for its rows (2 GiB): about 13 million
  /// paths of the default scenario (20 inputs).
  public static let memoryLimit = 2 << 30

  public static func analyse(plan: ScenarioPlan, recorder: PathRecorder, paths n: Int) -> [SensitivityRow] {
    var rows: [SensitivityRow] = []
    guard n >= 2 else { return rows }
    let inputs = recorder.inputs
    for (mi, m) in plan.models.enumerated() {
      let relevant = inputs.enumerated().filter { $0.element.model == nil || $0.element.model == mi }
      for (oi, output) in outputs.enumerated() {
        let y = recorder.column(inputs.count + 2 * mi + oi, paths: n)
        let ry = ranks(y)
        var block: [SensitivityRow] = []
        for (j, input) in relevant {
          let x = recorder.column(j, paths: n)
          let rx = ranks(x)
          let rho = Correlation.pearson(rx, ry)
          let (low, high) = decileMedians(x: x, y: y)
          block.append(
            SensitivityRow(
              model: m.name, output: output, parameter: input.keyPath, spearman: rho,
              medianLowDecile: low, medianHighDecile: high, rank: 0))
        }
        // Rank by |rho|, ties by key path so the order is deterministic.
        block.sort {
          abs($0.spearman) != abs($1.spearman) ? abs($0.spearman) > abs($1.spearman) : $0.parameter < $1.parameter
        }
        for i in block.indices { block[i].rank = i + 1 }
        rows += block
      }
    }
    return rows
  }

  /// Ranks 1...n with ties given their average rank (the usual Spearman convention).
  static func ranks(_ v: [Double]) -> [Double] {
    let order = v.indices.sorted { v[$0] != v[$1] ? v[$0] < v[$1] : $0 < $1 }
    var r = [Double](repeating: 0, count: v.count)
    var i = 0
    while i < order.count {
      var j = i
      while j + 1 < order.count, v[order[j + 1]] == v[order[i]] { j += 1 }
      let avg = Double(i + j) / 2 + 1
      for k in i...j { r[order[k]] = avg }
      i = j + 1
    }
    return r
  }

  /// Medians of y over the paths whose x lies in the bottom and in the top decile of x.
  static func decileMedians(x: [Double], y: [Double]) -> (Double, Double) {
    let order = x.indices.sorted { x[$0] != x[$1] ? x[$0] < x[$1] : $0 < $1 }
    let k = Swift.max(1, order.count / 10)
    func median(_ idx: ArraySlice<Int>) -> Double {
      let s = idx.map { y[$0] }.sorted()
      let c = s.count
      return c % 2 == 1 ? s[c / 2] : (s[c / 2 - 1] + s[c / 2]) / 2
    }
    return (median(order.prefix(k)), median(order.suffix(k)))
  }
}

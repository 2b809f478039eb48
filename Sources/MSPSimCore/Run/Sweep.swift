import Foundation

/// One swept key and its values: `--set KEY=V1,V2,...`.
public struct SweepAxis: Sendable, Equatable {
  public var keyPath: String
  public var values: [Double]

  public init(keyPath: String, values: [Double]) {
    self.keyPath = keyPath
    self.values = values
  }

  /// Parses `KEY=V1,V2,...`.
  ///
  /// - Throws: `ScenarioError` naming `--set` or the key and what is allowed.
  public init(parsing text: String) throws(ScenarioError) {
    func usage(_ key: String, _ message: String) -> ScenarioError {
      ScenarioError([ScenarioIssue(file: "command line", line: 1, column: 1, keyPath: key, message: message)])
    }
    guard let eq = text.firstIndex(of: "=") else {
      throw usage("--set", "'\(text)' is not KEY=V1,V2,... (e.g. models.msp2.adoption.monthly=0.005,0.01,0.02)")
    }
    let key = String(text[..<eq]).trimmingCharacters(in: .whitespaces)
    let list = text[text.index(after: eq)...].split(separator: ",", omittingEmptySubsequences: false)
    var values: [Double] = []
    for item in list {
      guard let v = YAMLReader.parseNumber(String(item)), v.isFinite else {
        throw usage(key, "'\(item)' is not a finite number (allowed: a comma-separated list of numbers)")
      }
      values.append(v)
    }
    guard !key.isEmpty, !values.isEmpty else { throw usage("--set", "'\(text)' is not KEY=V1,V2,...") }
    self.init(keyPath: key, values: values)
  }
}

/// What a sweep found: per grid point and model, the figures of `sweep.csv`.
public struct SweepResult: Sendable {
  public struct Row: Sendable, Equatable {
    /// The point's value of each axis, in axis order.
    public var point: [Double]
    public var model: String
    public var npvMean: Double
    public var npvP5: Double
    public var npvP50: Double
    public var npvP95: Double
    /// P(this model's NPV > the first model's); nil for the first model itself.
    public var probabilityBeatsBaseline: Double?
    public var revenueLastYearP50: Double
  }

  public var axes: [SweepAxis]
  /// The first model of the scenario, which the others are compared with.
  public var baseline: String
  /// Points in grid order (first axis slowest), models in file order within a point.
  public var rows: [Row]
}

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

  /// Runs every point.
  ///
  /// - Parameter progress: (paths done over all points, paths of all points).
  /// - Throws: `ScenarioError` for a value a key cannot take (every value is checked
  ///   before anything runs), or what `Pipeline.simulate` throws.
  public static func run(
    scenario base: Scenario, axes: [SweepAxis], threads: Int,
    progress: (@Sendable (Int, Int) -> Void)? = nil
  ) throws -> SweepResult {
    // The override step checks each value as the loader would, including every key
    // a market entry feeds.
    for a in axes { for v in a.values { _ = try base.applying([.value(keyPath: a.keyPath, v)]) } }
    let points = grid(axes)
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
    return SweepResult(axes: axes, baseline: base.models.first?.name ?? "baseline", rows: rows)
  }
}

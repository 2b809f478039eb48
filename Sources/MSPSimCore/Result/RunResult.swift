/// What a finished run hands to the output writers: the accumulators and every
/// name, label and setting the outputs print. Each writer (tables, run.json,
/// charts, terminal summary) is a function of a `RunResult` alone; none of them
/// sees the scenario or the plan.
public struct RunResult: Sendable {
  /// Per cell moments and sketches, pair counts, clamp counts.
  public let accumulator: RunAccumulator
  /// The models in file order.
  public let models: [ModelLabels]
  /// (baseline, alternative) model indices, baseline listed first in the file,
  /// in the order of `accumulator.pairs`.
  public let modelPairs: [ModelPair]
  public let months: Int
  public let years: Int
  public let settings: RunSettings
  /// The scenario as run, every default filled in (run.json's `resolved_scenario`).
  public let resolvedScenario: ResolvedScenario
  /// How the run stopped: a fixed number of paths or a precision target.
  public let stopping: StoppingOutcome
  /// `--sensitivity` rows, nil when it was not asked for.
  public let sensitivity: [SensitivityRow]?
  /// `--per-path` rows, nil when not asked for.
  public let perPath: PerPathTable?
  /// `--sensitivity sobol` rows (docs/outputs.md, "Sobol indices"), nil when not asked for.
  public let sobol: [SobolRow]?

  public init(
    accumulator: RunAccumulator, models: [ModelLabels], modelPairs: [ModelPair], months: Int,
    settings: RunSettings, resolvedScenario: ResolvedScenario, stopping: StoppingOutcome,
    sensitivity: [SensitivityRow]?, perPath: PerPathTable? = nil, sobol: [SobolRow]? = nil
  ) {
    self.perPath = perPath
    self.sobol = sobol
    self.accumulator = accumulator
    self.models = models
    self.modelPairs = modelPairs
    self.months = months
    years = months / 12
    self.settings = settings
    self.resolvedScenario = resolvedScenario
    self.stopping = stopping
    self.sensitivity = sensitivity
  }

  /// Paths run.
  public var paths: Int { accumulator.paths }
  public var layout: CellLayout { accumulator.layout }
  public var moments: [Moments] { accumulator.moments }
  public var sketches: [QuantileSketch] { accumulator.sketches }
  /// Pair counts, in `modelPairs` order.
  public var pairs: [PairCounts] { accumulator.pairs }

  /// Draws clamped into their key's domain, by key path (only keys with any).
  public var clampedDraws: [(keyPath: String, count: Int)] { accumulator.clampedDraws(modelNames: models.map(\.name)) }

  /// se(mean NPV) / |mean NPV| of each model (0 when both are 0; the largest double
  /// when only the mean is 0).
  public var relativeStandardErrorNPV: [Double] {
    models.indices.map { accumulator.relativeStandardErrorNPV(model: $0) }
  }
}

/// A model as the outputs name it: its name, its streams and the layout of its metrics.
public struct ModelLabels: Sendable {
  public let name: String
  public let streams: [StreamKind]
  public let layout: MetricLayout
}

/// A compared pair of models (indices into `RunResult.models`).
public struct ModelPair: Sendable, Equatable {
  public let baseline: Int
  public let alternative: Int
}

/// The settings of a run that outputs print or record.
public struct RunSettings: Sendable {
  /// The scenario's `name:` ("" when not given).
  public let scenarioName: String
  public let currency: String
  /// The scenario file ("<built-in default>" for the embedded default).
  public let scenarioPath: String
  /// SHA-256 of the scenario file's text, lower-case hex.
  public let scenarioSHA256: String
  public let seed: UInt64
  public let rng: String
  public let discountRate: Double
  public let threads: Int
  /// Seconds the run took; for a merge of shards, the sum of the shards' seconds.
  public let wallSeconds: Double
  /// For a merge (`mspsim merge`): the number of shards; nil for a run in one piece.
  public var shards: Int? = nil
}

extension RunAccumulator {
  /// se(mean NPV) / |mean NPV| of model `model` (0 when the mean is 0 and so is the se).
  public func relativeStandardErrorNPV(model: Int) -> Double {
    let m = moments[layout.summary(model: model, metric: MetricLayout.summaryNPV)]
    if m.mean == 0 { return m.standardError == 0 ? 0 : Double.greatestFiniteMagnitude }
    return m.standardError / abs(m.mean)
  }
}

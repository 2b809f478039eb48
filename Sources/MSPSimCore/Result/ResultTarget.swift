/// What a goal seek aims at: one figure of `summary.csv` or `compare.csv` and the
/// value it should take (`mspsim seek --target NAME=VALUE`; docs/outputs.md, "Seek").
///
/// NAME is `MODEL.METRIC.STAT` (a statistic of a summary metric, e.g.
/// `msp2.npv.ebitda.p50`: the model before the first dot, the statistic after the
/// last, the metric, which may hold dots, between) or `BASELINE:ALTERNATIVE.COLUMN`
/// (a column of compare.csv, e.g. `msp1:msp2.p_npv_better`). The names are looked
/// up in the lists the tables are written from (`MetricLayout.summaryNames`,
/// `SummaryStatistic`, `CompareColumn.all`), so a new metric or column is a target
/// as soon as it is in its table.
public struct ResultTarget: Sendable {
  /// Which figure, by index into the run's models, metrics and pairs.
  public enum Figure: Sendable {
    /// Statistic `statistic` of summary metric `metric` of model `model`.
    case summary(model: Int, metric: Int, statistic: SummaryStatistic)
    /// Column `column` of compare.csv for pair `pair` (index into `RunResult.modelPairs`).
    case compare(pair: Int, column: CompareColumn)
  }

  /// NAME as given, e.g. `msp1:msp2.p_npv_better`.
  public let name: String
  /// The value the figure should take.
  public let value: Double
  public let figure: Figure
  /// The figure lies in 0...1 on every run: a probability of compare.csv
  /// (`CompareColumn.isProbability`) or a statistic of a share (`MetricLayout.isShare`;
  /// its mean, percentiles, sd and se are in 0...1 too).
  public let isShare: Bool

  /// A model as the target resolves it: its name and its summary metrics' names.
  public struct ModelNames: Sendable {
    public let name: String
    public let summaryNames: [String]
    public init(name: String, summaryNames: [String]) {
      self.name = name
      self.summaryNames = summaryNames
    }
  }

  /// Parses `NAME=VALUE` and resolves NAME against a scenario's compiled models
  /// and pairs, before anything runs.
  ///
  /// - Throws: `ScenarioError` (one issue, key path `--target`) naming what is wrong
  ///   and what is allowed.
  public init(parsing text: String, plan: ScenarioPlan) throws(ScenarioError) {
    try self.init(
      parsing: text, models: plan.models.map { ModelNames(name: $0.name, summaryNames: $0.layout.summaryNames) },
      pairs: plan.pairs.map { ($0.baseline, $0.alternative) }, hasValuation: plan.hasValuation,
      hasCash: plan.hasCash)
  }

  /// Parses `NAME=VALUE` against `models` (file order) and `pairs` (baseline,
  /// alternative), in the order of compare.csv; `hasValuation` and `hasCash` say
  /// whether the scenario has those blocks, so that a figure they alone give is
  /// refused saying which block it needs, not found empty after a run.
  ///
  /// - Throws: `ScenarioError` (one issue, key path `--target`).
  public init(
    parsing text: String, models: [ModelNames], pairs: [(baseline: Int, alternative: Int)], hasValuation: Bool,
    hasCash: Bool
  ) throws(ScenarioError) {
    func refuse(_ message: String) -> ScenarioError {
      ScenarioError([ScenarioIssue(file: "command line", line: 1, column: 1, keyPath: "--target", message: message)])
    }
    let forms = "MODEL.METRIC.STAT=VALUE or BASELINE:ALTERNATIVE.COLUMN=VALUE"
    let example = "e.g. msp2.npv.ebitda.p50=3000000 or msp1:msp2.p_npv_better=0.8"
    guard let eq = text.firstIndex(of: "=") else { throw refuse("'\(text)' is not \(forms) (\(example))") }
    let name = String(text[..<eq]).trimmingCharacters(in: .whitespaces)
    let valueText = String(text[text.index(after: eq)...])
    guard let value = YAMLReader.parseNumber(valueText), value.isFinite else {
      throw refuse("'\(valueText)' is not a finite number (the value \(name.isEmpty ? "NAME" : name) should take)")
    }
    let modelNames = models.map(\.name)
    func model(_ m: String) throws(ScenarioError) -> Int {
      if let i = modelNames.firstIndex(of: m) { return i }
      var msg = "no model '\(m)'"
      if let g = Suggestion.closest(to: m, in: modelNames) { msg += "; did you mean '\(g)'?" }
      throw refuse(msg + " (models: \(modelNames.joined(separator: ", ")))")
    }
    func oneOf(_ kind: String, _ word: String, _ list: [String], in place: String) -> ScenarioError {
      var msg = "\(place) has no \(kind) '\(word)'"
      if let g = Suggestion.closest(to: word, in: list) { msg += "; did you mean '\(g)'?" }
      return refuse(msg + " (\(kind)s: \(list.joined(separator: ", ")))")
    }

    if let colon = name.firstIndex(of: ":") {
      // BASELINE:ALTERNATIVE.COLUMN (column names hold no dot).
      let rest = name[name.index(after: colon)...]
      guard let dot = rest.lastIndex(of: "."), colon != name.startIndex else {
        throw refuse("'\(name)' is not BASELINE:ALTERNATIVE.COLUMN (\(example))")
      }
      let baseline = try model(String(name[..<colon]))
      let alternative = try model(String(rest[..<dot]))
      let columnName = String(rest[rest.index(after: dot)...])
      guard let pair = pairs.firstIndex(where: { $0.baseline == baseline && $0.alternative == alternative }) else {
        let listed =
          pairs.isEmpty
          ? "none: compare.csv needs two models"
          : pairs.map { "\(modelNames[$0.baseline]):\(modelNames[$0.alternative])" }.joined(separator: ", ")
        throw refuse(
          "compare.csv has no pair \(modelNames[baseline]):\(modelNames[alternative]) "
            + "(pairs: \(listed); the baseline is the model listed first in the file)")
      }
      guard let column = CompareColumn.named(columnName) else {
        throw oneOf("column", columnName, CompareColumn.all.map(\.name), in: "compare.csv")
      }
      if column.needsValuation, !hasValuation {
        throw refuse(
          "compare.csv's \(columnName) is empty: the scenario has no `valuation:` block, which the value "
            + "columns (p_value_better, value_diff_*) need (docs/model.md, \"Exit value\")")
      }
      self.init(name: name, value: value, figure: .compare(pair: pair, column: column), isShare: column.isProbability)
      return
    }

    // MODEL.METRIC.STAT: model before the first dot, statistic after the last.
    guard let first = name.firstIndex(of: "."), let last = name.lastIndex(of: "."), first < last else {
      throw refuse("'\(name)' is not MODEL.METRIC.STAT or BASELINE:ALTERNATIVE.COLUMN (\(example))")
    }
    let m = try model(String(name[..<first]))
    let metricName = String(name[name.index(after: first)..<last])
    let statisticName = String(name[name.index(after: last)...])
    guard let metric = models[m].summaryNames.firstIndex(of: metricName) else {
      for (names, block, section) in [
        (MetricLayout.valuationSummaryNames, "valuation", "Exit value"),
        (MetricLayout.cashSummaryNames, "cash", "Cash"),
      ] where names.contains(metricName) && !(block == "valuation" ? hasValuation : hasCash) {
        throw refuse(
          "model '\(modelNames[m])' has no summary metric '\(metricName)': the scenario has no `\(block):` block, "
            + "which \(names.joined(separator: ", ")) need (docs/model.md, \"\(section)\")")
      }
      throw oneOf("summary metric", metricName, models[m].summaryNames, in: "model '\(modelNames[m])'")
    }
    guard let statistic = SummaryStatistic(name: statisticName) else {
      throw oneOf("statistic", statisticName, SummaryStatistic.allCases.map(\.name), in: "summary.csv")
    }
    self.init(
      name: name, value: value, figure: .summary(model: m, metric: metric, statistic: statistic),
      isShare: MetricLayout.isShare(metricName))
  }

  init(name: String, value: Double, figure: Figure, isShare: Bool) {
    self.name = name
    self.value = value
    self.figure = figure
    self.isShare = isShare
  }

  /// The figure's value in a run of the scenario the target was resolved against,
  /// and its standard error over the run's paths (`SummaryStatistic.standardError`,
  /// `CompareColumn.standardError`); nil when the figure is an empty cell there
  /// (e.g. `crossover_month_p50` when no path crosses).
  public func evaluate(_ r: RunResult) -> (value: Double, standardError: Double)? {
    switch figure {
    case .summary(let model, let metric, let statistic):
      let cell = r.layout.summary(model: model, metric: metric)
      return (
        statistic.value(r.moments[cell], r.sketches[cell]), statistic.standardError(r.moments[cell], r.sketches[cell])
      )
    case .compare(let pair, let column):
      guard let v = column.value(r, pair), let se = column.standardError(r, pair) else { return nil }
      return (v, se)
    }
  }
}

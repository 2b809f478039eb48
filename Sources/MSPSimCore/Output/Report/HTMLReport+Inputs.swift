extension HTMLReport {
  /// The inputs: the resolved scenario of run.json (every default filled in), as
  /// tables: the run's settings, `market:`, the `valuation:`, `cash:` and
  /// `recessions:` blocks, `correlations:`, then each model's keys. Keys in
  /// alphabetical order, so the page does not depend on a dictionary's order.
  func inputs() -> String {
    let r = result.resolvedScenario
    var out = "<section id=\"inputs\" class=\"inputs\">\n<h2>Inputs</h2>\n"
    out +=
      "<p class=\"note\">The scenario as run, every default filled in (run.json's resolved_scenario). "
      + "A distribution is drawn once per path unless docs/model.md says otherwise; "
      + "market.NAME is one draw per path shared by every model that refers to it.</p>\n"
    let settings: [[String]] = [
      ["setting", "value"],
      ["name", r.name.isEmpty ? "-" : r.name],
      ["currency", r.currency],
      ["horizon_years", String(r.horizonYears)],
      ["paths", String(r.paths)],
      ["seed", String(r.seed)],
      ["rng", r.rng],
      ["discount_rate", CSVFormat.number(r.discountRate)],
    ]
    out += Self.table(SummaryTable(title: "Run", rows: settings, leftColumns: 2, note: nil), id: "inputs-run")
    out += keyTable("market", r.market, id: "inputs-market")
    if let block = r.valuation { out += keyTable("valuation", block, id: "inputs-valuation") }
    if let block = r.cash { out += keyTable("cash", block, id: "inputs-cash") }
    if let block = r.recessions { out += keyTable("recessions", block, id: "inputs-recessions") }
    if let correlations = r.correlations, !correlations.isEmpty {
      let rows = [["entry", "with", "rho"]] + correlations.map { $0.map(Self.text) }
      out += Self.table(
        SummaryTable(title: "correlations", rows: rows, leftColumns: 2, note: nil), id: "inputs-correlations")
    }
    for (k, model) in r.models.enumerated() {
      var parameters = model.parameters
      parameters["streams"] = .list(model.streams.map(JSONValue.text))
      out += keyTable("models." + model.name, parameters, id: "inputs-model-\(k + 1)")
    }
    return out + "</section>\n"
  }

  /// One key per row, sorted by key.
  func keyTable(_ title: String, _ values: [String: JSONValue], id: String) -> String {
    let rows = [["key", "value"]] + values.keys.sorted().map { [$0, Self.text(values[$0] ?? .text(""))] }
    return Self.table(SummaryTable(title: title, rows: rows, leftColumns: 2, note: nil), id: id, className: "keys")
  }

  /// A resolved value as a reader writes it: a number in plain decimal, a text as
  /// is, a distribution as `kind(parameter value, ...)` with its parameters in
  /// `DistributionKind.recordedParameters` order, anything else JSON-like with
  /// sorted keys.
  static func text(_ value: JSONValue) -> String {
    switch value {
    case .number(let x): return CSVFormat.number(x)
    case .text(let s): return s
    case .bool(let b): return b ? "true" : "false"
    case .list(let l): return "[" + l.map(text).joined(separator: ", ") + "]"
    case .object(let o):
      if o.count == 1, let (name, inner) = o.first, case .object(let parameters) = inner,
        let kind = DistributionKind(rawValue: name)
      {
        let known = kind.recordedParameters.filter { parameters[$0] != nil }
        let order = known + parameters.keys.filter { !known.contains($0) }.sorted()
        return name + "(" + order.map { "\($0) \(text(parameters[$0] ?? .text("")))" }.joined(separator: ", ") + ")"
      }
      return "{" + o.keys.sorted().map { "\($0): \(text(o[$0] ?? .text("")))" }.joined(separator: ", ") + "}"
    }
  }
}

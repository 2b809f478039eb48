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
      let rows = [["entry", "with", "rho"]] + correlations.map { $0.map(\.readableText) }
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
    let rows = [["key", "value"]] + values.keys.sorted().map { [$0, (values[$0] ?? .text("")).readableText] }
    return Self.table(SummaryTable(title: title, rows: rows, leftColumns: 2, note: nil), id: id, className: "keys")
  }
}

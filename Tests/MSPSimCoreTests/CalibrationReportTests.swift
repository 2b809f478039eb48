import Foundation
import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

/// docs/calibration.md's table is generated here from a run of the default scenario
/// (Scenarios/msp1-vs-msp2.yaml, 4,000 paths, its own seed, 2 threads), so it cannot
/// drift from the code: the block between the two markers must be what this run
/// gives, byte for byte. `MSPSIM_UPDATE_CALIBRATION=1` rewrites the block
/// (docs/calibration.md, "How the table is made") and then fails on purpose, so a run
/// in that mode is never taken for a pass.
///
/// Every statistic is a quantile over paths of a per-path value (a ratio is taken on
/// each path, then its P10/P50/P90 over the paths), exact (sorted values, linear
/// interpolation between ranks), from the engine's own worker (`SinglePathRunner`).
final class CalibrationReportTests: XCTestCase {
  static let update = ProcessInfo.processInfo.environment["MSPSIM_UPDATE_CALIBRATION"] != nil
  static let paths = 4000
  static let begin = "<!-- BEGIN GENERATED: CalibrationReportTests.swift; MSPSIM_UPDATE_CALIBRATION=1 rewrites it -->"
  static let end = "<!-- END GENERATED -->"
  static let document = Fixtures.repositoryRoot.appendingPathComponent("docs").appendingPathComponent("calibration.md")

  func testCalibrationTableIsARunOfTheDefault() throws {
    let scenario = try ScenarioLoader.load(path: Fixtures.defaultScenario.path).applying([.paths(Self.paths)])
    let table = try CalibrationReport(scenario: scenario).markdown()
    let doc = try String(contentsOf: Self.document, encoding: .utf8)
    guard let a = doc.range(of: Self.begin), let b = doc.range(of: Self.end), a.upperBound <= b.lowerBound else {
      XCTFail("docs/calibration.md has no generated block (\(Self.begin) ... \(Self.end))")
      return
    }
    let kept = String(doc[a.upperBound..<b.lowerBound])
    let now = "\n" + table + "\n"
    if Self.update {
      try (String(doc[..<a.upperBound]) + now + String(doc[b.lowerBound...]))
        .write(to: Self.document, atomically: true, encoding: .utf8)
      // Update mode compares nothing: it must never pass as a run of this test.
      XCTFail(
        "docs/calibration.md's table rewritten (MSPSIM_UPDATE_CALIBRATION is set; it "
          + (kept == now ? "did not change" : "changed")
          + "): review the diff, revisit the text around it and rerun without the variable")
      return
    }
    if kept != now {
      let x = kept.split(separator: "\n", omittingEmptySubsequences: false)
      let y = now.split(separator: "\n", omittingEmptySubsequences: false)
      let i = (0..<min(x.count, y.count)).first { x[$0] != y[$0] } ?? min(x.count, y.count)
      XCTFail(
        "docs/calibration.md's table is not what the default scenario gives now (first difference, line \(i + 1) of the block):\n  doc: "
          + (i < x.count ? String(x[i]) : "<end>") + "\n  run: " + (i < y.count ? String(y[i]) : "<end>")
          + "\nIf the change is meant, regenerate it with MSPSIM_UPDATE_CALIBRATION=1 and revisit the text around it.")
    }
  }

  /// Every metric the report reads exists in the run's layout (a metric read by a
  /// name the engine does not report would come back as zeros and fill the table
  /// with them).
  func testReportReadsOnlyMetricsTheEngineReports() throws {
    let plan = ScenarioPlan(try ScenarioLoader.load(path: Fixtures.defaultScenario.path))
    for model in plan.models {
      let names = Set(model.layout.names)
      var wanted = CalibrationReport.metricsRead
      for kind in model.layout.streams { wanted += ["revenue." + kind.rawValue, "margin." + kind.rawValue] }
      for name in wanted { XCTAssertTrue(names.contains(name), "\(model.name) reports no \(name)") }
    }
  }

  /// The report's quantile is the exact one: linear interpolation between ranks.
  func testQuantileInterpolatesBetweenRanks() {
    XCTAssertEqual(CalibrationReport.quantile([4, 1, 3, 2], 0.5), 2.5)
    XCTAssertEqual(CalibrationReport.quantile([10, 20, 30, 40, 50], 0.1), 14)
    XCTAssertEqual(CalibrationReport.quantile([7], 0.9), 7)
  }
}

/// The per-path values of a run of the default and the table built from them.
struct CalibrationReport {
  /// Non-delivery staff inside `fixed_monthly` (owner, service manager, dispatcher,
  /// project coordinator, sales, account manager, admin, finance): the default's
  /// ASSUMPTION, counted as employees next to the technicians and vCIOs the engine
  /// reports (IT Glue 2020: average MSP 20 employees, ~12 technicians).
  static let nonDeliveryStaff = 8.0
  /// Endpoints per seat, to compare seats per technician with endpoint benchmarks (ASSUMPTION).
  static let endpointsPerSeat = 2.0

  /// The metrics read on every model (besides revenue.<kind> and margin.<kind> of its streams).
  static let metricsRead = [
    "clients", "adopted_clients", "seats", "revenue.total", "revenue.recurring", "ebitda", "staff.technicians",
    "staff.vcios",
  ]

  let scenario: Scenario
  let plan: ScenarioPlan
  /// Per model: values per path, by row key.
  var values: [[String: [Double]]] = []
  var valueDifference: [Double] = []
  var npvDifference: [Double] = []

  init(scenario: Scenario) throws {
    self.scenario = scenario
    plan = ScenarioPlan(scenario)
    values = Array(repeating: [:], count: plan.models.count)
    try collect()
    try collectBookFlows()
  }

  static func quantile(_ values: [Double], _ q: Double) -> Double {
    let s = values.sorted()
    guard s.count > 1 else { return s.first ?? .nan }
    let r = q * Double(s.count - 1)
    let i = Int(r.rounded(.down))
    let f = r - Double(i)
    return i + 1 < s.count ? s[i] + f * (s[i + 1] - s[i]) : s[i]
  }

  /// A constant model parameter (the gross-up of resale needs the margin as written).
  func constant(_ m: Int, _ id: ParameterID) throws -> Double {
    guard case .constant(let x) = scenario.models[m][id] else {
      throw CalibrationError("models.\(plan.models[m].name): \(id) must be a constant for the calibration report")
    }
    return x
  }

  /// Runs `paths` paths of `plan` on 2 threads, each with its own `SinglePathRunner`;
  /// `measure` turns one path of one runner into rows; rows come back in path order.
  static func perPath(
    _ plan: ScenarioPlan, paths: Int, _ measure: @escaping @Sendable (SinglePathRunner) -> [[String: Double]]
  ) throws -> [[[String: Double]]] {
    let halves = [0..<(paths / 2), (paths / 2)..<paths]
    let out = Locked(Array(repeating: [[[String: Double]]](), count: 2))
    let failure = Locked<Error?>(nil)
    DispatchQueue.concurrentPerform(iterations: 2) { h in
      do {
        let runner = try SinglePathRunner(plan: plan)
        var rows: [[[String: Double]]] = []
        for p in halves[h] {
          try runner.run(path: p)
          rows.append(measure(runner))
        }
        out.withLock { $0[h] = rows }
      } catch {
        failure.withLock { $0 = error }
      }
    }
    if let e = failure.withLock({ $0 }) { throw e }
    return out.withLock { $0 }.flatMap { $0 }
  }

  mutating func collect() throws {
    let plan = self.plan
    var gross: [(margin: Double, change: Double)?] = []
    for m in plan.models.indices {
      gross.append(
        plan.models[m].has(.resale)
          ? (try constant(m, .resaleMargin), try constant(m, .resaleAnnualMarginChange)) : nil)
    }
    let grossUp = gross
    let staff = Self.nonDeliveryStaff
    let T = plan.months
    let rows = try Self.perPath(plan, paths: plan.paths) { runner in
      var result: [[String: Double]] = []
      for m in plan.models.indices {
        let layout = plan.models[m].layout
        func series(_ name: String) -> [Double] {
          guard let i = layout.names.firstIndex(of: name) else { return Array(repeating: 0, count: T) }
          return runner.monthly(model: m, metric: i)
        }
        let revenue = series("revenue.total")
        let recurring = series("revenue.recurring")
        let ebitda = series("ebitda")
        let resale = series("revenue.resale")
        let managed = series("revenue.managed_services")
        let block = series("revenue.block_hours")
        let technicians = series("staff.technicians")
        let vcios = series("staff.vcios")
        let seats = series("seats")
        let clients = series("clients")
        let adopted = series("adopted_clients")
        let margins = layout.streams.map { series("margin." + $0.rawValue) }
        let marginResale = series("margin.resale")
        let marginManaged = series("margin.managed_services")
        let marginBlock = series("margin.block_hours")
        let fees = series("revenue.vcio")
        let apps = series("revenue.app_management")
        let market = series("revenue.marketplace")
        let mrrAdopted: [Double] = (0..<T).map { t in
          let share = clients[t] > 0 ? adopted[t] / clients[t] : 0
          return managed[t] * share + fees[t] + apps[t] + market[t]
        }
        var row: [String: Double] = [:]
        for (tag, y) in [("first", 0), ("last", plan.years - 1)] {
          let months = (12 * y)..<(12 * y + 12)
          func sum(_ s: [Double]) -> Double { months.reduce(0) { $0 + s[$1] } }
          let rev = sum(revenue)
          var grossRev = rev
          if let g = grossUp[m] {
            let r = sum(resale)
            grossRev += r / (g.margin * pow(1 + g.change, Double(y))) - r
          }
          let employees = sum(technicians) / 12 + sum(vcios) / 12 + staff
          row["revenue_per_employee.\(tag)"] = rev / employees
          row["gross_revenue_per_employee.\(tag)"] = grossRev / employees
          row["ebitda_margin.\(tag)"] = sum(ebitda) / rev
          row["ebitda_margin_gross.\(tag)"] = sum(ebitda) / grossRev
          row["recurring_share.\(tag)"] = sum(recurring) / rev
          row["managed_share_gross.\(tag)"] = sum(managed) / grossRev
          let gm = margins.reduce(0) { $0 + sum($1) }
          row["resale_share_of_margin.\(tag)"] = sum(marginResale) / gm
          row["managed_gross_margin.\(tag)"] = (sum(marginManaged) + sum(marginBlock)) / (sum(managed) + sum(block))
          let end = months.upperBound - 1
          row["seats_per_technician.\(tag)"] = technicians[end] > 0 ? seats[end] / technicians[end] : .nan
          if vcios[end] > 0 { row["mrr_per_vcio.\(tag)"] = mrrAdopted[end] / vcios[end] }
        }
        let first = (0..<12).reduce(0) { $0 + revenue[$1] }
        let last = ((T - 12)..<T).reduce(0) { $0 + revenue[$1] }
        row["revenue_growth"] = pow(last / first, 1 / Double(plan.years - 1)) - 1
        if let v = layout.summaryValue { row["value"] = runner.summary(model: m)[v] }
        row["npv"] = runner.npv(model: m)
        result.append(row)
      }
      return result
    }
    for path in rows {
      for (m, row) in path.enumerated() {
        for (k, v) in row where !v.isNaN { values[m][k, default: []].append(v) }
      }
      if path.count == 2 {
        if let a = path[1]["value"], let b = path[0]["value"] { valueDifference.append(a - b) }
        npvDifference.append(path[1]["npv"]! - path[0]["npv"]!)
      }
    }
  }

  /// Churn and new clients are not reported per path: two one-year runs measure them,
  /// one without new clients (churn = 1 - clients after 12 months / clients at start)
  /// and one without churn (new clients = clients after 12 months - clients at start).
  mutating func collectBookFlows() throws {
    var noAcquisition: [ScenarioOverride] = [.years(1)]
    var noChurn: [ScenarioOverride] = [.years(1)]
    for (m, model) in plan.models.enumerated() {
      noAcquisition.append(.value(keyPath: "models.\(model.name).acquisition.monthly_rate", 0))
      noChurn.append(.value(keyPath: "models.\(model.name).churn.annual", 0))
      if scenario.models[m].given.contains(ParameterID.churnAnnualAdopted.rawValue) {
        noChurn.append(.value(keyPath: "models.\(model.name).churn.annual_adopted", 0))
      }
    }
    for (key, overrides) in [("churn", noAcquisition), ("new_clients", noChurn)] {
      let s = try scenario.applying(overrides)
      let p = ScenarioPlan(s)
      let initial = try (0..<p.models.count).map { try constant($0, .clientsInitial) }
      let rows = try Self.perPath(p, paths: p.paths) { runner in
        (0..<p.models.count).map { m in
          let end = runner.monthly(model: m, metric: MetricLayout.clients)[11]
          return [key: key == "churn" ? 1 - end / initial[m] : end - initial[m]]
        }
      }
      for path in rows { for (m, row) in path.enumerated() { values[m][key, default: []].append(row[key]!) } }
    }
  }

  // MARK: The table

  enum Unit { case money, share, count }

  struct Row {
    let benchmark: String
    let measure: String
    let key: String
    let unit: Unit
    let range: ClosedRange<Double>
    let rangeText: String
    let source: String
  }

  static let rows: [Row] = [
    Row(
      benchmark: "Revenue per employee, year 1", measure: "revenue as booked (resale net) / employees",
      key: "revenue_per_employee.first", unit: .money, range: 120_000...220_000,
      rangeText: "$120-220k (average to best)",
      source: "pharallax.ai/guides/how-to-benchmark-your-msp (C); MSP 501 average ~$197k, thirdtier.net (B)"),
    Row(
      benchmark: "Revenue per employee, year 1, resale gross", measure: "revenue with resale grossed up / employees",
      key: "gross_revenue_per_employee.first", unit: .money, range: 120_000...220_000,
      rangeText: "$120-220k", source: "as above"),
    Row(
      benchmark: "Revenue per employee, last year", measure: "as booked",
      key: "revenue_per_employee.last", unit: .money, range: 120_000...220_000,
      rangeText: "$120-220k", source: "as above"),
    Row(
      benchmark: "Revenue per employee, last year, resale gross", measure: "resale grossed up",
      key: "gross_revenue_per_employee.last", unit: .money, range: 120_000...220_000,
      rangeText: "$120-220k", source: "as above"),
    Row(
      benchmark: "EBITDA margin, year 1", measure: "EBITDA / revenue as booked",
      key: "ebitda_margin.first", unit: .share, range: 0.10...0.20,
      rangeText: "10-20 % (14.1 % average, 20-25 % top quartile)",
      source: "Service Leadership Q2 2024 via members.bta.org (A); channelpronetwork.com (B)"),
    Row(
      benchmark: "EBITDA margin, year 1, on gross revenue", measure: "EBITDA / revenue with resale gross",
      key: "ebitda_margin_gross.first", unit: .share, range: 0.10...0.20, rangeText: "10-20 %", source: "as above"),
    Row(
      benchmark: "EBITDA margin, last year", measure: "EBITDA / revenue as booked",
      key: "ebitda_margin.last", unit: .share, range: 0.10...0.20, rangeText: "10-20 %", source: "as above"),
    Row(
      benchmark: "EBITDA margin, last year, on gross revenue", measure: "EBITDA / revenue with resale gross",
      key: "ebitda_margin_gross.last", unit: .share, range: 0.10...0.20, rangeText: "10-20 %", source: "as above"),
    Row(
      benchmark: "Managed services share of revenue, year 1", measure: "managed services / revenue with resale gross",
      key: "managed_share_gross.first", unit: .share, range: 0.55...0.65,
      rangeText: "55-65 % (MRR share, average)", source: "pharallax.ai (C)"),
    Row(
      benchmark: "Recurring share, year 1", measure: "revenue.recurring / revenue as booked (drives the exit multiple)",
      key: "recurring_share.first", unit: .share, range: 0.55...0.78,
      rangeText: "55-65 % average, 65-78 % healthy", source: "pharallax.ai (C); >= 65 %, mspstrategicadvisors.com (C)"),
    Row(
      benchmark: "Recurring share, last year", measure: "as booked",
      key: "recurring_share.last", unit: .share, range: 0.55...0.78, rangeText: "55-78 %", source: "as above"),
    Row(
      benchmark: "Managed-services gross margin, year 1",
      measure: "(margin.managed_services + margin.block_hours) / their revenue",
      key: "managed_gross_margin.first", unit: .share, range: 0.38...0.494,
      rangeText: "38-49.4 % (bottom to top quartile); 46.2 % average",
      source: "channelpronetwork.com, SL 2022 report (B); Service Leadership Q2 2024 (A)"),
    Row(
      benchmark: "Resale share of gross margin, year 1", measure: "margin.resale / sum of margin.<kind>",
      key: "resale_share_of_margin.first", unit: .share, range: 0.20...0.30,
      rangeText: "about a quarter (read as 20-30 %)", source: "service-leadership.com/news-events/news/2022/q2 (A)"),
    Row(
      benchmark: "Resale share of gross margin, last year", measure: "as year 1",
      key: "resale_share_of_margin.last", unit: .share, range: 0.20...0.30, rangeText: "20-30 %", source: "as above"),
    Row(
      benchmark: "Seats per technician, end of year 1", measure: "seats / staff.technicians",
      key: "seats_per_technician.first", unit: .count, range: 100...160,
      rangeText: "100-160 (200-320 endpoints at 2 a seat)", source: "pharallax.ai (C): 280-320 average, 200-230 best"),
    Row(
      benchmark: "Seats per technician, end of last year", measure: "as year 1",
      key: "seats_per_technician.last", unit: .count, range: 100...160, rangeText: "100-160", source: "as above"),
    Row(
      benchmark: "vCIO load, end of year 1", measure: "MRR of adopted clients / staff.vcios (see below)",
      key: "mrr_per_vcio.first", unit: .money, range: 120_000...1e12, rangeText: "at least $120k of MRR",
      source: "trumethods.com/resources/blog/how-to-evaluate-your-vcios (B)"),
    Row(
      benchmark: "vCIO load, end of last year", measure: "as year 1",
      key: "mrr_per_vcio.last", unit: .money, range: 120_000...1e12, rangeText: "at least $120k", source: "as above"),
    Row(
      benchmark: "Client churn, year 1", measure: "1 - clients after 12 months / 60, run without new clients",
      key: "churn", unit: .share, range: 0.10...0.15, rangeText: "10-15 % (85-90 % renewal)",
      source: "dev.proxuma.io/powerbi/insights/contract-renewal-rate/ (C)"),
    Row(
      benchmark: "New clients, year 1", measure: "clients after 12 months - 60, run without churn",
      key: "new_clients", unit: .count, range: 12...18,
      rangeText: "12-18 (10 % churn + 10-20 % growth on 60 clients); goal 12",
      source: "derived from thirdtier.net/puredome.com; startgrowmanage.com (C)"),
    Row(
      benchmark: "Revenue growth, year 1 to last year", measure: "(revenue last year / year 1)^(1/9) - 1",
      key: "revenue_growth", unit: .share, range: 0.01...0.20,
      rangeText: "7 % (SL 2011-15); 10-20 % \"norm\"; ~1 % (Q4 2024)",
      source: "nable.bytowngroup.com (A/B); puredome.com (C); kineticdata.com (B)"),
  ]

  static func format(_ x: Double, _ unit: Unit) -> String {
    switch unit {
    case .money:
      let k = Int((x / 1000).rounded())
      return (k < 0 ? "-$" : "$") + grouped(abs(k)) + "k"
    case .share: return String(format: "%.1f %%", 100 * x)
    case .count: return String(format: "%.1f", x)
    }
  }

  /// `x` rounded as `format` shows it.
  static func rounded(_ x: Double, _ unit: Unit) -> Double {
    switch unit {
    case .money: return 1000 * (x / 1000).rounded()
    case .share: return (1000 * x).rounded() / 1000
    case .count: return (10 * x).rounded() / 10
    }
  }

  static func grouped(_ n: Int) -> String {
    let s = String(n)
    var out = ""
    for (i, c) in s.enumerated() {
      if i > 0 && (s.count - i) % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return out
  }

  func markdown() -> String {
    let names = plan.models.map(\.name)
    var lines: [String] = []
    lines.append(
      "Run: Scenarios/msp1-vs-msp2.yaml, \(plan.paths) paths, seed \(plan.seed), \(plan.years) years. "
        + "Each cell: P50 (P10-P90) over paths of the per-path value; \"in\" when the P50 is inside the range.")
    lines.append("")
    var header = "| benchmark | model measure |"
    var rule = "|---|---|"
    for n in names {
      header += " \(n) P50 (P10-P90) |"
      rule += "---|"
    }
    header += " range | source |"
    rule += "---|---|"
    for n in names {
      header += " \(n) |"
      rule += "---|"
    }
    lines.append(header)
    lines.append(rule)
    for row in Self.rows {
      var line = "| \(row.benchmark) | \(row.measure) |"
      var verdicts: [String] = []
      for m in names.indices {
        guard let v = values[m][row.key], !v.isEmpty else {
          line += " - |"
          verdicts.append("-")
          continue
        }
        let p50 = Self.quantile(v, 0.5)
        line +=
          " \(Self.format(p50, row.unit)) (\(Self.format(Self.quantile(v, 0.1), row.unit))-\(Self.format(Self.quantile(v, 0.9), row.unit))) |"
        // Judged on the value as shown (rounded), so 10.0 % is inside 10-15 %.
        let shown = Self.rounded(p50, row.unit)
        verdicts.append(row.range.contains(shown) ? "in" : shown < row.range.lowerBound ? "out (below)" : "out (above)")
      }
      line += " \(row.rangeText) | \(row.source) |"
      for v in verdicts { line += " \(v) |" }
      lines.append(line)
    }
    if !valueDifference.isEmpty {
      let better = Double(valueDifference.filter { $0 > 0 }.count) / Double(valueDifference.count)
      lines.append("")
      lines.append(
        "Headline of this run: \(names[1]) is worth more than \(names[0]) at the exit on "
          + String(format: "%.1f %%", 100 * better) + " of paths; median value gain "
          + Self.format(Self.quantile(valueDifference, 0.5), .money) + " (P10 "
          + Self.format(Self.quantile(valueDifference, 0.1), .money) + ", P90 "
          + Self.format(Self.quantile(valueDifference, 0.9), .money) + "); NPV of EBITDA higher on "
          + String(format: "%.1f %%", 100 * Double(npvDifference.filter { $0 > 0 }.count) / Double(npvDifference.count))
          + " of paths.")
    }
    return lines.joined(separator: "\n")
  }
}

struct CalibrationError: Error, CustomStringConvertible {
  let description: String
  init(_ d: String) { description = d }
}

import Foundation
import XCTest

@testable import MSPSimCore

/// Bigger clients and vCIO-only clients (docs/model.md, "Bigger clients and vCIO-only
/// clients") against exact identities and closed forms:
/// - a book of vCIO-only clients only pays no 1.0 stream and needs no technician and
///   no tools, exactly, on every path; the vCIO and framework streams, the clients
///   and the seats match their closed forms within `modelTolerance` = 4 SE;
/// - `acquisition.seats` changes new clients' seats only: a run without arrivals is
///   byte-identical with and without it, a key given as the same distribution as
///   `clients.seats` draws exactly what `clients.seats` drew, and new clients' seats
///   have the closed-form mean;
/// - `vcio_only_rate: 0` draws nothing (every other row byte-identical) and only adds
///   the `vcio_only_clients` row; a model without a 2.0 stream that gives the rate is
///   refused, naming the key.
final class VCIOOnlyClosedFormTests: XCTestCase {
  private func plan(_ yaml: String) throws -> ScenarioPlan {
    ScenarioPlan(try ScenarioLoader.load(text: yaml, file: "vcio-only.yaml"))
  }

  /// Every monthly row of every model on paths 0..<paths, path after path.
  private func rows(_ plan: ScenarioPlan, paths: Int, metrics: (MetricLayout) -> [Int]) throws -> [[Double]] {
    let runner = try SinglePathRunner(plan: plan)
    var all: [[Double]] = []
    for path in 0..<paths {
      try runner.run(path: path)
      for (m, model) in plan.models.enumerated() {
        for metric in metrics(model.layout) { all.append(runner.monthly(model: m, metric: metric)) }
      }
    }
    return all
  }

  // MARK: Only vCIO-only clients

  private static let vcioOnlyModel = """
      vonly:
        clients: {initial: 0, seats: 20}
        acquisition: {monthly_rate: 0, annual_growth: 0.25, vcio_only_rate: 1.5,
                      seats: {uniform: {min: 100, max: 300}}}
        churn: {annual: 0}
        streams:
          managed_services: {price_per_seat: 100}
          block_hours: {hours_per_seat: 0.5, hourly_rate: 120}
          refresh_projects: {cycle_months: 6, win_rate: 1, value_per_seat: 500}
          resale: {spend_per_seat_per_year: 800, margin: 0.2, adopted_share: 0.5}
          vcio: {monthly_fee: {uniform: {min: 400, max: 800}}}
          framework_projects: {fee: 5000}
        costs: {seats_per_technician: 50, technician_monthly: 7000, tools_per_seat: 12,
                clients_per_vcio: 10, vcio_monthly: 0, project_cost_share: 0}

    """

  /// With no initial book, no ordinary arrivals and no churn, every client is
  /// vCIO-only. Per path and month, exactly: managed_services, block_hours,
  /// refresh_projects and resale earn 0 (no supported seat: S(t) = 0, no refresh
  /// scheduled), staff.technicians is 0, and cost.total is 0 (tools x S(t) = 0,
  /// vCIO salary 0, every delivery share 0); clients = adopted_clients =
  /// vcio_only_clients, and the seats are those of the vCIO-only clients (> 0).
  func testOnlyVCIOOnlyClientsPayNoSupportStreamAndNeedNoTechnician() throws {
    let plan = try plan(scenarioYAML(models: Self.vcioOnlyModel, horizonYears: 3, seed: 6101))
    let runner = try SinglePathRunner(plan: plan)
    let layout = plan.models[0].layout
    let row = try XCTUnwrap(layout.vcioOnlyClients)
    XCTAssertEqual(layout.names.last, "vcio_only_clients")
    XCTAssertEqual(row, layout.count - 1)
    var seatMonths = 0
    for path in 0..<200 {
      try runner.run(path: path)
      func r(_ metric: Int) -> [Double] { runner.monthly(model: 0, metric: metric) }
      for k: StreamKind in [.managedServices, .blockHours, .refreshProjects, .resale] {
        let slot = layout.streams.firstIndex(of: k)!
        XCTAssertEqual(
          r(MetricLayout.firstStream + slot), [Double](repeating: 0, count: plan.months), "\(k) path \(path)")
        XCTAssertEqual(r(layout.firstMargin + slot), [Double](repeating: 0, count: plan.months), "margin \(k)")
      }
      XCTAssertEqual(r(layout.staffTechnicians), [Double](repeating: 0, count: plan.months), "path \(path)")
      XCTAssertEqual(r(layout.costTotal), [Double](repeating: 0, count: plan.months), "path \(path)")
      XCTAssertEqual(r(MetricLayout.clients), r(MetricLayout.adoptedClients), "path \(path)")
      XCTAssertEqual(r(MetricLayout.clients), r(row), "path \(path)")
      seatMonths += r(MetricLayout.seats).filter { $0 > 0 }.count
    }
    XCTAssertGreaterThan(seatMonths, 0, "no vCIO-only client ever joined: the check is vacuous")
  }

  /// The closed forms. vCIO-only clients arrive as Poisson(r (1+g)^y(s)) in month s
  /// and never leave (churn 0), so the clients in the book at month t number
  ///   N(t) ~ Poisson(Lambda(t)),  Lambda(t) = r sum_{s=1..t} (1+g)^y(s),
  /// each with a vCIO fee F drawn at joining, E[F] = (400 + 800)/2 = 600, fees
  /// independent of N (fee escalation 0), so by Wald's identity
  ///   E[vcio(t)] = Lambda(t) x 600,
  ///   E[vcio_only_clients(t)] = E[adopted_clients(t)] = E[clients(t)] = Lambda(t);
  /// their seats come from `acquisition.seats` (vcio_only_seats not given follows it),
  /// uniform(100, 300), mean 200, seat growth 0: E[seats(t)] = 200 Lambda(t); the
  /// framework fee 5000 is paid in the joining month only:
  ///   E[framework_projects(t)] = 5000 r (1+g)^y(t).
  func testVCIOStreamClientsAndSeatsMatchTheirClosedForms() {
    let r = 1.5
    let g = 0.25
    guard
      let run = runModel(scenarioYAML(models: Self.vcioOnlyModel, horizonYears: 3, seed: 6102), paths: 4000)
    else { return }
    let m = run.model("vonly")
    let vcio = run.stream(m, .vcio)
    let framework = run.stream(m, .frameworkProjects)
    let row = run.layout(m).vcioOnlyClients!
    var lambda = 0.0
    for t in 1...run.plan.months {
      let arrivalsMean = r * pow(1 + g, Double(yearIndex(t)))
      lambda += arrivalsMean
      guard [1, 6, 12, 13, 24, 30, 36].contains(t) else { continue }
      run.checkMonthly(m, vcio, month: t, expected: 600 * lambda)
      run.checkMonthly(m, framework, month: t, expected: 5000 * arrivalsMean)
      run.checkMonthly(m, row, month: t, expected: lambda)
      run.checkMonthly(m, MetricLayout.adoptedClients, month: t, expected: lambda)
      run.checkMonthly(m, MetricLayout.clients, month: t, expected: lambda)
      run.checkMonthly(m, MetricLayout.seats, month: t, expected: 200 * lambda)
    }
  }

  /// Mixed with a supported book, vCIO-only clients' seats stay out of S(t): with an
  /// initial book of 10 clients of 20 seats, no churn and no ordinary arrivals, the
  /// managed services revenue is exactly 100 x 200 and the technicians exactly
  /// ceil(200/50) = 4 every month, whatever the vCIO-only clients who joined; resale
  /// counts the supported clients only (none adopted: 800/12 x 0.2 x 200).
  func testVCIOOnlyClientsLeaveTheSupportedSeatsAlone() throws {
    let models = """
        mixed:
          clients: {initial: 10, seats: 20}
          acquisition: {vcio_only_rate: 2, vcio_only_seats: 400}
          churn: {annual: 0}
          streams:
            managed_services: {price_per_seat: 100}
            resale: {spend_per_seat_per_year: 800, margin: 0.2, adopted_share: 0}
            vcio: {monthly_fee: 500}
          costs: {seats_per_technician: 50, technician_monthly: 7000, tools_per_seat: 10}

      """
    let plan = try plan(scenarioYAML(models: models, horizonYears: 2, seed: 6103))
    let runner = try SinglePathRunner(plan: plan)
    let layout = plan.models[0].layout
    let managed = MetricLayout.firstStream + layout.streams.firstIndex(of: .managedServices)!
    let resale = MetricLayout.firstStream + layout.streams.firstIndex(of: .resale)!
    let vcio = MetricLayout.firstStream + layout.streams.firstIndex(of: .vcio)!
    var joined = 0.0
    for path in 0..<50 {
      try runner.run(path: path)
      func r(_ metric: Int) -> [Double] { runner.monthly(model: 0, metric: metric) }
      let months = plan.months
      XCTAssertEqual(r(managed), [Double](repeating: 100 * 200, count: months))
      XCTAssertEqual(r(layout.staffTechnicians), [Double](repeating: 4, count: months))
      for (t, x) in r(resale).enumerated() {
        XCTAssertEqual(x, 800.0 / 12 * 0.2 * 200, accuracy: 1e-9, "month \(t + 1)")
      }
      let vcioOnly = r(layout.vcioOnlyClients!)
      for t in 0..<months {
        XCTAssertEqual(r(MetricLayout.seats)[t], 200 + 400 * vcioOnly[t], accuracy: 1e-9)
        XCTAssertEqual(r(vcio)[t], 500 * vcioOnly[t], accuracy: 1e-9)
        XCTAssertEqual(r(MetricLayout.clients)[t], 10 + vcioOnly[t])
        // Tools 10 x 200 and 4 technicians; vCIO salary 0.
        XCTAssertEqual(r(layout.costTotal)[t], 10 * 200 + 4 * 7000, accuracy: 1e-9)
      }
      joined += vcioOnly.last!
    }
    XCTAssertGreaterThan(joined, 0)
  }

  // MARK: acquisition.seats

  private static func seatsModel(acquisition: String, initial: Int = 10) -> String {
    """
      m:
        clients: {initial: \(initial), seats: {triangular: {min: 5, mode: 15, max: 60}}, annual_seat_growth: 0.05}
        acquisition: {\(acquisition)}
        churn: {annual: 0.1, annual_adopted: 0.05}
        adoption: {initial_share: 0.3, at_signup: 0.2, monthly: 0.05}
        streams:
          managed_services: {price_per_seat: 100}
          block_hours: {hours_per_seat: 0.3, hourly_rate: 120}
          refresh_projects: {cycle_months: 12, win_rate: 0.5, value_per_seat: 300}
          vcio: {monthly_fee: {uniform: {min: 300, max: 900}}}
        costs: {seats_per_technician: 40, technician_monthly: 7000, tools_per_seat: 10}

    """
  }

  /// Without arrivals, `acquisition.seats` is never drawn: the initial book, and so
  /// every output, is byte-identical with and without the key.
  func testAcquisitionSeatsLeaveTheInitialBookByteIdentical() throws {
    let all: (MetricLayout) -> [Int] = { Array(0..<$0.count) }
    let without = try rows(
      plan(scenarioYAML(models: Self.seatsModel(acquisition: "monthly_rate: 0"), horizonYears: 3, seed: 6104)),
      paths: 40, metrics: all)
    let with = try rows(
      plan(
        scenarioYAML(
          models: Self.seatsModel(acquisition: "monthly_rate: 0, seats: {uniform: {min: 150, max: 500}}"),
          horizonYears: 3, seed: 6104)),
      paths: 40, metrics: all)
    XCTAssertEqual(with, without)
  }

  /// `acquisition.seats` not given draws from `clients.seats`'s sampler: given as the
  /// same distribution, it draws exactly the same numbers (same GSL calls on the same
  /// stream), so every output is byte-identical; and `vcio_only_rate: 0` draws nothing
  /// and adds only its row, last.
  func testAcquisitionSeatsNotGivenDrawsAsClientsSeatsAndARateOfZeroDrawsNothing() throws {
    let base = "monthly_rate: 2"
    let all: (MetricLayout) -> [Int] = { Array(0..<$0.count) }
    let reference = try plan(scenarioYAML(models: Self.seatsModel(acquisition: base), horizonYears: 3, seed: 6105))
    XCTAssertNil(reference.models[0].layout.vcioOnlyClients)
    XCTAssertFalse(reference.models[0].layout.names.contains("vcio_only_clients"))
    let without = try rows(reference, paths: 40, metrics: all)
    let same = try rows(
      plan(
        scenarioYAML(
          models: Self.seatsModel(acquisition: base + ", seats: {triangular: {min: 5, mode: 15, max: 60}}"),
          horizonYears: 3, seed: 6105)),
      paths: 40, metrics: all)
    XCTAssertEqual(same, without)
    let zeroPlan = try plan(
      scenarioYAML(models: Self.seatsModel(acquisition: base + ", vcio_only_rate: 0"), horizonYears: 3, seed: 6105))
    let zeroLayout = zeroPlan.models[0].layout
    XCTAssertEqual(zeroLayout.count, reference.models[0].layout.count + 1)
    XCTAssertEqual(zeroLayout.vcioOnlyClients, zeroLayout.count - 1)
    let zero = try rows(zeroPlan, paths: 40, metrics: { Array(0..<($0.count - 1)) })
    XCTAssertEqual(zero, without)
    let zeroRow = try rows(zeroPlan, paths: 5, metrics: { [$0.vcioOnlyClients!] })
    XCTAssertEqual(Set(zeroRow.flatMap { $0 }), [0])
  }

  /// New clients draw their seats from `acquisition.seats`, the initial book from
  /// `clients.seats`. With 10 initial clients of 20 seats, Poisson(r) arrivals a month
  /// of `acquisition.seats` ~ uniform(150, 500) (mean 325), no churn and no seat
  /// growth: E[seats(t)] = 200 + 325 r t, and month 1's clients number 10 + Poisson(r).
  func testNewClientsDrawTheirSeatsFromAcquisitionSeats() {
    let r = 0.8
    let models = """
        m:
          clients: {initial: 10, seats: 20}
          acquisition: {monthly_rate: \(r), seats: {uniform: {min: 150, max: 500}}}
          churn: {annual: 0}
          streams:
            managed_services: {price_per_seat: 100}

      """
    guard let run = runModel(scenarioYAML(models: models, horizonYears: 2, seed: 6106), paths: 4000) else { return }
    for t in [1, 6, 12, 24] {
      run.checkMonthly(0, MetricLayout.seats, month: t, expected: 200 + 325 * r * Double(t))
      run.checkMonthly(0, MetricLayout.clients, month: t, expected: 10 + r * Double(t))
    }
  }

  // MARK: Validation

  /// vCIO-only clients buy only 2.0 services: a model without any 2.0 stream that
  /// gives the rate is an error naming the key (exit 2).
  func testARateInAModelWithoutA2Point0StreamIsRefusedNamingTheKey() {
    let models = """
        msp1:
          clients: {initial: 10, seats: 20}
          acquisition: {vcio_only_rate: 1}
          streams:
            managed_services: {price_per_seat: 100}

      """
    XCTAssertThrowsError(
      try ScenarioLoader.load(text: scenarioYAML(models: models, horizonYears: 1, seed: 1), file: "x.yaml")
    ) { error in
      XCTAssertTrue("\(error)".contains("models.msp1.acquisition.vcio_only_rate"), "\(error)")
    }
  }
}

import Foundation
import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

/// `sampler: fast` and `sampler: gsl` draw different numbers from the same laws
/// (docs/model.md, "Randomness and seeding"), so a scenario's outputs must agree in
/// distribution. Each file of Scenarios/ that draws Poisson and binomial counts in
/// its month loop is run with each sampler (independent streams in effect: the
/// counts differ from the first draw), and every summary mean and the monthly means
/// of revenue.total, clients and ebitda at months 12, 36 and the last are compared:
///
///     z = (mean_fast - mean_gsl) / sqrt(se_fast^2 + se_gsl^2),  |z| <= 4.5
///
/// At 4.5 a single comparison fails by chance with probability 6.8e-6; over the
/// ~290 comparisons below that is < 0.002 expected false alarms, and the seeds are
/// fixed, so the outcome is deterministic. A sampler off by 1 % in a block-hours
/// or acquisition mean moves revenue by ~10 se at these path counts.
final class SamplerEquivalenceTests: XCTestCase {
  /// `sampler:` takes `fast` (the default) or `gsl`; another word is refused with its
  /// position, the closest allowed word and the list.
  func testSamplerKeyIsReadAndCheckedByPosition() throws {
    let text = try String(contentsOf: Fixtures.defaultScenario, encoding: .utf8)
    XCTAssertEqual(try ScenarioLoader.load(text: text, file: "s.yaml").sampler, .fast)
    XCTAssertEqual(try ScenarioLoader.load(text: text + "\nsampler: gsl\n", file: "s.yaml").sampler, .gsl)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
    XCTAssertThrowsError(try ScenarioLoader.load(text: text + "\nsampler: fsat\n", file: "s.yaml")) { error in
      let message = "\(error)"
      XCTAssertTrue(message.contains("s.yaml:\(lines + 1):10: sampler: unknown sampler 'fsat'"), message)
      XCTAssertTrue(message.contains("did you mean 'fast'") && message.contains("(allowed: fast, gsl)"), message)
    }
  }

  func testFastAndGSLSamplersGiveTheSameOutputsInDistribution() throws {
    var comparisons = 0
    var worst = 0.0
    for name in ["msp1-vs-msp2.yaml", "recession-risk.yaml", "reframing-funnel.yaml", "marketplace-heavy.yaml"] {
      let text = try String(contentsOf: Fixtures.scenariosFolder.appendingPathComponent(name), encoding: .utf8)
      var results: [RunResult] = []
      for sampler in Sampler.allCases {
        let scenario = try ScenarioLoader.load(text: text + "\nsampler: \(sampler.rawValue)\n", file: name)
          .applying([.paths(3000)])
        XCTAssertEqual(scenario.sampler, sampler)
        results.append(try Pipeline.simulate(scenario, threads: 2))
      }
      let (fast, gsl) = (results[0], results[1])
      let layout = fast.layout
      var cells: [(String, Int)] = []
      for (mi, model) in fast.models.enumerated() {
        for k in 0..<model.layout.summaryCount {
          cells.append(("\(model.name) summary \(k)", layout.summary(model: mi, metric: k)))
        }
        for metric in ["revenue.total", "clients", "ebitda"] {
          guard let k = model.layout.names.firstIndex(of: metric) else { continue }
          for t in [12, 36, fast.months] {
            cells.append(("\(model.name) \(metric) month \(t)", layout.monthly(model: mi, metric: k, month: t)))
          }
        }
      }
      for (label, cell) in cells {
        let a = fast.moments[cell]
        let b = gsl.moments[cell]
        let se = (a.standardError * a.standardError + b.standardError * b.standardError).squareRoot()
        let diff = a.mean - b.mean
        let eps = 1e-9 * Swift.max(1, abs(a.mean), abs(b.mean))
        XCTAssertLessThanOrEqual(abs(diff), 4.5 * se + eps, "\(name) \(label): fast \(a.mean), gsl \(b.mean), se \(se)")
        if se > 0 { worst = Swift.max(worst, abs(diff) / se) }
        comparisons += 1
      }
      // The two runs did draw different numbers (the samplers are not the same algorithm).
      let npv = layout.summary(model: 0, metric: MetricLayout.summaryNPV)
      XCTAssertNotEqual(fast.moments[npv].mean, gsl.moments[npv].mean, "\(name): the samplers drew the same numbers")
    }
    print("[samplers] \(comparisons) comparisons of fast against gsl, worst |z| \(String(format: "%.2f", worst))")
    XCTAssertGreaterThan(comparisons, 250)
  }
}

import CGSL
import Foundation
import Yams

/// One target of `correlations:` (docs/model.md, "Correlated inputs"): the Spearman
/// rank correlation `rho` between `market:` entries `a` and `b` (indices into
/// `Scenario.market`).
public struct MarketCorrelation: Sendable, Equatable {
  public let a: Int
  public let b: Int
  public let rho: Double
  /// The values `rho` may take.
  public static let rhoRange: ClosedRange<Double> = -1...1

  /// The Pearson correlation of the copula's normals that gives Spearman `rho`:
  /// 2 sin(pi rho / 6) (Kruskal 1958; exact for a Gaussian copula).
  public var normalCorrelation: Double { 2 * sin(Double.pi * rho / 6) }
}

/// The Gaussian copula of a scenario's `correlations:` (docs/model.md, "Correlated
/// inputs"): the market entries it joins and the Cholesky factor of their normals'
/// correlation matrix. Per path, z = L n (n independent standard normals from the
/// market stream), and entry `entries[j]` is drawn as its inverse CDF at Phi(z_j).
public struct MarketCopula: Sendable {
  /// Market indices in the copula, ascending.
  public let entries: [Int]
  /// L, row-major k x k, lower triangle (upper entries 0).
  public let cholesky: [Double]

  /// The copula of `correlations` over the scenario's market, or the pairs that cannot
  /// hold together: the entries of the smallest leading block whose correlation
  /// matrix is not positive definite, with the pairs among them.
  static func make(_ correlations: [MarketCorrelation]) -> Result<MarketCopula, CopulaProblem> {
    // GSL's default handler aborts the process on a matrix that is not positive
    // definite; validation can run before any generator has switched it off.
    GSLRuntime.ensureInitialised()
    let entries = Array(Set(correlations.flatMap { [$0.a, $0.b] })).sorted()
    let k = entries.count
    var c = [Double](repeating: 0, count: k * k)
    for j in 0..<k { c[j * k + j] = 1 }
    for p in correlations {
      let i = entries.firstIndex(of: p.a)!
      let j = entries.firstIndex(of: p.b)!
      c[i * k + j] = p.normalCorrelation
      c[j * k + i] = p.normalCorrelation
    }
    var l = c
    let status = l.withUnsafeMutableBufferPointer { mspsim_cholesky($0.baseAddress, k) }
    guard status == 0 else {
      // The first leading block that fails: Cholesky of blocks 2x2, 3x3, ... in turn.
      var failing = k
      for n in 2...Swift.max(2, k) where n <= k {
        var block = (0..<n).flatMap { i in (0..<n).map { j in c[i * k + j] } }
        if block.withUnsafeMutableBufferPointer({ mspsim_cholesky($0.baseAddress, n) }) != 0 {
          failing = n
          break
        }
      }
      let inBlock = Set(entries.prefix(failing))
      return .failure(CopulaProblem(pairs: correlations.filter { inBlock.contains($0.a) && inBlock.contains($0.b) }))
    }
    for i in 0..<k { for j in (i + 1)..<Swift.max(i + 1, k) { l[i * k + j] = 0 } }
    return .success(MarketCopula(entries: entries, cholesky: l))
  }
}

/// Correlation targets that no joint distribution can have together.
struct CopulaProblem: Error {
  let pairs: [MarketCorrelation]
}

extension ScenarioLoader {
  static let correlationsKey = "correlations"

  /// Reads `correlations:`: a list of `[market.A, market.B, rho]`, each pair at most
  /// once, rho in -1...1, the matrix positive definite (docs/scenario-format.md,
  /// "Correlations and recessions").
  static func readCorrelations(_ node: Node, into s: inout Scenario, reader r: inout YAMLReader) {
    let path = correlationsKey
    let expected = "a list of [market.A, market.B, rho], e.g. [[market.churn, market.annual_price_change, -0.3]]"
    guard case .sequence(let items) = node else {
      r.log.report(YAMLReader.position(node), path, "expected \(expected), got \(YAMLReader.describe(node))")
      return
    }
    let names = s.market.map(\.name)
    var read: [MarketCorrelation] = []
    var ok = true
    for (k, item) in items.enumerated() {
      let ipath = path + "[\(k)]"
      guard case .sequence(let triple) = item, triple.count == 3 else {
        r.log.report(
          YAMLReader.position(item), ipath,
          "expected [market.A, market.B, rho] (two market entries and a Spearman correlation), got \(YAMLReader.describe(item))"
        )
        ok = false
        continue
      }
      var indices: [Int] = []
      for n in triple.prefix(2) {
        guard let text = n.scalar?.string, text.hasPrefix("market.") else {
          r.log.report(YAMLReader.position(n), ipath, "expected market.NAME, got \(YAMLReader.describe(n))")
          continue
        }
        let name = String(text.dropFirst("market.".count))
        guard let i = names.firstIndex(of: name) else {
          var msg = "'\(text)' refers to no market entry"
          if let g = Suggestion.closest(to: name, in: names) { msg += "; did you mean 'market.\(g)'?" }
          msg +=
            names.isEmpty
            ? " (the scenario has no market: section)"
            : " (defined: \(names.map { "market." + $0 }.joined(separator: ", ")))"
          r.log.report(YAMLReader.position(n), ipath, msg)
          continue
        }
        indices.append(i)
      }
      guard let rho = r.number(triple[2], ipath + ".rho") else {
        ok = false
        continue
      }
      guard indices.count == 2 else {
        ok = false
        continue
      }
      guard MarketCorrelation.rhoRange.contains(rho) else {
        r.log.report(
          YAMLReader.position(triple[2]), ipath,
          "\(plain(rho)) is not a correlation (allowed: a Spearman rho in -1...1)")
        ok = false
        continue
      }
      if indices[0] == indices[1] {
        r.log.report(YAMLReader.position(item), ipath, "market.\(names[indices[0]]) is paired with itself")
        ok = false
        continue
      }
      let pair = MarketCorrelation(a: Swift.min(indices[0], indices[1]), b: Swift.max(indices[0], indices[1]), rho: rho)
      if read.contains(where: { $0.a == pair.a && $0.b == pair.b }) {
        r.log.report(
          YAMLReader.position(item), ipath,
          "market.\(names[pair.a]) and market.\(names[pair.b]) are paired twice (give each pair once)")
        ok = false
        continue
      }
      read.append(pair)
    }
    guard ok, !read.isEmpty else {
      if ok { r.log.report(YAMLReader.position(node), path, "an empty list (leave the key out for no correlations)") }
      return
    }
    if case .failure(let problem) = MarketCopula.make(read) {
      let listed = problem.pairs.map { "[market.\(names[$0.a]), market.\(names[$0.b]), \(plain($0.rho))]" }
      r.log.report(
        YAMLReader.position(node), path,
        "these targets cannot hold together: \(listed.joined(separator: ", ")) (the normals' correlation matrix, 2 sin(pi rho / 6), is not positive definite; weaken one of them)"
      )
      return
    }
    s.correlations = read
  }
}

/// How per-path inputs are sampled (docs/model.md, "Sampling design"): `sampling:`.
public enum Sampling: String, CaseIterable, Sendable {
  /// Each path draws its inputs independently (the default).
  case random
  /// Latin hypercube: over the N paths of a run, each input drawn from a distribution
  /// takes exactly one value in each of its N equal-probability strata.
  case latinHypercube = "latin_hypercube"
}

/// The Latin hypercube design of a run (docs/model.md, "Sampling design"): for each
/// per-path input drawn from a distribution (a `market:` entry outside the copula, or
/// a model key), a permutation pi of 0..<N seeded from (seed, the input's key path)
/// alone; path p draws the input at u = (pi(p) + v) / N, v uniform from the path's own
/// stream. The permutations depend on nothing else, so every thread count and every
/// split of the paths gives the same draws.
public struct LatinHypercube: Sendable {
  /// N: the paths of the run.
  public let paths: Int
  /// By market index: the entry's permutation (empty: drawn as without the design).
  let market: [[Int32]]
  /// By model, then `ParameterID.rawValue`: the key's permutation (empty: not stratified).
  let models: [[[Int32]]]

  init(
    inputs: [UncertainInput], marketCount: Int, modelCount: Int, seed: UInt64, paths: Int,
    excludedMarket: Set<Int>
  ) {
    let parameterCounts = [Int](repeating: ParameterID.allCases.count, count: modelCount)
    self.paths = paths
    var market = [[Int32]](repeating: [], count: marketCount)
    var models = parameterCounts.map { [[Int32]](repeating: [], count: $0) }
    for input in inputs {
      let permutation = Self.permutation(seed: seed, keyPath: input.keyPath, count: paths)
      if let m = input.model {
        models[m][input.index] = permutation
      } else if !excludedMarket.contains(input.index) {
        market[input.index] = permutation
      }
    }
    self.market = market
    self.models = models
  }

  /// A uniformly random permutation of 0..<count (Fisher-Yates on SplitMix64 seeded
  /// from the run's seed and FNV-1a of the key path).
  static func permutation(seed: UInt64, keyPath: String, count: Int) -> [Int32] {
    var rng = SplitMix64(seed: StreamSeeds.mix(seed ^ 0x4C48_5300_0000_0003) ^ StreamSeeds.fnv1a(keyPath))
    var p = (0..<count).map { Int32($0) }
    var i = count - 1
    while i > 0 {
      // Lemire's unbiased bounded draw would do; modulo bias at 2^64 / count is < 1e-12.
      let j = Int(rng.next() % UInt64(i + 1))
      p.swapAt(i, j)
      i -= 1
    }
    return p
  }

  /// The stratified uniform of market entry `i` on path `path` (nil: not stratified).
  @inline(__always)
  func marketStratum(_ i: Int, path: Int) -> Double? {
    let p = market[i]
    return p.isEmpty || path >= p.count ? nil : Double(p[path])
  }

  /// The stratum of model `m`'s parameter `id` on path `path` (nil: not stratified).
  @inline(__always)
  func modelStratum(_ m: Int, _ id: Int, path: Int) -> Double? {
    let p = models[m][id]
    return p.isEmpty || path >= p.count ? nil : Double(p[path])
  }
}

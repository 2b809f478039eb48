/// Where the value of one Sobol input group comes from (docs/model.md, "Sobol indices").
public enum SobolSource: Sendable, Equatable {
  /// A `market:` entry drawn from its distribution, outside the copula.
  case market(Int)
  /// The `market:` entries under `correlations:` (ascending market indices): one group,
  /// drawn together through the copula, so the groups stay independent of each other.
  case correlated([Int])
  /// Model `model`'s parameter (`ParameterID.rawValue`) drawn per path.
  case model(model: Int, parameter: Int)
  /// A `valuation:`, `cash:` or `recessions:` key drawn per path (`DecisionKey.rawValue`).
  case decision(Int)
  /// Everything else a path draws: churn and sales months, project sizes, events,
  /// recession timing. One group, so its indices say how much of the spread is the
  /// luck of the path rather than the uncertain inputs.
  case withinPath
}

/// One input group of the Sobol design: what its rows in `sobol.csv` are called and
/// where its value comes from.
public struct SobolGroup: Sendable, Equatable {
  /// `market.NAME`, `models.M.section.key`, `valuation.key`, the correlated entries
  /// joined by `+`, or `within_path`.
  public let name: String
  public let source: SobolSource
  /// The independent uniforms the group takes (the copula's entry count; else 1).
  public var components: Int {
    if case .correlated(let entries) = source { return entries.count }
    return 1
  }
}

/// The Saltelli design of `--sensitivity sobol` (docs/model.md, "Sobol indices").
///
/// Two independent N x G matrices of inputs, A and B (G = the input groups, the last
/// one the within-path randomness), and for each group g the matrix A_B^(g): A with
/// group g's column from B. Row j is evaluated G + 2 times, as evaluations
/// e = j (G + 2) + c: c = 0 is A, c = 1 is B, c = 2 + g is A_B^(g). A group's
/// uniforms in row j of A (or B) come from (seed, group name, component, j, matrix)
/// alone, and the within-path randomness of row j of A (or B) is that of path
/// 2j (or 2j + 1) of a plain run: every evaluation depends on its index only, so the
/// design gives the same numbers for any thread count.
public struct SobolDesign: Sendable {
  /// N: the rows of A and B (the run's paths).
  public let rows: Int
  /// The input groups; the last is `.withinPath`.
  public let groups: [SobolGroup]
  let seed: UInt64
  /// Per group, the seed of its uniforms (from the run's seed and the group's name).
  let groupSeeds: [UInt64]

  /// The design over the per-path inputs of `plan`, with `rows` rows.
  public init(plan: ScenarioPlan, rows: Int) {
    var groups: [SobolGroup] = []
    let copulaEntries = plan.copula?.entries ?? []
    if !copulaEntries.isEmpty {
      let names = copulaEntries.compactMap { i in
        plan.uncertainInputs.first { $0.model == nil && $0.index == i }?.keyPath
      }
      groups.append(SobolGroup(name: names.joined(separator: "+"), source: .correlated(copulaEntries)))
    }
    for input in plan.uncertainInputs {
      if let m = input.model {
        groups.append(SobolGroup(name: input.keyPath, source: .model(model: m, parameter: input.index)))
      } else if !copulaEntries.contains(input.index) {
        groups.append(SobolGroup(name: input.keyPath, source: .market(input.index)))
      }
    }
    for key in DecisionKey.allCases where plan.has(key.block) && key != .recessionDurationMonths {
      if case .distribution = plan.decision[key.rawValue] {
        groups.append(SobolGroup(name: key.keyPath, source: .decision(key.rawValue)))
      }
    }
    groups.append(SobolGroup(name: Self.withinPathName, source: .withinPath))
    self.rows = rows
    self.groups = groups
    seed = plan.seed
    groupSeeds = groups.map { StreamSeeds.mix(StreamSeeds.mix(plan.seed ^ Self.tag) ^ StreamSeeds.fnv1a($0.name)) }
  }

  /// The name of the within-path randomness group in `sobol.csv`.
  public static let withinPathName = "within_path"
  static let tag: UInt64 = 0x536F_626F_6C00_0005  // "Sobol"

  /// Evaluations per row: A, B and one A_B^(g) per group.
  public var evaluationsPerRow: Int { groups.count + 2 }
  /// Every evaluation of the design: N (G + 2).
  public var evaluations: Int { rows * evaluationsPerRow }

  /// The row j of evaluation `e`.
  @inline(__always) public func row(_ e: Int) -> Int { e / evaluationsPerRow }

  /// Whether evaluation `e` takes group `g` from B (else from A).
  @inline(__always)
  public func takesFromB(group g: Int, evaluation e: Int) -> Bool {
    let c = e % evaluationsPerRow
    return c == 1 || c == 2 + g
  }

  /// The plain-run path whose within-path randomness evaluation `e` uses.
  @inline(__always)
  public func noisePath(evaluation e: Int) -> Int {
    2 * row(e) + (takesFromB(group: groups.count - 1, evaluation: e) ? 1 : 0)
  }

  /// The uniform in (0, 1) of component `c` of group `g` at evaluation `e`.
  @inline(__always)
  public func uniform(group g: Int, component c: Int, evaluation e: Int) -> Double {
    let matrix: UInt64 = takesFromB(group: g, evaluation: e) ? 1 : 0
    let j = UInt64(truncatingIfNeeded: row(e))
    let bits = StreamSeeds.mix(StreamSeeds.mix(groupSeeds[g] ^ UInt64(c)) ^ (2 &* j &+ matrix))
    // The top 53 bits, centred in their interval: never 0 or 1.
    return (Double(bits >> 11) + 0.5) * 0x1p-53
  }
}

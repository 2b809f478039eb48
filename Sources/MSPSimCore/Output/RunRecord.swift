import Foundation

/// `run.json`: what was run, how, and the scenario as resolved (every default
/// filled in), so a result can be traced and re-run.
public struct RunRecord {
  public static let toolVersion = "0.3.0"

  public var plan: ScenarioPlan
  public var threads: Int
  public var wallSeconds: Double
  public var pathsRun: Int
  /// Draws clamped into their key's domain, by key path (only keys with any):
  /// `clamped_draws` in run.json, an object that is empty when nothing was clamped.
  public var clampedDraws: [(keyPath: String, count: Int)] = []
  /// Extra entries (e.g. convergence), merged at the top level.
  public var extra: [String: Any] = [:]

  public init(plan: ScenarioPlan, threads: Int, wallSeconds: Double, pathsRun: Int) {
    self.plan = plan
    self.threads = threads
    self.wallSeconds = wallSeconds
    self.pathsRun = pathsRun
  }

  public func json() -> String {
    let s = plan.scenario
    var obj: [String: Any] = [
      "tool": "mspsim",
      "tool_version": Self.toolVersion,
      "scenario_path": s.sourcePath,
      "scenario_sha256": SHA256.hex(Array(s.sourceText.utf8)),
      "seed": s.seed,
      "rng": s.rng,
      "paths": pathsRun,
      "years": s.horizonYears,
      "months": s.months,
      "threads": threads,
      "chunk_size": Engine.chunkSize,
      "wall_seconds": (wallSeconds * 1000).rounded() / 1000,
      "resolved_scenario": Self.resolved(s),
      "clamped_draws": Dictionary(clampedDraws.map { ($0.keyPath, $0.count) }, uniquingKeysWith: +),
    ]
    for (k, v) in extra { obj[k] = v }
    let data = (try? JSONSerialization.data(withJSONObject: obj, options: [.prettyPrinted, .sortedKeys])) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  static func resolved(_ s: Scenario) -> [String: Any] {
    var market: [String: Any] = [:]
    for m in s.market { market[m.name] = json(m.spec, s) }
    var models: [[String: Any]] = []
    for m in s.models {
      var params: [String: Any] = [:]
      for id in ParameterID.allCases {
        let relevant: Bool
        switch id.section {
        case .stream(let k): relevant = m.streams.contains(k)
        case .adoption: relevant = m.hasMSP2Streams
        default: relevant = true
        }
        guard relevant else { continue }
        if id == .churnAnnualAdopted, !m.given.contains(id.rawValue) {
          params[id.keyPath] = "same draw as churn.annual"
          continue
        }
        params[id.keyPath] = json(m[id], s)
      }
      for e in EventID.allCases { if let spec = m.events[e.rawValue] { params[e.keyPath] = json(spec, s) } }
      models.append(["name": m.name, "streams": m.streams.map(\.rawValue), "parameters": params])
    }
    return [
      "name": s.name, "currency": s.currency, "horizon_years": s.horizonYears, "paths": s.paths,
      "seed": s.seed, "rng": s.rng, "discount_rate": s.discountRate, "market": market, "models": models,
    ]
  }

  static func json(_ spec: ParameterSpec, _ s: Scenario) -> Any {
    switch spec {
    case .constant(let x): return x
    case .market(let i): return "market." + s.market[i].name
    case .distribution(let d): return d.jsonObject
    }
  }
}

extension Distribution {
  /// The distribution as written in a scenario file (JSON form).
  public var jsonObject: [String: Any] {
    switch self {
    case .constant(let v): return ["constant": ["value": v]]
    case .uniform(let a, let b): return ["uniform": ["min": a, "max": b]]
    case .normal(let m, let s): return ["normal": ["mean": m, "sd": s]]
    case .truncatedNormal(let m, let s, let a, let b, _, _):
      return ["truncated_normal": ["mean": m, "sd": s, "min": a, "max": b]]
    case .lognormal(let mu, let sigma): return ["lognormal": ["mu": mu, "sigma": sigma]]
    case .triangular(let a, let c, let b): return ["triangular": ["min": a, "mode": c, "max": b]]
    case .pert(let a, let c, let b, _, _): return ["pert": ["min": a, "mode": c, "max": b]]
    case .beta(let al, let be, let a, let b): return ["beta": ["a": al, "b": be, "min": a, "max": b]]
    case .gamma(let k, let th): return ["gamma": ["shape": k, "scale": th]]
    case .exponential(let m): return ["exponential": ["mean": m]]
    case .poisson(let m): return ["poisson": ["mean": m]]
    case .binomial(let n, let p): return ["binomial": ["n": n, "p": p]]
    case .bernoulli(let p): return ["bernoulli": ["p": p]]
    case .discrete(let v, let t): return ["discrete": ["values": v, "weights": t.probabilities]]
    case .mixture(let c, let t): return ["mixture": ["components": c.map(\.jsonObject), "weights": t.probabilities]]
    }
  }
}

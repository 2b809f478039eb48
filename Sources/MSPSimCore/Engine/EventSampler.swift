import Foundation

/// A per-event quantity compiled for the hot loop (docs/performance.md, "The flat
/// event sampler"): a tag, six numbers, an index and a GSL table handle, trivially
/// copyable, so a draw copies no enum payload and retains nothing. Each kind draws
/// exactly as `Distribution.sample` does (the same GSL calls and the same
/// arithmetic), so outputs are identical draw for draw.
struct EventSampler: BitwiseCopyable {
  enum Kind: UInt8 {
    case constant, uniform, normal, truncatedNormal, lognormal, triangular
    /// PERT and beta: c + (d - c) x Beta(a, b).
    case scaledBeta
    case gamma, exponential, poisson, binomial, bernoulli
    /// `values[index + gsl_ran_discrete(table)]`.
    case discrete
    /// The component sampler at `index + gsl_ran_discrete(table)`.
    case mixture
    /// A `market.NAME` reference: the path's draw, set in `a` at the start of each path.
    case pathValue
  }

  var kind: Kind
  /// Every draw lies in the quantity's domain already, so the simulator skips its
  /// clamp (`markClampFree`).
  var clampFree = false
  var a = 0.0, b = 0.0, c = 0.0, d = 0.0, e = 0.0, f = 0.0
  /// Binomial n; the first value (discrete) or component sampler (mixture).
  var index = 0
  var table = DiscreteTable.Handle.none

  /// A model's per-event quantities compiled: `samplers[i]` for `EventID(rawValue: i)`,
  /// followed by the component samplers of mixtures; `values` holds the values of
  /// discrete distributions.
  struct Compiled {
    var samplers: [EventSampler]
    var values: [Double] = []
  }

  /// Compiles per-event quantities (by `EventID.rawValue`), each with the domain
  /// `domains[i]` its draws are clamped into.
  static func compile(_ specs: [ParameterSpec], domains: [ParameterDomain]) -> Compiled {
    var out = Compiled(samplers: specs.map { _ in EventSampler(kind: .constant) })
    for (i, spec) in specs.enumerated() {
      switch spec {
      case .constant(let x): out.samplers[i] = EventSampler(kind: .constant, a: x)
      case .market: out.samplers[i] = EventSampler(kind: .pathValue)
      case .distribution(let dist): out.samplers[i] = flat(dist, into: &out)
      }
    }
    markClampFree(&out, events: specs.count, domains: domains)
    return out
  }

  /// One distribution as a sampler; a mixture's components go to the end of `out.samplers`.
  static func flat(_ dist: Distribution, into out: inout Compiled) -> EventSampler {
    switch dist {
    case .constant(let v): return EventSampler(kind: .constant, a: v)
    case .uniform(let lo, let hi): return EventSampler(kind: .uniform, a: lo, b: hi)
    case .normal(let mean, let sd): return EventSampler(kind: .normal, a: mean, b: sd)
    case .truncatedNormal(let mean, let sd, let lo, let hi, let cdfLo, let cdfHi):
      return EventSampler(kind: .truncatedNormal, a: mean, b: sd, c: lo, d: hi, e: cdfLo, f: cdfHi)
    case .lognormal(let mu, let sigma): return EventSampler(kind: .lognormal, a: mu, b: sigma)
    case .triangular(let lo, let mode, let hi): return EventSampler(kind: .triangular, a: lo, b: mode, c: hi)
    case .pert(let lo, _, let hi, let alpha, let beta):
      return EventSampler(kind: .scaledBeta, a: alpha, b: beta, c: lo, d: hi)
    case .beta(let alpha, let beta, let lo, let hi):
      return EventSampler(kind: .scaledBeta, a: alpha, b: beta, c: lo, d: hi)
    case .gamma(let shape, let scale): return EventSampler(kind: .gamma, a: shape, b: scale)
    case .exponential(let mean): return EventSampler(kind: .exponential, a: mean)
    case .poisson(let mean): return EventSampler(kind: .poisson, a: mean, b: exp(-mean))
    case .binomial(let n, let p): return EventSampler(kind: .binomial, a: p, index: n)
    case .bernoulli(let p): return EventSampler(kind: .bernoulli, a: p)
    case .discrete(let values, let table):
      let first = out.values.count
      out.values += values
      return EventSampler(kind: .discrete, index: first, table: table.handle)
    case .mixture(let components, let table):
      let first = out.samplers.count
      out.samplers += components.map { _ in EventSampler(kind: .constant) }
      for (k, component) in components.enumerated() { out.samplers[first + k] = flat(component, into: &out) }
      return EventSampler(kind: .mixture, index: first, table: table.handle)
    }
  }
}

extension EventSampler {
  /// One draw (before the quantity's domain clamp), from `rng`; a mixture's
  /// components are in `samplers`, a discrete distribution's values in `values`.
  /// A method of the sampler, not of the simulator: a call that is not inlined
  /// then passes 72 bytes, not the whole simulator (measured: 736 bytes copied per draw).
  @inline(__always)
  func draw(_ rng: GSLRandom, samplers: borrowing Column<EventSampler>, values: borrowing Column<Double>) -> Double {
    switch kind {
    case .constant, .pathValue: return a
    case .uniform: return a + (b - a) * rng.uniform()
    case .normal: return a + rng.gaussian(sd: b)
    case .truncatedNormal:
      // As Distribution.sample: inverse CDF on (F(lo), F(hi)), clamped against rounding.
      let u = e + (f - e) * rng.uniformPositive()
      let x = a + b * GSLCDF.ugaussianPinv(u)
      return Swift.min(d, Swift.max(c, x))
    case .lognormal: return rng.lognormal(mu: a, sigma: b)
    case .triangular: return Distribution.triangularInverse(rng.uniform(), min: a, mode: b, max: c)
    case .scaledBeta: return c + (d - c) * rng.beta(a: a, b: b)
    case .gamma: return rng.gamma(shape: a, scale: b)
    case .exponential: return rng.exponential(mean: a)
    case .poisson: return Double(rng.poisson(mean: a, probabilityOfZero: b))  // b = e^-a
    case .binomial: return Double(rng.binomial(n: index, p: a))
    case .bernoulli: return Double(rng.bernoulli(p: a))
    case .discrete: return values[index + rng.discrete(table)]
    case .mixture: return drawComponent(rng, samplers: samplers, values: values)
    }
  }

  /// A mixture's draw: a component by its table, then that component's draw (not
  /// inlined: mixtures nest).
  @inline(never)
  func drawComponent(_ rng: GSLRandom, samplers: borrowing Column<EventSampler>, values: borrowing Column<Double>)
    -> Double
  {
    samplers[index + rng.discrete(table)].draw(rng, samplers: samplers, values: values)
  }
}

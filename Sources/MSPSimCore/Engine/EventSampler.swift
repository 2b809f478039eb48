/// A per-event quantity compiled for the hot loop (docs/performance.md, "The flat
/// event sampler"): a tag and up to six numbers, trivially copyable, so a draw
/// copies no enum payload and retains nothing. Each case draws exactly as
/// `Distribution.sample` does (the same GSL calls and the same arithmetic), so
/// outputs are identical draw for draw.
struct EventSampler: BitwiseCopyable {
  enum Kind: UInt8 {
    case constant, uniform, normal, truncatedNormal, lognormal, triangular
    /// PERT and beta: c + (d - c) x Beta(a, b).
    case scaledBeta
    case gamma, exponential, poisson, binomial, bernoulli
    /// A `market.NAME` reference: the path's draw, set in `a` at the start of each path.
    case pathValue
    /// `discrete` and `mixture`, whose tables live in `general[index]` (rare per event).
    case general
  }

  var kind: Kind
  var a = 0.0, b = 0.0, c = 0.0, d = 0.0, e = 0.0, f = 0.0
  /// Binomial n, or the index into the general distributions.
  var index = 0

  /// Compiles a model's per-event quantities (by `EventID.rawValue`); discrete and
  /// mixture distributions are kept whole in `general`.
  static func compile(_ specs: [ParameterSpec]) -> (samplers: [EventSampler], general: [Distribution]) {
    var general: [Distribution] = []
    let samplers = specs.map { spec -> EventSampler in
      switch spec {
      case .constant(let x): return EventSampler(kind: .constant, a: x)
      case .market: return EventSampler(kind: .pathValue)
      case .distribution(let dist):
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
        case .beta(let alpha, let beta, let lo, let hi): return EventSampler(kind: .scaledBeta, a: alpha, b: beta, c: lo, d: hi)
        case .gamma(let shape, let scale): return EventSampler(kind: .gamma, a: shape, b: scale)
        case .exponential(let mean): return EventSampler(kind: .exponential, a: mean)
        case .poisson(let mean): return EventSampler(kind: .poisson, a: mean)
        case .binomial(let n, let p): return EventSampler(kind: .binomial, a: p, index: n)
        case .bernoulli(let p): return EventSampler(kind: .bernoulli, a: p)
        case .discrete, .mixture:
          general.append(dist)
          return EventSampler(kind: .general, index: general.count - 1)
        }
      }
    }
    return (samplers, general)
  }
}

extension ModelPathSimulator {
  /// One draw of a compiled per-event quantity (before its domain clamp).
  @inline(__always)
  func sample(_ s: EventSampler) -> Double {
    switch s.kind {
    case .constant, .pathValue: return s.a
    case .uniform: return s.a + (s.b - s.a) * rng.uniform()
    case .normal: return s.a + rng.gaussian(sd: s.b)
    case .truncatedNormal:
      // As Distribution.sample: inverse CDF on (F(lo), F(hi)), clamped against rounding.
      let u = s.e + (s.f - s.e) * rng.uniformPositive()
      let x = s.a + s.b * GSLCDF.ugaussianPinv(u)
      return Swift.min(s.d, Swift.max(s.c, x))
    case .lognormal: return rng.lognormal(mu: s.a, sigma: s.b)
    case .triangular: return Distribution.triangularInverse(rng.uniform(), min: s.a, mode: s.b, max: s.c)
    case .scaledBeta: return s.c + (s.d - s.c) * rng.beta(a: s.a, b: s.b)
    case .gamma: return rng.gamma(shape: s.a, scale: s.b)
    case .exponential: return rng.exponential(mean: s.a)
    case .poisson: return Double(rng.poisson(mean: s.a))
    case .binomial: return Double(rng.binomial(n: s.index, p: s.a))
    case .bernoulli: return Double(rng.bernoulli(p: s.a))
    case .general: return generalEvents[s.index].sample(using: rng)
    }
  }
}

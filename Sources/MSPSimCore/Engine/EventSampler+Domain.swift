/// Which per-event samplers can skip the domain clamp (docs/scenario-format.md,
/// "Allowed values, clamping and rounding"): those whose every draw provably lies in
/// the quantity's domain already, so that clamping would neither move nor count it.
/// Skipping it is then the same numbers, one compare and branch fewer per draw, and a
/// sum of draws can run as a plain loop (docs/performance.md, "Draws that cannot
/// leave their domain").
extension EventSampler {
  /// Relative margin kept from a domain's end by a bounded continuous draw before its
  /// clamp is skipped: the draw formulas (a + (b - a) u, the triangle's square roots,
  /// c + (d - c) B) can pass their support's ends by a few ulps, far below this.
  static let boundedDrawMargin = 1e-9

  /// Sets `clampFree` on each of the first `events` samplers (`samplers[i]`, with
  /// domain `domains[i]`) whose draws cannot leave its domain. A mixture's components
  /// (after the events) keep `clampFree` false: they are drawn only through their
  /// mixture, whose draw is the one clamped.
  static func markClampFree(_ compiled: inout Compiled, events: Int, domains: [ParameterDomain]) {
    precondition(events <= domains.count && events <= compiled.samplers.count, "a domain for every event")
    for i in 0..<events {
      compiled.samplers[i].clampFree = drawsStayInside(compiled.samplers[i], domains[i], compiled)
    }
  }

  /// Whether every draw of `s` lies in `domain` and is left unchanged by its clamp.
  /// Conservative: false whenever that is not certain (a normal, a gamma, a whole-number
  /// domain with a continuous draw, a bounded draw within `boundedDrawMargin` of an end).
  static func drawsStayInside(_ s: EventSampler, _ domain: ParameterDomain, _ compiled: Compiled) -> Bool {
    if domain == .any { return true }
    // A fixed value: inside and a fixed point of the clamp (rounding included).
    func fixed(_ v: Double) -> Bool {
      !domain.isOutside(v) && domain.clamp(v).bitPattern == v.bitPattern
    }
    // A continuous draw on [lo, hi] (up to rounding) in a domain that is an interval.
    func bounded(_ lo: Double, _ hi: Double) -> Bool {
      guard !domain.isWhole, lo.isFinite, hi.isFinite, lo <= hi else { return false }
      let margin = Swift.max(lo.magnitude, hi.magnitude) * boundedDrawMargin
      return margin > 0 && fixed(lo - margin) && fixed(hi + margin)
    }
    // Whole draws 0, 1, 2, ...: unchanged wherever 0 and every larger whole number are allowed.
    let wholeFromZero = domain == .nonNegative || domain == .wholeNonNegative
    switch s.kind {
    // A path's market value is clamped once when it is set (`drawParameters`).
    case .pathValue: return true
    case .constant: return fixed(s.a)
    case .discrete:
      let values = compiled.values
      let count = s.table.count
      guard count > 0, s.index >= 0, s.index + count <= values.count else { return false }
      return values[s.index..<(s.index + count)].allSatisfy(fixed)
    case .mixture:
      let count = s.table.count
      guard count > 0, s.index >= 0, s.index + count <= compiled.samplers.count else { return false }
      return compiled.samplers[s.index..<(s.index + count)].allSatisfy { drawsStayInside($0, domain, compiled) }
    case .poisson, .binomial: return wholeFromZero
    case .bernoulli: return wholeFromZero || domain == .probability
    // exp of a finite number: >= +0.0, never NaN (+infinity is inside a domain with no upper end).
    case .lognormal: return domain == .nonNegative
    case .uniform: return bounded(s.a, s.b)
    case .triangular: return bounded(s.a, s.c)
    case .scaledBeta: return bounded(s.c, s.d)
    case .normal, .truncatedNormal, .gamma, .exponential: return false
    }
  }
}

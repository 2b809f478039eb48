import Foundation

// Exact Poisson and binomial samplers that draw from the same GSL generator as the
// rest of GSLRandom, but faster than gsl_ran_poisson (gamma reduction, then a
// product of uniforms: ~200-450 ns a draw at means 16-600 here) and, past n p = 14,
// gsl_ran_binomial (BTPE, set up afresh on every call). Every uniform comes from
// `uniform()` / `uniformPositive()` (gsl_rng_uniform / gsl_rng_uniform_pos of this
// generator); nothing here allocates, and the entry points inline into the caller.
//
// - Small means: inversion by sequential search (one uniform, then a multiply, a
//   subtract and a compare a step), refined exactly past the 2^-32 spacing of
//   mt19937's uniforms.
// - Large means: Hörmann's transformed rejection with squeeze, PTRS for the Poisson
//   (W. Hörmann, "The transformed rejection method for generating Poisson random
//   variables", Insurance: Mathematics and Economics 12 (1993) 39-45) and BTRS for
//   the binomial (W. Hörmann, "The generation of binomial random variates", J.
//   Statist. Comput. Simul. 46 (1993) 101-110): a constant cost whatever the mean,
//   a set-up of a square root and a divide (nothing worth caching between calls),
//   and most proposals accepted without evaluating the pmf.
//
// `poisson(mean:)` and `binomial(n:p:)` call these when the generator's `sampler` is
// `.fast` (the default; `Sampler`), and GSL's functions when it is `.gsl`.
extension GSLRandom {
  /// Means below this are drawn by inversion, from this on by PTRS (whose constants
  /// Hörmann fitted for mean >= 10). Measured (ns a draw, mt19937, one thread of a
  /// 2-core AMD EPYC): the search costs ~2.5 ns a step, PTRS 60-75 ns at means 10-30,
  /// and they cross between 20 and 25.
  public static let fastPoissonInversionLimit = 20.0
  /// n p (p <= 0.5 after the symmetry) below this is drawn by inversion, from this
  /// on by BTRS (fitted for n p >= 10). Measured as above: they cross between 20
  /// and 25 (BTRS ~75 ns there).
  public static let fastBinomialInversionLimit = 20.0
  /// The inversion search gives up past this count and starts again with a fresh
  /// uniform: for a Poisson mean below 20, P(X > 73) < 1.7e-20 < 2^-64, and a
  /// binomial with n p < 20, p <= 0.5 has a lighter upper tail (checked at n = 74
  /// ... 1e9: < 1.6e-20). So a restart happens only when rounding has left the
  /// computed CDF short of 1 (by ~1e-16): the draw is then the computed pmf
  /// renormalised, exact to double precision.
  static let inversionSearchBound = 73
  /// 1/k for k = 0 ... `inversionSearchBound` (0 at k = 0, never read): a search
  /// step multiplies instead of dividing (about 10 % of a draw at means near 20).
  /// Raw memory, allocated once and never written after: an array's buffer would be
  /// retained and released around every draw.
  nonisolated(unsafe) static let reciprocals: UnsafePointer<Double> = {
    let table = UnsafeMutablePointer<Double>.allocate(capacity: inversionSearchBound + 1)
    table[0] = 0
    for k in 1...inversionSearchBound {
      checkIndex(k, inversionSearchBound + 1)
      table[k] = 1 / Double(k)
    }
    return UnsafePointer(table)
  }()
  /// The spacing of mt19937's `gsl_rng_uniform`: GSL returns a 32-bit word / 2^32.
  static let mt19937UniformSpacing = 0x1p-32

  /// Poisson(mean), exactly; 0 for mean <= 0 and NaN, like `poisson(mean:)`.
  ///
  /// Means of 2^30 or more (and +infinity) go to `largePoisson`, as in
  /// `poisson(mean:)`. The draws are not gsl_ran_poisson's: the same law, another
  /// algorithm.
  @inline(__always) public func fastPoisson(mean: Double) -> Int {
    // e^-mean only where the inversion reads it.
    fastPoisson(mean: mean, probabilityOfZero: mean > 0 && mean < Self.fastPoissonInversionLimit ? exp(-mean) : 0)
  }

  /// `fastPoisson(mean:)` given `probabilityOfZero` = e^-mean (read only for the means
  /// it inverts).
  @inline(__always) func fastPoisson(mean: Double, probabilityOfZero: Double) -> Int {
    if mean < Self.fastPoissonInversionLimit {
      // P(X = k) = e^-mean mean^k / k!: pmf(k) = pmf(k - 1) (mean / k - 0).
      if !(mean > 0) { return 0 }
      // pmf(0) came before the uniform, so that its latency overlaps the generator's call.
      let first = probabilityOfZero
      return invertDiscrete(u: uniform(), first: first, alpha: mean, beta: 0, bound: Self.inversionSearchBound)
    }
    if mean < Self.poissonDirectLimit { return poissonPTRS(mean: mean) }
    return largePoisson(mean: mean)  // NaN (-> 0), >= 2^30, +infinity
  }

  /// Binomial(n, p), exactly; 0 for n <= 0, p <= 0 or NaN; n for p >= 1.
  ///
  /// Any n below 2^53 (where `Double(n)` is exact); gsl_ran_binomial takes n < 2^32.
  /// The draws are not gsl_ran_binomial's: the same law, another algorithm.
  @inline(__always) public func fastBinomial(n: Int, p: Double) -> Int {
    if n <= 0 || !(p > 0) { return 0 }
    if p >= 1 { return n }
    // B(n, p) = n - B(n, 1 - p); 1 - p is exact for p in [0.5, 1] (Sterbenz).
    if p > 0.5 { return n - binomialLowerHalf(n: n, p: 1 - p) }
    return binomialLowerHalf(n: n, p: p)
  }

  /// Binomial(n, p) for n >= 1, 0 < p <= 0.5.
  @inline(__always) func binomialLowerHalf(n: Int, p: Double) -> Int {
    let nd = Double(n)
    let np = nd * p
    if np < Self.fastBinomialInversionLimit {
      // pmf(k) = pmf(k - 1) ((n + 1) / k - 1) p / q.
      // pmf(0) before the uniform, so that its latency (a chain of up to 32 multiplies)
      // can overlap the generator's call, as in gsl_ran_binomial.
      let first = Self.binomialZeroProbability(n: n, p: p)
      let s = p / (1 - p)
      return invertDiscrete(
        u: uniform(), first: first, alpha: (nd + 1) * s, beta: s, bound: min(n, Self.inversionSearchBound))
    }
    return binomialBTRS(n: n, p: p, np: np)
  }

  /// (1 - p)^n for 0 < p <= 0.5 and n p < `fastBinomialInversionLimit`: pmf(0) of the
  /// inversion. No underflow: -n log(1 - p) <= 2 log(2) n p < 28.
  ///
  /// For n < 2^16 by binary powering of q = 1 - p, as GSL's gsl_pow_uint (at most 32
  /// multiplies; q's rounding and the squarings leave a relative error below 2 n
  /// ulps < 1.5e-11, the same factor on every pmf(k)); from 2^16 on as
  /// exp(n log1p(-p)), within ~30 ulps whatever n but ~15 ns more (measured) than
  /// powering, whose error grows with n (gsl_ran_binomial powers at every n: up to
  /// ~1e-7 at n = 1e9).
  @inline(__always) static func binomialZeroProbability(n: Int, p: Double) -> Double {
    if n >= 1 << 16 { return exp(Double(n) * log1p(-p)) }
    var power = 1.0
    var square = 1 - p
    var e = n
    while e > 0 {
      if e & 1 != 0 { power *= square }
      e >>= 1
      square *= square
    }
    return power
  }
}

// MARK: - Inversion

extension GSLRandom {
  /// The k with F(k - 1) <= U < F(k), U uniform on [0, 1) in the cell of `u` (a
  /// `uniform()`), searched from 0 with pmf(0) = `first`, pmf(k) = pmf(k - 1)
  /// (alpha / k - beta), k <= `bound`.
  ///
  /// r = U - F(k - 1) is kept by subtraction, so a step is two multiplies (alpha / k
  /// through a table of 1/k), a subtract and a compare. `uniform()` is a 32-bit word
  /// / 2^32 for mt19937, so on its own it would give every outcome a multiple of
  /// 2^-32 of probability and never reach the tail beyond F = 1 - 2^-32 (Poisson(1)
  /// above 12, say; GSL's own binomial inversion has that limit). It is read instead
  /// as the cell [u, u + 2^-32) that holds a continuous U: when F(k) falls inside the
  /// cell (f - r < 2^-32: probability 2^-32 for each outcome k), `invertDiscreteSlow`
  /// draws more bits of U until the cell is on one side, so the law is exact to
  /// double precision, tail included.
  @inline(__always)
  func invertDiscrete(u: Double, first: Double, alpha: Double, beta: Double, bound: Int) -> Int {
    let bound = min(bound, Self.inversionSearchBound)  // the table's end
    let reciprocals = Self.reciprocals
    var r = u
    var f = first
    var k = 0
    while r >= f {
      r -= f
      k += 1
      if k > bound {
        return invertDiscreteSlow(k: 0, r: 0, f: 0, first: first, alpha: alpha, beta: beta, bound: bound, restart: true)
      }
      checkIndex(k, Self.inversionSearchBound + 1)
      f *= alpha * reciprocals[k] - beta
    }
    if f - r < Self.mt19937UniformSpacing {
      return invertDiscreteSlow(k: k, r: r, f: f, first: first, alpha: alpha, beta: beta, bound: bound, restart: false)
    }
    return k
  }

  /// The rare end of `invertDiscrete`: the search stopped at k with F(k) maybe inside
  /// the uniform's cell (refine it), or ran past `bound` (start again).
  ///
  /// The refinement: U lies in [u, u + h); if r + h > pmf(k) (F(k) inside the cell),
  /// draw V and narrow the cell to [u + h V, u + h V + h 2^-32); continue the search
  /// when the narrowed cell is past F(k). Only for mt19937, whose uniforms are known
  /// to be a 32-bit word / 2^32; other generators keep their own spacing (h = 0).
  @inline(never)
  func invertDiscreteSlow(
    k: Int, r: Double, f: Double, first: Double, alpha: Double, beta: Double, bound: Int, restart: Bool
  ) -> Int {
    let bound = min(bound, Self.inversionSearchBound)
    let spacing = mt19937 == nil ? 0 : Self.mt19937UniformSpacing
    var k = k
    var r = r
    var f = f
    var h = spacing
    var restart = restart
    while true {
      if restart {
        k = 0
        f = first
        r = uniform()
        h = spacing
        restart = false
      } else if f - r < h {
        r += h * uniform()
        h *= spacing
      } else {
        return k
      }
      while r >= f {
        r -= f
        k += 1
        if k > bound {
          restart = true
          break
        }
        checkIndex(k, Self.inversionSearchBound + 1)
        f *= alpha * Self.reciprocals[k] - beta
      }
    }
  }
}

// MARK: - Transformed rejection

extension GSLRandom {
  /// Hörmann's PTRS for Poisson(mean), 10 <= mean < 2^30.
  ///
  /// The hat is the transformed uniform k = floor((2a / us + b) u + mean + 0.43), u
  /// uniform on (-1/2, 1/2), us = 1/2 - |u|, with v uniform on (0, 1) to accept; the
  /// constants a, b, v_r, alpha are the paper's. A proposal in the box |u| <= 0.43,
  /// v <= v_r is accepted without the pmf (35 % of them at a mean of 10, 69 % at 150,
  /// 80 % at large means).
  ///
  /// Exact rearrangements of the paper's steps (each timed here, each 5-30 % faster):
  /// - The box is hit with one uniform, as in Hörmann's BTRD (the binomial paper):
  ///   v uniform on (0, 1) falls below 0.86 v_r with the box's probability, and then
  ///   u = v / v_r - 0.43 is uniform on (-0.43, 0.43); otherwise (u, v) is drawn
  ///   uniform on the rest of the square (above v_r: a fresh u; beside the box: u
  ///   from the same v, and a fresh v below v_r). 1.2-1.5 uniforms a proposal (means 20 to
  ///   infinity), not 2.
  /// - v / v_r as v times 1 / v_r, computed once.
  /// - The final test is evaluated as in `ptrsAccepts`.
  ///
  /// v below v_r is drawn with `uniformPositive()`: v = 0 would make log(v) =
  /// -infinity and accept any proposal, including k ~ 10^12 from us = 2^-32, with
  /// probability ~2^-32 instead of ~e^-(10^12).
  @inline(__always)
  func poissonPTRS(mean: Double) -> Int {
    let b = 0.931 + 2.53 * mean.squareRoot()
    let a = -0.059 + 0.02483 * b
    // 1 / v_r, v_r = 0.9277 - 3.6224 / (b - 2): the box test and u then take a
    // multiply, not a divide (5-10 % of a draw).
    let vrInverse = (b - 2) / (0.9277 * (b - 2) - 3.6224)
    var logMean = Double.nan  // log(mean), once a proposal k < 16 needs it
    while true {
      let v0 = uniform()
      let w = v0 * vrInverse  // v / v_r
      var u: Double
      var v: Double
      if w <= 0.86 {
        // The box: u = v / v_r - 0.43 on [-0.43, 0.43], us >= 0.07, so that
        // k >= mean - 1.9 sqrt(mean) - 1 > 0 for mean >= 10.
        u = w - 0.43
        return Int(((2 * a / (0.5 - abs(u)) + b) * u + mean + 0.43).rounded(.down))
      }
      if w >= 1 {
        u = uniform() - 0.5
        v = v0
      } else {
        u = w - 0.93
        u = (u < 0 ? -0.5 : 0.5) - u
        v = uniformPositive() / vrInverse
      }
      let us = 0.5 - abs(u)
      // us = 0 (u = -1/2, or +1/2 from the side strip) gives kd = -/+infinity:
      // rejected here, never converted.
      let kd = ((2 * a / us + b) * u + mean + 0.43).rounded(.down)
      if !(kd >= 0 && kd < 0x1p53) || (us < 0.013 && v > us) { continue }
      let k = Int(kd)
      if ptrsAccepts(k: k, v: v, us: us, a: a, b: b, mean: mean, logMean: &logMean) { return k }
    }
  }

  /// PTRS's final test, log(v alpha / (a / us^2 + b)) <= log pmf(k), alpha =
  /// 1.1239 + 1.1328 / (b - 3.4) (the paper's `invalpha`). For k >= 16 the
  /// log(2 pi k) / 2 of `logPoissonPMF` moves to the left as a factor sqrt(k): one
  /// logarithm fewer.
  @inline(never)
  func ptrsAccepts(k: Int, v: Double, us: Double, a: Double, b: Double, mean: Double, logMean: inout Double) -> Bool {
    let alpha = 1.1239 + 1.1328 / (b - 3.4)
    let hat = v * alpha / (a / (us * us) + b)
    if k < 16 {
      if logMean.isNaN { logMean = log(mean) }
      return log(hat) <= Double(k) * logMean - mean - Self.logFactorials[k]
    }
    let x = Double(k)
    let d = x - mean
    return log(hat * x.squareRoot()) <= d - x * log1p(d / mean) - Self.halfLog2Pi - Self.stirlingCorrection(x)
  }

  /// Hörmann's BTRS for Binomial(n, p), p <= 0.5, n p >= 10 (`np` = n p).
  ///
  /// The same transformed rejection as PTRS with the binomial's constants (the
  /// paper's), the box hit with one uniform as in `poissonPTRS`, and the final test
  /// against f(k) / f(m), m = floor((n + 1) p) the mode, evaluated as in BTRD:
  /// by the recurrence when |k - m| <= 15, else from logs (`btrsAccepts`).
  @inline(__always)
  func binomialBTRS(n: Int, p: Double, np: Double) -> Int {
    let nd = Double(n)
    let spq = (np * (1 - p)).squareRoot()
    let b = 1.15 + 2.53 * spq
    let a = -0.0873 + 0.0248 * b + 0.01 * p
    let c = np + 0.5
    let vrInverse = b / (0.92 * b - 4.2)  // 1 / v_r, v_r = 0.92 - 4.2 / b
    var mode = BTRSModeTerms()
    while true {
      let v0 = uniform()
      let w = v0 * vrInverse
      var u: Double
      var v: Double
      if w <= 0.86 {
        u = w - 0.43
        let kd = ((2 * a / (0.5 - abs(u)) + b) * u + c).rounded(.down)
        // Always in 0 ... n for n p >= 10, n q >= 10; checked all the same.
        if kd >= 0 && kd <= nd { return Int(kd) }
        continue
      }
      if w >= 1 {
        u = uniform() - 0.5
        v = v0
      } else {
        u = w - 0.93
        u = (u < 0 ? -0.5 : 0.5) - u
        v = uniformPositive() / vrInverse  // not 0: see poissonPTRS
      }
      let us = 0.5 - abs(u)
      let kd = ((2 * a / us + b) * u + c).rounded(.down)
      if !(kd >= 0 && kd <= nd) { continue }
      let k = Int(kd)
      if btrsAccepts(k: k, n: n, p: p, np: np, v: v, us: us, a: a, b: b, spq: spq, mode: &mode) {
        return k
      }
    }
  }

  /// BTRS's final test: v alpha / (a / us^2 + b) <= f(k) / f(m), alpha =
  /// (2.83 + 5.1 / b) sqrt(n p q).
  ///
  /// Within 15 of the mode the ratio is the product of f(i) / f(i - 1) =
  /// (n + 1) r / i - r, r = p / q (BTRD's step 3.1; at most 15 multiplies, no
  /// logarithm). Farther out, from log f(k) = lp(k; n p) + lp(n - k; n q) - lp(n; n),
  /// lp the Poisson log-pmf of `logPoissonPMF`, whose last term cancels in the ratio;
  /// when k, n - k, m, n - m are all >= 16 its four log(2 pi x) / 2 become one
  /// factor sqrt(k (n - k) / (m (n - m))) of v (`binomialDeviance`): one logarithm
  /// and two log1p a proposal, two log1p once a draw.
  @inline(never)
  func btrsAccepts(
    k: Int, n: Int, p: Double, np: Double, v: Double, us: Double, a: Double, b: Double, spq: Double,
    mode: inout BTRSModeTerms
  ) -> Bool {
    let alpha = (2.83 + 5.1 / b) * spq
    var v = v * alpha / (a / (us * us) + b)
    let m = Int(((Double(n) + 1) * p).rounded(.down))
    if abs(k - m) <= 15 {
      let r = p / (1 - p)
      let nr = (Double(n) + 1) * r
      var f = 1.0
      if m < k {
        for i in (m + 1)...k { f *= nr / Double(i) - r }
      } else if k < m {
        for i in (k + 1)...m { v *= nr / Double(i) - r }
      }
      return v <= f
    }
    let nd = Double(n)
    let nq = nd * (1 - p)
    if min(k, n - k, m, n - m) >= 16 {
      if mode.deviance.isNaN { mode.deviance = Self.binomialDeviance(m, n: nd, np: np, nq: nq) }
      let x = Double(k)
      let xm = Double(m)
      let factor = ((x * (nd - x)) / (xm * (nd - xm))).squareRoot()
      return log(v * factor) <= mode.deviance - Self.binomialDeviance(k, n: nd, np: np, nq: nq)
    }
    if mode.logPMF.isNaN { mode.logPMF = Self.logPoissonPMF(m, mean: np) + Self.logPoissonPMF(n - m, mean: nq) }
    return log(v) <= Self.logPoissonPMF(k, mean: np) + Self.logPoissonPMF(n - k, mean: nq) - mode.logPMF
  }

  /// D(x) = bd0(x; n p) + bd0(n - x; n q) + stirling(x) + stirling(n - x) for x,
  /// n - x >= 16, with bd0(x; M) = x log(x / M) - x + M (Loader's deviance; n - x - n q
  /// = -(x - n p)): log f(x) = -D(x) - log(2 pi x (n - x) / n) / 2 + stirling(n)
  /// (`logPoissonPMF`'s form, twice).
  @inline(__always) static func binomialDeviance(_ k: Int, n: Double, np: Double, nq: Double) -> Double {
    let x = Double(k)
    let d = x - np  // = nq - (n - x)
    return (x * log1p(d / np) - d) + ((n - x) * log1p(-d / nq) + d) + stirlingCorrection(x)
      + stirlingCorrection(n - x)
  }
}

/// BTRS's values at the mode m, computed once a draw when a proposal first needs them
/// (NaN until then).
struct BTRSModeTerms {
  /// `binomialDeviance(m)`.
  var deviance = Double.nan
  /// log f(m) + lp(n; n) by `logPoissonPMF`: lp(m; n p) + lp(n - m; n q).
  var logPMF = Double.nan
}

// MARK: - Log-pmf

extension GSLRandom {
  /// log(k!) for k = 0 ..< 16 (correctly rounded).
  static let logFactorials: [Double] = [
    0, 0, 0.6931471805599453, 1.791759469228055, 3.1780538303479458, 4.787491742782046,
    6.579251212010101, 8.525161361065415, 10.60460290274525, 12.801827480081469, 15.104412573075516,
    17.502307845873887, 19.987214495661885, 22.552163853123425, 25.19122118273868, 27.89927138384089,
  ]

  /// log(2 pi) / 2.
  static let halfLog2Pi = 0.918_938_533_204_672_7

  /// log P(X = k) for X ~ Poisson(mean), k >= 0, mean > 0: k log(mean) - mean - log k!.
  ///
  /// Written that way with lgamma(k + 1), the three terms are each ~k log k and
  /// cancel to ~-(k - mean)^2 / (2 mean): at a mean of 1e9 they are ~2e10 (an ulp
  /// is 4e-6), and the result is off by 2e-6 to 5e-6 (checked against 50-digit
  /// values), a relative error of that size in the pmf a draw is accepted against. Here, as in Loader's saddle-point form (C. Loader,
  /// "Fast and accurate computation of binomial probabilities", 2000), log k! is
  /// Stirling's (k + 1/2) log k - k + log(2 pi)/2 plus its correction term, and the
  /// part that cancels is computed directly: with d = k - mean,
  /// log pmf = d - k log1p(d / mean) - log(2 pi k) / 2 - stirling(k),
  /// accurate to ~1e-15 + |d| 1e-16 (absolute) at any mean. k < 16 uses the table.
  static func logPoissonPMF(_ k: Int, mean: Double) -> Double {
    if k < 16 { return Double(k) * log(mean) - mean - logFactorials[k] }
    let x = Double(k)
    let d = x - mean
    return d - x * log1p(d / mean) - 0.5 * log(x) - halfLog2Pi - stirlingCorrection(x)
  }

  /// log x! - ((x + 1/2) log x - x + log(2 pi) / 2) for x >= 16: the Stirling series
  /// 1/(12x) - 1/(360x^3) + 1/(1260x^5) - 1/(1680x^7) + 1/(1188x^9); the next term,
  /// 691/(360360 x^11), is below 1.2e-16 there.
  @inline(__always) static func stirlingCorrection(_ x: Double) -> Double {
    let s = 1 / x
    let s2 = s * s
    return (1.0 / 12 - s2 * (1.0 / 360 - s2 * (1.0 / 1260 - s2 * (1.0 / 1680 - s2 / 1188)))) * s
  }
}

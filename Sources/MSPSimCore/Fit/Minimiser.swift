import CGSL

/// Minimises a function of a few unconstrained variables with GSL's Nelder-Mead
/// simplex (`gsl_multimin_fminimizer_nmsimplex2`): the likelihoods `mspsim fit`
/// maximises without a closed form (gamma, beta, triangular, PERT) are cheap and
/// low-dimensional, and their derivatives (digamma, kinks at data points for the
/// triangular) are not worth the trouble. Families map their constrained
/// parameters to the whole real line (logs, logistic) before calling this.
enum Minimiser {
  /// A non-finite value (outside the support) is replaced by this, so the simplex
  /// steps back instead of GSL stopping with GSL_EBADFUNC.
  static let wall = 1e100

  /// The minimum of `f` near `start`; the simplex starts with sides `step`. Runs
  /// twice (the second from the first's answer with fresh sides), which rescues
  /// the rare simplex that collapses early.
  static func minimise(
    _ f: @escaping ([Double]) -> Double, start: [Double], step: [Double], tolerance: Double = 1e-9,
    maxIterations: Int = 2_000
  ) throws(FitError) -> (x: [Double], value: Double) {
    var best = (x: start, value: f(start))
    for _ in 0..<2 {
      let next = try simplex(f, start: best.x, step: step, tolerance: tolerance, maxIterations: maxIterations)
      if next.value <= best.value { best = next }
    }
    return best
  }

  /// Carries the Swift function through GSL's `void *params`.
  private final class Objective {
    let f: ([Double]) -> Double
    let n: Int
    init(_ f: @escaping ([Double]) -> Double, n: Int) {
      self.f = f
      self.n = n
    }
  }

  private static func simplex(
    _ f: @escaping ([Double]) -> Double, start: [Double], step: [Double], tolerance: Double, maxIterations: Int
  ) throws(FitError) -> (x: [Double], value: Double) {
    GSLRuntime.ensureInitialised()
    let n = start.count
    guard let x0 = gsl_vector_alloc(n), let ss = gsl_vector_alloc(n),
      let s = gsl_multimin_fminimizer_alloc(mspsim_nmsimplex2(), n)
    else { throw FitError("GSL could not allocate the minimiser") }
    defer {
      gsl_vector_free(x0)
      gsl_vector_free(ss)
      gsl_multimin_fminimizer_free(s)
    }
    for i in 0..<n {
      gsl_vector_set(x0, i, start[i])
      gsl_vector_set(ss, i, step[i])
    }
    let objective = Objective(f, n: n)
    let context = Unmanaged.passUnretained(objective).toOpaque()
    var function = gsl_multimin_function(
      f: { v, params in
        guard let v, let params else { return Minimiser.wall }
        let o = Unmanaged<Objective>.fromOpaque(params).takeUnretainedValue()
        let x = (0..<o.n).map { gsl_vector_get(v, $0) }
        let y = o.f(x)
        return y.isFinite ? min(y, Minimiser.wall) : Minimiser.wall
      }, n: n, params: context)
    let status = withExtendedLifetime(objective) { () -> Int32 in
      var status = gsl_multimin_fminimizer_set(s, &function, x0, ss)
      guard status == GSL_SUCCESS else { return status }
      for _ in 0..<maxIterations {
        status = gsl_multimin_fminimizer_iterate(s)
        if status != GSL_SUCCESS { break }
        if gsl_multimin_test_size(gsl_multimin_fminimizer_size(s), tolerance) == GSL_SUCCESS { break }
      }
      return status
    }
    guard status == GSL_SUCCESS || status == GSL_ENOPROG, let xs = gsl_multimin_fminimizer_x(s) else {
      throw FitError("the likelihood could not be maximised (GSL status \(status))")
    }
    return ((0..<n).map { gsl_vector_get(xs, $0) }, gsl_multimin_fminimizer_minimum(s))
  }
}

/// Standard errors from the observed information: the inverse of the Hessian of the
/// negative log-likelihood at its minimum, by central differences. Used where the
/// model is regular (gamma, beta on a fixed support).
enum ObservedInformation {
  /// sqrt(diag(H^-1)) of `negLogLik` at `theta`, or nil entries when H is not positive definite.
  static func standardErrors(_ negLogLik: ([Double]) -> Double, at theta: [Double]) -> [Double?] {
    let n = theta.count
    let h = theta.map { Swift.max(abs($0), 1e-8) * 1e-4 }
    var H = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
    let f0 = negLogLik(theta)
    for i in 0..<n {
      for j in i..<n {
        func at(_ di: Double, _ dj: Double) -> Double {
          var t = theta
          t[i] += di * h[i]
          t[j] += dj * h[j]
          return negLogLik(t)
        }
        let value: Double
        if i == j {
          value = (at(1, 0) - 2 * f0 + at(-1, 0)) / (h[i] * h[i])
        } else {
          value = (at(1, 1) - at(1, -1) - at(-1, 1) + at(-1, -1)) / (4 * h[i] * h[j])
        }
        H[i][j] = value
        H[j][i] = value
      }
    }
    guard let inverse = invert(H) else { return [Double?](repeating: nil, count: n) }
    return (0..<n).map { inverse[$0][$0] > 0 && inverse[$0][$0].isFinite ? inverse[$0][$0].squareRoot() : nil }
  }

  /// Gauss-Jordan inverse with partial pivoting; nil when singular.
  static func invert(_ m: [[Double]]) -> [[Double]]? {
    let n = m.count
    var a = m
    var inv = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
    for col in 0..<n {
      guard let pivot = (col..<n).max(by: { abs(a[$0][col]) < abs(a[$1][col]) }), abs(a[pivot][col]) > 1e-300
      else { return nil }
      a.swapAt(col, pivot)
      inv.swapAt(col, pivot)
      let p = a[col][col]
      for k in 0..<n {
        a[col][k] /= p
        inv[col][k] /= p
      }
      for r in 0..<n where r != col {
        let factor = a[r][col]
        for k in 0..<n {
          a[r][k] -= factor * a[col][k]
          inv[r][k] -= factor * inv[col][k]
        }
      }
    }
    return inv
  }
}

/// f(x) for the last two x a call site asked for (docs/performance.md, "The month
/// loop's own costs"): the month loop draws many times at a few parameter values
/// (every leaving month at p or p_A, a year's arrivals at one rate), so a
/// transcendental of the parameter (log1p(-p) of a geometric draw, e^-mean of a
/// Poisson's inversion) is computed a few times a path instead of once a draw. The
/// results are the same numbers; each call site keeps its own and always passes the
/// same f.
struct RecentResults {
  private var arguments = (Double.nan, Double.nan)
  private var results = (0.0, 0.0)
  /// The entry the next new argument replaces.
  private var replaceSecond = false

  /// f(x), from the two kept when x is one of their arguments (a NaN x never is).
  @inline(__always)
  mutating func value(at x: Double, _ f: (Double) -> Double) -> Double {
    if x == arguments.0 { return results.0 }
    if x == arguments.1 { return results.1 }
    let y = f(x)
    if replaceSecond {
      arguments.1 = x
      results.1 = y
    } else {
      arguments.0 = x
      results.0 = y
    }
    replaceSecond.toggle()
    return y
  }
}

import Foundation

/// Books whose results have closed forms, shared by the goal-seek tests of the
/// library and of the command line.
public enum ConstantBooks {
  /// Two models `base` and `alt` of 10 clients with 20 seats each, managed services at
  /// 100 a seat, no churn, no arrivals, no costs, 2 years at a 10 % discount rate:
  /// `alt` earns 200 (P - 100) a month more than `base` at price P, so on every path
  /// npv_diff(P) = 200 (P - 100) D with D = `discountSum(months: 24, rate: 0.1)`.
  public static func pair(paths: Int, seed: UInt64? = nil) -> String {
    """
    name: Two constant books
    horizon_years: 2
    paths: \(paths)
    \(seed.map { "seed: \($0)" } ?? "")
    discount_rate: 0.1
    models:
      base:
        clients: {initial: 10, seats: 20}
        streams:
          managed_services: {price_per_seat: 100}
      alt:
        clients: {initial: 10, seats: 20}
        streams:
          managed_services: {price_per_seat: 100}

    """
  }

  /// D = sum over t = 1 ... months of (1 + r)^(-t/12): the NPV of 1 a month.
  public static func discountSum(months: Int, rate r: Double) -> Double {
    (1...months).reduce(0.0) { $0 + pow(1 + r, -Double($1) / 12) }
  }
}

import Foundation

/// One family fitted to a column, scored: what a row of the `fit` report shows.
public struct FitCandidate: Sendable {
  public let fit: FittedDistribution
  /// The log-likelihood AIC uses: of the values themselves, or, on counts, of the
  /// rounded values (so discrete and continuous families compare on one scale).
  public let logLikelihood: Double
  /// Akaike's information criterion, 2k - 2 log L: lower is better.
  public let aic: Double
  public let goodness: GoodnessOfFit
}

/// Fits one family, or every family that suits the data, to a column
/// (docs/fit.md, "Choosing the kind").
public enum Fitter {
  /// Whole numbers up to this (all >= 0) are counts: the likelihood of every family is
  /// that of the rounded values, as a whole-number scenario key rounds a draw. Above
  /// it rounding changes nothing visible, and whole dollars are not counts.
  public static let largestCount = 1000.0

  /// Whether the values are counts in that sense.
  public static func isCounts(_ values: [Double]) -> Bool {
    values.allSatisfy { $0 >= 0 && $0 == $0.rounded() && $0 <= largestCount }
  }

  /// The families `--kind auto` tries on these values: counts -> poisson, geometric
  /// (and the continuous families, on the rounded scale); values > 0 -> lognormal,
  /// gamma; values in [0, 1] -> beta; always normal, triangular, PERT.
  public static func candidates(for values: [Double]) -> [FitKind] {
    let counts = isCounts(values)
    var kinds: [FitKind] = counts ? [.poisson, .geometric] : []
    if values.allSatisfy({ $0 > 0 }) { kinds += [.lognormal, .gamma] }
    if !counts && values.allSatisfy({ $0 >= 0 && $0 <= 1 }) { kinds.append(.beta) }
    kinds += [.normal, .triangular, .pert]
    return kinds
  }

  /// Fits `kind` to the column and scores it.
  ///
  /// - Throws: `FitError` (naming the file, the column and the first row at fault) when
  ///   the kind cannot describe the data: lognormal and gamma need values > 0, poisson
  ///   and geometric whole numbers >= 0; every kind needs two different values.
  public static func fit(_ column: DataColumn, kind: FitKind) throws(FitError) -> FitCandidate {
    let where_ = "\(column.file): column '\(column.name)'"
    func refuse(_ bad: (Double) -> Bool, _ need: String) throws(FitError) {
      if let i = column.values.firstIndex(where: bad) {
        throw FitError(
          "\(where_): \(kind.rawValue) needs \(need); row \(column.rows[i]) has \(FitFormat.number(column.values[i]))"
            + " (try --kind auto)")
      }
    }
    switch kind {
    case .lognormal, .gamma: try refuse({ $0 <= 0 }, "every value > 0")
    case .poisson, .geometric: try refuse({ $0 < 0 || $0 != $0.rounded() }, "whole numbers >= 0")
    case .beta, .normal, .triangular, .pert: break
    }
    let sample = Sample(column.values)
    let fitted: FittedDistribution
    do {
      switch kind {
      case .normal: fitted = try ClosedFormFits.normal(sample)
      case .lognormal: fitted = try ClosedFormFits.lognormal(sample)
      case .poisson: fitted = try ClosedFormFits.poisson(sample)
      case .geometric: fitted = try ClosedFormFits.geometric(sample)
      case .gamma: fitted = try GammaFit.fit(sample)
      case .beta: fitted = try BetaFit.fit(sample)
      case .triangular: fitted = try TriangularFit.fit(sample)
      case .pert: fitted = try PERTFit.fit(sample)
      }
      _ = try FitYAML.load(fitted.yaml)
    } catch {
      throw FitError("\(where_): \(kind.rawValue): \(error.message)")
    }
    let onCounts = kind.isCount || isCounts(column.values)
    let logLik =
      onCounts && !kind.isCount
      ? sample.sorted.reduce(0) { $0 + log(fitted.mass($1)) } : fitted.logLikelihood
    let goodness =
      onCounts
      ? GoodnessOfFit.chiSquare(sorted: sample.sorted, fit: fitted)
      : GoodnessOfFit.kolmogorovSmirnov(sorted: sample.sorted, cdf: fitted.cdf)
    return FitCandidate(
      fit: fitted, logLikelihood: logLik, aic: 2 * Double(fitted.parameterCount) - 2 * logLik, goodness: goodness)
  }

  /// Every candidate family fitted, best (lowest AIC) first; families that fail to
  /// fit (a maximiser that gives up) are left out with the reason.
  public static func auto(_ column: DataColumn) -> (ranked: [FitCandidate], failed: [(FitKind, String)]) {
    var ranked: [FitCandidate] = []
    var failed: [(FitKind, String)] = []
    for kind in candidates(for: column.values) {
      do {
        let c = try fit(column, kind: kind)
        if c.aic.isFinite { ranked.append(c) } else { failed.append((kind, "the likelihood is 0 at some value")) }
      } catch {
        failed.append((kind, error.message))
      }
    }
    ranked.sort { $0.aic < $1.aic }
    return (ranked, failed)
  }
}

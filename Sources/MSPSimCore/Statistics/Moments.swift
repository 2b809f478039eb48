import Foundation

/// Count, mean and sum of squared deviations of a stream of values: a mergeable
/// accumulator for the mean, the sample variance and the standard error.
///
/// `m2` is Σ(x - mean)², kept instead of the variance so that two accumulators merge
/// exactly in the algebraic sense (Chan, Golub and LeVeque 1979):
///
///     n = nA + nB,  δ = meanB - meanA
///     mean = meanA + δ · nB / n
///     m2   = m2A + m2B + δ² · nA · nB / n
///
/// The engine builds one `Moments` per fixed-size chunk of paths (through
/// ``ShiftedSums``) and merges the chunks in a tree fixed by their number
/// (`MomentTree`), so the floating-point result does not depend on how many
/// threads or shards ran the chunks.
///
/// Memory is three words, whatever the number of values.
public struct Moments: Sendable, Equatable, Codable {
  /// The number of values.
  public var count: Int
  /// Their arithmetic mean (0 when `count == 0`).
  public var mean: Double
  /// Σ(x - mean)², the sum of squared deviations from the mean.
  public var m2: Double

  /// An empty accumulator.
  @inlinable
  public init() {
    count = 0
    mean = 0
    m2 = 0
  }

  /// An accumulator with the given state, e.g. one read back from a file.
  ///
  /// - Parameters:
  ///   - count: The number of values, `>= 0`.
  ///   - mean: Their mean.
  ///   - m2: Σ(x - mean)², `>= 0`.
  @inlinable
  public init(count: Int, mean: Double, m2: Double) {
    precondition(count >= 0 && m2 >= 0, "Moments: count and m2 must be >= 0")
    self.count = count
    self.mean = count == 0 ? 0 : mean
    self.m2 = count < 2 ? 0 : m2
  }

  /// Adds one value with Welford's update (one division per value).
  ///
  /// The engine's hot loop uses ``ShiftedSums`` instead, which needs no division;
  /// this is for callers that add a few values.
  ///
  /// - Parameter x: The value.
  @inlinable @inline(__always)
  public mutating func add(_ x: Double) {
    count += 1
    let delta = x - mean
    mean += delta / Double(count)
    m2 += delta * (x - mean)
  }

  /// Merges `other` into `self` with Chan et al.'s parallel formula.
  ///
  /// Merging an empty accumulator is a no-op; merging into an empty one copies
  /// `other`. Two accumulators of the same constant give `m2 == 0` exactly (δ = 0).
  ///
  /// - Parameter other: The accumulator of the values that come after `self`'s.
  /// - Complexity: O(1).
  @inlinable
  public mutating func merge(_ other: Moments) {
    if other.count == 0 { return }
    if count == 0 {
      self = other
      return
    }
    let nA = Double(count)
    let nB = Double(other.count)
    let n = nA + nB
    let delta = other.mean - mean
    mean += delta * (nB / n)
    m2 += other.m2 + delta * delta * (nA * nB / n)
    count += other.count
  }

  /// The sample variance m2 / (n - 1); 0 when `count < 2`.
  @inlinable
  public var variance: Double { count < 2 ? 0 : m2 / Double(count - 1) }

  /// The sample standard deviation, √variance.
  @inlinable
  public var sd: Double { variance.squareRoot() }

  /// The standard error of the mean, sd / √n; 0 when `count < 2`.
  @inlinable
  public var standardError: Double { count < 2 ? 0 : sd / Double(count).squareRoot() }
}

/// Shifted power sums of a chunk of values: the hot-loop front end of ``Moments``.
///
/// Stores a shift K (the first value added), s1 = Σ(x - K), s2 = Σ(x - K)² and n.
/// `add` is two subtractions, one multiply and two additions, with no division. Then
///
///     mean = K + s1 / n
///     m2   = s2 - s1² / n        (clamped at 0)
///
/// Shifting by a value inside the data avoids the catastrophic cancellation of the
/// textbook Σx² - (Σx)²/n: the relative error of m2 grows like (mean - K)² / variance,
/// which is small when K is one of the values (a few sd from the mean at most). A
/// constant input gives x - K == 0 every time, so m2 is exactly 0 and the mean is
/// exactly K.
///
/// Use one `ShiftedSums` per fixed-size chunk of paths, then merge the chunks'
/// ``moments()`` in the run's merge tree (`MomentTree`).
public struct ShiftedSums: Sendable, Equatable {
  // Read-only to clients; `@usableFromInline` so `add` inlines across modules.
  @usableFromInline var k: Double
  @usableFromInline var sum1: Double
  @usableFromInline var sum2: Double
  @usableFromInline var n: Int

  /// The shift K: the first value added (0 while empty).
  @inlinable public var shift: Double { k }
  /// Σ(x - K).
  @inlinable public var s1: Double { sum1 }
  /// Σ(x - K)².
  @inlinable public var s2: Double { sum2 }
  /// The number of values.
  @inlinable public var count: Int { n }

  /// An empty accumulator.
  @inlinable
  public init() {
    k = 0
    sum1 = 0
    sum2 = 0
    n = 0
  }

  /// Sums kept elsewhere (the chunk buffer keeps them a field per array, docs/performance.md,
  /// "The statistics drain"), to form their moments here.
  init(shift: Double, sum1: Double, sum2: Double, count: Int) {
    k = shift
    self.sum1 = sum1
    self.sum2 = sum2
    n = count
  }

  /// Adds one value.
  ///
  /// - Parameter x: The value; the first one becomes the shift.
  @inlinable @inline(__always)
  public mutating func add(_ x: Double) {
    if n == 0 { k = x }
    let d = x - k
    sum1 += d
    sum2 += d * d
    n &+= 1
  }

  /// Empties the accumulator (for reuse in the next chunk).
  @inlinable
  public mutating func reset() { self = ShiftedSums() }

  /// The count, mean and sum of squared deviations of the values added.
  ///
  /// - Returns: `Moments` with mean = K + s1/n and m2 = max(0, s2 - s1²/n).
  @inlinable
  public func moments() -> Moments {
    if count == 0 { return Moments() }
    let n = Double(count)
    let m2 = Swift.max(0, s2 - s1 * (s1 / n))
    return Moments(count: count, mean: shift + s1 / n, m2: m2)
  }
}

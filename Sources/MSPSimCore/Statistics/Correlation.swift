/// Sample correlation, for the sensitivity ranking (Spearman = Pearson of ranks)
/// and the tests of the random streams' independence.
public enum Correlation {
  /// Pearson correlation of two equal-length samples; 0 when either is constant
  /// (no linear association can be measured).
  public static func pearson(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count, "pearson of samples of different lengths")
    let n = Double(a.count)
    let ma = a.reduce(0, +) / n
    let mb = b.reduce(0, +) / n
    var sab = 0.0
    var saa = 0.0
    var sbb = 0.0
    for i in a.indices {
      let da = a[i] - ma
      let db = b[i] - mb
      sab += da * db
      saa += da * da
      sbb += db * db
    }
    guard saa > 0, sbb > 0 else { return 0 }
    return sab / (saa * sbb).squareRoot()
  }
}

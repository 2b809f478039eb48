import Foundation

/// Tick labels: money with k/M/B suffixes or thousands separators, shares in per cent.
enum SVGLabel {
  /// "1234567" -> "1,234,567": commas between groups of three digits.
  static func grouped(_ digits: Substring) -> String {
    var out = ""
    for (i, ch) in digits.enumerated() {
      if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(ch)
    }
    return out
  }

  /// A money tick label on an axis with this tick `step` and largest |tick|
  /// `magnitude`: "2.5M", "750k", "-1.2B", or "1,500" below 10,000; with as many
  /// decimals (at most 2) as the step needs.
  static func money(_ v: Double, step: Double, magnitude: Double) -> String {
    guard v.isFinite else { return "" }
    if abs(v) < abs(step) * 1e-6 { return "0" }
    let (unit, suffix): (Double, String) =
      magnitude >= 1e9 ? (1e9, "B") : magnitude >= 1e6 ? (1e6, "M") : magnitude >= 1e4 ? (1e3, "k") : (1, "")
    let s = String(format: "%.\(decimals(step / unit))f", abs(v) / unit)
    let dot = s.firstIndex(of: ".") ?? s.endIndex
    return (v < 0 ? "-" : "") + grouped(s[..<dot]) + String(s[dot...]) + suffix
  }

  /// A money amount for a label ("median 1.23M"): three significant digits with a
  /// k/M/B suffix, or a whole number below 1,000.
  static func amount(_ v: Double) -> String {
    guard v.isFinite else { return "" }
    let a = abs(v)
    let (unit, suffix): (Double, String) =
      a >= 1e9 ? (1e9, "B") : a >= 1e6 ? (1e6, "M") : a >= 1e3 ? (1e3, "k") : (1, "")
    let x = a / unit
    let d = unit == 1 ? 0 : x >= 100 ? 0 : x >= 10 ? 1 : 2
    let s = String(format: "%.\(d)f", x)
    return (v < 0 && (Double(s) ?? 0) != 0 ? "-" : "") + s + suffix
  }

  /// A share tick label: 0.05 -> "5 %", with the decimals the step needs.
  static func percent(_ v: Double, step: Double) -> String {
    guard v.isFinite else { return "" }
    let d = decimals(step * 100)
    return String(format: "%.\(d)f", v * 100) + " %"
  }

  /// A share of paths in per cent as every output prints it: `count` of `paths` through
  /// `TerminalSummary.percent` (docs/outputs.md, "Rounding"), so a chart and the
  /// terminal never differ in the last digit (1,925 of 2,000 paths: 96.3 % on both).
  static func pathShare(_ count: Int, of paths: Int) -> String {
    TerminalSummary.percent(Double(count) / Double(Swift.max(1, paths)))
  }

  /// Decimals (0...2) that print multiples of `step` exactly: 0.5 -> 1, 0.25 -> 2, 2 -> 0.
  static func decimals(_ step: Double) -> Int {
    guard step.isFinite, step > 0 else { return 0 }
    for d in 0..<2 {
      let scaled = step * Foundation.pow(10, Double(d))
      if abs(scaled - scaled.rounded()) < 1e-6 * Swift.max(1, scaled) { return d }
    }
    return 2
  }
}

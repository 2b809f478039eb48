/// Reads a number as accounting and PSA exports write it: `1250`, `1,250.00`,
/// `$1,250.00`, `€1 250`, `(1,250.00)` (a negative, accounting style), `-12.5`,
/// `1.2e3` (docs/fit.md, "Reading the CSV").
///
/// The decimal mark is always the point and the comma always groups thousands,
/// because one file cannot say which convention it follows: `€ 3.400` is read as
/// 3.4, not 3400. A comma that does not group three digits (`3,5`, a European
/// decimal comma) is rejected rather than read as 35, so the mistake shows.
enum ExportNumber {
  /// Currency symbols dropped before or after a number.
  static let currencySymbols: Set<Character> = ["$", "€", "£", "¥", "₹", "₩", "₽", "₺", "¢", "₣", "₪", "฿"]

  /// The number in `cell`, or nil when it is not one. `cell` is not blank.
  static func parse(_ cell: String) -> Double? {
    // Spaces of every kind (no-break spaces group thousands in many exports) go first.
    var text = String(cell.filter { !$0.isWhitespace })
    var negative = false
    if text.hasPrefix("("), text.hasSuffix(")"), text.count > 2 {
      negative = true
      text = String(text.dropFirst().dropLast())
    }
    if text.hasPrefix("-") || text.hasPrefix("+") {
      negative = negative != (text.first == "-")
      text.removeFirst()
    }
    text = String(text.drop(while: { currencySymbols.contains($0) }))
    while let last = text.last, currencySymbols.contains(last) { text.removeLast() }
    if text.hasPrefix("-") {  // $-12 as well as -$12
      negative.toggle()
      text.removeFirst()
    }
    guard let digits = withoutThousandsCommas(text), isPlainNumber(digits), let x = Double(digits), x.isFinite
    else { return nil }
    return negative ? -x : x
  }

  /// `text` without its grouping commas, or nil when a comma does not group three digits.
  static func withoutThousandsCommas(_ text: String) -> String? {
    guard text.contains(",") else { return text }
    let integerPart = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)[0]
    let groups = integerPart.split(separator: ",", omittingEmptySubsequences: false)
    guard let first = groups.first, (1...3).contains(first.count),
      groups.dropFirst().allSatisfy({ $0.count == 3 })
    else { return nil }
    return text.replacingOccurrences(of: ",", with: "")
  }

  /// Digits with at most one point and an optional exponent: what `Double(_:)` would
  /// also read as `nan`, `inf` or hexadecimal is refused.
  static func isPlainNumber(_ text: String) -> Bool {
    let parts = text.lowercased().split(separator: "e", maxSplits: 1, omittingEmptySubsequences: false)
    let mantissa = parts[0]
    guard mantissa.contains(where: \.isASCIIDigitLike), mantissa.filter({ $0 == "." }).count <= 1,
      mantissa.allSatisfy({ $0.isASCIIDigitLike || $0 == "." })
    else { return false }
    if parts.count == 2 {
      var exponent = parts[1]
      if exponent.hasPrefix("-") || exponent.hasPrefix("+") { exponent = exponent.dropFirst() }
      return !exponent.isEmpty && exponent.allSatisfy(\.isASCIIDigitLike)
    }
    return true
  }
}

extension Character {
  /// 0-9 only (`isNumber` also takes ½ and other scripts' digits, which `Double` cannot read).
  fileprivate var isASCIIDigitLike: Bool { ("0"..."9").contains(self) }
}

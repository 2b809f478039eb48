/// "Did you mean" for a near-miss key: the closest candidate within edit distance 2
/// (or 1/3 of the key's length for long keys).
public enum Suggestion {
  public static func closest(to word: String, in candidates: [String]) -> String? {
    let limit = Swift.max(2, word.count / 3)
    var best: (String, Int)?
    for c in candidates {
      let d = distance(word.lowercased(), c.lowercased())
      if d <= limit, d < (best?.1 ?? Int.max) { best = (c, d) }
    }
    return best?.0
  }

  /// Levenshtein distance.
  static func distance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prev = Array(0...b.count)
    var cur = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      cur[0] = i
      for j in 1...b.count {
        cur[j] = Swift.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      }
      swap(&prev, &cur)
    }
    return prev[b.count]
  }
}

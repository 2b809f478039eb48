import ArgumentParser
import Foundation
import MSPSimCore

extension SensitivityMethod: ExpressibleByArgument {}

/// `--sensitivity` takes an optional method: `--sensitivity`, `--sensitivity rank`,
/// `--sensitivity sobol` and `--sensitivity=METHOD`. ArgumentParser has no options
/// with an optional value, so a bare `--sensitivity` is rewritten to
/// `--sensitivity=rank` before parsing and `--sensitivity METHOD` to
/// `--sensitivity=METHOD`; a word that could be a file after it stays an argument of
/// its own (the scenario file, as in `run --sensitivity my.yaml`).
enum SensitivityArgument {
  static func normalised(_ arguments: [String]) -> [String] {
    var out: [String] = []
    var i = 0
    while i < arguments.count {
      let a = arguments[i]
      if a == "--" {
        out += arguments[i...]
        break
      }
      if a == "--sensitivity" {
        if i + 1 < arguments.count, takesAsMethod(arguments[i + 1]) {
          out.append("--sensitivity=" + arguments[i + 1])
          i += 2
          continue
        }
        out.append("--sensitivity=rank")
      } else {
        out.append(a)
      }
      i += 1
    }
    return out
  }

  /// Whether the word after `--sensitivity` is its method: a method's name, or a word
  /// that cannot be a scenario file (no file of that name, no "." or "/" in it), so a
  /// misspelt method (`sobl`) is refused with the methods allowed rather than taken
  /// for a second scenario.
  static func takesAsMethod(_ word: String) -> Bool {
    if SensitivityMethod(rawValue: word) != nil { return true }
    if word.hasPrefix("-") || word.contains(".") || word.contains("/") { return false }
    return !FileManager.default.fileExists(atPath: word)
  }
}

import ArgumentParser
import MSPSimCore

extension SensitivityMethod: ExpressibleByArgument {}

/// `--sensitivity` takes an optional method: `--sensitivity`, `--sensitivity rank`,
/// `--sensitivity sobol` and `--sensitivity=METHOD`. ArgumentParser has no options
/// with an optional value, so a bare `--sensitivity` is rewritten to
/// `--sensitivity=rank` before parsing and `--sensitivity METHOD` to
/// `--sensitivity=METHOD`; any other word after it stays an argument of its own (the
/// scenario file, as in `run --sensitivity my.yaml`).
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
        if i + 1 < arguments.count, SensitivityMethod(rawValue: arguments[i + 1]) != nil {
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
}

/// The text of `mspsim list`: distributions, stream kinds, GSL generators.
public enum Listing {
  public static func text() -> String {
    var out = "Distributions (a parameter is a number, a distribution, or market.NAME):\n"
    let w = DistributionKind.allCases.map(\.name.count).max() ?? 0
    for k in DistributionKind.allCases {
      out +=
        "  " + k.name.padding(toLength: w + 2, withPad: " ", startingAt: 0) + "{" + k.parameterSummary + "}  "
        + k.drawNotes + "\n"
    }
    out += "\nStream kinds (each at most once per model):\n"
    let ws = StreamKind.allCases.map(\.rawValue.count).max() ?? 0
    for k in StreamKind.allCases {
      out += "  " + k.rawValue.padding(toLength: ws + 2, withPad: " ", startingAt: 0) + k.summary + "\n"
    }
    out += "\nGSL generators (rng:):\n"
    var line = " "
    for name in GSLRandom.generatorNames {
      if line.count + name.count + 1 > 78 {
        out += line + "\n"
        line = " "
      }
      line += " " + name
    }
    out += line + "\n"
    return out
  }
}

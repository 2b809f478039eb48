import ArgumentParser
import Foundation
import MSPSimCore

/// `mspsim fit`: a distribution for a scenario from the owner's own history.
struct FitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fit",
    abstract: "Fit a distribution to a column of a CSV export and print it as scenario YAML.",
    discussion: """
      Maximum likelihood, with standard errors and a goodness-of-fit test
      (Kolmogorov-Smirnov; chi-square on counts). With --kind auto (the default)
      every family that suits the data is fitted and ranked by AIC.
      Numbers may be written as in accounting exports: $1,250.00, 1 250, (1,250.00);
      the point is the decimal mark. Blank cells are skipped.
      Example:
        mspsim fit Scenarios/data/client-seats.csv --column seats
      Exit 0: fitted; 2: unreadable file, missing column, a cell that is not a
      number, fewer than 5 values, or data the kind cannot describe.
      More: docs/fit.md.
      """)

  @Argument(help: "CSV file with a header row.") var data: String
  @Option(help: ArgumentHelp("The column to fit (its header).", valueName: "NAME")) var column: String
  @Option(help: ArgumentHelp("The family, or auto to try every one that suits the data.", valueName: "KIND"))
  var kind: FitKindOption = .auto

  func run() throws {
    do {
      let values = try DataColumn.read(path: data, column: column)
      if let k = kind.kind {
        try StandardOutput.print(FitReport.text(values, single: try Fitter.fit(values, kind: k)), terminator: "")
      } else {
        let (ranked, failed) = Fitter.auto(values)
        guard !ranked.isEmpty else {
          throw FitError(
            "\(data): column '\(values.name)': no family could be fitted ("
              + failed.map { "\($0.0.rawValue): \($0.1)" }.joined(separator: "; ") + ")")
        }
        try StandardOutput.print(FitReport.text(values, ranked: ranked, failed: failed), terminator: "")
      }
    } catch let e as FitError {
      FileHandle.standardError.write(Data(("mspsim: " + e.description + "\n").utf8))
      throw ExitCode(2)
    }
  }
}

/// `--kind`: a family or `auto`.
enum FitKindOption: String, CaseIterable, ExpressibleByArgument {
  case auto, lognormal, gamma, triangular, pert, beta, normal, poisson, geometric

  var kind: FitKind? { FitKind(rawValue: rawValue) }
}

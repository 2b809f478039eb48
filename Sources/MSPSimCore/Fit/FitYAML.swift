import Yams

/// Reads a fit's YAML value back with the scenario loader's own distribution reader,
/// so `mspsim fit` never prints a value a scenario would refuse (six significant
/// digits could, in principle, round a PERT's mode past its max).
public enum FitYAML {
  /// The distribution `yaml` (`{gamma: {shape: 2.5, scale: 5900}}`) denotes.
  ///
  /// - Throws: `FitError` with the loader's messages when it does not load.
  public static func load(_ yaml: String) throws(FitError) -> Distribution {
    let node: Node?
    do { node = try Yams.compose(yaml: yaml) } catch { throw FitError("'\(yaml)' is not YAML: \(error)") }
    guard let node else { throw FitError("'\(yaml)' is empty") }
    var reader = YAMLReader(log: IssueLog(file: "fit"))
    guard let d = reader.distribution(node, "value"), reader.log.isEmpty else {
      throw FitError(
        "'\(yaml)' does not load as a scenario distribution: "
          + reader.log.issues.map(\.message).joined(separator: "; "))
    }
    return d
  }
}

import Foundation

/// The repository's fixture paths, from this file's path
/// (Tests/MSPSimTestSupport/Fixtures.swift).
public enum Fixtures {
  /// The repository root: three levels above this file.
  public static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// The folder of example scenarios (`Scenarios/`).
  public static let scenariosFolder = repositoryRoot.appendingPathComponent("Scenarios")

  /// `Scenarios/msp1-vs-msp2.yaml`, the default scenario as a file.
  public static let defaultScenario = scenariosFolder.appendingPathComponent("msp1-vs-msp2.yaml")

  /// Outputs kept byte for byte (`Tests/Fixtures/outputs/<scenario stem>/`), see
  /// `OutputFixtureTests`.
  public static let outputsFolder = repositoryRoot.appendingPathComponent("Tests/Fixtures/outputs")
}

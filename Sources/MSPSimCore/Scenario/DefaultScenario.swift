/// The built-in default scenario (MSP 1.0 vs 2.0), embedded so that `mspsim run`
/// works without a file; its text is Scenarios/msp1-vs-msp2.yaml byte for byte.
public enum DefaultScenario {
  public static let stem = "msp1-vs-msp2"
  public static let displayName = "Scenarios/msp1-vs-msp2.yaml (built-in)"
}

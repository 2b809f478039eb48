/// What the command line says about a run; each set value overrides the file.
public struct RunOptions: Sendable {
  public var paths: Int?
  public var seed: UInt64?
  public var years: Int?
  public var rng: String?
  public var threads: Int
  public var outputFolder: String?
  public var quiet = false
  public var sensitivity = false
  public var charts = true
  /// Stop when every model's mean NPV has relative standard error <= this.
  public var precision: Double?
  public var maxPaths: Int?

  public init(threads: Int) { self.threads = threads }
}

/// Applies command-line overrides to a loaded scenario (INTERFACE.md: flags override the file).
extension Scenario {
  public mutating func apply(_ o: RunOptions) {
    if let p = o.paths { paths = p }
    if let s = o.seed { seed = s }
    if let y = o.years { horizonYears = y }
    if let r = o.rng { rng = r }
  }
}

/// What a sweep found: per grid point and model, the figures of `sweep.csv`.
public struct SweepResult: Sendable {
  public struct Row: Sendable, Equatable {
    /// The point's value of each axis, in axis order.
    public var point: [Double]
    public var model: String
    public var npvMean: Double
    public var npvP5: Double
    public var npvP50: Double
    public var npvP95: Double
    /// P(this model's NPV > the first model's); nil for the first model itself.
    public var probabilityBeatsBaseline: Double?
    public var revenueLastYearP50: Double
  }

  public var axes: [SweepAxis]
  /// The first model of the scenario, which the others are compared with.
  public var baseline: String
  /// Points in grid order (first axis slowest), models in file order within a point.
  public var rows: [Row]
}

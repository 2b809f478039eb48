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

  /// What every point shares, for the text's first lines: the scenario's name, the
  /// paths, years, seed and generator of each point, the discount rate and the
  /// currency of its money columns.
  public struct Settings: Sendable, Equatable {
    public var scenarioName: String
    public var currency: String
    public var paths: Int
    public var years: Int
    public var seed: UInt64
    public var rng: String
    public var discountRate: Double
    /// Whether the scenario has a `valuation:` block, whose run answers with value at
    /// the exit where a sweep compares NPV of EBITDA.
    public var valued: Bool
    /// Per axis, what the file gives instead of a number ("a triangular
    /// distribution"), which each point fixes at its value; nil for a number.
    public var replaces: [String?]

    public init(
      scenarioName: String, currency: String, paths: Int, years: Int, seed: UInt64, rng: String,
      discountRate: Double, valued: Bool, replaces: [String?]
    ) {
      self.scenarioName = scenarioName
      self.currency = currency
      self.paths = paths
      self.years = years
      self.seed = seed
      self.rng = rng
      self.discountRate = discountRate
      self.valued = valued
      self.replaces = replaces
    }
  }

  public var axes: [SweepAxis]
  /// The first model of the scenario, which the others are compared with.
  public var baseline: String
  public var settings: Settings
  /// Points in grid order (first axis slowest), models in file order within a point.
  public var rows: [Row]
}

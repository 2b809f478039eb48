/// One vendor partner program of a model's marketplace (docs/model.md, "Marketplace
/// programs"): `share` of each adopter's routed spend earns `commission` (per event:
/// drawn for each adopting client) for `months` months after adoption (0: for as
/// long as the client stays). The single form (`commission`, `commission_months`)
/// is one program of share 1.
public struct MarketplaceProgram: Sendable {
  public internal(set) var share: Double
  public internal(set) var commission: ParameterSpec
  public internal(set) var months: Int

  /// Programs one model may list: their commission draws are counted per program
  /// when clamped, in a table of fixed width (`ModelPathSimulator.clampKeyCount`).
  public static let maximumCount = 8
  /// How far the shares may sum away from 1 (they are written as decimals).
  public static let shareTolerance = 1e-9
  /// The most months a program's commission may be paid for.
  public static let maximumMonths = 1_000_000
  public static let key = "programs"
  public static let keys = ["share", "commission", "months"]

  /// `streams.marketplace.programs[k]`, as error messages and run.json name it.
  public static func path(_ k: Int) -> String { "streams.marketplace.programs[\(k)]" }
}

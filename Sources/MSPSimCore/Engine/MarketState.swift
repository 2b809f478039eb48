/// Where an adopted client stands with its marketplace commission
/// (docs/model.md, "Revenue streams").
enum MarketState: UInt8, BitwiseCopyable {
  /// Not adopted, or its model has no marketplace stream.
  case none
  /// Adopted; its routed spend is still ramping up (it is in `ClientBook.ramping`).
  case ramping
  /// Adopted and paid in full (in the running sum `marketFullSum`).
  case full
  /// Its commission ran out (`commission_months`) or it left: paid nothing more.
  case ended
}

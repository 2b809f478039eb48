/// Why `mspsim fit` cannot fit: a file that cannot be read, a cell that is not a
/// number, a missing column, too few values, or data a kind cannot describe
/// (lognormal on a zero). Like a wrong scenario, it is the user's input that is
/// wrong: exit 2 (docs/errors.md). The message starts with the file, then says
/// where (row, column) and what is allowed.
public struct FitError: Error, Sendable, Equatable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

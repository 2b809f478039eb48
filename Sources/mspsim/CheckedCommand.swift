/// A command whose arguments are checked against each other, and against the files
/// they name, once every argument has been recognised.
///
/// Why not the argument parser's `validate()`: the parser calls it before it looks for
/// options the command does not know, so `mspsim run --set KEY=V FILE` (run has no
/// `--set`) was answered "scenario file 'KEY=V' does not exist", and `mspsim sweep
/// --sett ...` "give at least one --set", instead of naming the unknown option.
/// `MSPSim.main` calls `checkArguments()` right after the parse; its errors are
/// reported as the parser's own (one line, exit 2: docs/errors.md).
protocol CheckedCommand {
  func checkArguments() throws
}

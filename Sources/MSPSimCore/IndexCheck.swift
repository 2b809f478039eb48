/// The one index check of all raw memory (Column, ClientList, ChunkBuffer,
/// PathRecorder, the engine's sketch merge, GSLRandom's mt19937 state and discrete
/// table handles, SHA-256's blocks): `0 <= i < count`, compiled in under `MSPSIM_CHECKED` (debug builds
/// and the test suite, docs/testing.md "Index checks"), out of plain release builds.
/// `@inlinable`, so that the sketch's inlinable run add checks its buckets too; the
/// body, with or without the check, is this module's.
@inlinable @inline(__always)
func checkIndex(_ i: Int, _ count: Int) {
  #if MSPSIM_CHECKED
  precondition(i >= 0 && i < count, "raw-memory index \(i) outside 0..<\(count)")
  #endif
}

/// Whether `checkIndex` is compiled into this build: `IndexCheckTests` holds the test
/// suite and the sanitizer runs (built with `MSPSIM_CHECKED=1`) to it, so raw memory is
/// never exercised there unchecked by a build that silently lost the flag.
let indexChecksAreCompiledIn: Bool = {
  #if MSPSIM_CHECKED
  return true
  #else
  return false
  #endif
}()

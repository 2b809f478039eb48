import Foundation

/// A value shared between threads, reached only under a lock.
///
/// Built on `NSLock` (a pthread mutex) rather than the standard library's
/// `Mutex`: on Linux `Mutex` waits on raw futexes, which ThreadSanitizer cannot
/// see, so every access under it was reported as a race (docs/testing.md,
/// "Sanitizers"). A pthread mutex is intercepted and understood.
final class Locked<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var value: Value

  init(_ value: Value) { self.value = value }

  /// Runs `body` with exclusive access to the value.
  func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
    lock.lock()
    defer { lock.unlock() }
    return try body(&value)
  }
}

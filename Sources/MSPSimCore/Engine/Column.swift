/// A growable column of plain values in raw memory, for the engine's per-path
/// buffers (docs/architecture.md, "The hot loop"): reused across paths, grown by doubling,
/// never shrunk, so the hot loop neither allocates nor pays for copy-on-write.
///
/// Noncopyable: exactly one owner, and the storage frees itself when the owner goes
/// (no manual `release()`). Every index is checked against the capacity when the
/// package is built with `MSPSIM_CHECKED` (debug builds and the test suite, see
/// docs/testing.md); release builds trust the checked callers.
@usableFromInline
struct Column<T: BitwiseCopyable>: ~Copyable {
  @usableFromInline private(set) var base: UnsafeMutablePointer<T>
  @usableFromInline private(set) var capacity: Int

  init(capacity: Int, initial: T) {
    self.capacity = Swift.max(1, capacity)
    base = .allocate(capacity: self.capacity)
    base.initialize(repeating: initial, count: self.capacity)
  }

  deinit { base.deallocate() }

  /// Makes room for indices `0..<n`, keeping the first `keep` values; new slots hold `initial`.
  mutating func ensure(_ n: Int, keep: Int, initial: T) {
    if n <= capacity { return }
    var newCapacity = capacity
    while newCapacity < n { newCapacity *= 2 }
    let grown = UnsafeMutablePointer<T>.allocate(capacity: newCapacity)
    grown.initialize(repeating: initial, count: newCapacity)
    grown.update(from: base, count: Swift.min(keep, capacity))
    base.deallocate()
    base = grown
    capacity = newCapacity
  }

  /// Element `i`, in place: reading a field of a large element loads that field
  /// only (a `get` would copy the whole element first).
  @inline(__always)
  subscript(_ i: Int) -> T {
    unsafeAddress {
      Self.check(i, capacity)
      return UnsafePointer(base + i)
    }
    nonmutating unsafeMutableAddress {
      Self.check(i, capacity)
      return base + i
    }
  }

  /// The address of element `i` (checked like an index), for an addressor that
  /// lends a large element in place.
  @inline(__always)
  func address(_ i: Int) -> UnsafePointer<T> {
    Self.check(i, capacity)
    return UnsafePointer(base + i)
  }

  /// Sets the first `count` values (at most the capacity) to `value`.
  func fill(_ value: T, count: Int) { base.update(repeating: value, count: Swift.min(count, capacity)) }

  /// The first `count` values, read-only, for bulk copies (checked like an index).
  @inline(__always)
  func prefix(_ count: Int) -> UnsafeBufferPointer<T> {
    if count > 0 { Self.check(count - 1, capacity) }
    return UnsafeBufferPointer(start: base, count: count)
  }

  @inline(__always)
  static func check(_ i: Int, _ capacity: Int) { checkIndex(i, capacity) }
}

/// A growable column of plain values for the struct-of-arrays client book: a raw
/// buffer reused across paths (grown by doubling, never shrunk), so the hot loop
/// neither allocates nor pays for copy-on-write checks. Owned by one worker;
/// `release()` frees it.
@usableFromInline
struct Column<T> {
  @usableFromInline var base: UnsafeMutablePointer<T>
  @usableFromInline var capacity: Int

  init(capacity: Int, initial: T) {
    self.capacity = Swift.max(1, capacity)
    base = .allocate(capacity: self.capacity)
    base.initialize(repeating: initial, count: self.capacity)
  }

  /// Makes room for index `n - 1`, keeping the first `keep` values.
  @inline(__always)
  mutating func ensure(_ n: Int, keep: Int, initial: T) {
    if n <= capacity { return }
    var newCap = capacity
    while newCap < n { newCap *= 2 }
    let nb = UnsafeMutablePointer<T>.allocate(capacity: newCap)
    nb.initialize(repeating: initial, count: newCap)
    nb.update(from: base, count: Swift.min(keep, capacity))
    base.deallocate()
    base = nb
    capacity = newCap
  }

  @inline(__always)
  subscript(_ i: Int) -> T {
    get { base[i] }
    nonmutating set { base[i] = newValue }
  }

  func fill(_ value: T, count: Int) { base.update(repeating: value, count: Swift.min(count, capacity)) }

  func release() { base.deallocate() }
}

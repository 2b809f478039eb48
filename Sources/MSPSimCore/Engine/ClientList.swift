/// An unordered list of client indices (the clients still to adopt, the adopters
/// whose marketplace capture is ramping, this month's newcomers), stored in a
/// column the `ClientBook` grows with every other per-client column, so a list can
/// never outgrow its storage: it holds distinct clients of the book, at most
/// `ClientBook.count` of them.
struct ClientList: ~Copyable {
  private(set) var items: Column<Int32>
  private(set) var count = 0

  init(capacity: Int) { items = Column(capacity: capacity, initial: 0) }

  var capacity: Int { items.capacity }

  @inline(__always) subscript(_ position: Int) -> Int {
    ClientBook.check(position, count)
    return Int(items[position])
  }

  mutating func removeAll() { count = 0 }

  /// Grows the storage to `capacity` (the book's); called only by `ClientBook.grow`.
  mutating func grow(to capacity: Int) { items.ensure(capacity, keep: count, initial: 0) }

  /// Appends client `i`; `positions[i]` records where (when given).
  @inline(__always)
  mutating func append(_ i: Int, positions: borrowing Column<Int32>) {
    positions[i] = Int32(count)
    append(i)
  }

  @inline(__always)
  mutating func append(_ i: Int) {
    // The book grows every list with its columns before a client exists, and a list
    // holds each client at most once: this cannot fail unless that invariant broke.
    precondition(count < items.capacity, "client list overflow: \(count) of \(items.capacity)")
    items[count] = Int32(i)
    count += 1
  }

  /// Removes client `i` in O(1): the last entry takes its place.
  /// `positions[i]` is `i`'s place in this list; -1 afterwards.
  @inline(__always)
  mutating func remove(_ i: Int, positions: borrowing Column<Int32>) {
    let position = Int(positions[i])
    ClientBook.check(position, count)
    let last = items[count - 1]
    items[position] = last
    positions[Int(last)] = Int32(position)
    count -= 1
    positions[i] = -1
  }
}

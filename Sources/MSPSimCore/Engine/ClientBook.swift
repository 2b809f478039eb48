/// The client book of one model on one path (docs/model.md, "The client book"): every
/// per-client column and every per-client list, with one capacity and one growth
/// path, so no column or list can be indexed past its storage.
///
/// A struct of arrays in raw memory, reused path after path: `reset()` empties it
/// without freeing, `add()` grows every column and list together (by doubling)
/// before a client exists, and the storage frees itself with the book.
/// Clients are never reused within a path: index `i` is the i-th client added.
struct ClientBook: ~Copyable {
  /// Clients one model may add on one path (the initial book plus every arrival):
  /// about 60 bytes each, so a worker's book stays under ~250 MB per model.
  /// A scenario that goes past it stops with an error naming the keys that drive it.
  static let maximumClients = 1 << 22

  private(set) var capacity: Int
  /// Clients added on this path (the next client's index).
  private(set) var count = 0

  /// w_i: seats at join divided by the seat-growth factor at join.
  var weight: Column<Double>
  var active: Column<Bool>
  /// Month of adoption, -1 while not adopted.
  var adoptedAt: Column<Int32>
  /// Month the client leaves (Int32.max: not within the horizon).
  var churnAt: Column<Int32>
  var vcioFee: Column<Double>
  /// Sum of app tier prices x user share.
  var appValue: Column<Double>
  var commission: Column<Double>
  var marketState: Column<MarketState>
  /// A vCIO-only client: adopted at joining, no support contract (docs/model.md,
  /// "Bigger clients and vCIO-only clients").
  var vcioOnly: Column<Bool>
  /// Where a client not yet adopted stands in the sales funnel (docs/model.md, "The sales funnel").
  var funnel: Column<FunnelState>
  /// Position in `pending` or `ramping` (a client is in at most one), -1 in neither.
  var listPosition: Column<Int32>

  /// In the book, not adopted.
  var pending: ClientList
  /// Adopted, marketplace capture still ramping.
  var ramping: ClientList
  /// This month's arrivals that did not adopt at signup.
  var newcomers: ClientList

  init(capacity: Int = 256) {
    let c = Swift.max(1, capacity)
    self.capacity = c
    weight = Column(capacity: c, initial: 0)
    active = Column(capacity: c, initial: false)
    adoptedAt = Column(capacity: c, initial: -1)
    churnAt = Column(capacity: c, initial: Int32.max)
    vcioFee = Column(capacity: c, initial: 0)
    appValue = Column(capacity: c, initial: 0)
    commission = Column(capacity: c, initial: 0)
    marketState = Column(capacity: c, initial: .none)
    vcioOnly = Column(capacity: c, initial: false)
    funnel = Column(capacity: c, initial: .none)
    listPosition = Column(capacity: c, initial: -1)
    pending = ClientList(capacity: c)
    ramping = ClientList(capacity: c)
    newcomers = ClientList(capacity: c)
  }

  /// Empties the book for a new path (storage kept).
  mutating func reset() {
    count = 0
    pending.removeAll()
    ramping.removeAll()
    newcomers.removeAll()
  }

  /// Whether `n` more clients fit under `maximumClients`.
  func hasRoom(for n: Int) -> Bool { n <= Self.maximumClients - count }

  /// Adds a client with weight `w` (active, not adopted, no churn month yet) and
  /// returns its index. The one place the book grows.
  @inline(__always)
  mutating func add(weight w: Double) -> Int {
    let i = count
    if i == capacity { grow(to: i + 1) }
    count += 1
    weight[i] = w
    active[i] = true
    adoptedAt[i] = -1
    churnAt[i] = Int32.max
    vcioFee[i] = 0
    appValue[i] = 0
    commission[i] = 0
    marketState[i] = .none
    vcioOnly[i] = false
    funnel[i] = .none
    listPosition[i] = -1
    return i
  }

  /// Grows every column and list to at least `n`, together.
  private mutating func grow(to n: Int) {
    precondition(n <= Self.maximumClients, "client book past \(Self.maximumClients) clients (callers check hasRoom)")
    var c = capacity
    while c < n { c *= 2 }
    let keep = count
    weight.ensure(c, keep: keep, initial: 0)
    active.ensure(c, keep: keep, initial: false)
    adoptedAt.ensure(c, keep: keep, initial: -1)
    churnAt.ensure(c, keep: keep, initial: Int32.max)
    vcioFee.ensure(c, keep: keep, initial: 0)
    appValue.ensure(c, keep: keep, initial: 0)
    commission.ensure(c, keep: keep, initial: 0)
    marketState.ensure(c, keep: keep, initial: .none)
    vcioOnly.ensure(c, keep: keep, initial: false)
    funnel.ensure(c, keep: keep, initial: .none)
    listPosition.ensure(c, keep: keep, initial: -1)
    pending.grow(to: c)
    ramping.grow(to: c)
    newcomers.grow(to: c)
    capacity = c
  }

  // MARK: Lists

  @inline(__always) mutating func addPending(_ i: Int) { pending.append(i, positions: listPosition) }
  @inline(__always) mutating func removePending(_ i: Int) { pending.remove(i, positions: listPosition) }
  @inline(__always) mutating func addRamping(_ i: Int) { ramping.append(i, positions: listPosition) }
  @inline(__always) mutating func removeRamping(_ i: Int) { ramping.remove(i, positions: listPosition) }
  @inline(__always) mutating func addNewcomer(_ i: Int) { newcomers.append(i) }

  /// Index checks of the book's lists, under the same flag as `Column`'s.
  @inline(__always)
  static func check(_ i: Int, _ count: Int) { checkIndex(i, count) }
}

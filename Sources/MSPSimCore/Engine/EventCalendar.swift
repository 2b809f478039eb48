/// The events of one model on one path, bucketed by month (docs/model.md,
/// "The client book"): for each kind, a singly linked list per month in one shared pool,
/// so a month costs O(its events). Reused path after path; frees itself.
struct EventCalendar: ~Copyable {
  enum Kind: Int {
    /// `programEnd`: one capped marketplace program of a client stops paying; the
    /// event's `amount` is that program's share x rate (docs/model.md, "Marketplace programs").
    /// `funnel`: the client's next funnel stage is settled (docs/model.md, "The sales funnel").
    case churn, refresh, commissionEnd, programEnd, funnel
  }
  static let kinds = 5

  /// Months 1...months hold events; anything later is dropped (outside the horizon).
  let months: Int
  /// head[kind * (months + 2) + month]: first event of that month, -1 none.
  private var head: Column<Int32>
  private var client: Column<Int32>
  private var next: Column<Int32>
  /// A value carried by the event (only `programEnd` events set it).
  private var amount: Column<Double>
  private(set) var count = 0

  init(months: Int) {
    self.months = months
    head = Column(capacity: Self.kinds * (months + 2), initial: -1)
    client = Column(capacity: 1024, initial: 0)
    next = Column(capacity: 1024, initial: -1)
    amount = Column(capacity: 1024, initial: 0)
  }

  /// Empties every month for a new path (storage kept).
  mutating func reset() {
    head.fill(-1, count: Self.kinds * (months + 2))
    count = 0
  }

  /// Schedules an event of `kind` for client `i` in `month`; months after the
  /// horizon (and negative ones, which cannot occur) are ignored.
  @inline(__always)
  mutating func schedule(_ kind: Kind, month: Int, client i: Int, amount value: Double = 0) {
    guard month >= 0, month <= months else { return }
    if count == client.capacity {
      client.ensure(count + 1, keep: count, initial: 0)
      next.ensure(count + 1, keep: count, initial: -1)
      amount.ensure(count + 1, keep: count, initial: 0)
    }
    let h = kind.rawValue * (months + 2) + month
    client[count] = Int32(i)
    amount[count] = value
    next[count] = head[h]
    head[h] = Int32(count)
    count += 1
  }

  /// Moves event `e` (of a month already walked) to `month`, for the same client:
  /// a refresh falling due again reuses its event, so the pool holds at most one
  /// live refresh per client instead of one per refresh over the horizon. Linked at
  /// the head, as `schedule` would link a new event: the month's order is the same.
  @inline(__always)
  mutating func reschedule(_ e: Int, _ kind: Kind, month: Int) {
    guard month >= 0, month <= months else { return }
    let h = kind.rawValue * (months + 2) + month
    next[e] = head[h]
    head[h] = Int32(e)
  }

  /// The first event of `kind` in `month` (-1: none). Walk with `next(after:)`.
  @inline(__always)
  func first(_ kind: Kind, month: Int) -> Int { Int(head[kind.rawValue * (months + 2) + month]) }
  @inline(__always) func next(after e: Int) -> Int { Int(next[e]) }
  @inline(__always) func client(of e: Int) -> Int { Int(client[e]) }
  @inline(__always) func amount(of e: Int) -> Double { amount[e] }
}

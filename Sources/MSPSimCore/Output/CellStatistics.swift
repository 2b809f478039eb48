/// The numbers the tables print for each model's monthly, annual and summary cells
/// (`ResultTables.statisticsHeader`: mean, sd and the quantiles), computed once per
/// run. monthly.csv, the wide tables and the workbook's Monthly sheet print the same
/// cells' statistics, and each walked the cell's quantile sketch again
/// (docs/performance.md, "Writing the outputs").
struct CellStatistics: Sendable {
  /// Numbers per cell, in `ResultTables.statisticsHeader` order.
  static let width = ResultTables.statisticsHeader.count

  /// `width` numbers per cell, for every cell before the layout's pair cells.
  let values: [Double]

  /// Computes every cell's statistics, blocks of cells on whichever of the run's
  /// threads is free.
  ///
  /// - Complexity: one quantile walk per cell.
  init(_ result: RunResult) {
    let isCount = Self.countCells(result)
    let cells = isCount.count
    // Enough blocks to keep the threads busy to the end, each long enough to be worth a job.
    let blocks = Swift.max(1, Swift.min(4 * result.settings.threads, cells / 512))
    let jobs = (0..<blocks).map { b -> @Sendable () -> [Double] in
      let range = (cells * b / blocks)..<(cells * (b + 1) / blocks)
      return { Self.values(result, cells: range, isCount: isCount) }
    }
    values = OutputFiles.render(jobs, threads: result.settings.threads).flatMap { $0 }
  }

  /// The statistics of `cell`, in `ResultTables.statisticsHeader` order.
  func values(_ cell: Int) -> ArraySlice<Double> { values[(cell * Self.width)..<((cell + 1) * Self.width)] }

  /// The statistics of `cells`, one after another. Quantiles of client counts are
  /// rounded to whole clients: the sketch's representative values carry up to 0.15 %
  /// relative error (60.05 for 60), and a count's quantile is a count.
  static func values(_ result: RunResult, cells: Range<Int>, isCount: [Bool]) -> [Double] {
    let moments = result.moments
    let sketches = result.sketches
    var out: [Double] = []
    out.reserveCapacity(cells.count * width)
    for cell in cells {
      out.append(moments[cell].mean)
      out.append(moments[cell].sd)
      let q = sketches[cell].quantiles(ResultTables.quantileLevels)
      out += isCount[cell] ? q.map(Self.wholeCount) : q
    }
    return out
  }

  /// A quantile of a count as every output prints it: whole (the sketch's
  /// representative values carry up to 0.15 % relative error).
  static func wholeCount(_ quantile: Double) -> Double { quantile.rounded() }

  /// The median of summary metric `f` of model `model` (which has a funnel) as
  /// summary.csv prints it: whole for the counts of assessments and closes. The
  /// terminal, the report and the workbook read it here, so that no output shows
  /// 246.81 where summary.csv has 247.
  static func funnelMedian(_ result: RunResult, model: Int, _ f: FunnelSummary) -> Double {
    let layout = result.models[model].layout
    guard let first = layout.summaryFirstFunnel else { preconditionFailure("model \(model) has no funnel") }
    let q = result.sketches[result.layout.summary(model: model, metric: first + f.index)].quantile(0.5)
    return ResultTables.isCount(f.rawValue) ? wholeCount(q) : q
  }

  /// For every cell before the pair cells: whether its metric counts clients or
  /// people (`ResultTables.isCount`).
  static func countCells(_ result: RunResult) -> [Bool] {
    let L = result.layout
    var flags = [Bool](repeating: false, count: L.pairBase)
    for (mi, m) in result.models.enumerated() {
      for (k, name) in m.layout.names.enumerated() where ResultTables.isCount(name) {
        for t in 1...result.months { flags[L.monthly(model: mi, metric: k, month: t)] = true }
        for y in 1...result.years { flags[L.annual(model: mi, metric: k, year: y)] = true }
      }
      for (k, name) in m.layout.summaryNames.enumerated() where ResultTables.isCount(name) {
        flags[L.summary(model: mi, metric: k)] = true
      }
    }
    return flags
  }
}

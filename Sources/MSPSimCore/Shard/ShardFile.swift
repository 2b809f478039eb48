import Foundation

/// A shard file, `shard.bin` (docs/outputs.md, "Shard files"): one line of JSON
/// (`ShardHeader`) ending in a newline, then the body, whose length and SHA-256 the
/// header gives, so a truncated or altered file is refused by name.
///
/// A run shard's body holds its exact accumulator state: its merge-tree nodes of
/// moments, every cell's quantile sketch, the pair counts and the clamp counts. A
/// sweep shard's body holds its grid points' rows of sweep.csv, bit for bit.
public struct ShardFile: Sendable {
  public static let fileName = "shard.bin"

  public var header: ShardHeader
  /// The body (decoded by the merge, which knows the run's layout).
  let body: [UInt8]

  init(header: ShardHeader, body: [UInt8]) {
    var header = header
    header.bodyBytes = body.count
    header.bodySHA256 = SHA256.hex(body)
    self.header = header
    self.body = body
  }

  /// A file read back, its header already checked against its body.
  private init(verified header: ShardHeader, body: [UInt8]) {
    self.header = header
    self.body = body
  }

  /// The file's bytes.
  public func data() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    var data = try encoder.encode(header)
    data.append(0x0A)
    data.append(contentsOf: body)
    return data
  }

  /// A run shard of `accumulator`.
  public init(header: ShardHeader, accumulator a: RunAccumulator) {
    var w = ShardBytesWriter()
    w.count(a.firstPath)
    w.count(a.paths)
    w.count(a.momentTree.nodes.count)
    for node in a.momentTree.nodes {
      w.count(node.level)
      w.count(node.index)
      for m in node.moments {
        w.count(m.count)
        w.double(m.mean)
        w.double(m.m2)
      }
    }
    for s in a.sketches { s.write(to: &w) }
    w.count(a.pairs.count)
    for p in a.pairs {
      for n in [p.better, p.crossed, p.valueBetter, p.valleys] { w.count(n) }
      for histogram in [p.crossoverHistogram, p.valleyHistogram] {
        w.count(histogram.count)
        for n in histogram { w.count(n) }
      }
    }
    w.count(a.clampCounts.count)
    for row in a.clampCounts {
      w.count(row.count)
      for n in row { w.count(n) }
    }
    self.init(header: header, body: w.bytes)
  }

  /// The accumulator state of a run shard, in `layout` (the merge's plan's).
  ///
  /// - Throws: `ShardBytesReader.Failure` when the body does not fit the layout.
  func accumulator(layout: CellLayout) throws(ShardBytesReader.Failure) -> RunAccumulator {
    var r = ShardBytesReader(body)
    var a = RunAccumulator(layout: layout)
    let limit = Scenario.maxPaths
    a.firstPath = try r.count(limit: limit)
    a.paths = try r.count(limit: limit)
    guard a.firstPath == header.first, a.firstPath + a.paths == header.end else {
      throw .malformed("the body's paths \(a.firstPath)..<\(a.firstPath + a.paths) are not the header's")
    }
    var nodes: [MomentTree.Node] = []
    for _ in 0..<(try r.count(limit: 128)) {
      let level = try r.count(limit: 62)
      let index = try r.count(limit: limit)
      var moments = [Moments](repeating: Moments(), count: layout.count)
      for i in moments.indices {
        moments[i].count = try r.count(limit: limit)
        moments[i].mean = try r.double()
        moments[i].m2 = try r.double()
      }
      nodes.append(MomentTree.Node(level: level, index: index, moments: moments))
    }
    a.momentTree = MomentTree(nodes: nodes)
    for i in a.sketches.indices { a.sketches[i] = try QuantileSketch(reading: &r, maxCount: a.paths) }
    guard try r.count(limit: layout.pairCount) == layout.pairCount else {
      throw .malformed("another number of model pairs")
    }
    for i in a.pairs.indices {
      var p = PairCounts(months: layout.months)
      p.better = try r.count(limit: limit)
      p.crossed = try r.count(limit: limit)
      p.valueBetter = try r.count(limit: limit)
      p.valleys = try r.count(limit: limit)
      for k in 0..<2 {
        let n = try r.count(limit: layout.months + 1)
        guard n == layout.months + 1 else { throw .malformed("a histogram of another horizon") }
        var histogram: [Int] = []
        for _ in 0..<n { histogram.append(try r.count(limit: limit)) }
        if k == 0 { p.crossoverHistogram = histogram } else { p.valleyHistogram = histogram }
      }
      a.pairs[i] = p
    }
    guard try r.count(limit: a.clampCounts.count) == a.clampCounts.count else {
      throw .malformed("another number of models")
    }
    for m in a.clampCounts.indices {
      guard try r.count(limit: a.clampCounts[m].count) == a.clampCounts[m].count else {
        throw .malformed("another number of clamped keys")
      }
      for k in a.clampCounts[m].indices { a.clampCounts[m][k] = try r.count(limit: Int.max) }
    }
    guard r.isAtEnd else { throw .malformed("bytes after the clamp counts") }
    return a
  }

  /// A sweep shard of `rows` (its grid points' rows, in grid order).
  public init(header: ShardHeader, sweepRows rows: [SweepResult.Row]) {
    var w = ShardBytesWriter()
    w.count(rows.count)
    for row in rows {
      w.count(row.point.count)
      for x in row.point { w.double(x) }
      w.string(row.model)
      for x in [row.npvMean, row.npvP5, row.npvP50, row.npvP95, row.revenueLastYearP50] { w.double(x) }
      if let p = row.probabilityBeatsBaseline {
        w.count(1)
        w.double(p)
      } else {
        w.count(0)
      }
    }
    self.init(header: header, body: w.bytes)
  }

  /// The rows of a sweep shard.
  func sweepRows() throws(ShardBytesReader.Failure) -> [SweepResult.Row] {
    var r = ShardBytesReader(body)
    var rows: [SweepResult.Row] = []
    for _ in 0..<(try r.count(limit: 1 << 24)) {
      var point: [Double] = []
      for _ in 0..<(try r.count(limit: 64)) { point.append(try r.double()) }
      let model = try r.string(limit: 1 << 16)
      let v = [try r.double(), try r.double(), try r.double(), try r.double(), try r.double()]
      let beats: Double? = try r.count(limit: 1) == 1 ? try r.double() : nil
      rows.append(
        SweepResult.Row(
          point: point, model: model, npvMean: v[0], npvP5: v[1], npvP50: v[2], npvP95: v[3],
          probabilityBeatsBaseline: beats, revenueLastYearP50: v[4]))
    }
    guard r.isAtEnd else { throw .malformed("bytes after the last row") }
    return rows
  }

  /// Reads and checks a shard file: `path` is the file or the folder holding `shard.bin`.
  ///
  /// - Throws: `ScenarioError` naming the file and why it is not a whole shard file
  ///   of a format this mspsim reads.
  public static func read(path: String) throws(ScenarioError) -> ShardFile {
    let location = Location(path)
    guard let data = FileManager.default.contents(atPath: location.file) else { throw location.unreadable() }
    guard let newline = data.firstIndex(of: 0x0A) else {
      throw location.refuse("not a shard file, or truncated inside its header (no header line)")
    }
    let header = try location.header(from: Data(data[..<newline]))
    let body = [UInt8](data[(newline + 1)...])
    try location.check(bodyBytes: body.count, against: header)
    guard SHA256.hex(body) == header.bodySHA256 else {
      throw location.refuse("its body does not match its SHA-256 (the file was altered or damaged)")
    }
    return ShardFile(verified: header, body: body)
  }

  /// Reads and checks a shard file's header, and the length of its body against the
  /// header's, without reading the body (`mspsim merge` checks every header before
  /// it reads a body: docs/scale-out.md, "Merging").
  ///
  /// - Throws: `ScenarioError` as `read(path:)` does, but for a body whose bytes do
  ///   not match its SHA-256, which only `read(path:)` finds.
  public static func readHeader(path: String) throws(ScenarioError) -> ShardHeader {
    let location = Location(path)
    guard let handle = FileHandle(forReadingAtPath: location.file) else { throw location.unreadable() }
    defer { try? handle.close() }
    // The header's JSON escapes every newline of the scenario text in it, so the
    // file's first newline ends the header.
    var head = Data()
    var newline: Data.Index?
    while newline == nil, let piece = try? handle.read(upToCount: 1 << 16), !piece.isEmpty {
      let searched = head.endIndex
      head.append(piece)
      newline = head[searched...].firstIndex(of: 0x0A)
    }
    guard let newline else {
      throw location.refuse("not a shard file, or truncated inside its header (no header line)")
    }
    let header = try location.header(from: Data(head[..<newline]))
    guard let size = try? handle.seekToEnd() else { throw location.unreadable() }
    try location.check(bodyBytes: Int(size) - (newline - head.startIndex) - 1, against: header)
    return header
  }

  /// Where a shard path points, and how its problems are reported.
  private struct Location {
    let path: String
    let file: String
    let isFolder: Bool

    init(_ path: String) {
      var folder: ObjCBool = false
      let exists = FileManager.default.fileExists(atPath: path, isDirectory: &folder)
      self.path = path
      isFolder = exists && folder.boolValue
      file = isFolder ? (path as NSString).appendingPathComponent(ShardFile.fileName) : path
    }

    func refuse(_ message: String) -> ScenarioError {
      ScenarioError([ScenarioIssue(file: file, line: 1, column: 1, keyPath: "shard", message: message)])
    }

    func unreadable() -> ScenarioError {
      refuse(
        isFolder
          ? "no \(ShardFile.fileName) in this folder (allowed: a folder that `mspsim run --shard` or `sweep --shard` wrote, or its \(ShardFile.fileName))"
          : "cannot be read (allowed: a shard folder or its \(ShardFile.fileName))")
    }

    /// The header line's JSON, checked for the format and its version first.
    func header(from headerData: Data) throws(ScenarioError) -> ShardHeader {
      let decoder = JSONDecoder()
      guard let preamble = try? decoder.decode(ShardHeader.Preamble.self, from: headerData),
        preamble.format == ShardHeader.formatName
      else { throw refuse("not a shard file (its first line is not an \(ShardHeader.formatName) header)") }
      guard preamble.formatVersion == ShardHeader.currentFormatVersion else {
        throw refuse(
          "shard format version \(preamble.formatVersion); this mspsim (\(RunRecord.toolVersion)) reads version \(ShardHeader.currentFormatVersion)"
        )
      }
      do { return try decoder.decode(ShardHeader.self, from: headerData) } catch {
        throw refuse("its header does not parse: \(error)")
      }
    }

    /// The body's length against the header's.
    func check(bodyBytes count: Int, against header: ShardHeader) throws(ScenarioError) {
      guard count >= header.bodyBytes else {
        throw refuse("truncated: \(count) of its \(header.bodyBytes) body bytes")
      }
      guard count == header.bodyBytes else {
        throw refuse("\(count - header.bodyBytes) bytes after its end (allowed: the file as written)")
      }
    }
  }
}

import Foundation

/// A failure to write results (exit code 1), naming the path.
public struct OutputError: Error, CustomStringConvertible {
  public var path: String
  public var reason: String
  public var description: String { "cannot write results to \(path): \(reason)" }
}

/// The temporary files being written now, so an interrupt (SIGINT/SIGTERM) can
/// remove them before the process exits.
public enum TemporaryFiles {
  static let paths = Locked<Set<String>>([])

  static func add(_ p: String) { _ = paths.withLock { $0.insert(p) } }
  static func remove(_ p: String) { _ = paths.withLock { $0.remove(p) } }

  /// Deletes every temporary file still registered (called on interrupt).
  public static func removeAll() {
    let all = paths.withLock { s -> Set<String> in
      let c = s
      s.removeAll()
      return c
    }
    for p in all { unlink(p) }
  }
}

/// Writes a run's files into a folder, whole or not at all: each file goes to a
/// temporary name in the folder, and only when every file is complete are they
/// renamed over their final names (rename(2) replaces atomically), so a previous
/// run's results stay intact until the new ones replace them.
public struct OutputFolder {
  public let path: String

  public init(path: String) { self.path = path }

  /// Creates the folder if needed and checks it can be written, before any
  /// simulation time is spent.
  ///
  /// - Returns: the folders it made, outermost first (for `removeIfEmpty`).
  /// - Throws: `OutputError` naming the path (a file in its place, permissions, ...).
  @discardableResult
  public func prepare() throws(OutputError) -> [String] {
    var made: [String] = []
    guard !path.isEmpty else { throw OutputError(path: "''", reason: "an empty name is not a folder") }
    var isDir: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
      guard isDir.boolValue else {
        throw OutputError(path: path, reason: "a file of that name is in the way (the output folder must be a folder)")
      }
    } else {
      made = try Self.createFolders(path)
    }
    let probe = (path as NSString).appendingPathComponent(".mspsim-write-check-\(getpid())")
    guard FileManager.default.createFile(atPath: probe, contents: Data("ok".utf8)) else {
      Self.removeIfEmpty(made)
      throw OutputError(path: path, reason: "the folder is not writable (permissions or a read-only or full disk)")
    }
    unlink(probe)
    return made
  }

  /// Removes `folders` (as `prepare` returned them), innermost first, each only while
  /// it is empty.
  public static func removeIfEmpty(_ folders: [String]) {
    for folder in folders.reversed() { rmdir(folder) }
  }

  /// Writes every text file (name, contents) whole, as UTF-8, then renames them into place.
  ///
  /// - Throws: `OutputError`; no temporary file is left behind and no final file is touched.
  public func write(_ files: [(name: String, contents: String)]) throws(OutputError) {
    try write(files.map { (name: $0.name, data: Data($0.contents.utf8)) })
  }

  /// Writes every file (name, bytes) whole, then renames them into place.
  ///
  /// - Throws: `OutputError`; no temporary file is left behind and no final file is touched.
  public func write(_ files: [(name: String, data: Data)]) throws(OutputError) {
    var temps: [(temp: String, final: String)] = []
    func cleanUp() {
      for t in temps {
        unlink(t.temp)
        TemporaryFiles.remove(t.temp)
      }
    }
    for f in files {
      let final = (path as NSString).appendingPathComponent(f.name)
      let temp = (path as NSString).appendingPathComponent(".\(f.name).tmp-\(getpid())")
      TemporaryFiles.add(temp)
      temps.append((temp, final))
      do {
        try Self.writeFully(temp, f.data)
      } catch {
        cleanUp()
        throw OutputError(path: final, reason: error.description)
      }
    }
    for t in temps {
      if rename(t.temp, t.final) != 0 {
        let reason = String(cString: strerror(errno))
        cleanUp()
        throw OutputError(path: t.final, reason: reason)
      }
      TemporaryFiles.remove(t.temp)
    }
  }

  /// `mkdir -p`, one folder at a time, so a failure names the folder that could not
  /// be made and why in the system's words ("Not a directory": a file is in the way).
  ///
  /// - Returns: the folders made, outermost first.
  static func createFolders(_ path: String) throws(OutputError) -> [String] {
    var made: [String] = []
    var prefix = path.hasPrefix("/") ? "/" : ""
    for part in path.split(separator: "/") {
      prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + part
      if mkdir(prefix, 0o777) == 0 {
        made.append(prefix)
        continue
      }
      let failure = errno
      if failure == EEXIST, isFolder(prefix) { continue }
      removeIfEmpty(made)
      if failure == EEXIST {
        throw OutputError(path: path, reason: "the folder cannot be created: \(prefix) is a file, not a folder")
      }
      throw OutputError(
        path: path, reason: "the folder cannot be created: \(prefix): \(String(cString: strerror(failure)))")
    }
    return made
  }

  /// Whether `path` exists and is a folder (following links).
  static func isFolder(_ path: String) -> Bool {
    var status = stat()
    return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
  }

  struct WriteFailure: Error, CustomStringConvertible { var description: String }

  /// write(2) until every byte is out, then fsync: a full disk surfaces here, not later.
  static func writeFully(_ path: String, _ data: Data) throws(WriteFailure) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw WriteFailure(description: String(cString: strerror(errno))) }
    var failure: String?
    data.withUnsafeBytes { (buf: UnsafeRawBufferPointer) in
      var off = 0
      while off < buf.count {
        let n = Foundation.write(fd, buf.baseAddress! + off, buf.count - off)
        if n < 0 {
          if errno == EINTR { continue }
          failure = String(cString: strerror(errno))
          return
        }
        off += n
      }
    }
    if failure == nil, fsync(fd) != 0, errno != EINVAL { failure = String(cString: strerror(errno)) }
    if close(fd) != 0, failure == nil { failure = String(cString: strerror(errno)) }
    if let failure { throw WriteFailure(description: failure) }
  }

}

import Foundation

/// What a command prints on standard output, written with write(2) as it is printed.
///
/// Why not `print`: stdio buffers it, and a write that fails when the buffer is
/// flushed (a full disk behind `mspsim init > my.yaml`) is only flagged on the
/// stream, which Swift 6 cannot read (`stdout` is a C global); the command then
/// exited 0 having written nothing. Here a failed write throws, and `MSPSim.main`
/// reports it and exits 1 (docs/errors.md, "Output errors").
enum StandardOutput {
  struct Failure: Error, CustomStringConvertible {
    var reason: String
    var description: String { "cannot write to standard output: \(reason)" }
  }

  /// Writes `text` and a line end (`terminator`), every byte or a `Failure`.
  static func print(_ text: String, terminator: String = "\n") throws(Failure) {
    let bytes = Array((text + terminator).utf8)
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress! + offset, $0.count - offset) }
      if written < 0 {
        if errno == EINTR { continue }
        throw Failure(reason: String(cString: strerror(errno)))
      }
      offset += written
    }
  }
}

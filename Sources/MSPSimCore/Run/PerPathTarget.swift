import Foundation

/// The checks on `--per-path FILE.csv` that keep it from replacing what it must not
/// (docs/errors.md, "Errors and exit codes"): every one is a command-line mistake
/// (exit 2) found before anything is written.
enum PerPathTarget {
  /// Before the run: the file has a name, is not a folder, and is not the scenario
  /// being run.
  ///
  /// - Throws: `ScenarioError` naming `--per-path` and what is allowed.
  static func check(_ file: String, scenarioPath: String?) throws(ScenarioError) {
    let name = Runner.name(of: file)
    if name.isEmpty || name == "." || name == ".." {
      throw refusal(file, "names a folder, not a file")
    }
    if OutputFolder.isFolder(file) { throw refusal(file, "is a folder") }
    if let scenarioPath, sameFile(file, scenarioPath) {
      throw refusal(file, "is the scenario file being run, which it would replace")
    }
  }

  /// After the run, before any file is written: the file is none of the run's own
  /// files `names` in `folder`.
  ///
  /// - Throws: `ScenarioError` naming `--per-path` and the file it would replace.
  static func checkApart(_ file: String, from names: [String], in folder: String) throws(ScenarioError) {
    let name = Runner.name(of: file)
    if names.contains(name), sameFile(Runner.folder(of: file), folder) {
      throw refusal(file, "is the run's own \(name) in \(folder), which it would replace")
    }
  }

  /// Whether both paths exist and are the same file (device and inode), however written.
  static func sameFile(_ a: String, _ b: String) -> Bool {
    var sa = stat()
    var sb = stat()
    guard stat(a, &sa) == 0, stat(b, &sb) == 0 else { return false }
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
  }

  static func refusal(_ file: String, _ problem: String) -> ScenarioError {
    ScenarioError([
      ScenarioIssue(
        file: "command line", line: 1, column: 1, keyPath: "--per-path",
        message: "'\(file)' \(problem) (allowed: a CSV file of its own, e.g. --per-path paths.csv)")
    ])
  }
}

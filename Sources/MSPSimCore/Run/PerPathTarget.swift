import Foundation

/// The checks on `--per-path FILE.csv` that keep it from replacing what it must not
/// (docs/errors.md, "Errors and exit codes"): every one is a command-line mistake
/// (exit 2) found before anything is written.
enum PerPathTarget {
  /// Before the run: the file has a name, lies in a folder (no file on its way
  /// there), is not a folder, and is not the scenario being run.
  ///
  /// Called twice (`Runner.run`): before anything is made, and again once the output
  /// folders exist, as a path through a folder the run itself makes resolves only
  /// then (`--per-path out/../my.yaml` with `out` new is the scenario file).
  ///
  /// - Throws: `ScenarioError` naming `--per-path` and what is allowed.
  static func check(_ file: String, scenarioPath: String?, outputFolder: String) throws(ScenarioError) {
    let name = Runner.name(of: file)
    if name.isEmpty || name == "." || name == ".." {
      throw refusal(file, "names a folder, not a file")
    }
    if let blocker = fileOnTheWay(to: Runner.folder(of: file)) {
      throw refusal(file, "lies under '\(blocker)', which is a file, not a folder")
    }
    if OutputFolder.isFolder(file) {
      throw refusal(file, sameFile(file, outputFolder) ? "is the run's output folder" : "is a folder")
    }
    if let scenarioPath, sameFile(file, scenarioPath) {
      throw refusal(file, "is the scenario file being run, which it would replace")
    }
  }

  /// The first leading part of `folder` that exists and is not a folder, if any.
  static func fileOnTheWay(to folder: String) -> String? {
    var prefix = folder.hasPrefix("/") ? "/" : ""
    for part in folder.split(separator: "/") {
      prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + part
      var status = stat()
      if stat(prefix, &status) == 0, (status.st_mode & S_IFMT) != S_IFDIR { return prefix }
    }
    return nil
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

/// Every file of a run, as (name, contents), in the order they are listed
/// (docs/outputs.md): the CSV tables, run.json, sensitivity.csv with
/// `--sensitivity`, and the charts unless turned off. A function of the result
/// alone; `OutputFolder.write` puts them on disk whole.
public enum OutputFiles {
  public static func render(_ result: RunResult, charts: Bool = true) -> [(name: String, contents: String)] {
    let tables = ResultTables(result)
    var files: [(name: String, contents: String)] = [
      ("monthly.csv", tables.monthly()), ("annual.csv", tables.annual()), ("summary.csv", tables.summary()),
      ("compare.csv", tables.compare()), ("run.json", RunRecord(result).json()),
    ]
    if let rows = result.sensitivity { files.append(("sensitivity.csv", SensitivityTable.csv(rows))) }
    if charts { files += Charts.render(result) }
    return files
  }
}

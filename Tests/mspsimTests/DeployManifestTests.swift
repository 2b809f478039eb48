import Foundation
import MSPSimTestSupport
import XCTest
import Yams

/// deploy/k8s/indexed-job.yaml (docs/scale-out.md, "Kubernetes"): there is no cluster
/// here, so the manifest is parsed as Kubernetes would read it and its two container
/// commands are run as the pods would run them (`sh -c`, with the Job's environment
/// and `JOB_COMPLETION_INDEX` 0 ..< completions), against the built `mspsim`, with
/// the volumes as local folders. The merged files must equal one run's.
final class DeployManifestTests: XCTestCase {
  /// A container's `sh -c` line and its environment.
  struct Container {
    var script: String
    var environment: [String: String]
    var mounts: [String]
  }

  func container(_ document: Any?, file: StaticString = #filePath, line: UInt = #line) throws -> (
    spec: [String: Any], container: Container
  ) {
    let job = try XCTUnwrap(document as? [String: Any], "a YAML mapping", file: file, line: line)
    XCTAssertEqual(job["apiVersion"] as? String, "batch/v1", file: file, line: line)
    XCTAssertEqual(job["kind"] as? String, "Job", file: file, line: line)
    let spec = try XCTUnwrap(job["spec"] as? [String: Any], file: file, line: line)
    let pod = try XCTUnwrap((spec["template"] as? [String: Any])?["spec"] as? [String: Any], file: file, line: line)
    XCTAssertEqual(pod["restartPolicy"] as? String, "Never", file: file, line: line)
    let containers = try XCTUnwrap(pod["containers"] as? [[String: Any]], file: file, line: line)
    XCTAssertEqual(containers.count, 1, file: file, line: line)
    let command = try XCTUnwrap(containers[0]["command"] as? [String], file: file, line: line)
    XCTAssertEqual(command.count, 3, file: file, line: line)
    XCTAssertEqual(Array(command.prefix(2)), ["sh", "-c"], file: file, line: line)
    var environment: [String: String] = [:]
    for entry in containers[0]["env"] as? [[String: Any]] ?? [] {
      if let name = entry["name"] as? String, let value = entry["value"] as? String { environment[name] = value }
    }
    let mounts = (containers[0]["volumeMounts"] as? [[String: Any]] ?? []).compactMap { $0["mountPath"] as? String }
    return (spec, Container(script: command[2], environment: environment, mounts: mounts))
  }

  /// Runs `script` with `sh -c` as a pod would, `mspsim` on the PATH.
  func runPod(_ script: String, environment: [String: String], bin: URL) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", script]
    var env = ProcessInfo.processInfo.environment
    env["PATH"] = bin.path + ":" + (env["PATH"] ?? "/usr/bin:/bin")
    for (k, v) in environment { env[k] = v }
    process.environment = env
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  func testIndexedJobAndMergeJobRunTheCLIAndMergeToOneRun() throws {
    let binary = try XCTUnwrap(CLI.binary, "the mspsim executable")
    let url = Fixtures.repositoryRoot.appendingPathComponent("deploy/k8s/indexed-job.yaml")
    let documents = Array(try Yams.load_all(yaml: try String(contentsOf: url, encoding: .utf8)))
    XCTAssertEqual(documents.count, 2, "the shard Job and the merge Job")
    let (shardSpec, shard) = try container(documents[0])
    let (_, merge) = try container(documents[1])
    XCTAssertEqual(shardSpec["completionMode"] as? String, "Indexed")
    let completions = try XCTUnwrap(shardSpec["completions"] as? Int)
    XCTAssertEqual(shard.environment["SHARDS"], "\(completions)", "SHARDS must equal completions")
    XCTAssertEqual(merge.environment["SHARDS"], "\(completions)", "the merge's SHARDS must equal completions")
    XCTAssertTrue(shard.mounts.contains("/shards") && shard.mounts.contains("/scenarios"), "\(shard.mounts)")
    XCTAssertTrue(merge.mounts.contains("/shards"), "\(merge.mounts)")
    XCTAssertTrue(shard.script.contains("mspsim run") && shard.script.contains("--shard"), shard.script)
    XCTAssertTrue(merge.script.contains("mspsim merge"), merge.script)

    // The volumes as local folders, the scenario ConfigMap as a file in one.
    let root = temporaryFolder(create: true)
    let fm = FileManager.default
    let bin = root.appendingPathComponent("bin")
    try fm.createDirectory(at: bin, withIntermediateDirectories: true)
    try fm.createSymbolicLink(at: bin.appendingPathComponent("mspsim"), withDestinationURL: binary)
    let volumes = root.appendingPathComponent("shards").path
    let scenarios = root.appendingPathComponent("scenarios")
    try fm.createDirectory(atPath: volumes, withIntermediateDirectories: true)
    try fm.createDirectory(at: scenarios, withIntermediateDirectories: true)
    try fm.copyItem(at: Fixtures.defaultScenario, to: scenarios.appendingPathComponent("scenario.yaml"))
    func local(_ script: String) -> String {
      script.replacingOccurrences(of: "/shards", with: volumes).replacingOccurrences(
        of: "/scenarios", with: scenarios.path)
    }
    // The manifest's run options, with fewer paths so the test takes seconds.
    var shardEnvironment = shard.environment
    let arguments = try XCTUnwrap(shardEnvironment["MSPSIM_ARGS"])
    let paths = try XCTUnwrap(arguments.range(of: #"--paths [0-9]+"#, options: .regularExpression))
    shardEnvironment["MSPSIM_ARGS"] = arguments.replacingCharacters(in: paths, with: "--paths 600")
    for k in 0..<completions {
      shardEnvironment["JOB_COMPLETION_INDEX"] = "\(k)"
      let pod = try runPod(local(shard.script), environment: shardEnvironment, bin: bin)
      XCTAssertEqual(pod.status, 0, "shard pod \(k): \(pod.output)")
    }
    let pod = try runPod(local(merge.script), environment: merge.environment, bin: bin)
    XCTAssertEqual(pod.status, 0, "merge pod: \(pod.output)")

    let single = root.appendingPathComponent("single").path
    let options = (shardEnvironment["MSPSIM_ARGS"] ?? "").split(separator: " ").map(String.init)
    let r = try CLI.run(["run", Fixtures.defaultScenario.path, "--out", single, "--quiet"] + options)
    XCTAssertEqual(r.status, 0, "\(r)")
    let merged = volumes + "/merged"
    let names = listing(URL(fileURLWithPath: single)).filter { $0.hasSuffix(".csv") || $0.hasSuffix(".svg") }
    XCTAssertGreaterThanOrEqual(names.count, 8)
    for name in names {
      XCTAssertEqual(
        fm.contents(atPath: single + "/" + name), fm.contents(atPath: merged + "/" + name), "\(name) differs")
    }
  }
}

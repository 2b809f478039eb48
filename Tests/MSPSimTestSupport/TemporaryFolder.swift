import Foundation
import XCTest

extension XCTestCase {
  /// A fresh, unique folder path under the system temporary folder, removed after the test.
  /// The folder itself is not created unless `create` is true (so `--out` can create it).
  public func temporaryFolder(create: Bool = false, file: StaticString = #filePath, line: UInt = #line) -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("mspsimTests-\(UUID().uuidString)", isDirectory: true)
    if create {
      XCTAssertNoThrow(
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true), file: file, line: line)
    }
    addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
  }

  /// The names in a folder, hidden ones included, sorted; [] when it does not exist.
  public func listing(_ folder: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
  }

  /// Reads a file as UTF-8 text, failing the test when it is missing or not UTF-8.
  public func readText(_ url: URL, file: StaticString = #filePath, line: UInt = #line) -> String? {
    guard let data = FileManager.default.contents(atPath: url.path) else {
      XCTFail("missing file \(url.path)", file: file, line: line)
      return nil
    }
    guard let s = String(data: data, encoding: .utf8) else {
      XCTFail("\(url.lastPathComponent) is not valid UTF-8", file: file, line: line)
      return nil
    }
    return s
  }
}

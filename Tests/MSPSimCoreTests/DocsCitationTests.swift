import Foundation
import MSPSimTestSupport
import XCTest

/// Comments cite the project's own docs as `docs/FILE.md, "Section"`. Every such
/// citation in Sources/ and Tests/ must name a file in docs/ and (part of) one of
/// its headings, and nothing may point outside the project (`../shared`).
final class DocsCitationTests: XCTestCase {
  static let root = Fixtures.repositoryRoot

  func swiftFiles() throws -> [URL] {
    var files: [URL] = []
    for folder in ["Sources", "Tests", "Benchmarks/Benchmarks"] {
      let base = Self.root.appendingPathComponent(folder)
      guard let e = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { continue }
      for case let url as URL in e where url.pathExtension == "swift" || url.pathExtension == "h" { files.append(url) }
    }
    return files
  }

  func testEveryCitedSectionExists() throws {
    var headings: [String: [String]] = [:]
    let docs = Self.root.appendingPathComponent("docs")
    for name in try FileManager.default.contentsOfDirectory(atPath: docs.path) where name.hasSuffix(".md") {
      let text = try String(contentsOf: docs.appendingPathComponent(name), encoding: .utf8)
      headings[name] = text.split(separator: "\n").filter { $0.hasPrefix("#") }.map {
        $0.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces).lowercased()
      }
    }
    let citation = try NSRegularExpression(pattern: #"docs/([\w-]+\.md),?\s*"([^"]+)""#)
    let continuation = try NSRegularExpression(pattern: #"\n\s*//[/]? ?"#)
    var checked = 0
    for file in try swiftFiles() where file.lastPathComponent != "DocsCitationTests.swift" {
      let raw = try String(contentsOf: file, encoding: .utf8)
      XCTAssertFalse(raw.contains("../shared"), "\(file.lastPathComponent) points outside the project")
      // Comments wrap: join continued comment lines before matching.
      let text = continuation.stringByReplacingMatches(
        in: raw, range: NSRange(raw.startIndex..., in: raw),
        withTemplate: " ")
      for m in citation.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
        let doc = String(text[Range(m.range(at: 1), in: text)!])
        let section = String(text[Range(m.range(at: 2), in: text)!]).lowercased()
        guard let list = headings[doc] else {
          XCTFail("\(file.lastPathComponent) cites docs/\(doc), which does not exist")
          continue
        }
        XCTAssertTrue(
          list.contains { $0.contains(section) },
          "\(file.lastPathComponent) cites docs/\(doc), \"\(section)\": no such heading")
        checked += 1
      }
    }
    XCTAssertGreaterThan(checked, 50, "the pattern found the citations")
  }
}

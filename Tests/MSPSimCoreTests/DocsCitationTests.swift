import Foundation
import MSPSimTestSupport
import XCTest

/// The project documents itself. Comments, scenarios and docs cite the project's own
/// docs as `docs/FILE.md, "Section"` (or `, "A", "B"`, `("A")`, `: "A"`): every title
/// cited must be (part of) a heading of that file. Markdown links `FILE.md#anchor`
/// in docs/ and README.md must reach a heading. And nothing may point outside the
/// project: not at `../shared`, nor at the spec files a user does not have.
final class DocsCitationTests: XCTestCase {
  static let root = Fixtures.repositoryRoot

  /// What a pointer outside the project looks like. Spelled in pieces so this file
  /// does not match itself.
  static let outside = ["../" + "shared", "shared/" + "spec", "FIGURES" + ".md", "MODEL" + ".md", "INTERFACE" + ".md"]

  /// Every file of the project with text a user reads: sources, tests, benchmarks,
  /// scripts, scenarios, fixtures, deployment files and docs.
  func projectFiles() throws -> [URL] {
    let kinds: Set<String> = ["swift", "h", "yaml", "yml", "md", "sh", "json", "html", "txt"]
    var files: [URL] = []
    for folder in ["Sources", "Tests", "Benchmarks", "Scenarios", "scripts", "deploy", "docs", ".ci"] {
      let base = Self.root.appendingPathComponent(folder)
      guard let e = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { continue }
      for case let url as URL in e where !url.path.contains("/.build") {
        if kinds.contains(url.pathExtension) || url.deletingLastPathComponent().lastPathComponent == ".ci" {
          files.append(url)
        }
      }
    }
    files.append(Self.root.appendingPathComponent("README.md"))
    return files
  }

  /// Each doc's headings, lowercased, without the leading #s.
  func headings() throws -> [String: [String]] {
    var headings: [String: [String]] = [:]
    let docs = Self.root.appendingPathComponent("docs")
    for name in try FileManager.default.contentsOfDirectory(atPath: docs.path) where name.hasSuffix(".md") {
      let text = try String(contentsOf: docs.appendingPathComponent(name), encoding: .utf8)
      headings[name] = Self.headingLines(text).map {
        $0.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces).lowercased()
      }
    }
    return headings
  }

  /// Lines that are headings: starting with # outside fenced code blocks.
  static func headingLines(_ text: String) -> [Substring] {
    var inFence = false
    var out: [Substring] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.hasPrefix("```") { inFence.toggle() }
      if !inFence, line.hasPrefix("#") { out.append(line) }
    }
    return out
  }

  /// GitHub's anchor of a heading: lowercased, punctuation but - and _ dropped,
  /// spaces to hyphens.
  static func anchor(_ heading: String) -> String {
    String(
      heading.lowercased().compactMap { c -> Character? in
        if c == " " { return "-" }
        if c.isLetter || c.isNumber || c == "-" || c == "_" { return c }
        return nil
      })
  }

  /// A citation names a heading whole, or its start up to a word's end: "The valley"
  /// cites "The valley (version 2)", but not "Where the valley ends" nor "The valleys".
  /// Code marks are not part of the words ("market" cites "`market`").
  static func heading(_ raw: String, isCitedAs cited: String) -> Bool {
    let heading = raw.replacingOccurrences(of: "`", with: "")
    let section = cited.replacingOccurrences(of: "`", with: "")
    guard heading.hasPrefix(section) else { return false }
    guard let next = heading.dropFirst(section.count).first else { return true }
    return !(next.isLetter || next.isNumber)
  }

  func testNothingPointsOutsideTheProject() throws {
    var read = 0
    for file in try projectFiles() where file.lastPathComponent != "DocsCitationTests.swift" {
      guard let text = try? String(contentsOf: file, encoding: .utf8) else {
        XCTFail("\(file.path) is not UTF-8 text: its citations and pointers cannot be checked")
        continue
      }
      read += 1
      for needle in Self.outside {
        XCTAssertFalse(text.contains(needle), "\(file.path) points outside the project: '\(needle)'")
      }
    }
    XCTAssertGreaterThan(read, 200, "the walk found the project's files")
  }

  func testEveryCitedSectionExists() throws {
    let headings = try headings()
    // The file, then one or more quoted titles separated by commas or "and".
    let citation = try NSRegularExpression(
      pattern: #"docs/([\w-]+\.md)(?:,|:)?\s*\(?\s*("[^"\n]+"(?:\s*,\s*(?:and\s+)?"[^"\n]+"|\s+and\s+"[^"\n]+")*)"#)
    let title = try NSRegularExpression(pattern: #""([^"\n]+)""#)
    // Comments wrap: join continued comment lines (and YAML comment lines) first.
    let continuation = try NSRegularExpression(pattern: #"\n\s*(?://[/]?|#) ?"#)
    var checked = 0
    var secondTitles = 0
    for file in try projectFiles() where file.lastPathComponent != "DocsCitationTests.swift" {
      guard let raw = try? String(contentsOf: file, encoding: .utf8) else {
        XCTFail("\(file.path) is not UTF-8 text: its citations cannot be checked")
        continue
      }
      let text =
        file.pathExtension == "md"
        ? raw.replacingOccurrences(of: "\n", with: " ")
        : continuation.stringByReplacingMatches(in: raw, range: NSRange(raw.startIndex..., in: raw), withTemplate: " ")
      for m in citation.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
        let doc = String(text[Range(m.range(at: 1), in: text)!])
        if doc == "FILE.md" { continue }  // the form itself, as docs/testing.md describes it
        guard let list = headings[doc] else {
          XCTFail("\(file.path) cites docs/\(doc), which does not exist")
          continue
        }
        let titles = String(text[Range(m.range(at: 2), in: text)!])
        let found = title.matches(in: titles, range: NSRange(titles.startIndex..., in: titles))
        for (i, t) in found.enumerated() {
          // A title wrapped over lines reads with single spaces.
          let section = String(titles[Range(t.range(at: 1), in: titles)!]).lowercased()
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
          XCTAssertTrue(
            list.contains { Self.heading($0, isCitedAs: section) },
            "\(file.path) cites docs/\(doc), \"\(section)\": no such heading")
          checked += 1
          if i > 0 { secondTitles += 1 }
        }
      }
    }
    XCTAssertGreaterThan(checked, 100, "the pattern found the citations")
    XCTAssertGreaterThan(secondTitles, 5, "the pattern reads the titles after the first")
  }

  func testEveryMarkdownAnchorReachesAHeading() throws {
    var anchors: [String: Set<String>] = [:]
    var documents: [(name: String, url: URL)] = [("README.md", Self.root.appendingPathComponent("README.md"))]
    let docs = Self.root.appendingPathComponent("docs")
    for name in try FileManager.default.contentsOfDirectory(atPath: docs.path) where name.hasSuffix(".md") {
      documents.append((name, docs.appendingPathComponent(name)))
    }
    for d in documents {
      let text = try String(contentsOf: d.url, encoding: .utf8)
      var seen: [String: Int] = [:]
      var set: Set<String> = []
      for line in Self.headingLines(text) {
        let base = Self.anchor(line.drop(while: { $0 == "#" }).trimmingCharacters(in: .whitespaces))
        // A repeated heading gets -1, -2, ... on GitHub.
        let n = seen[base, default: 0]
        set.insert(n == 0 ? base : "\(base)-\(n)")
        seen[base] = n + 1
      }
      anchors[d.name] = set
    }
    let link = try NSRegularExpression(pattern: #"\]\(((?:[\w-]+/)*[\w-]+\.md)?#([^)\s]+)\)"#)
    var checked = 0
    for d in documents {
      let text = try String(contentsOf: d.url, encoding: .utf8)
      for m in link.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
        let target = m.range(at: 1).location == NSNotFound ? d.name : String(text[Range(m.range(at: 1), in: text)!])
        let name = (target as NSString).lastPathComponent
        let anchor = String(text[Range(m.range(at: 2), in: text)!])
        guard let set = anchors[name] else {
          XCTFail("\(d.name) links \(target)#\(anchor): no such document")
          continue
        }
        XCTAssertTrue(set.contains(anchor), "\(d.name) links \(target)#\(anchor): no heading has that anchor")
        checked += 1
      }
    }
    XCTAssertGreaterThan(checked, 0, "the pattern found the links")
  }
}

import Foundation
import MSPSimTestSupport
import XCTest

@testable import MSPSimCore

/// Files are written whole or not at all (docs/outputs.md, "Files").
final class OutputFolderTests: XCTestCase {
  func testWritesEveryFileAndLeavesNoTemporaryOne() throws {
    let dir = temporaryFolder()
    let out = OutputFolder(path: dir.path)
    try out.prepare()
    try out.write([("a.csv", "x\n1\n"), ("b.csv", "y\n2\n")])
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted(), ["a.csv", "b.csv"])
    XCTAssertEqual(try String(contentsOf: dir.appendingPathComponent("a.csv"), encoding: .utf8), "x\n1\n")
  }

  func testAFailedWriteLeavesTheOldFilesAndNoTemporaryFile() throws {
    let dir = temporaryFolder()
    let out = OutputFolder(path: dir.path)
    try out.prepare()
    try out.write([("a.csv", "old a\n"), ("b.csv", "old b\n")])
    // Make the second file's temporary name unwritable (a folder stands in its place),
    // as a full disk or a permission error would make the write fail half-way.
    let blocker = dir.appendingPathComponent(".b.csv.tmp-\(getpid())")
    try FileManager.default.createDirectory(at: blocker, withIntermediateDirectories: false)
    XCTAssertThrowsError(try out.write([("a.csv", "new a\n"), ("b.csv", "new b\n")])) { error in
      XCTAssertTrue("\(error)".contains("b.csv"), "\(error)")
    }
    try FileManager.default.removeItem(at: blocker)
    XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted(), ["a.csv", "b.csv"])
    XCTAssertEqual(try String(contentsOf: dir.appendingPathComponent("a.csv"), encoding: .utf8), "old a\n")
    XCTAssertEqual(try String(contentsOf: dir.appendingPathComponent("b.csv"), encoding: .utf8), "old b\n")
  }

  func testAFileInPlaceOfTheFolderIsReported() throws {
    let dir = temporaryFolder()
    XCTAssertTrue(FileManager.default.createFile(atPath: dir.path, contents: Data()))
    XCTAssertThrowsError(try OutputFolder(path: dir.path).prepare()) { error in
      XCTAssertTrue("\(error)".contains(dir.path), "\(error)")
    }
  }

  func testCSVNumbersArePlainDecimals() {
    XCTAssertEqual(CSVFormat.number(1234567.5), "1234567.5")
    XCTAssertEqual(CSVFormat.number(1e-7), "0.0000001")
    XCTAssertEqual(CSVFormat.number(2e20), "200000000000000000000")
    XCTAssertEqual(CSVFormat.number(-0.0), "0")
    XCTAssertEqual(CSVFormat.number(42), "42")
    XCTAssertEqual(CSVFormat.text("a,b"), "\"a,b\"")
    XCTAssertEqual(CSVFormat.text("say \"hi\""), "\"say \"\"hi\"\"\"")
  }
}

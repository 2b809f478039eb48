import Foundation
import XCTest

@testable import MSPSimCore

/// The raw-memory index checks are on where they must be (docs/testing.md, "Index
/// checks"): `scripts/test.sh` and `scripts/sanitizers.sh` build with
/// `MSPSIM_CHECKED=1` and run the tests with it in the environment, and a debug build
/// always has them. A build that lost the flag fails here instead of running the fuzz
/// and the sanitizers over unchecked memory.
final class IndexCheckTests: XCTestCase {
  func testIndexChecksAreCompiledInWhereAsked() throws {
    var asked = ProcessInfo.processInfo.environment["MSPSIM_CHECKED"] == "1"
    #if DEBUG
    asked = true
    #endif
    // A checked build run without the variable is fine (checks on, not asked for).
    try XCTSkipUnless(asked, "MSPSIM_CHECKED=1 is not set and this is not a debug build: nothing asked for")
    XCTAssertTrue(indexChecksAreCompiledIn, "MSPSIM_CHECKED=1 (or a debug build), but checkIndex is not compiled in")
  }
}

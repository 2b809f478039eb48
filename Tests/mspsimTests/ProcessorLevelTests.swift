import Foundation
import MSPSimTestSupport
import XCTest

@testable import mspsim

/// The processor check of a build for x86-64-v3 (Sources/mspsim/ProcessorLevel.swift;
/// docs/performance.md, "Built for the machine's x86-64 level").
final class ProcessorLevelTests: XCTestCase {
  /// Package.swift decides the build's level from the same flags the executable checks:
  /// a flag in one list only would build for a level the check does not guard, or
  /// refuse processors the build runs on.
  func testTheCheckedFlagsAreTheOnesPackageSwiftBuildsFor() throws {
    let manifest = try String(
      contentsOf: Fixtures.repositoryRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
    let start = try XCTUnwrap(manifest.range(of: "let x86_64V3Flags = ["), "Package.swift lists the flags")
    let end = try XCTUnwrap(manifest[start.upperBound...].firstIndex(of: "]"))
    let listed = manifest[start.upperBound..<end].split(separator: ",").map {
      $0.trimmingCharacters(in: .whitespacesAndNewlines).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
    }.filter { !$0.isEmpty }
    XCTAssertEqual(listed, ProcessorLevel.x86_64V3Flags)
  }

  /// A processor of 2010 (SSE4.2, no AVX) lacks exactly the AVX-era flags; one with
  /// all of them lacks none; a text with no flags line gives nothing to judge by.
  func testMissingFlagsOfAnOlderAndANewerProcessor() {
    let westmere =
      "processor\t: 0\nmodel name\t: Intel(R) Xeon(R) CPU X5670\n"
      + "flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2"
      + " ss ht syscall nx pdpe1gb rdtscp lm constant_tsc pni pclmulqdq ssse3 cx16 sse4_1 sse4_2 popcnt aes"
      + " lahf_lm\n\nprocessor\t: 1\nflags\t\t: avx avx2\n"
    XCTAssertEqual(
      ProcessorLevel.missingFlags(cpuinfo: westmere),
      ["avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "abm", "movbe", "xsave"])
    let haswell = "flags\t\t: " + ProcessorLevel.x86_64V3Flags.reversed().joined(separator: " ") + " erms\n"
    XCTAssertEqual(ProcessorLevel.missingFlags(cpuinfo: haswell), [])
    XCTAssertNil(ProcessorLevel.missingFlags(cpuinfo: "processor\t: 0\nBogoMIPS\t: 100.00\n"))
  }
}

// swift-tools-version: 6.1
import Foundation
import PackageDescription

// Index checks in the engine's raw buffers (Sources/MSPSimCore/Engine/Column.swift):
// on in debug builds, and in any build made with MSPSIM_CHECKED=1 in the
// environment (scripts/test.sh sets it, so the suite runs checked; docs/testing.md).
let checkedSettings: [SwiftSetting] =
  Context.environment["MSPSIM_CHECKED"] == "1"
  ? [.define("MSPSIM_CHECKED")] : [.define("MSPSIM_CHECKED", .when(configuration: .debug))]

// The engine built for x86-64-v3 (AVX2, FMA, BMI1/2, MOVBE: Intel since 2013, AMD
// since 2015) when the machine building it has that level: about 12 % fewer
// instructions a model-path-month and the same output bytes (docs/performance.md,
// "Built for the machine's x86-64 level"). MSPSIM_PORTABLE=1 in the environment
// builds for any x86-64, for a binary copied to other machines (a cluster with
// older nodes: docs/scale-out.md). The executable itself stays at the baseline and,
// in such a build, refuses with a clear message to run on a processor without the
// level (Sources/mspsim/ProcessorLevel.swift holds the same flag list).
let x86_64V3Flags = [
  "pni", "ssse3", "sse4_1", "sse4_2", "popcnt", "cx16", "lahf_lm", "avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "abm",
  "movbe", "xsave",
]

/// Whether this machine's first processor lists every x86-64-v3 flag (Linux on x86-64 only).
func buildingMachineHasX86_64V3() -> Bool {
  #if os(Linux) && arch(x86_64)
  guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
    let line = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
  else { return false }
  let flags = Set(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init))
  return x86_64V3Flags.allSatisfy(flags.contains)
  #else
  return false
  #endif
}

let buildsForX86_64V3 = Context.environment["MSPSIM_PORTABLE"] != "1" && buildingMachineHasX86_64V3()
/// The executable: only told the level (it checks the processor before anything else).
let levelSettings: [SwiftSetting] = buildsForX86_64V3 ? [.define("MSPSIM_X86_64_V3")] : []
/// The library and the tests: compiled for the level.
let compiledLevelSettings: [SwiftSetting] =
  levelSettings + (buildsForX86_64V3 ? [.unsafeFlags(["-Xcc", "-march=x86-64-v3"])] : [])

let package = Package(
  name: "mspsim",
  products: [
    .executable(name: "mspsim", targets: ["mspsim"]),
    .library(name: "MSPSimCore", targets: ["MSPSimCore"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    // results.xlsx is a zip of SpreadsheetML parts (Sources/MSPSimCore/Output/Workbook).
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
  ],
  targets: [
    // GSL through pkg-config; only Sources/MSPSimCore/Random imports it.
    .systemLibrary(
      name: "CGSL",
      pkgConfig: "gsl",
      providers: [.apt(["libgsl-dev"]), .brew(["gsl"])]
    ),
    .target(
      name: "MSPSimCore",
      dependencies: [
        "CGSL", .product(name: "Yams", package: "Yams"), .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ],
      swiftSettings: checkedSettings + compiledLevelSettings
    ),
    .executableTarget(
      name: "mspsim",
      dependencies: [
        "MSPSimCore",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: levelSettings
    ),
    // Helpers both test targets use (statistics, CSV, fixture paths, temporary folders, SplitMix64
    // test data): a regular target kept under Tests/, importing XCTest from the toolchain.
    .target(
      name: "MSPSimTestSupport", dependencies: ["CGSL", "MSPSimCore"], path: "Tests/MSPSimTestSupport",
      swiftSettings: compiledLevelSettings),
    // CGSL: the fast samplers' tests (FastSamplerTests) read GSL's CDFs directly.
    .testTarget(
      name: "MSPSimCoreTests", dependencies: ["CGSL", "MSPSimCore", "MSPSimTestSupport"],
      swiftSettings: compiledLevelSettings),
    .testTarget(
      name: "mspsimTests",
      dependencies: [
        "MSPSimCore", "mspsim", "MSPSimTestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        .product(name: "Yams", package: "Yams"),
      ],
      swiftSettings: compiledLevelSettings
    ),
  ],
  swiftLanguageModes: [.v6]
)

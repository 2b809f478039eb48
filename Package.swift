// swift-tools-version: 6.1
import PackageDescription

// Index checks in the engine's raw buffers (Sources/MSPSimCore/Engine/Column.swift):
// on in debug builds, and in any build made with MSPSIM_CHECKED=1 in the
// environment (scripts/test.sh sets it, so the suite runs checked; docs/testing.md).
let checkedSettings: [SwiftSetting] =
  Context.environment["MSPSIM_CHECKED"] == "1"
  ? [.define("MSPSIM_CHECKED")] : [.define("MSPSIM_CHECKED", .when(configuration: .debug))]

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
      swiftSettings: checkedSettings
    ),
    .executableTarget(
      name: "mspsim",
      dependencies: [
        "MSPSimCore",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // Helpers both test targets use (statistics, CSV, fixture paths, temporary folders, SplitMix64
    // test data): a regular target kept under Tests/, importing XCTest from the toolchain.
    .target(name: "MSPSimTestSupport", dependencies: ["MSPSimCore"], path: "Tests/MSPSimTestSupport"),
    // CGSL: the fast samplers' tests (FastSamplerTests) read GSL's CDFs directly.
    .testTarget(name: "MSPSimCoreTests", dependencies: ["CGSL", "MSPSimCore", "MSPSimTestSupport"]),
    .testTarget(
      name: "mspsimTests",
      dependencies: [
        "MSPSimCore", "mspsim", "MSPSimTestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        .product(name: "Yams", package: "Yams"),
      ]
    ),
  ],
  swiftLanguageModes: [.v6]
)

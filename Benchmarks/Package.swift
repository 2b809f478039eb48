// swift-tools-version: 6.1
// The benchmark suite: a package of its own so that `swift test` at the root never
// builds package-benchmark. It depends on the root by path, named explicitly so a
// clone in a folder of any name resolves.
import PackageDescription

let package = Package(
  name: "mspsim-benchmarks",
  platforms: [.macOS(.v13)],
  dependencies: [
    .package(name: "mspsim", path: "../"),
    .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
  ],
  targets: [
    .executableTarget(
      name: "EngineBenchmarks",
      dependencies: [
        .product(name: "Benchmark", package: "benchmark"),
        .product(name: "MSPSimCore", package: "mspsim"),
      ],
      path: "Benchmarks/EngineBenchmarks",
      plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
  ],
  swiftLanguageModes: [.v6]
)

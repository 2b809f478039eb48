import Foundation

/// The processor check of a build made for x86-64-v3 (Package.swift; docs/performance.md,
/// "Built for the machine's x86-64 level"). Such a build's library uses AVX2, FMA and
/// BMI2 instructions, and on a processor without them it would stop at its first one
/// with "Illegal instruction". This file is compiled for the baseline, so the check
/// itself runs anywhere, before any library code.
enum ProcessorLevel {
  /// The /proc/cpuinfo flags of x86-64-v3, as Package.swift lists them (a test holds
  /// the two lists equal).
  static let x86_64V3Flags = [
    "pni", "ssse3", "sse4_1", "sse4_2", "popcnt", "cx16", "lahf_lm", "avx", "avx2", "bmi1", "bmi2", "f16c", "fma",
    "abm", "movbe", "xsave",
  ]

  /// The flags of x86-64-v3 missing from a /proc/cpuinfo text's first `flags` line, in
  /// the list's order; nil when the text has no such line (nothing to judge by).
  static func missingFlags(cpuinfo: String) -> [String]? {
    guard let line = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return nil }
    let flags = Set(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init))
    return x86_64V3Flags.filter { !flags.contains($0) }
  }

  /// In a build for x86-64-v3, exits 1 with one line saying what to do when this
  /// processor lacks the level; otherwise returns at once.
  static func requireBuiltLevel() {
    #if MSPSIM_X86_64_V3
    // The first processor's entry: the start of the file (a large machine's whole
    // file is long and slow for the kernel to produce).
    guard let file = FileHandle(forReadingAtPath: "/proc/cpuinfo") else { return }
    let head = (try? file.read(upToCount: 16_384)) ?? Data()
    try? file.close()
    guard let missing = missingFlags(cpuinfo: String(decoding: head, as: UTF8.self)), !missing.isEmpty else {
      return
    }
    let message =
      "mspsim: this build is for x86-64-v3 processors and this one lacks \(missing.joined(separator: ", ")); "
      + "build it on this machine, or with MSPSIM_PORTABLE=1 for any x86-64 (README, \"Building\")\n"
    FileHandle.standardError.write(Data(message.utf8))
    Foundation.exit(1)
    #endif
  }
}

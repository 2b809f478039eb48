import Foundation
import MSPSimTestSupport
import XCTest

/// report.html as a reader meets it (docs/testing.md, "The report in a browser"):
/// headless Chromium renders a small run's page to a screenshot, which must not be
/// blank, and prints it to PDF, whose page count must be in the range the print
/// stylesheet gives (answer, charts two to a page, mix and compare, inputs).
/// Chromium (Debian's `chromium`) and poppler-utils are installed by
/// scripts/install-chromium.sh when missing; the test is skipped, saying why, only
/// when that fails.
final class ReportRenderTests: XCTestCase {
  func testReportRendersAndPrintsToAFewPages() throws {
    try ensureChromium()
    let out = temporaryFolder()
    let r = try CLI.run([
      "run", "Scenarios/msp1-vs-msp2.yaml", "--paths", "300", "--years", "3", "--out", out.path, "--quiet",
    ])
    XCTAssertEqual(r.status, 0, r.description)
    let page = out.appendingPathComponent("report.html")
    XCTAssertTrue(FileManager.default.fileExists(atPath: page.path), "no report.html in \(listing(out))")
    let work = temporaryFolder(create: true)

    let png = work.appendingPathComponent("report.png")
    let shot = try chromium(
      ["--screenshot=\(png.path)", "--window-size=1280,2000", page.absoluteString], profile: work)
    XCTAssertEqual(shot.status, 0, shot.err)
    let ink = try run(["python3", Fixtures.repositoryRoot.appendingPathComponent("scripts/png-ink.py").path, png.path])
    XCTAssertEqual(ink.status, 0, ink.err)
    let fields = ink.out.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    XCTAssertEqual(fields.count, 3, "png-ink.py printed '\(ink.out)'")
    if fields.count == 3 {
      XCTAssertEqual(fields[0], 1280, "screenshot width")
      let share = Double(fields[2]) / Double(fields[0] * fields[1])
      // The answer tables and two charts fill the first 2,000 px: a few per cent of
      // the pixels are text, lines and bands. Blank is 0; a page that failed to style
      // (black, or an error page) is far above.
      XCTAssertGreaterThan(share, 0.02, "the screenshot is (nearly) blank: \(fields)")
      XCTAssertLessThan(share, 0.6, "the screenshot is mostly dark: \(fields)")
    }

    let pdf = work.appendingPathComponent("report.pdf")
    let print = try chromium(
      ["--print-to-pdf=\(pdf.path)", "--no-pdf-header-footer", page.absoluteString], profile: work)
    XCTAssertEqual(print.status, 0, print.err)
    let bytes = try Data(contentsOf: pdf)
    let pages = pageObjects(bytes)
    // Page 1 the answer, 3 pages of charts (six, two to a page), 1 of mix and
    // compare, 3 or 4 of inputs: 9 on Letter and on A4 here; the range allows
    // for other fonts.
    XCTAssertTrue((7...13).contains(pages), "\(pages) pages in the PDF")
    let info = try run(["pdfinfo", pdf.path])
    if info.status == 0 {
      let line = info.out.split(separator: "\n").first { $0.hasPrefix("Pages:") }
      XCTAssertEqual(line.map { $0.dropFirst(6).trimmingCharacters(in: .whitespaces) }, String(pages), info.out)
    }
  }

  func testNoReportAndNoCharts() throws {
    let noReport = temporaryFolder()
    let a = try CLI.run(["run", "--paths", "100", "--years", "1", "--out", noReport.path, "--quiet", "--no-report"])
    XCTAssertEqual(a.status, 0, a.description)
    XCTAssertFalse(listing(noReport).contains("report.html"), "--no-report wrote \(listing(noReport))")
    XCTAssertTrue(listing(noReport).contains("revenue_fan.svg"))

    let noCharts = temporaryFolder()
    let b = try CLI.run(["run", "--paths", "100", "--years", "1", "--out", noCharts.path, "--quiet", "--no-charts"])
    XCTAssertEqual(b.status, 0, b.description)
    XCTAssertEqual(listing(noCharts).filter { $0.hasSuffix(".svg") }, [])
    let html = try String(contentsOf: noCharts.appendingPathComponent("report.html"), encoding: .utf8)
    let charts = listing(noReport).filter { $0.hasSuffix(".svg") }
    XCTAssertEqual(charts.count, 6, "the default scenario's charts: \(charts)")
    XCTAssertEqual(
      html.components(separatedBy: "<svg").count - 1, charts.count, "--no-charts keeps the report's charts")
  }

  // MARK: Tools

  /// `/Type /Page` objects (not `/Pages`) in a PDF: its page count.
  func pageObjects(_ pdf: Data) -> Int {
    let text = String(decoding: pdf, as: UTF8.self)
    let re = try? NSRegularExpression(pattern: #"/Type\s*/Page(?![A-Za-z])"#)
    return re?.numberOfMatches(in: text, range: NSRange(location: 0, length: (text as NSString).length)) ?? 0
  }

  func chromium(_ arguments: [String], profile: URL) throws -> (status: Int32, out: String, err: String) {
    try run(
      [
        "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
        "--user-data-dir=\(profile.appendingPathComponent("profile").path)",
      ] + arguments, timeout: 120)
  }

  /// Chromium and pdfinfo, installed by scripts/install-chromium.sh when missing.
  func ensureChromium() throws {
    if (try? run(["chromium", "--version"]))?.status == 0 { return }
    let script = Fixtures.repositoryRoot.appendingPathComponent("scripts/install-chromium.sh").path
    let r = try? run(["bash", script], timeout: 900)
    if (try? run(["chromium", "--version"]))?.status == 0 { return }
    throw XCTSkip(
      "headless Chromium is needed to render report.html and could not be installed (bash scripts/install-chromium.sh: "
        + (r.map { "exit \($0.status): \($0.err.suffix(300))" } ?? "not run") + ")")
  }

  /// Runs a program found on the PATH, stdout and stderr to files, killed after `timeout` seconds.
  func run(_ arguments: [String], timeout: Double = 60) throws -> (status: Int32, out: String, err: String) {
    let fm = FileManager.default
    let io = temporaryFolder(create: true)
    let outURL = io.appendingPathComponent("out")
    let errURL = io.appendingPathComponent("err")
    _ = fm.createFile(atPath: outURL.path, contents: nil)
    _ = fm.createFile(atPath: errURL.path, contents: nil)
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = arguments
    p.standardInput = FileHandle.nullDevice
    p.standardOutput = try FileHandle(forWritingTo: outURL)
    p.standardError = try FileHandle(forWritingTo: errURL)
    try p.run()
    let watchdog = DispatchWorkItem { if p.isRunning { p.terminate() } }
    DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
    p.waitUntilExit()
    watchdog.cancel()
    return (
      p.terminationStatus, (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
      (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
    )
  }
}

import Foundation
import PolicySiteDiff
import PolicySiteMarkdown

// Times the diff. Two forms:
//
//   DiffBenchmark OLD.md NEW.md [runs]   one pair of versions, each comparison timed: median and p90
//   DiffBenchmark POLICY-FOLDER [runs]   every consecutive pair of a policy's versions (files in
//                                        natural order), as a build compares them: each version
//                                        split once, then compared with the one before. Each pass
//                                        over the whole folder is timed: minimum and median.
//
//   DiffBenchmark --since-each POLICY-FOLDER [runs]
//                                        every earlier version compared with the last, as a build
//                                        makes the pages of what changed since each one: without
//                                        and with a ComparisonMemo, alternated; the outputs must
//                                        be identical. Minimum and median of each way's passes.
//
// The Markdown is rendered once, before any timing; only the comparison is measured (splitting
// into blocks, aligning blocks, items and words, writing the redline).

let arguments = CommandLine.arguments
func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(64)
}
func body(_ path: String) throws -> String {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    guard let end = text.range(of: "\n---\n", range: text.index(text.startIndex, offsetBy: 3)..<text.endIndex) else { return text }
    return String(text[end.upperBound...])
}
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

guard arguments.count >= 2 else { fail("usage: DiffBenchmark OLD.md NEW.md [runs] | DiffBenchmark [--since-each] POLICY-FOLDER [runs]") }
/// The rendered bodies of a policy folder's versions, in natural order.
func renderedVersions(_ path: String) throws -> [String] {
    let folder = URL(fileURLWithPath: path)
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        .filter { $0.hasSuffix(".md") }
        .sorted { $0.localizedStandardCompare($1) == .orderedAscending }
    guard names.count >= 2 else { fail("\(folder.path): needs at least two .md files") }
    return try names.map { name in
        let path = folder.appending(path: name).path
        return try MarkdownRenderer.render(try body(path), path: path).html
    }
}
if arguments[1] == "--since-each" {
    guard arguments.count >= 3 else { fail("usage: DiffBenchmark --since-each POLICY-FOLDER [runs]") }
    let htmls = try renderedVersions(arguments[2])
    let runs = arguments.count > 3 ? max(1, Int(arguments[3]) ?? 10) : 10
    let earlier = htmls.dropLast().map { RedlineDocument(html: $0) }
    let target = RedlineDocument(html: htmls[htmls.count - 1], comparedOften: true)
    var alone: [Double] = []
    var remembered: [Double] = []
    for _ in 0..<runs {
        var start = ContinuousClock.now
        let plain = earlier.map { Redline.compare(old: $0, new: target) }
        alone.append(seconds(ContinuousClock.now - start))
        start = ContinuousClock.now
        var memo = ComparisonMemo()
        let memoed = earlier.map { Redline.compare(old: $0, new: target, memo: &memo) }
        remembered.append(seconds(ContinuousClock.now - start))
        for (a, b) in zip(plain, memoed) where a.html != b.html || a.changesOnly != b.changesOnly || a.summary != b.summary {
            fail("the comparisons with a memo differ from those without")
        }
    }
    alone.sort()
    remembered.sort()
    print(String(format: "%d comparisons with the last version, identical with and without the memo", earlier.count))
    print(String(format: "without: min %.2f ms, median %.2f ms; with: min %.2f ms, median %.2f ms (%d runs)",
                 alone[0] * 1000, alone[runs / 2] * 1000, remembered[0] * 1000, remembered[runs / 2] * 1000, runs))
    exit(0)
}
var isFolder: ObjCBool = false
if FileManager.default.fileExists(atPath: arguments[1], isDirectory: &isFolder), isFolder.boolValue {
    let htmls = try renderedVersions(arguments[1])
    let names = htmls
    let runs = arguments.count > 2 ? max(1, Int(arguments[2]) ?? 20) : 20
    var passes: [Double] = []
    var inserted = 0
    for _ in 0..<runs {
        let start = ContinuousClock.now
        inserted = 0
        var previous = RedlineDocument(html: htmls[0])
        for html in htmls.dropFirst() {
            let document = RedlineDocument(html: html)
            inserted += Redline.compare(old: previous, new: document).summary.wordsInserted
            previous = document
        }
        passes.append(seconds(ContinuousClock.now - start))
    }
    passes.sort()
    print(String(format: "%d versions, %d comparisons, %d words inserted in all", names.count, names.count - 1, inserted))
    print(String(format: "pass: min %.2f ms, median %.2f ms over %d runs", passes[0] * 1000, passes[runs / 2] * 1000, runs))
    exit(0)
}

guard arguments.count >= 3 else { fail("usage: DiffBenchmark OLD.md NEW.md [runs]") }
let old = try MarkdownRenderer.render(try body(arguments[1]), path: arguments[1])
let new = try MarkdownRenderer.render(try body(arguments[2]), path: arguments[2])
let runs = arguments.count > 3 ? max(1, Int(arguments[3]) ?? 200) : 200
var times: [Double] = []
let oldDocument = RedlineDocument(html: old.html)
let newDocument = RedlineDocument(html: new.html)
var redline = Redline.compare(old: oldDocument, new: newDocument)
for _ in 0..<runs {
    let start = ContinuousClock.now
    redline = Redline.compare(old: oldDocument, new: newDocument)
    times.append(seconds(ContinuousClock.now - start))
}
times.sort()
let words = { (html: String) in html.split { $0 == " " || $0 == "\n" }.count }
let summary = redline.summary
print(String(format: "words: %d -> %d (approx.), changes: +%d -%d words, %d sections changed",
             words(old.html), words(new.html), summary.wordsInserted, summary.wordsDeleted, summary.sectionsChanged.count))
print(String(format: "diff: median %.3f ms, p90 %.3f ms over %d runs", times[runs / 2] * 1000, times[runs * 9 / 10] * 1000, runs))

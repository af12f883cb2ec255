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

guard arguments.count >= 2 else { fail("usage: DiffBenchmark OLD.md NEW.md [runs] | DiffBenchmark POLICY-FOLDER [runs]") }
var isFolder: ObjCBool = false
if FileManager.default.fileExists(atPath: arguments[1], isDirectory: &isFolder), isFolder.boolValue {
    let folder = URL(fileURLWithPath: arguments[1])
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        .filter { $0.hasSuffix(".md") }
        .sorted { $0.localizedStandardCompare($1) == .orderedAscending }
    guard names.count >= 2 else { fail("\(folder.path): needs at least two .md files") }
    let htmls = try names.map { name in
        let path = folder.appending(path: name).path
        return try MarkdownRenderer.render(try body(path), path: path).html
    }
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

import Foundation
import PolicySiteCore

// Times the diff of two versions of a policy: `DiffBenchmark OLD.md NEW.md [runs]`.
// Both texts are rendered once; the comparison (tokenising both, aligning blocks, items and
// words, writing the redline) is timed `runs` times and reported as median and 90th percentile.

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: DiffBenchmark OLD.md NEW.md [runs]\n".utf8))
    exit(64)
}
func body(_ path: String) throws -> String {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    guard let end = text.range(of: "\n---\n", range: text.index(text.startIndex, offsetBy: 3)..<text.endIndex) else { return text }
    return String(text[end.upperBound...])
}
let old = MarkdownRenderer.render(try body(arguments[1]))
let new = MarkdownRenderer.render(try body(arguments[2]))
let runs = arguments.count > 3 ? max(1, Int(arguments[3]) ?? 200) : 200
var seconds: [Double] = []
let oldDocument = RedlineDocument(html: old.html)
let newDocument = RedlineDocument(html: new.html)
var redline = Redline.compare(old: oldDocument, new: newDocument)
for _ in 0..<runs {
    let start = ContinuousClock.now
    redline = Redline.compare(old: oldDocument, new: newDocument)
    let elapsed = ContinuousClock.now - start
    seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
}
seconds.sort()
let words = { (html: String) in html.split { $0 == " " || $0 == "\n" }.count }
let summary = redline.summary
print(String(format: "words: %d -> %d (approx.), changes: +%d -%d words, %d sections changed",
             words(old.html), words(new.html), summary.wordsInserted, summary.wordsDeleted, summary.sectionsChanged.count))
print(String(format: "diff: median %.3f ms, p90 %.3f ms over %d runs", seconds[runs / 2] * 1000, seconds[runs * 9 / 10] * 1000, runs))

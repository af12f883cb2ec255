@testable import PolicySiteMarkdown
import Testing

/// cmark-gfm on several threads at once. `CmarkGFM` locks only `cmark_parser_finish`, which writes
/// the library's process-wide tables of special inline characters (docs/architecture.md): a
/// parser whose inlines were parsed while another cleared them would lose its strikethrough and
/// autolinks. So the documents here are full of both, and every parallel render must equal the
/// serial one byte for byte. Run under ThreadSanitizer too (`swift build --build-tests
/// --sanitize=thread --scratch-path .build-tsan`), which checks our side of the calls.
@Suite struct ParallelRenderingTests {
    /// A policy-like text that uses every extension: strikethrough and autolinks on most lines
    /// (their characters are the shared state), tables, task lists, footnotes, emphasis, a line
    /// of raw HTML in some. Deterministic: the same index gives the same text.
    static func document(_ index: Int) -> String {
        var state = UInt64(index) &* 0x9E37_79B9_7F4A_7C15 &+ 1
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let words = ["data", "account", "service", "consent", "cookies", "partners", "retention", "rights", "security", "children"]
        func sentence() -> String {
            (0..<(6 + next(10))).map { _ in
                let word = words[next(words.count)]
                switch next(9) {
                case 0: return "~~\(word)~~"
                case 1: return "www.\(word).example/\(next(100))"
                case 2: return "https://\(word).example/p?\(next(1000))"
                case 3: return "**\(word)**"
                case 4: return "_\(word)_"
                case 5: return "`\(word)`"
                case 6: return "\(word)@mail.example"
                default: return word
                }
            }.joined(separator: " ") + "."
        }
        var text = "# Policy \(index)\n\n\(sentence())\n"
        for section in 0..<(3 + next(4)) {
            text += "\n## Section \(section) ~~old~~ www.s\(section).example\n\n"
            for _ in 0..<(1 + next(3)) { text += "\(sentence()) \(sentence())\n\n" }
            switch next(5) {
            case 0: text += "| what | why |\n|---|:---:|\n| \(sentence()) | ~~\(index)~~ www.t.example |\n| a | b |\n\n"
            case 1: text += "- [x] \(sentence())\n- [ ] \(sentence())\n\n"
            case 2: text += "\(sentence())[^\(section)]\n\n[^\(section)]: \(sentence())\n\n"
            case 3: text += "<b>raw \(index)</b>\n\n"
            default: text += "> \(sentence())\n\n"
            }
        }
        return text
    }

    @Test func parallelRendersEqualSerialRendersByteForByte() async throws {
        let documents = (0..<500).map(Self.document)
        let serial = try documents.enumerated().map { try MarkdownRenderer.render($1, path: "\($0).md") }
        // The texts exercise what the shared state decides; without it these would not appear.
        #expect(serial.allSatisfy { $0.html.contains("<s>") && $0.html.contains("<a href=\"http://www.") })
        #expect(serial.contains { !$0.omittedHTMLLines.isEmpty } && serial.contains { $0.html.contains("<table>") })

        // Four workers, each through every document twice from its own starting point, half of
        // them by `renderIfIdle` (which takes the lock for the whole parse when it is free).
        let workers = 4, rounds = 2
        let differing = try await withThrowingTaskGroup(of: [Int].self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var differing: [Int] = []
                    for round in 0..<rounds {
                        for step in 0..<documents.count {
                            let index = (step + worker * documents.count / workers + round * 7) % documents.count
                            let path = "\(index).md"
                            let rendered = worker.isMultiple(of: 2)
                                ? try MarkdownRenderer.render(documents[index], path: path)
                                : try MarkdownRenderer.renderIfIdle(documents[index], path: path)
                                    ?? MarkdownRenderer.render(documents[index], path: path)
                            if rendered != serial[index] { differing.append(index) }
                        }
                    }
                    return differing
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(differing.count == 0, "\(differing.count) of \(workers * rounds * documents.count) parallel renders differ, for example \(differing.prefix(5))")
    }
}

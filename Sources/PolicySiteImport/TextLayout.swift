/// Lays the converted lines out as Markdown reads well and builds the same every time: no
/// trailing spaces (a line break that a heading ended is gone with it), a blank line around each
/// heading, one blank line between paragraphs, a line of only spaces (no-break ones included)
/// blank, and one newline at the end. Archived pages write paragraphs as lines ending in a line
/// break (`<br>`); where such a break follows a full sentence on a long line and the next line
/// starts a new one, it becomes a paragraph break. Other line breaks (an address) stay.
enum TextLayout {
    static func markdown(_ lines: [DocumentLine]) -> String {
        var out: [String] = []
        var inFence = false
        func blank() { if let last = out.last, !last.isEmpty { out.append("") } }
        for (index, line) in lines.enumerated() {
            let trimmedStart = line.text.drop { $0 == " " }
            if trimmedStart.hasPrefix("```") || trimmedStart.hasPrefix("~~~") { inFence.toggle() }
            if inFence || trimmedStart.hasPrefix("```") || trimmedStart.hasPrefix("~~~") {
                out.append(line.text)
                continue
            }
            if line.isBlank {
                blank()
                continue
            }
            var text = line.text
            let hardBreak = text.hasSuffix("  ") || text.hasSuffix("\t")
            while let last = text.last, last == " " || last == "\t" || last == "\u{A0}" { text.removeLast() }
            if isHeading(text) {
                blank()
                out.append(text)
                out.append("")
                continue
            }
            let next = index + 1 < lines.count ? lines[index + 1] : nil
            guard hardBreak, let next, !next.isBlank, !isHeading(next.text) else {
                out.append(text)
                continue
            }
            if endsSentence(text), next.text.first?.isUppercase == true {
                out.append(text)
                out.append("")
            } else {
                out.append(text + "  ")
            }
        }
        while out.last?.isEmpty == true { out.removeLast() }
        while out.first?.isEmpty == true { out.removeFirst() }
        return out.joined(separator: "\n") + "\n"
    }

    static func isHeading(_ text: String) -> Bool {
        text.firstMatch(of: /^#{1,6}(\s|$)/) != nil
    }

    private static func endsSentence(_ text: String) -> Bool {
        text.count >= 40 && (text.last.map { ".!?".contains($0) } ?? false)
    }
}

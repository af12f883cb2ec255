import Foundation

/// Makes headings of the lines that stand as headings in a text without Markdown: a short line
/// that starts a paragraph and ends it (alone, or with a line break before the text under it),
/// and reads as a heading: numbered ("1. Information We Collect", "2.1 Cookies"), a part ("Part I.
/// Information Collection", "Article 3"), in capitals ("INFORMATION WE COLLECT"), or in title
/// case ("Visitor Information"). Changes pages list a version's sections by its headings.
/// Numbered lines followed by another numbered line are a list, and stay one.
enum PseudoHeadings {
    enum Kind: String, Sendable {
        case numbered = "numbered"
        case part = "a part"
        case capitals = "in capitals"
        case titleCase = "a short line in title case"
    }

    /// Words a title-case heading may leave in lower case.
    private static let minorWords: Set<String> = [
        "a", "an", "the", "and", "or", "nor", "but", "for", "of", "to", "in", "on", "at", "by", "as", "is", "are",
        "with", "from", "into", "about", "this", "that", "these", "your", "our", "we", "us", "you", "how", "what",
        "when", "who", "why", "its", "it", "do", "not", "if", "may", "can", "will", "be", "use", "per", "vs",
    ]

    static func apply(_ lines: [DocumentLine], path: String, notes: inout [ImportNote]) -> [DocumentLine] {
        var result = lines
        var inFence = false
        // The title is not looked at again.
        let start = (lines.firstIndex { !$0.isBlank }).map { $0 + 1 } ?? lines.count
        for index in lines.indices {
            let text = lines[index].text
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") { inFence.toggle() }
            guard index >= start, !inFence, !lines[index].isBlank else { continue }
            let startsParagraph = index == 0 || lines[index - 1].isBlank || lines[index - 1].text.hasPrefix("#")
            guard startsParagraph, let next = lines[(index + 1)...].firstIndex(where: { !$0.isBlank }) else { continue }
            let plain = TitleHeading.plain(text)
            guard let kind = kind(of: plain) else { continue }
            if kind == .numbered && isNumberedList(lines[next].text) { continue }
            let level = headingLevel(plain, kind)
            result[index].text = String(repeating: "#", count: level) + " " + plain
            notes.append(ImportNote(path, line: lines[index].number, "heading \"\(plain)\" (\(kind.rawValue))"))
        }
        return result
    }

    private static func isNumberedList(_ text: String) -> Bool {
        text.trimmingCharacters(in: .whitespaces).firstMatch(of: /^\d+[.)]\s+\S/) != nil
    }

    static func kind(of text: String) -> Kind? {
        guard let first = text.first, text.count <= 80, text.split(separator: " ").count <= 12,
              text.contains(where: \.isLetter) else { return nil }
        if "#>-*+|<`[!(".contains(first) { return nil }
        if let last = text.last, ".,;:!?".contains(last) { return nil }
        if text.contains("http") || text.contains("@") || text.contains("](") { return nil }
        // The version's date line ("Effective as of 01/03/2010", "Version 2.3") is not a section.
        if DateText.first(in: text[...], within: text.count) != nil || VersionDateDetection.versionLabel(in: text[...]) != nil { return nil }
        if text.firstMatch(of: /^\d{1,3}(\.\d{1,3})*[.)]?\s+\p{Lu}/) != nil { return .numbered }
        if text.firstMatch(of: /^(?i:part|section|article|chapter|schedule|appendix|annex)\s+([IVXLC]+|\d+|[A-Z])\b/) != nil { return .part }
        let letters = text.filter(\.isLetter)
        if letters.count >= 3, letters.allSatisfy(\.isUppercase) { return .capitals }
        guard first.isUppercase else { return nil }
        let words = text.split(separator: " ")
        let titled = words.allSatisfy { word in
            guard let initial = word.first(where: { $0.isLetter || $0.isNumber }) else { return true }
            return initial.isUppercase || initial.isNumber || minorWords.contains(word.lowercased().filter(\.isLetter))
        }
        return titled && text.count <= 60 ? .titleCase : nil
    }

    /// `##` for a section; a numbered heading one level deeper for each dotted number ("2.1").
    private static func headingLevel(_ text: String, _ kind: Kind) -> Int {
        guard kind == .numbered, let number = text.firstMatch(of: /^\d{1,3}(\.\d{1,3})*/) else { return 2 }
        let depth = number.0.split(separator: ".").count
        return min(6, 1 + depth)
    }
}

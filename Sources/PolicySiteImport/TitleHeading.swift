import Foundation

/// Makes the document's title its `#` heading. A plain first line that reads as a title becomes
/// the heading. A web archive's document starts with the page's `<title>` as a heading ("Plimus -
/// Plimus Privacy Policy - ECommerce Company", "Planet Mirror privacy"): when the document's own
/// first line is a fuller title that starts with it or is part of it, that line is the title;
/// otherwise the part of the page title that names the policy is.
enum TitleHeading {
    static let policyWords = ["policy", "policies", "privacy", "terms", "notice", "statement", "agreement", "conditions", "cookie", "charter", "disclosure", "license", "licence", "eula"]

    static func apply(_ lines: [DocumentLine], path: String, notes: inout [ImportNote]) -> [DocumentLine] {
        var lines = lines
        guard let first = lines.firstIndex(where: { !$0.isBlank }) else { return lines }
        let text = lines[first].text.trimmingCharacters(in: .whitespaces)
        if let heading = text.firstMatch(of: /^#[ \t]+(.*?)[ \t#]*$/) {
            let pageTitle = String(heading.1)
            if let next = lines[(first + 1)...].firstIndex(where: { !$0.isBlank }) {
                let candidate = plain(lines[next].text)
                let lower = candidate.lowercased()
                let page = pageTitle.lowercased()
                if isTitleLike(candidate), namesPolicy(candidate), lower.hasPrefix(page) || page.contains(lower) {
                    notes.append(ImportNote(path, line: lines[next].number, "title \"\(candidate)\", the document's first line, in place of the page title \"\(pageTitle)\" (line \(lines[first].number))"))
                    lines[first] = DocumentLine(number: lines[next].number, text: "# " + candidate)
                    lines.remove(at: next)
                    return lines
                }
            }
            let parts = pageTitle.split(separator: /\s+[-|–—:]{1,2}\s+/).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count > 1, let named = parts.first(where: namesPolicy) {
                notes.append(ImportNote(path, line: lines[first].number, "title \"\(named)\", the part of the page title \"\(pageTitle)\" that names the policy"))
                lines[first].text = "# " + named
            } else {
                notes.append(ImportNote(path, line: lines[first].number, "title \"\(pageTitle)\""))
            }
            return lines
        }
        if text.hasPrefix("#") { return lines }
        let candidate = plain(lines[first].text)
        let setext = lines.indices.contains(first + 1) && lines[first + 1].text.wholeMatch(of: /\s*=+\s*/) != nil
        if setext {
            notes.append(ImportNote(path, line: lines[first].number, "title \"\(candidate)\""))
        } else if isTitleLike(candidate), VersionDateDetection.versionLabel(in: candidate[...]) == nil, DateText.first(in: candidate[...], within: candidate.count) == nil {
            notes.append(ImportNote(path, line: lines[first].number, "title \"\(candidate)\", the first line"))
            lines[first].text = "# " + candidate
        } else {
            notes.append(ImportNote(path, line: lines[first].number, "no title: the first line does not read as one; the pages take the title from policy.yml (or add a '# Title' line)"))
        }
        return lines
    }

    /// The line without its hard break and surrounding spaces.
    static func plain(_ text: String) -> String {
        var text = text.trimmingCharacters(in: .whitespaces)
        while text.hasSuffix("\\") { text.removeLast() }
        return text.trimmingCharacters(in: .whitespaces)
    }

    static func namesPolicy(_ text: String) -> Bool {
        let words = text.lowercased().split { !$0.isLetter }
        return words.contains { policyWords.contains(String($0)) }
    }

    /// Short, starting with a letter or digit, and not ending as a sentence or a clause does.
    static func isTitleLike(_ text: String) -> Bool {
        guard let first = text.first, first.isLetter || first.isNumber, text.count <= 100,
              text.split(separator: " ").count <= 15 else { return false }
        return !(text.last.map { ".,;:!?".contains($0) } ?? true)
    }
}

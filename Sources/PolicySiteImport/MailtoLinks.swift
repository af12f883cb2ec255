import Foundation

/// Tidies the email links an exported page carries: `[security@plimus.com.](mailto:security@plimus.com%20?subject=...)`
/// has the sentence's full stop inside the link's text and an encoded space after the address.
/// The punctuation moves after the link and the space goes; the address, and any subject or body
/// the link fills in, stay as they were. Bare addresses and URLs are left as they are: the
/// Markdown renderer links them (autolinks).
enum MailtoLinks {
    static func tidy(_ lines: [DocumentLine], path: String, notes: inout [ImportNote]) -> [DocumentLine] {
        lines.map { line in
            guard line.text.contains("](mailto:") else { return line }
            var text = line.text
            for match in line.text.matches(of: /\[([^\]\n]+)\]\(mailto:([^)\s?]*)(\?[^)\s]*)?\)/).reversed() {
                let label = String(match.1)
                let address = (String(match.2).removingPercentEncoding ?? String(match.2)).trimmingCharacters(in: .whitespaces)
                let punctuation = String(label.reversed().prefix { ".,;:".contains($0) }.reversed())
                let bare = String(label.dropLast(punctuation.count)).trimmingCharacters(in: .whitespaces)
                guard bare.caseInsensitiveCompare(address) == .orderedSame,
                      !punctuation.isEmpty || String(match.2) != address else { continue }
                let replacement = "[\(bare)](mailto:\(address)\(match.3 ?? ""))\(punctuation)"
                notes.append(ImportNote(path, line: line.number, "email link tidied: \(punctuation.isEmpty ? "" : "'\(punctuation)' moved after it, ")address '\(address)'"))
                text.replaceSubrange(match.range, with: replacement)
            }
            return DocumentLine(number: line.number, text: text)
        }
    }
}

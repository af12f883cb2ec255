/// One reply of an SMTP server (RFC 5321 section 4.2): a three-digit code and its text lines,
/// with the enhanced status code (RFC 3463) when the first line starts with one.
package struct SMTPReply: Sendable, Hashable {
    /// The three-digit code, 200 to 599.
    package var code: Int
    /// The text after the code on each line, as received (without the code and separator).
    package var lines: [String]

    package init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines
    }

    /// What the first digit says.
    package enum Kind: Sendable, Hashable {
        /// 2xx: done.
        case completed
        /// 3xx: go on (354 after DATA, 334 during AUTH).
        case intermediate
        /// 4xx: not now; the same command may work later.
        case transient
        /// 5xx: no; the same command will not work.
        case permanent
    }

    package var kind: Kind {
        switch code / 100 {
        case 2: .completed
        case 3: .intermediate
        case 4: .transient
        default: .permanent
        }
    }

    /// 421: the server is closing the connection (RFC 5321 section 3.8).
    package var isClosing: Bool { code == 421 }

    /// The enhanced status code at the start of the first line (`4.2.2`), if there is one.
    package var enhancedStatus: String? {
        guard let first = lines.first else { return nil }
        let word = first.prefix(while: { $0 != " " })
        let parts = word.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let head = parts[0].first, "245".contains(head), parts[0].count == 1,
              parts[1...].allSatisfy({ (1...3).contains($0.count) && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else { return nil }
        return String(word)
    }

    /// The reply as one line for people: `452 4.2.2 mailbox full`, at most `limit` characters,
    /// control characters already out (the parser takes only printable text).
    package func summary(limit: Int = 200) -> String {
        let text = "\(code) " + lines.joined(separator: " ")
        let trimmed = text.trimmingSuffixSpaces()
        return trimmed.count > limit ? String(trimmed.prefix(limit)) + "…" : trimmed
    }
}

private extension String {
    func trimmingSuffixSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}

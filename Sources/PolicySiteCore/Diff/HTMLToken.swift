/// A piece of HTML as cmark-gfm writes it: a tag, a word, or a run of white space.
/// cmark-gfm escapes `<`, `>`, `&` and `"` in text and attributes, so `<` always opens a tag and
/// `>` always closes it.
struct HTMLToken: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        /// `<p>`, `<a href="…">`: opens an element that a closing tag ends.
        case open(name: String)
        /// `</p>`.
        case close(name: String)
        /// `<br />`, `<hr />`, `<img …>`, `<input …>`, a comment: stands alone.
        case void
        case word
        case space
    }

    let kind: Kind
    let text: Substring

    var isTag: Bool {
        switch kind {
        case .open, .close, .void: return true
        case .word, .space: return false
        }
    }

    var isWord: Bool { kind == .word }

    /// The comparison key, hashed by bytes so that the word diff compares integers first.
    var diffKey: TokenKey { TokenKey(comparisonKey) }

    /// What two tokens are compared by: white space is all alike, and a heading's id is left out
    /// (it follows from the heading's text, and its numbering from the headings before it).
    var comparisonKey: Substring {
        switch kind {
        case .space: return " "
        case .open(let name) where HTMLBlock.isHeading(name):
            return text.prefix { $0 != " " && $0 != ">" }
        default: return text
        }
    }

    /// Compared by bytes: hashing a Substring for a Set goes through Unicode normalisation.
    private static let voidElements: [[UInt8]] = ["br", "hr", "img", "input", "col", "wbr", "source"].map { Array($0.utf8) }

    /// Splits HTML into tokens; an unterminated `<` is read as text.
    static func tokenize(_ html: Substring) -> [HTMLToken] {
        var tokens: [HTMLToken] = []
        let utf8 = html.utf8
        // About one token in four bytes of cmark-gfm's HTML (a word and a space, or a tag).
        tokens.reserveCapacity(utf8.count / 4)
        var index = utf8.startIndex
        while index < utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "<"), let end = utf8[index...].firstIndex(of: UInt8(ascii: ">")) {
                let after = utf8.index(after: end)
                tokens.append(tag(html[index..<after]))
                index = after
            } else if isSpace(byte) {
                let end = utf8[index...].firstIndex { !isSpace($0) } ?? utf8.endIndex
                tokens.append(HTMLToken(kind: .space, text: html[index..<end]))
                index = end
            } else {
                var end = utf8.index(after: index)
                while end < utf8.endIndex, !isSpace(utf8[end]), utf8[end] != UInt8(ascii: "<") { end = utf8.index(after: end) }
                tokens.append(HTMLToken(kind: .word, text: html[index..<end]))
                index = end
            }
        }
        return tokens
    }

    /// Reads one tag, `<` to `>`, by its bytes.
    static func tag(_ text: Substring) -> HTMLToken {
        let bytes = text.utf8
        guard bytes.count >= 3 else { return HTMLToken(kind: .void, text: text) }
        var index = bytes.index(after: bytes.startIndex)
        let second = bytes[index]
        let beforeLast = bytes[bytes.index(bytes.endIndex, offsetBy: -2)]
        if second == UInt8(ascii: "!") || second == UInt8(ascii: "?") || beforeLast == UInt8(ascii: "/") {
            return HTMLToken(kind: .void, text: text)
        }
        let isClose = second == UInt8(ascii: "/")
        if isClose { index = bytes.index(after: index) }
        var end = index
        while end < bytes.endIndex {
            let byte = bytes[end]
            if byte == 0x20 || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || byte == 0x0A { break }
            end = bytes.index(after: end)
        }
        // cmark-gfm writes tag names in lower case.
        let nameBytes = bytes[index..<end]
        if !isClose, voidElements.contains(where: { $0.elementsEqual(nameBytes) }) { return HTMLToken(kind: .void, text: text) }
        let name = String(text[index..<end])
        if isClose { return HTMLToken(kind: .close(name: name), text: text) }
        return HTMLToken(kind: .open(name: name), text: text)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }
}

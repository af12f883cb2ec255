import Foundation

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
        html.utf8.withContiguousStorageIfAvailable { tokenize(html, bytes: $0) }
            ?? Array(html.utf8).withUnsafeBufferPointer { tokenize(html, bytes: $0) }
    }

    /// The tokens of `html`, found by walking its bytes by offset (`bytes` holds them).
    private static func tokenize(_ html: Substring, bytes: UnsafeBufferPointer<UInt8>) -> [HTMLToken] {
        var tokens: [HTMLToken] = []
        guard let base = bytes.baseAddress else { return tokens }
        // About one token in four bytes of cmark-gfm's HTML (a word and a space, or a tag).
        tokens.reserveCapacity(bytes.count / 4)
        let utf8 = html.utf8
        func text(_ start: Int, _ end: Int) -> Substring {
            Substring(utf8[utf8.index(utf8.startIndex, offsetBy: start)..<utf8.index(utf8.startIndex, offsetBy: end)])
        }
        let count = bytes.count
        var index = 0
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<"), let greaterThan = memchr(base + index, Int32(UInt8(ascii: ">")), count - index) {
                let after = base.distance(to: greaterThan.assumingMemoryBound(to: UInt8.self)) + 1
                tokens.append(tag(text(index, after), bytes: UnsafeBufferPointer(rebasing: bytes[index..<after])))
                index = after
            } else if isSpace(byte) {
                var end = index + 1
                while end < count, isSpace(bytes[end]) { end += 1 }
                tokens.append(HTMLToken(kind: .space, text: text(index, end)))
                index = end
            } else {
                var end = index + 1
                while end < count, !isSpace(bytes[end]), bytes[end] != UInt8(ascii: "<") { end += 1 }
                tokens.append(HTMLToken(kind: .word, text: text(index, end)))
                index = end
            }
        }
        return tokens
    }

    /// Reads one tag, `<` to `>` (`text`), by its bytes (`bytes`).
    private static func tag(_ text: Substring, bytes: UnsafeBufferPointer<UInt8>) -> HTMLToken {
        let count = bytes.count
        guard count >= 3 else { return HTMLToken(kind: .void, text: text) }
        let second = bytes[1]
        if second == UInt8(ascii: "!") || second == UInt8(ascii: "?") || bytes[count - 2] == UInt8(ascii: "/") {
            return HTMLToken(kind: .void, text: text)
        }
        let isClose = second == UInt8(ascii: "/")
        let nameStart = isClose ? 2 : 1
        var end = nameStart
        while end < count {
            let byte = bytes[end]
            if byte == 0x20 || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || byte == 0x0A { break }
            end += 1
        }
        // cmark-gfm writes tag names in lower case.
        let nameBytes = UnsafeBufferPointer(rebasing: bytes[nameStart..<end])
        if !isClose, voidElements.contains(where: { $0.elementsEqual(nameBytes) }) { return HTMLToken(kind: .void, text: text) }
        let name = String(decoding: nameBytes, as: UTF8.self)
        if isClose { return HTMLToken(kind: .close(name: name), text: text) }
        return HTMLToken(kind: .open(name: name), text: text)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }
}

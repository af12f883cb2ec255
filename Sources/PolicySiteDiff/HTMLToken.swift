import PolicySiteSupport

/// A piece of HTML as cmark-gfm writes it: a tag, a word, or a run of white space. A token is a
/// range of its document's bytes, not text, so copying one costs no reference counting, as a
/// `Substring` would (BENCHMARKS.md has what that cost the diff).
/// cmark-gfm escapes `<`, `>`, `&` and `"` in text and attributes, so `<` always opens a tag and
/// `>` always closes it.
struct HTMLToken: Sendable {
    enum Kind: UInt8, Sendable {
        /// `<p>`, `<a href="…">`: opens an element that a closing tag ends.
        case open
        /// `</p>`.
        case close
        /// `<br />`, `<hr />`, `<img …>`, `<input …>`, a comment: stands alone.
        case void
        case word
        /// A punctuation mark at a word's start or end (`.`, `,`, `(`, `&quot;`, `”`): compared on its
        /// own, so that "cookies." and "cookies provided" differ only by what was inserted. Not a
        /// word: never counted as one.
        case punctuation
        case space
    }

    let kind: Kind
    /// The element a tag opens or closes; `.none` for the other kinds.
    let name: TagName
    /// The token's bytes in its document.
    let start: Int
    let end: Int

    var isTag: Bool { kind == .open || kind == .close || kind == .void }
    var isWord: Bool { kind == .word }

    /// What two tokens are compared by: white space is all alike (nil), and a heading's id is left
    /// out (it follows from the heading's text, and its numbering from the headings before it).
    func comparisonRange(in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        switch kind {
        case .space: return nil
        case .open where name.isHeading:
            var end = start
            while end < self.end, bytes[end] != 0x20, bytes[end] != UInt8(ascii: ">") { end += 1 }
            return start..<end
        default: return start..<end
        }
    }

    /// Splits `range` of a document's bytes into tokens; an unterminated `<` is read as text.
    static func tokenize(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [HTMLToken] {
        var tokens: [HTMLToken] = []
        guard bytes.baseAddress != nil else { return tokens }
        // About one token in four bytes of cmark-gfm's HTML (a word and a space, or a tag).
        tokens.reserveCapacity(range.count / 4)
        let count = range.upperBound
        var index = range.lowerBound
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<"), let tag = HTMLTagScanner.tag(bytes, at: index, before: count) {
                tokens.append(HTMLToken(tag, bytes))
                index = tag.end
            } else if isSpace(byte) {
                var end = index + 1
                while end < count, isSpace(bytes[end]) { end += 1 }
                tokens.append(HTMLToken(kind: .space, name: .none, start: index, end: end))
                index = end
            } else {
                var end = index + 1
                while end < count, !isSpace(bytes[end]), bytes[end] != UInt8(ascii: "<") { end += 1 }
                appendWord(bytes, index..<end, to: &tokens)
                index = end
            }
        }
        return tokens
    }

    /// A run of text without spaces: its leading and trailing punctuation marks each a token of its
    /// own, the rest (which may hold punctuation inside, as in "he/she" or "1.4") one word.
    private static func appendWord(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, to tokens: inout [HTMLToken]) {
        var start = range.lowerBound
        var end = range.upperBound
        while start < end, let length = Punctuation.leading(bytes, start..<end) {
            tokens.append(HTMLToken(kind: .punctuation, name: .none, start: start, end: start + length))
            start += length
        }
        var trailing: [Range<Int>] = []
        while start < end, let length = Punctuation.trailing(bytes, start..<end) {
            trailing.append((end - length)..<end)
            end -= length
        }
        if start < end { tokens.append(HTMLToken(kind: .word, name: .none, start: start, end: end)) }
        for mark in trailing.reversed() {
            tokens.append(HTMLToken(kind: .punctuation, name: .none, start: mark.lowerBound, end: mark.upperBound))
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
    }
}

extension HTMLToken {
    /// A tag as a token: a void element stands alone, as a standalone tag does.
    fileprivate init(_ tag: HTMLTag, _ bytes: UnsafeBufferPointer<UInt8>) {
        guard tag.kind != .standalone else {
            self.init(kind: .void, name: .none, start: tag.start, end: tag.end)
            return
        }
        // cmark-gfm writes tag names in lower case.
        let name = TagName(UnsafeBufferPointer(rebasing: bytes[tag.nameStart..<tag.nameEnd]))
        if tag.kind == .closing {
            self.init(kind: .close, name: name, start: tag.start, end: tag.end)
        } else if TagName.voidElements.contains(name) {
            self.init(kind: .void, name: .none, start: tag.start, end: tag.end)
        } else {
            self.init(kind: .open, name: name, start: tag.start, end: tag.end)
        }
    }
}

import Foundation

/// One tag of HTML as cmark-gfm writes it, as positions in its document's bytes.
package struct HTMLTag {
    /// What kind of `<...>` construct a tag is.
    package enum Kind: UInt8 {
        /// `<p>`, `<a href="…">`.
        case opening
        /// `</p>`.
        case closing
        /// `<!…>`, `<?…>`, `<… />` and the empty `<>`: no name is read.
        case standalone
    }

    /// What kind of construct it is.
    package let kind: Kind
    /// The `<`.
    package let start: Int
    /// Just after the `>`.
    package let end: Int
    /// The element's name: after `<` or `</`, up to a space, line feed, `/` or the `>`; empty for
    /// a standalone tag.
    package let nameStart: Int
    /// Just after the name (`nameStart` for a standalone tag).
    package let nameEnd: Int

    /// 1–6 when the name is `h1`–`h6`, else nil.
    package func headingLevel(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard nameEnd - nameStart == 2, bytes[nameStart] == UInt8(ascii: "h") else { return nil }
        let digit = Int(bytes[nameStart + 1]) - Int(UInt8(ascii: "0"))
        return (1...6).contains(digit) ? digit : nil
    }
}

/// Finds the tags of rendered HTML by its bytes, with `memchr`, allocating nothing: the diff
/// reads every tag of every version this way. cmark-gfm escapes `<`, `>`, `&` and `"` in text
/// and attributes, so a `<` always opens a tag and the next `>` closes it.
package struct HTMLTagScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var from: Int
    private let limit: Int

    /// Scans `range` of `bytes`.
    package init(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        self.bytes = bytes
        from = range.lowerBound
        limit = range.upperBound
    }

    /// The next tag; nil after the last one, or at a `<` that no `>` closes.
    package mutating func next() -> HTMLTag? {
        guard from < limit, let base = bytes.baseAddress,
              let lessThan = memchr(base + from, Int32(UInt8(ascii: "<")), limit - from) else { return nil }
        let open = base.distance(to: lessThan.assumingMemoryBound(to: UInt8.self))
        guard let tag = Self.tag(bytes, at: open, before: limit) else { return nil }
        from = tag.end
        return tag
    }

    /// The tag whose `<` is at `start`, closed by the first `>` before `limit`; nil when none is.
    package static func tag(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, before limit: Int) -> HTMLTag? {
        guard let base = bytes.baseAddress,
              let greaterThan = memchr(base + start, Int32(UInt8(ascii: ">")), limit - start) else { return nil }
        let close = base.distance(to: greaterThan.assumingMemoryBound(to: UInt8.self))
        guard close - start >= 2 else {
            return HTMLTag(kind: .standalone, start: start, end: close + 1, nameStart: start + 1, nameEnd: start + 1)
        }
        let second = bytes[start + 1]
        if second == UInt8(ascii: "!") || second == UInt8(ascii: "?") || bytes[close - 1] == UInt8(ascii: "/") {
            return HTMLTag(kind: .standalone, start: start, end: close + 1, nameStart: start + 1, nameEnd: start + 1)
        }
        let isClosing = second == UInt8(ascii: "/")
        let nameStart = isClosing ? start + 2 : start + 1
        var nameEnd = nameStart
        while nameEnd < close {
            let byte = bytes[nameEnd]
            if byte == 0x20 || byte == 0x0A || byte == UInt8(ascii: "/") { break }
            nameEnd += 1
        }
        return HTMLTag(kind: isClosing ? .closing : .opening, start: start, end: close + 1, nameStart: nameStart, nameEnd: nameEnd)
    }
}

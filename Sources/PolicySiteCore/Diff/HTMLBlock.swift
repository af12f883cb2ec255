import Foundation

/// A top-level block of rendered HTML: a heading, paragraph, list, table, quote, code block or
/// the footnotes section, as a range of its document's bytes. Splitting a document into blocks
/// reads only its tags; a block's words are tokenised only when it did not stay the same, which
/// is rare between two versions.
struct HTMLBlock: Sendable {
    /// The element's name: `p`, `h2`, `ul`, `table`, `section`.
    let name: TagName
    /// The block's bytes, from its opening tag to its closing tag.
    let start: Int
    let end: Int
    /// What blocks are aligned by.
    let key: BlockKey
    /// Whether the block holds a heading anywhere (whose level a redline lowers).
    let containsHeading: Bool

    var isHeading: Bool { name.isHeading }
    var range: Range<Int> { start..<end }

    /// The block as tokens.
    func tokens(_ bytes: UnsafeBufferPointer<UInt8>) -> ArraySlice<HTMLToken> {
        HTMLToken.tokenize(bytes, range)[...]
    }

    /// Splits a rendered document into its top-level blocks by following its tags, with `memchr`.
    static func split(_ bytes: UnsafeBufferPointer<UInt8>) -> [HTMLBlock] {
        var blocks: [HTMLBlock] = []
        guard let base = bytes.baseAddress else { return blocks }
        func append(_ name: TagName, _ start: Int, _ end: Int, _ hasHeading: Bool) {
            blocks.append(HTMLBlock(name: name, start: start, end: end,
                                    key: BlockKey(bytes, start..<end, isHeading: name.isHeading), containsHeading: hasHeading))
        }
        var index = 0
        var depth = 0
        var start = 0
        var name = TagName.none
        var hasHeading = false
        while index < bytes.count,
              let lessThan = memchr(base + index, Int32(UInt8(ascii: "<")), bytes.count - index) {
            let open = base.distance(to: lessThan.assumingMemoryBound(to: UInt8.self))
            guard let greaterThan = memchr(base + open, Int32(UInt8(ascii: ">")), bytes.count - open) else { break }
            let close = base.distance(to: greaterThan.assumingMemoryBound(to: UInt8.self))
            index = close + 1
            guard close - open >= 2 else { continue }
            let second = bytes[open + 1]
            if second == UInt8(ascii: "!") || second == UInt8(ascii: "?") || bytes[close - 1] == UInt8(ascii: "/") {
                if depth == 0 { append(.none, open, close + 1, false) }
                continue
            }
            let isClose = second == UInt8(ascii: "/")
            let nameStart = isClose ? open + 2 : open + 1
            var nameEnd = nameStart
            while nameEnd < close, bytes[nameEnd] != 0x20, bytes[nameEnd] != 0x0A, bytes[nameEnd] != UInt8(ascii: "/") { nameEnd += 1 }
            let tagName = TagName(UnsafeBufferPointer(rebasing: bytes[nameStart..<nameEnd]))
            if isClose {
                depth -= 1
                if depth == 0 { append(name, start, close + 1, hasHeading) }
                depth = max(depth, 0)
            } else if TagName.voidElements.contains(tagName) {
                if depth == 0 { append(.none, open, close + 1, false) }
            } else {
                if depth == 0 {
                    start = open
                    name = tagName
                    hasHeading = false
                }
                if tagName.isHeading { hasHeading = true }
                depth += 1
            }
        }
        return blocks
    }

    /// The list items of a list (or of the footnotes' list) and the rows of a table, each a
    /// balanced run of the block's tokens.
    static func parts(of name: TagName, _ tokens: ArraySlice<HTMLToken>) -> [ArraySlice<HTMLToken>] {
        let partName: TagName
        let partDepth: Int
        switch name {
        case .unorderedList, .orderedList: (partName, partDepth) = (.listItem, 1)
        case .section: (partName, partDepth) = (.listItem, 2)
        case .table: (partName, partDepth) = (.tableRow, 2)
        default: return []
        }
        var parts: [ArraySlice<HTMLToken>] = []
        var depth = 0
        var index = tokens.startIndex
        while index < tokens.endIndex {
            let token = tokens[index]
            if token.kind == .open, token.name == partName, depth == partDepth {
                let end = matchingEnd(tokens, from: index)
                parts.append(tokens[index..<end])
                index = end
                continue
            }
            if token.kind == .open { depth += 1 }
            if token.kind == .close { depth -= 1 }
            index += 1
        }
        return parts
    }

    /// The index after the tag that closes the element opened at `start`.
    private static func matchingEnd(_ tokens: ArraySlice<HTMLToken>, from start: Int) -> Int {
        var depth = 0
        var index = start
        while index < tokens.endIndex {
            switch tokens[index].kind {
            case .open: depth += 1
            case .close: depth -= 1
            default: break
            }
            index += 1
            if depth == 0 { return index }
        }
        return tokens.endIndex
    }

    /// The words of a run of tokens, as hashes, sorted: for similarity and counts.
    static func words(_ tokens: ArraySlice<HTMLToken>, _ bytes: UnsafeBufferPointer<UInt8>) -> [UInt64] {
        var words: [UInt64] = []
        words.reserveCapacity(tokens.count / 2 + 1)
        for token in tokens where token.isWord {
            words.append(BlockKey.hash(bytes, token.start..<token.end))
        }
        words.sort()
        return words
    }
}

import Foundation

/// A top-level block of rendered HTML: a heading, paragraph, list, table, quote, code block or
/// the footnotes section. Splitting a document into blocks reads only its tags, by bytes; a
/// block's words are tokenised only when it did not stay the same, which is rare between two
/// versions.
struct HTMLBlock: Sendable {
    /// The element's name: `p`, `h2`, `ul`, `table`, `section`.
    let name: String
    /// The block's HTML, from its opening tag to its closing tag.
    let html: Substring
    /// What blocks are aligned by.
    let key: BlockKey
    /// Whether the block holds a heading anywhere (whose level a redline lowers).
    let containsHeading: Bool

    var isHeading: Bool { Self.isHeading(name) }

    static func isHeading(_ name: String) -> Bool {
        name.utf8.count == 2 && name.utf8.first == UInt8(ascii: "h") && (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(name.utf8.last ?? 0)
    }

    /// The block as tokens.
    var tokens: ArraySlice<HTMLToken> { HTMLToken.tokenize(html)[...] }

    /// Splits a rendered document into its top-level blocks by following its tags.
    static func split(_ html: String) -> [HTMLBlock] {
        let utf8 = html.utf8
        let ranges = utf8.withContiguousStorageIfAvailable(blockRanges) ?? Array(utf8).withUnsafeBufferPointer(blockRanges)
        return ranges.map { range in
            let start = utf8.index(utf8.startIndex, offsetBy: range.start)
            let end = utf8.index(utf8.startIndex, offsetBy: range.end)
            let text = html[start..<end]
            return HTMLBlock(name: range.name, html: text, key: BlockKey(text, isHeading: isHeading(range.name)), containsHeading: range.hasHeading)
        }
    }

    private static let voidNames: [[UInt8]] = ["br", "hr", "img", "input", "col", "wbr", "source"].map { Array($0.utf8) }

    /// The byte ranges of the top-level elements, found with `memchr`.
    private static func blockRanges(_ bytes: UnsafeBufferPointer<UInt8>) -> [(name: String, start: Int, end: Int, hasHeading: Bool)] {
        var ranges: [(name: String, start: Int, end: Int, hasHeading: Bool)] = []
        guard let base = bytes.baseAddress else { return ranges }
        var index = 0
        var depth = 0
        var start = 0
        var name = ""
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
                if depth == 0 { ranges.append(("", open, close + 1, false)) }
                continue
            }
            let isClose = second == UInt8(ascii: "/")
            let nameStart = isClose ? open + 2 : open + 1
            var nameEnd = nameStart
            while nameEnd < close, bytes[nameEnd] != 0x20, bytes[nameEnd] != 0x0A, bytes[nameEnd] != UInt8(ascii: "/") { nameEnd += 1 }
            let tagName = UnsafeBufferPointer(rebasing: bytes[nameStart..<nameEnd])
            if isClose {
                depth -= 1
                if depth == 0 { ranges.append((name, start, close + 1, hasHeading)) }
                depth = max(depth, 0)
            } else if voidNames.contains(where: { $0.elementsEqual(tagName) }) {
                if depth == 0 { ranges.append(("", open, close + 1, false)) }
            } else {
                if depth == 0 {
                    start = open
                    name = String(decoding: tagName, as: UTF8.self)
                    hasHeading = false
                }
                if tagName.count == 2, tagName[0] == UInt8(ascii: "h"), (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(tagName[1]) {
                    hasHeading = true
                }
                depth += 1
            }
        }
        return ranges
    }

    /// The list items of a list (or of the footnotes' list) and the rows of a table, each a
    /// balanced run of the block's tokens.
    static func parts(of name: String, _ tokens: ArraySlice<HTMLToken>) -> [ArraySlice<HTMLToken>] {
        let partName: String
        let partDepth: Int
        switch name {
        case "ul", "ol": (partName, partDepth) = ("li", 1)
        case "section": (partName, partDepth) = ("li", 2)
        case "table": (partName, partDepth) = ("tr", 2)
        default: return []
        }
        var parts: [ArraySlice<HTMLToken>] = []
        var depth = 0
        var index = tokens.startIndex
        while index < tokens.endIndex {
            let token = tokens[index]
            if case .open(let tag) = token.kind, tag == partName, depth == partDepth {
                let end = matchingEnd(tokens, from: index)
                parts.append(tokens[index..<end])
                index = end
                continue
            }
            if case .open = token.kind { depth += 1 }
            if case .close = token.kind { depth -= 1 }
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
    static func words(_ tokens: ArraySlice<HTMLToken>) -> [UInt64] {
        var words: [UInt64] = []
        words.reserveCapacity(tokens.count / 2 + 1)
        for token in tokens where token.isWord { words.append(BlockKey.hash(token.text.utf8)) }
        words.sort()
        return words
    }

    /// A run of tokens' comparison keys, joined: what items and rows are aligned by.
    static func key(_ tokens: ArraySlice<HTMLToken>) -> String {
        var key = ""
        for token in tokens { key += token.comparisonKey }
        return key
    }
}

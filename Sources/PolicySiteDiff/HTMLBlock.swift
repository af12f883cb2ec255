import PolicySiteSupport

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

    /// Splits a rendered document into its top-level blocks by following its tags.
    static func split(_ bytes: UnsafeBufferPointer<UInt8>) -> [HTMLBlock] {
        var blocks: [HTMLBlock] = []
        func append(_ name: TagName, _ start: Int, _ end: Int, _ hasHeading: Bool) {
            blocks.append(HTMLBlock(name: name, start: start, end: end,
                                    key: BlockKey(bytes, start..<end, isHeading: name.isHeading), containsHeading: hasHeading))
        }
        var depth = 0
        var start = 0
        var name = TagName.none
        var hasHeading = false
        var scanner = HTMLTagScanner(bytes, 0..<bytes.count)
        while let tag = scanner.next() {
            // An empty `<>` is no block of its own.
            guard tag.end - tag.start > 2 else { continue }
            if tag.kind == .standalone {
                if depth == 0 { append(.none, tag.start, tag.end, false) }
                continue
            }
            let tagName = TagName(UnsafeBufferPointer(rebasing: bytes[tag.nameStart..<tag.nameEnd]))
            if tag.kind == .closing {
                depth -= 1
                if depth == 0 { append(name, start, tag.end, hasHeading) }
                depth = max(depth, 0)
            } else if TagName.voidElements.contains(tagName) {
                if depth == 0 { append(.none, tag.start, tag.end, false) }
            } else {
                if depth == 0 {
                    start = tag.start
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

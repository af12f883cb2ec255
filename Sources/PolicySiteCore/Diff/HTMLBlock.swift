/// A top-level block of rendered HTML: a heading, paragraph, list, table, quote, code block or
/// the footnotes section. Splitting a document into blocks reads only its tags; a block's words
/// are tokenised only when it did not stay the same, which is rare between two versions.
struct HTMLBlock: Sendable {
    /// The element's name: `p`, `h2`, `ul`, `table`, `section`.
    let name: String
    /// The block's HTML, from its opening tag to its closing tag.
    let html: Substring

    var isHeading: Bool { name.count == 2 && name.first == "h" && name.last.map { ("1"..."6").contains($0) } == true }

    /// Whether the block has items or rows that a diff aligns one by one.
    var hasParts: Bool { name == "ul" || name == "ol" || name == "table" || name == "section" }

    /// The block as tokens.
    var tokens: ArraySlice<HTMLToken> { HTMLToken.tokenize(html)[...] }

    /// What blocks are aligned by: the HTML with white space runs as one space and a heading's
    /// id left out (see `HTMLToken.comparisonKey`).
    var key: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(html.utf8.count)
        var inSpace = false
        for byte in html.utf8 {
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D {
                if !inSpace { bytes.append(0x20) }
                inSpace = true
            } else {
                bytes.append(byte)
                inSpace = false
            }
        }
        if isHeading, let idStart = bytes.firstRange(of: Array(" id=\"".utf8)),
           let quote = bytes[idStart.upperBound...].firstIndex(of: UInt8(ascii: "\"")) {
            bytes.removeSubrange(idStart.lowerBound...quote)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether the block holds a heading anywhere (whose level a redline lowers).
    var containsHeading: Bool {
        let utf8 = Array(html.utf8)
        var index = 0
        while index + 2 < utf8.count {
            if utf8[index] == UInt8(ascii: "<") {
                let next = utf8[index + 1] == UInt8(ascii: "/") ? index + 2 : index + 1
                if next + 1 < utf8.count, utf8[next] == UInt8(ascii: "h"), (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(utf8[next + 1]) { return true }
            }
            index += 1
        }
        return false
    }

    /// Splits a rendered document into its top-level blocks by following its tags.
    static func split(_ html: String) -> [HTMLBlock] {
        var blocks: [HTMLBlock] = []
        let utf8 = html.utf8
        var index = utf8.startIndex
        var depth = 0
        var blockStart: String.Index?
        var blockName = ""
        while let open = utf8[index...].firstIndex(of: UInt8(ascii: "<")),
              let close = utf8[open...].firstIndex(of: UInt8(ascii: ">")) {
            let after = utf8.index(after: close)
            let tag = HTMLToken.tag(html[open..<after])
            switch tag.kind {
            case .open(let name):
                if depth == 0 {
                    blockStart = open
                    blockName = name
                }
                depth += 1
            case .close:
                depth -= 1
                if depth == 0, let start = blockStart {
                    blocks.append(HTMLBlock(name: blockName, html: html[start..<after]))
                    blockStart = nil
                }
                depth = max(depth, 0)
            case .void where depth == 0:
                blocks.append(HTMLBlock(name: "", html: html[open..<after]))
            default:
                break
            }
            index = after
        }
        return blocks
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

    /// The words of a run of tokens, for similarity and counts.
    static func words(_ tokens: ArraySlice<HTMLToken>) -> [Substring] {
        tokens.filter(\.isWord).map(\.text)
    }

    /// A run of tokens' comparison keys, joined: what items and rows are aligned by.
    static func key(_ tokens: ArraySlice<HTMLToken>) -> String {
        var key = ""
        for token in tokens { key += token.comparisonKey }
        return key
    }
}

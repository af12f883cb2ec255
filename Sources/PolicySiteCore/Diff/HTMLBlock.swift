/// A top-level block of rendered HTML (a heading, paragraph, list, table, quote, code block,
/// footnotes section), and for lists, tables and footnotes the parts a diff aligns inside them:
/// list items and table rows.
struct HTMLBlock: Sendable {
    /// The element's name: `p`, `h2`, `ul`, `table`, `section`.
    let name: String
    let tokens: ArraySlice<HTMLToken>
    /// For a list, the footnotes or a table: its items or rows, each a balanced run of tokens.
    let parts: [ArraySlice<HTMLToken>]

    var isHeading: Bool { name.count == 2 && name.first == "h" && name.last.map { ("1"..."6").contains($0) } == true }

    /// What blocks are aligned by: their tokens' comparison keys, joined.
    var key: String { HTMLBlock.key(tokens) }

    static func key(_ tokens: ArraySlice<HTMLToken>) -> String {
        var key = ""
        for token in tokens { key += token.comparisonKey }
        return key
    }

    /// The words of a run of tokens, for similarity and counts.
    static func words(_ tokens: ArraySlice<HTMLToken>) -> [Substring] {
        tokens.filter(\.isWord).map(\.text)
    }

    /// Splits a rendered document into its top-level blocks.
    static func split(_ tokens: [HTMLToken]) -> [HTMLBlock] {
        var blocks: [HTMLBlock] = []
        var index = tokens.startIndex
        while index < tokens.endIndex {
            switch tokens[index].kind {
            case .space, .word:
                index += 1 // text between blocks: only line ends in cmark-gfm's output
            case .void, .close:
                blocks.append(HTMLBlock(name: "", tokens: tokens[index...index], parts: []))
                index += 1
            case .open(let name):
                let end = matchingEnd(tokens[...], from: index)
                let slice = tokens[index..<end]
                blocks.append(HTMLBlock(name: name, tokens: slice, parts: parts(of: name, slice)))
                index = end
            }
        }
        return blocks
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

    /// The list items of a list (or of the footnotes' list) and the rows of a table.
    private static func parts(of name: String, _ tokens: ArraySlice<HTMLToken>) -> [ArraySlice<HTMLToken>] {
        let partName: String
        switch name {
        case "ul", "ol", "section": partName = "li"
        case "table": partName = "tr"
        default: return []
        }
        var parts: [ArraySlice<HTMLToken>] = []
        var depth = 0
        var index = tokens.startIndex
        while index < tokens.endIndex {
            let token = tokens[index]
            if case .open(let tag) = token.kind, tag == partName, depth <= (name == "ul" || name == "ol" ? 1 : 2) {
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
}

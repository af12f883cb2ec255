import PolicySiteSupport

/// A Markdown body rendered to HTML, with what the pages need to know of its structure.
package struct RenderedMarkdown: Sendable, Hashable {
    /// The HTML, every heading carrying its stable `id`.
    package var html: String
    /// Every heading, in document order.
    package var headings: [Heading]
    /// Whether the body opens with a level-1 heading, which then serves as the page's title.
    package var opensWithTitle: Bool
    /// The 1-based body lines of the raw HTML left out (all but `RawHTMLAllowlist`'s tags), one
    /// entry per piece: a line with two tags is listed twice.
    package var omittedHTMLLines: [Int]
    /// Control characters that character references (`&#12;`) put into the HTML, removed.
    package var removedControlCharacters = 0

    /// The HTML split into the opening `<h1>` (made from `fallbackTitle` when the text has none)
    /// and the rest, so that a page can place its version details right under the title.
    package func splitTitle(fallbackTitle: String) -> (title: String, rest: String) {
        let close = Array("</h1>\n".utf8)
        let utf8 = html.utf8
        if opensWithTitle, let start = utf8.indices.first(where: { utf8[$0...].starts(with: close) }) {
            let end = utf8.index(start, offsetBy: close.count)
            return (String(html[..<end]), String(html[end...]))
        }
        return ("<h1>\(HTMLEscaping.attribute(fallbackTitle))</h1>\n", html)
    }

    /// The text of the first level-1 heading, if any.
    package var firstTitle: String? { headings.first { $0.level == 1 }?.text }
}

/// A heading of a policy text and its anchor.
package struct Heading: Sendable, Hashable {
    package var level: Int
    package var text: String
    /// The `id`, derived from the text alone, so that it stays the same from version to version.
    package var id: String
}

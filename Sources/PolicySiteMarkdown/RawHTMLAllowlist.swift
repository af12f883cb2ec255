/// The raw HTML a page keeps: a line break, a superscript and a subscript, without attributes, as
/// policies exported from CMSs and web archives write them (a `<br>` in a table cell, a `<sup>` on
/// a footnote mark). Each is kept in one canonical form (`<br />`, as cmark-gfm writes its own
/// line breaks; `<sup>`, `</sup>`, `<sub>`, `</sub>`), so that two versions that differ only in
/// how a tag is spelled compare as the same. Everything else is left out of the page.
enum RawHTMLAllowlist {
    /// An allowed tag.
    enum Tag: Equatable {
        case lineBreak
        case open(Element)
        case close(Element)

        /// How the page writes it.
        var canonical: String {
            switch self {
            case .lineBreak: "<br />"
            case .open(let element): "<\(element.rawValue)>"
            case .close(let element): "</\(element.rawValue)>"
            }
        }
    }

    /// An element that opens and closes: kept only as a pair within one parent (a paragraph, a
    /// table cell, an emphasis), so that the page stays well formed.
    enum Element: String {
        case sup
        case sub
    }

    /// What cmark-gfm writes, in safe mode, for each piece of raw HTML; text never produces it
    /// (its `<` is escaped), so each one in a page stands for a piece of raw HTML.
    static let placeholder = "<!-- raw HTML omitted -->"

    /// The allowed tag that `literal` (one inline piece of raw HTML, as cmark-gfm parsed it) is,
    /// in any letter case; nil for anything else, including white space inside the tag.
    static func tag(_ literal: String) -> Tag? {
        switch literal.lowercased() {
        case "<br>", "<br/>", "<br />": .lineBreak
        case "<sup>": .open(.sup)
        case "</sup>": .close(.sup)
        case "<sub>": .open(.sub)
        case "</sub>": .close(.sub)
        default: nil
        }
    }

    /// `html` with its placeholders replaced, in order, by `kept`: the canonical forms of the
    /// allowed tags, in document order, as the renderer wrote a placeholder for each.
    static func restore(_ kept: [String], in html: String) -> String {
        guard !kept.isEmpty else { return html }
        var result = ""
        result.reserveCapacity(html.utf8.count + kept.count * 6)
        var rest = html[...]
        var next = kept.makeIterator()
        while let range = rest.range(of: placeholder) {
            result += rest[..<range.lowerBound]
            // There is one kept tag per placeholder (the rest of the raw HTML is removed from
            // the tree before rendering); were there ever more, the extra ones are left out.
            result += next.next() ?? ""
            rest = rest[range.upperBound...]
        }
        result += rest
        return result
    }
}

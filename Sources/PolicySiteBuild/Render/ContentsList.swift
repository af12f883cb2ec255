import PolicySiteMarkdown

/// A text's list of contents, made from its headings: the highest level under the title, with the
/// level below it nested under each. Deeper headings are left out: a list as long as the text
/// helps no one find a section.
enum ContentsList {
    /// `headings` in document order; `skipTitle` leaves out the first, the text's own `<h1>`.
    static func entries(_ headings: [Heading], skipTitle: Bool) -> [ContentsEntryContext] {
        let sections = skipTitle ? headings.dropFirst() : headings[...]
        guard let top = sections.map(\.level).min() else { return [] }
        var entries: [(title: String, url: String, children: [ContentsEntryContext])] = []
        // An empty heading (`##` alone) would make a link without a name.
        for heading in sections where heading.level <= top + 1 && !heading.text.isEmpty {
            // A heading one level down goes under the section before it; one before any section
            // of the top level stands at the top.
            if heading.level == top + 1, !entries.isEmpty {
                entries[entries.count - 1].children.append(ContentsEntryContext(title: heading.text, url: "#" + heading.id))
            } else {
                entries.append((heading.text, "#" + heading.id, []))
            }
        }
        return entries.map { ContentsEntryContext(title: $0.title, url: $0.url, children: $0.children) }
    }

    /// Whether a list is worth showing: it names two sections or more.
    static func isWorthShowing(_ entries: [ContentsEntryContext]) -> Bool {
        entries.count + entries.reduce(0) { $0 + $1.children.count } >= 2
    }
}

import Mustache

/// A link to one section of a changes page, as the templates of pages and emails both list them.
package struct SectionLinkContext: Sendable {
    package var title: String
    /// `#anchor` on the changes page.
    package var url: String

    package init(title: String, url: String) {
        self.title = title
        self.url = url
    }
}

extension SectionLinkContext: MustacheParent {
    package func child(named name: String) -> Any? {
        switch name {
        case "title": return title
        case "url": return url
        default: return nil
        }
    }
}

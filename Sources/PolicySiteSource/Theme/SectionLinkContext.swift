import Mustache

/// A link to one section of a changes page, as the templates of pages and emails both list them.
package struct SectionLinkContext: Sendable {
    /// The section's title.
    package var title: String
    /// `#anchor` on the changes page.
    package var url: String

    /// A link to a section, as templates show it.
    package init(title: String, url: String) {
        self.title = title
        self.url = url
    }
}

extension SectionLinkContext: MustacheParent {
    /// The value a template names, for swift-mustache.
    package func child(named name: String) -> Any? {
        switch name {
        case "title": return title
        case "url": return url
        default: return nil
        }
    }
}

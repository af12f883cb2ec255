import Mustache

/// A link to one section of a changes page, as the templates of pages and emails both list them.
/// A class, as the other contexts are: the template engine copies a struct into a box of its own
/// each time a list's item is looked up, and retains a class instance instead.
package final class SectionLinkContext: Sendable {
    /// The section's title.
    package let title: String
    /// `#anchor` on the changes page.
    package let url: String

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

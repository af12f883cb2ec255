import Mustache
import PolicySiteSupport

/// The content type every theme template renders with: HTML escaping as swift-mustache's own,
/// done by bytes rather than by Character with a dictionary lookup each, which made escaping
/// the largest cost of rendering a page.
struct ThemeHTMLContentType: MustacheContentType {
    /// The name templates select it by: the loader opens each template with this pragma.
    static let name = "POLICYSITE_HTML"
    static let pragma = "{{% CONTENT_TYPE: \(name)}}"

    /// Makes the pragma known to the template engine, whose registry is process-wide: every
    /// reader that compiles a template with it calls this first, so that none depends on
    /// another having run before it (registering again replaces the same type).
    static func register() {
        MustacheContentTypes.register(ThemeHTMLContentType(), named: name)
    }

    func escapeText(_ text: String) -> String {
        HTMLEscaping.attribute(text)
    }
}

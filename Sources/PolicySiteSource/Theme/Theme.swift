import Foundation
import Mustache
import PolicySiteModel

/// A theme ready to render: its parsed templates and the static files it ships.
package struct Theme: Sendable {
    /// The theme's name as configured.
    package let name: String
    let templates: MustacheLibrary
    /// Files under the theme's `assets/`, by path relative to the theme folder, sorted.
    package let assets: [(path: String, data: Data)]
    /// The SHA-256 of every file of the theme (templates and assets, built-in ones included),
    /// in hex: it changes when any of them does (the build's cache keys pages by it).
    package let fingerprint: String
    /// The strings of each language the theme has a catalog for (`i18n/<lang>.yml`), by language.
    let catalogs: [String: [String: String]]

    /// The theme's strings in `language`, each missing key from its fallbacks (`de-AT` → `de`
    /// → `defaultLanguage` → English).
    package func strings(_ language: String, defaultLanguage: String) -> ThemeStrings {
        ThemeCatalogs.strings(catalogs, language: language, defaultLanguage: defaultLanguage)
    }

    /// Whether the theme has a catalog for `language` or a shorter form of it.
    package func hasCatalog(_ language: String) -> Bool {
        LanguageTag.fallbacks(language).contains { tag in catalogs.keys.contains { $0.lowercased() == tag.lowercased() } }
    }
    /// The words of the notice emails in each language (`i18n/<lang>.yml`, `email:`).
    package let emailStrings: EmailStrings

    /// The templates every theme provides, one per kind of page.
    package static let pageTemplates = ["index", "policy", "history", "version", "changes", "404"]
    /// The templates of a notice email: its subject, text part and HTML part.
    package static let emailTemplates = ["email-subject", "email-text", "email-html"]
    /// Templates rendered as plain text, without HTML escaping.
    static let textTemplates: Set<String> = ["email-subject", "email-text"]

    /// Renders a template with its typed context; the loader has made sure the template exists.
    package func render<Context: MustacheParent>(_ template: String, _ context: Context) -> String {
        templates.render(ContextReference(context), withTemplate: template) ?? ""
    }
}

/// A template's context held by reference. The template engine casts the object at the root of its
/// stack to its protocols at every lookup, which costs less for a class instance than for a large
/// struct (BENCHMARKS.md has the measurement).
final class ContextReference: MustacheParent {
    let context: any MustacheParent

    init(_ context: any MustacheParent) {
        self.context = context
    }

    func child(named name: String) -> Any? {
        context.child(named: name)
    }
}

import Foundation
import PolicySiteSupport

/// Reads a policy's optional `policy.yml`: title, description, order. The title and the
/// description are written once, or once per language of the site (`PerLanguageText`).
enum PolicySettingsLoader {
    struct Settings {
        var title: String?
        var description: String?
        var order: Int?
        /// The title and description in the languages after the first, by tag.
        var localizedTitles: [String: String] = [:]
        var localizedDescriptions: [String: String] = [:]
    }

    static let knownKeys: Set<String> = ["title", "description", "order"]

    /// The settings in `item`, the policy folder's `policy.yml` (none when nil); `languages` are
    /// the site's, the default first.
    static func load(_ item: SourceAccess.Item?, access: SourceAccess, languages: [String], _ diagnostics: inout Diagnostics) -> Settings {
        guard let item, let source = access.text(item, &diagnostics),
              let yaml = YAMLMapping.parse(source.text, path: source.path, firstLine: 1, &diagnostics) else { return Settings() }
        yaml.warnOfUnknownKeys(known: knownKeys, in: "policy.yml", &diagnostics)
        var settings = Settings()
        let titles = PerLanguageText.read("title", in: yaml, languages: languages, path: source.path, &diagnostics)
        let descriptions = PerLanguageText.read("description", in: yaml, languages: languages, path: source.path, &diagnostics)
        (settings.title, settings.localizedTitles) = split(titles, languages: languages)
        (settings.description, settings.localizedDescriptions) = split(descriptions, languages: languages)
        settings.order = yaml.integer("order", in: Int(Int32.min)...Int(Int32.max), &diagnostics)
        return settings
    }

    /// The default language's text, and the other languages' by tag.
    private static func split(_ texts: [String: String], languages: [String]) -> (String?, [String: String]) {
        if let every = texts[PerLanguageText.everyLanguage] { return (every, [:]) }
        let defaultLanguage = languages.first ?? ""
        return (texts[defaultLanguage], texts.filter { $0.key != defaultLanguage })
    }
}

import PolicySiteSupport

/// A setting written once for every language, or once per language by tag: a site's
/// `authoritative_note`, a policy's `title` and `description`.
///
///     title: Privacy Policy
///     title:
///       en: Privacy Policy
///       de: Datenschutzerklärung
enum PerLanguageText {
    /// The key under which a text written once, for every language, is kept.
    static let everyLanguage = "*"

    /// The texts of `key` by language tag, or under `everyLanguage` when written once; empty when
    /// the key is absent. A tag not in `languages` is an error at its line.
    static func read(_ key: String, in yaml: YAMLMapping, languages: [String], path: String, _ problems: inout Diagnostics) -> [String: String] {
        guard case .mapping(let mapping)? = yaml.entries[key]?.value else {
            return yaml.string(key, &problems).map { [everyLanguage: $0] } ?? [:]
        }
        var texts: [String: String] = [:]
        for entry in mapping.texts(&problems) {
            if languages.contains(entry.key) {
                texts[entry.key] = entry.value
            } else {
                problems.error(path, line: entry.line, "'\(key)' has a text for '\(entry.key)', which is not in 'languages' (\(languages.joined(separator: ", "))) of policysite.yml; remove it or add the language")
            }
        }
        return texts
    }
}

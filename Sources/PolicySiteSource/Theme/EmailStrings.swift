import Foundation
import Mustache
import PolicySiteSupport

/// The words of the notice emails in each language: the `email:` mapping of a theme's
/// `i18n/<lang>.yml`, key by key, each a small Mustache template over the email's context
/// (`{{notice.version}}`, `{{recipient.name}}`). The email templates show them as
/// `{{strings.<key>}}` (`{{{strings.<key>}}}` in HTML, where the string is already escaped).
/// A key a language lacks falls back to the English text, which is the default theme's.
/// A key with an `_html` form (`intro_html`) is used for the HTML part, else the plain one.
package struct EmailStrings: Sendable {
    /// Each string's English text: exactly the words the default theme's email templates had
    /// before they were translated, so that an English email is byte for byte what it was.
    static let english: [String: String] = [
        "subject_material": "{{notice.policyTitle}}: version {{notice.version}} takes effect on {{notice.effective.long}}",
        "subject_editorial": "{{notice.policyTitle}}: an editorial update (version {{notice.version}})",
        "title": "{{notice.policyTitle}}, version {{notice.version}}",
        "greeting_named": "Dear {{recipient.name}},",
        "greeting": "Hello,",
        "intro": "{{site.organization}} has published version {{notice.version}} of its {{notice.policyTitle}}{{#notice.previousVersion}}, which replaces version {{notice.previousVersion}}{{/notice.previousVersion}}. It takes effect on {{notice.effective.long}}.",
        "intro_html": "{{site.organization}} has published version {{notice.version}} of its {{notice.policyTitle}}{{#notice.previousVersion}}, which replaces version {{notice.previousVersion}}{{/notice.previousVersion}}. It takes effect on <strong>{{notice.effective.long}}</strong>.",
        "editorial": "This is an editorial change: it changes nothing of substance.",
        "summary_label": "What changed:",
        "waived_label": "Why the notice is shorter than usual:",
        "since_accepted": "You last accepted version {{notice.startingVersion}}. Since then, {{notice.wordsInserted}} words were added and {{notice.wordsDeleted}} removed; the sections below are those changed since version {{notice.startingVersion}}.",
        "sections_label": "Sections:",
        "added": "Added:",
        "removed": "Removed:",
        "changed": "Changed:",
        "read_version": "Read the new version",
        "read_version_at": "Read the new version: {{notice.versionURL}}",
        "see_changes": "See every change, marked",
        "see_changes_at": "See every change, marked: {{notice.changesURL}}",
        "footer": "You receive this email because you have an account with {{site.organization}}, and we tell our users when our policies change.",
        "stop_link": "Stop these emails",
        "stop_url": "To stop these emails: {{unsubscribe.url}}",
        "stop_mailto": "To stop these emails, write to {{unsubscribe.mailto}} with the subject \"unsubscribe\".",
        "stop_mailto_html": "To stop these emails, write to <a style=\"color: #0b4f9c;\" href=\"mailto:{{unsubscribe.mailto}}?subject=unsubscribe\">{{unsubscribe.mailto}}</a>.",
    ]

    /// The keys a catalog may give: the English ones.
    static var keys: Set<String> { Set(english.keys) }

    /// One string, ready for either part.
    struct Compiled: Sendable {
        let text: MustacheTemplate
        let html: MustacheTemplate
    }

    /// The strings by lower-cased language tag, then by key; English always there.
    private let languages: [String: [String: Compiled]]

    /// The English strings only.
    static var englishOnly: EmailStrings {
        var ignored = Diagnostics()
        return EmailStrings(catalogs: [], &ignored)
    }

    /// Whether the theme has email strings of its own for `language` (English always).
    package func has(_ language: String) -> Bool { languages[language.lowercased()] != nil }

    /// The string `key` in `language`, rendered with `context`: for the HTML part its `_html`
    /// form where the language (or else English) has one, with values escaped. Nil for a key
    /// that no language has.
    package func render(_ key: String, language: String, html: Bool, _ context: some MustacheParent) -> String? {
        let own = languages[language.lowercased()]
        let english = languages["en"]
        let found: Compiled?
        if html {
            found = own?[key + "_html"] ?? own?[key] ?? english?[key + "_html"] ?? english?[key]
        } else {
            found = own?[key] ?? english?[key]
        }
        guard let found else { return nil }
        return (html ? found.html : found.text).render(context)
    }

    /// A language's `email:` strings as a theme's `i18n/<lang>.yml` gives them.
    struct Catalog {
        var language: String
        var strings: [String: (text: String, line: Int)]
        var displayPath: String
    }

    /// Compiles English and then each catalog over it (later catalogs of a language override
    /// earlier ones key by key); a string that does not parse is an error at its line.
    init(catalogs: [Catalog], _ diagnostics: inout Diagnostics) {
        ThemeHTMLContentType.register()
        var languages: [String: [String: Compiled]] = [:]
        func compile(_ text: String) throws -> Compiled {
            Compiled(text: try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + text),
                     html: try MustacheTemplate(string: ThemeHTMLContentType.pragma + text))
        }
        for (key, text) in Self.english {
            // The English strings are the binary's own, tested to parse.
            if let compiled = try? compile(text) { languages["en", default: [:]][key] = compiled }
        }
        for catalog in catalogs {
            for (key, string) in catalog.strings.sorted(by: { $0.key < $1.key }) {
                do {
                    languages[catalog.language.lowercased(), default: [:]][key] = try compile(string.text)
                } catch {
                    let (_, message) = TemplateTags.parseProblem(error, in: string.text)
                    diagnostics.error(catalog.displayPath, line: string.line, "'email.\(key)' does not parse: \(message)")
                }
            }
        }
        self.languages = languages
    }

    /// The key of a catalog file that holds the email's strings.
    static let catalogKey = "email"

    /// The `email:` catalogs of a theme's files (`i18n/<lang>.yml`, by path): the built-in
    /// theme's first, then the site theme's, so that a site's file overrides string by string
    /// and keeps the built-in strings it does not give.
    static func catalogs(builtIn: [String: Data], site: [String: ThemeLoader.ThemeFile], _ diagnostics: inout Diagnostics) -> [Catalog] {
        ThemeCatalogs.read(builtIn: builtIn, theme: site, &diagnostics).email
    }

    /// The `email:` mapping of a catalog file in `language`; nil when it has none.
    static func catalog(_ yaml: YAMLMapping, language: String, displayPath: String, _ diagnostics: inout Diagnostics) -> Catalog? {
        guard let entry = yaml.entries[catalogKey] else { return nil }
        guard case .mapping(let email) = entry.value else {
            diagnostics.error(displayPath, line: entry.line, "'email' must be a mapping of the email's strings by name (such as greeting: \"Hello,\")")
            return nil
        }
        var strings: [String: (text: String, line: Int)] = [:]
        for key in email.keyOrder {
            guard Self.keys.contains(key) else {
                diagnostics.warning(displayPath, line: email.line(of: key), "unknown key 'email.\(key)'; it is ignored (the email strings are \(Self.keys.sorted().joined(separator: ", ")))")
                continue
            }
            if let text = email.string(key, &diagnostics) { strings[key] = (text, email.line(of: key)) }
        }
        return Catalog(language: language, strings: strings, displayPath: displayPath)
    }
}

import Foundation
import PolicySiteModel
import PolicySiteSupport

/// The strings of a theme in one language, from `themes/<name>/i18n/<lang>.yml` over the
/// built-in theme's: every visible word of the pages and the change email. Keys of nested
/// mappings are joined with dots (`email.subject_material`). A key the language lacks comes from
/// the next language in its fallback chain (`de-AT` → `de` → the site's default → `en`).
package struct ThemeStrings: Sendable, Hashable {
    /// The language asked for, as the site names it.
    package let language: String
    /// Every key, with the fallbacks' values filled in.
    package let values: [String: String]

    package init(language: String, values: [String: String]) {
        self.language = language
        self.values = values
    }

    /// The string at `key`, or the key itself when no catalog has it (a theme's mistake that
    /// the loader reports).
    package subscript(key: String) -> String { values[key] ?? key }

    /// The string at `key` with each `{name}` replaced by its value, in one pass: a value is never
    /// searched for names itself (a policy titled "Terms {version}" keeps its title, whichever
    /// order the arguments come in), and a name without a value stays as it is written.
    package func format(_ key: String, _ arguments: [String: String]) -> String {
        let text = self[key]
        var result = ""
        result.reserveCapacity(text.utf8.count + 64)
        // Braces are found byte by byte, not character by character: a brace that a combining
        // mark follows is still a brace, as it was to `replacingOccurrences`.
        var rest = text[...]
        while let open = rest.utf8.firstIndex(of: UInt8(ascii: "{")) {
            result += rest[..<open]
            let name = rest[rest.utf8.index(after: open)...]
            if let close = name.utf8.firstIndex(of: UInt8(ascii: "}")), let value = arguments[String(name[..<close])] {
                result += value
                rest = name[name.utf8.index(after: close)...]
            } else {
                result += "{"
                rest = name
            }
        }
        result += rest
        return result
    }
}

/// Reads a theme's `i18n/<lang>.yml` files.
enum ThemeCatalogs {
    /// The language every catalog falls back to last: the built-in theme is complete in it.
    static let baseLanguage = "en"

    /// What a theme's catalog files give: the pages' strings by language, and the emails' (each
    /// file's `email:` mapping, which `EmailStrings` compiles).
    struct Read {
        var pages: [String: [String: String]] = [:]
        var email: [EmailStrings.Catalog] = []
    }

    /// Reads each catalog file once: the built-in theme's, then the site theme's, whose keys
    /// override the built-in file's of the same language key by key.
    static func read(builtIn: [String: Data], theme: [String: ThemeLoader.ThemeFile], _ problems: inout Diagnostics) -> Read {
        var read = Read()
        let builtInFiles = builtIn.map { ($0.key, ThemeLoader.ThemeFile(data: $0.value, displayPath: "built-in theme: \($0.key)")) }
        for (path, file) in builtInFiles.sorted(by: { $0.0 < $1.0 }) + theme.sorted(by: { $0.key < $1.key }) {
            guard let language = language(of: path),
                  let source = SourceText.decode(file.data, displayPath: file.displayPath, &problems),
                  let yaml = YAMLMapping.parse(source.text, path: file.displayPath, firstLine: 1, &problems) else { continue }
            read.pages[language, default: [:]].merge(pageStrings(yaml, &problems)) { _, new in new }
            if let email = EmailStrings.catalog(yaml, language: language, displayPath: file.displayPath, &problems) {
                read.email.append(email)
            }
        }
        return read
    }

    /// `i18n/de.yml` → `de`.
    static func language(of path: String) -> String? {
        guard path.hasPrefix("i18n/"), path.hasSuffix(".yml") else { return nil }
        let name = String(path.dropFirst("i18n/".count).dropLast(".yml".count))
        return name.contains("/") || name.isEmpty ? nil : name
    }

    /// A catalog's page strings, nested keys joined with dots; the `email:` mapping is the emails'.
    private static func pageStrings(_ yaml: YAMLMapping, _ problems: inout Diagnostics) -> [String: String] {
        var values: [String: String] = [:]
        func add(_ mapping: YAMLMapping, prefix: String) {
            for entry in mapping.texts(keepingQuotedSpaces: true, &problems) { values[prefix + entry.key] = entry.value }
            for (key, inner) in mapping.mappings where !(prefix.isEmpty && key == EmailStrings.catalogKey) {
                add(inner, prefix: prefix + key + ".")
            }
        }
        add(yaml, prefix: "")
        return values
    }

    /// The catalog of `language` with each missing key from its fallbacks: the tag's shorter
    /// forms, the default language's, then the base language's.
    static func strings(_ catalogs: [String: [String: String]], language: String, defaultLanguage: String) -> ThemeStrings {
        var chain = LanguageTag.fallbacks(language)
        chain += LanguageTag.fallbacks(defaultLanguage) + [baseLanguage]
        var values: [String: String] = [:]
        for tag in chain.reversed() {
            let catalog = catalogs[tag] ?? catalogs.first { $0.key.lowercased() == tag.lowercased() }?.value ?? [:]
            values.merge(catalog) { _, new in new }
        }
        // The fallback note names the language the text is in when none of the reader's is.
        return ThemeStrings(language: language, values: values)
    }
}

import Foundation
import PolicySiteModel
import PolicySiteSource

/// One language of a site as its pages are rendered: where its pages go (`de/`), its theme
/// strings, how it writes a day, and which versions have a translation in it. The default
/// language's pages are at the site's root, each other's under its own prefix.
struct SiteLanguage: Sendable {
    /// The tag, as `languages` writes it.
    let code: String
    /// The folder of its pages, relative to the site root: "" for the default language, else `de/`.
    let prefix: String
    /// The site's absolute base URL (of the default language's pages).
    let rootBaseURL: String
    /// Every language of the site with its prefix, the default first, for alternates and the switcher.
    let all: [(code: String, prefix: String, name: String)]
    let strings: ThemeStrings
    /// The strings as templates show them: escaped for HTML text and attributes.
    let templateStrings: StringsContext
    let days: DayFormat
    /// Versions that have a text in this language, as `policy/segment`; every version in the default language.
    let translated: Set<String>
    /// The default (authoritative) language.
    let defaultCode: String
    /// The sentence a translated page carries.
    let authoritativeNote: String

    var isDefault: Bool { prefix.isEmpty }
    var isRightToLeft: Bool { LanguageTag.isRightToLeft(code) }

    /// The base URL of this language's pages.
    var baseURL: String { rootBaseURL + prefix }

    /// Whether `version` of `policy` has its own text in this language.
    func isTranslated(_ policy: String, _ segment: String) -> Bool { isDefault || translated.contains(policy + "/" + segment) }

    /// The prefix of a language's pages: "" for the default language, else its tag in lower case and a slash.
    static func prefix(of code: String, config: SiteConfig) -> String {
        config.pathPrefix(of: code)
    }

    /// A language's name in its own language (`Deutsch`), for the switcher.
    static func name(of code: String) -> String {
        let name = Locale(identifier: code).localizedString(forIdentifier: code) ?? code
        return name.prefix(1).uppercased() + name.dropFirst()
    }

    /// Every language of the site, the default first.
    static func all(_ config: SiteConfig, theme: Theme, policies: [PolicySource]) -> [SiteLanguage] {
        let listed = config.languages.map { (code: $0, prefix: prefix(of: $0, config: config), name: name(of: $0)) }
        return config.languages.map { code in
            let strings = theme.strings(code, defaultLanguage: config.defaultLanguage)
            var translated: Set<String> = []
            for policy in policies {
                for version in policy.versions where version.translations[code] != nil { translated.insert(policy.id + "/" + version.segment) }
            }
            let defaultName = Locale(identifier: code).localizedString(forLanguageCode: config.defaultLanguage) ?? config.defaultLanguage
            let note = config.authoritativeNotes[code] ?? config.authoritativeNotes["*"]
                ?? strings.format("authoritative_note", ["language": defaultName])
            return SiteLanguage(code: code, prefix: prefix(of: code, config: config), rootBaseURL: config.baseURL, all: listed,
                                strings: strings, templateStrings: StringsContext(strings), days: DayFormat(code),
                                translated: translated, defaultCode: config.defaultLanguage, authoritativeNote: note)
        }
    }

    /// The site's policies as this language shows them: the title and description `policy.yml`
    /// gives in this language; each version with a translation takes its file, title, summary and
    /// hash; the others keep the original (the fallback page).
    func view(of policies: [PolicySource]) -> [PolicySource] {
        guard !isDefault else { return policies }
        return policies.map { policy in
            var policy = policy
            policy.title = policy.localizedTitles[code] ?? policy.title
            policy.description = policy.localizedDescriptions[code] ?? policy.description
            for index in policy.versions.indices {
                guard let translation = policy.versions[index].translations[code] else { continue }
                policy.versions[index].path = translation.path
                policy.versions[index].file = translation.file
                policy.versions[index].title = translation.title ?? policy.versions[index].title
                policy.versions[index].summary = translation.summary ?? policy.versions[index].summary
                policy.versions[index].bodyFirstLine = translation.bodyFirstLine
                policy.versions[index].bodySHA256 = translation.bodySHA256
            }
            return policy
        }
    }

    /// The settings as this language's pages use them: its base URL.
    func config(_ config: SiteConfig) -> SiteConfig {
        var config = config
        config.baseURL = baseURL
        return config
    }
}

/// How a language writes a day: `March 1, 2010`, `1. März 2010`. English keeps the form the site
/// has always had; every other language is Foundation's long date for its locale, in the
/// Gregorian calendar and UTC, so that no machine setting changes a page.
struct DayFormat: Sendable {
    let style: Date.FormatStyle?

    init(_ code: String) {
        guard code.lowercased() != "en", !code.lowercased().hasPrefix("en-") else {
            style = nil
            return
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        style = Date.FormatStyle(date: .long, time: .omitted, locale: Locale(identifier: code), calendar: calendar, timeZone: .gmt)
    }

    func long(_ day: CalendarDay) -> String {
        guard let style else { return day.longForm }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        guard let date = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day)) else { return day.iso }
        return date.formatted(style)
    }
}

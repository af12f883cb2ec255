import PolicySiteModel

/// A notice's languages, and the language each locale met so far resolves to: a users list has
/// few distinct locales and a million rows, and resolving a tag splits and compares strings. At
/// most `limit` locales are remembered, so that a list of made-up locales cannot fill memory.
struct NoticeLanguages {
    static let limit = 1024
    let languages: [String]
    private var resolved: [String: String] = [:]

    init(_ notice: Notice) {
        languages = notice.languages
    }

    mutating func resolve(_ locale: String) -> String {
        if let language = resolved[locale] { return language }
        let language = LanguageTag.resolve(locale, in: languages)
        if resolved.count < Self.limit { resolved[locale] = language }
        return language
    }
}

import PolicySiteModel

/// What a version says to a reader of one language, for the change email (`notify`): the
/// language its text is in, its title and summary, and the absolute URLs of its pages in that
/// language. A reader whose language the site has not, or whose language has no translation of
/// this version, gets the default language's.
package struct LocalizedVersion: Sendable, Hashable {
    /// The site language the text is in: the reader's, else the default.
    package var language: String
    /// Whether `language` is another than the default (the text is a translation).
    package var isTranslation: Bool
    /// The translation's title and summary, else the original's.
    package var title: String?
    package var summary: String?
    /// The version's page in `language`.
    package var versionURL: String
    /// Its changes page in `language`; nil for the first published version.
    package var changesURL: String?

    /// `version` of `policy` for a reader whose `locale` is `tag` (BCP 47: `de-AT` → `de` → the
    /// default language). `hasChangesPage`: whether the version has a changes page (a published
    /// version before it), as its notice says.
    package static func of(_ version: VersionSource, policy: String, tag: String?, config: SiteConfig,
                           hasChangesPage: Bool) -> LocalizedVersion {
        let wanted = LanguageTag.resolve(tag, in: config.languages)
        let translation = wanted == config.defaultLanguage ? nil : version.translations[wanted]
        let language = translation == nil ? config.defaultLanguage : wanted
        let versionURL = config.baseURL + config.pathPrefix(of: language) + "\(policy)/versions/\(version.segment)/"
        return LocalizedVersion(
            language: language, isTranslation: translation != nil,
            title: translation?.title ?? version.title, summary: translation?.summary ?? version.summary,
            versionURL: versionURL, changesURL: hasChangesPage ? versionURL + "changes/" : nil
        )
    }
}

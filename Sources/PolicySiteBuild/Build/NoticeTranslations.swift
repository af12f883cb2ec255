import PolicySiteSource
import PolicySiteModel
import PolicySiteNotices

/// The languages a notice is written in, for its emails: the version's title, summary and links
/// in each language that has it, the default language first. The one place the notices learn of
/// a site's languages (`record` is the default language's, whose settings list them all).
enum NoticeTranslations {
    /// The notice's languages; `startingVersions` are the comparisons its users may start from.
    static func make(_ record: PublishedVersions, _ entry: PublishedVersions.Entry, startingVersions: [StartingVersion]) -> [NoticeTranslation] {
        let config = record.config
        let version = record.source(entry)
        let policy = record.policyID(entry)
        let hasChangesPage = record.changesURL(entry) != nil
        var translations = [defaultLanguage(record, entry, startingVersions: startingVersions)]
        for language in config.languages.dropFirst() where version.translations[language] != nil {
            let localized = LocalizedVersion.of(version, policy: policy, tag: language, config: config, hasChangesPage: hasChangesPage)
            // The same comparison pages, in the language's folder.
            let comparisonURLs = Dictionary(startingVersions.map { ($0.version, localized.versionURL + "changes/\($0.segment)/") },
                                            uniquingKeysWith: { first, _ in first })
            translations.append(NoticeTranslation(
                language: localized.language, title: localized.title ?? translations[0].title, summary: localized.summary,
                versionURL: localized.versionURL, changesURL: localized.changesURL, startingVersionURLs: comparisonURLs
            ))
        }
        return translations
    }

    /// The version in the site's default language, as `NoticeFactory` found it.
    private static func defaultLanguage(_ record: PublishedVersions, _ entry: PublishedVersions.Entry, startingVersions: [StartingVersion]) -> NoticeTranslation {
        let version = record.source(entry)
        let comparisonURLs = Dictionary(startingVersions.map { ($0.version, $0.changesURL) }, uniquingKeysWith: { first, _ in first })
        return NoticeTranslation(
            language: record.config.defaultLanguage, title: record.facts(entry)?.title ?? record.titles[entry.policy],
            summary: version.summary, versionURL: record.versionURL(entry), changesURL: record.changesURL(entry),
            startingVersionURLs: comparisonURLs
        )
    }
}

import PolicySiteModel
import PolicySiteNotices

/// The languages a notice is written in, for its emails: the version's title, summary and links
/// in each language that has it, the default language first.
///
/// The one place the notices learn of a site's languages. Today it knows the default language
/// only (`Notice.defaultLanguage`, with the version's own title, summary and URLs); a site with
/// translations returns one entry more per language that has a translation of this version, with
/// that language's title, summary and `<lang>/...` URLs.
enum NoticeTranslations {
    /// The notice's languages; `startingVersions` are the comparisons its users may start from.
    static func make(_ record: PublishedVersions, _ entry: PublishedVersions.Entry, startingVersions: [StartingVersion]) -> [NoticeTranslation] {
        [defaultLanguage(record, entry, startingVersions: startingVersions)]
    }

    /// The version in the site's default language, as `NoticeFactory` found it.
    private static func defaultLanguage(_ record: PublishedVersions, _ entry: PublishedVersions.Entry, startingVersions: [StartingVersion]) -> NoticeTranslation {
        let version = record.source(entry)
        let comparisonURLs = Dictionary(startingVersions.map { ($0.version, $0.changesURL) }, uniquingKeysWith: { first, _ in first })
        return NoticeTranslation(
            language: Notice.defaultLanguage, title: record.facts(entry)?.title ?? record.titles[entry.policy],
            summary: version.summary, versionURL: record.versionURL(entry), changesURL: record.changesURL(entry),
            startingVersionURLs: comparisonURLs
        )
    }
}

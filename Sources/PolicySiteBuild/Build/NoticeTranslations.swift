import PolicySiteModel
import PolicySiteNotices

/// The languages a notice is written in, for its emails: in each language that has the version,
/// its title, summary, links and what changed, as that language's pages show them; the default
/// language first. The one place the notices learn of a site's languages.
enum NoticeTranslations {
    /// The notice's languages; `records` are every language's, the default first.
    static func make(_ records: [PublishedVersions], _ entry: PublishedVersions.Entry) -> [NoticeTranslation] {
        let translated = records[0].source(entry).translations
        return records.enumerated().compactMap { position, record in
            guard position == 0 || translated[record.language.code] != nil else { return nil }
            let version = record.source(entry)
            let changesURL = record.changesURL(entry)
            return NoticeTranslation(
                language: record.language.code, policyTitle: record.titles[entry.policy],
                title: record.facts(entry)?.title ?? record.titles[entry.policy], summary: version.summary,
                versionURL: record.versionURL(entry), changesURL: changesURL,
                changes: changesURL.flatMap { url in record.facts(entry)?.changes.map { NoticeFactory.changes(of: $0, on: url) } },
                startingVersions: NoticeFactory.startingVersions(record, entry)
            )
        }
    }
}

import PolicySiteModel
import PolicySiteNotices

/// Makes the notice of a newly published version from what rendering found out about it.
enum NoticeFactory {
    static func notice(_ record: PublishedVersions, _ entry: PublishedVersions.Entry) -> Notice {
        let timeline = record.timelines[entry.policy]
        let version = record.source(entry)
        let facts = record.facts(entry)
        let changesURL = record.changesURL(entry)
        return Notice(
            policy: timeline.policy.id, policyTitle: record.titles[entry.policy], title: facts?.title ?? record.titles[entry.policy],
            version: version.label, segment: version.segment,
            previousVersion: timeline.publishedPredecessor(of: entry.version).map { timeline.policy.versions[$0].label },
            published: version.published, effective: version.effective, material: version.material,
            noticeWaived: version.noticeWaived, summary: version.summary, sha256: version.bodySHA256,
            versionURL: record.versionURL(entry), changesURL: changesURL,
            changes: changesURL.flatMap { url in facts?.changes.map { changes(of: $0, on: url) } },
            counts: Notice.Counts()
        )
    }

    private static func changes(of summary: ChangeSummary, on changesURL: String) -> Notice.Changes {
        func links(_ sections: [ChangeSummary.Section]) -> [Notice.SectionLink] {
            sections.map { Notice.SectionLink(title: $0.title, url: changesURL + "#" + $0.fragment) }
        }
        return Notice.Changes(
            sectionsAdded: links(summary.sectionsAdded), sectionsRemoved: links(summary.sectionsRemoved),
            sectionsChanged: links(summary.sectionsChanged), wordsInserted: summary.wordsInserted, wordsDeleted: summary.wordsDeleted
        )
    }
}

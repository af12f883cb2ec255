import PolicySiteModel
import PolicySiteNotices

/// Makes the notice of a newly published version from what rendering found out about it.
enum NoticeFactory {
    /// The notice of `entry`; `records` are every language's, the default first.
    static func notice(_ records: [PublishedVersions], _ entry: PublishedVersions.Entry) -> Notice {
        // The default language's entry is the notice's own title, links and comparisons.
        let translations = NoticeTranslations.make(records, entry)
        let own = translations[0]
        let timeline = records[0].timelines[entry.policy]
        let version = records[0].source(entry)
        var notice = Notice(
            policy: timeline.policy.id, policyTitle: own.policyTitle, title: own.title,
            version: version.label, segment: version.segment,
            previousVersion: timeline.publishedPredecessor(of: entry.version).map { timeline.policy.versions[$0].label },
            published: version.published, effective: version.effective, material: version.material,
            noticeWaived: version.noticeWaived, summary: own.summary, sha256: version.bodySHA256,
            versionURL: own.versionURL, changesURL: own.changesURL, changes: own.changes, counts: Notice.Counts()
        )
        notice.startingVersions = own.startingVersions
        notice.translations = translations
        return notice
    }

    /// The comparisons a user who last accepted an earlier version than the previous one may
    /// start from, oldest first: every earlier published version that the build compared this
    /// one with, on its `changes/<from>/` page. Only the current and the upcoming version get
    /// those pages, so a notice of another (one superseded within the same build, or a notice
    /// asked for late) has none, and every recipient gets the comparison with the previous version.
    static func startingVersions(_ record: PublishedVersions, _ entry: PublishedVersions.Entry) -> [StartingVersion] {
        let timeline = record.timelines[entry.policy]
        let previous = timeline.publishedPredecessor(of: entry.version)
        guard entry.policy < record.comparisons.count, let summaries = record.comparisons[entry.policy][entry.version] else { return [] }
        return timeline.comparisonSources(for: entry.version).filter { $0 != previous }.compactMap { from in
            guard let summary = summaries[from] else { return nil }
            let url = record.comparisonURL(entry, from: from)
            let version = timeline.policy.versions[from]
            return StartingVersion(version: version.label, segment: version.segment, changesURL: url, changes: changes(of: summary, on: url))
        }
    }

    static func changes(of summary: ChangeSummary, on changesURL: String) -> Notice.Changes {
        func links(_ sections: [ChangeSummary.Section]) -> [Notice.SectionLink] {
            sections.map { Notice.SectionLink(title: $0.title, url: changesURL + "#" + $0.fragment) }
        }
        return Notice.Changes(
            sectionsAdded: links(summary.sectionsAdded), sectionsRemoved: links(summary.sectionsRemoved),
            sectionsChanged: links(summary.sectionsChanged), wordsInserted: summary.wordsInserted, wordsDeleted: summary.wordsDeleted
        )
    }
}

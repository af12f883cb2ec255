import PolicySiteModel
import PolicySiteSource

/// Builds template contexts for a page at a given place in the site.
struct ContextFactory: Sendable {
    let config: SiteConfig
    let asOf: CalendarDay
    /// The lock as this build writes it, for the corrections of each version.
    let lock: PolicyLock

    func site(on page: SitePath) -> SiteContext {
        SiteContext(title: config.title, organization: config.organization, baseURL: config.baseURL, home: page.link(to: SitePath.index),
                    assets: page.link(to: "assets/"), asOf: DayContext(asOf))
    }

    /// The kinds of page the navigation links to, which it marks with `aria-current` when on them.
    enum NavigationPage {
        case index, policy, history
    }

    func page(_ title: String, at page: SitePath, description: String? = nil, kind: NavigationPage? = nil) -> PageContext {
        PageContext(title: title, documentTitle: page == .index ? config.title : "\(title) · \(config.title)",
                    canonicalURL: config.baseURL + page.folder, description: description,
                    isIndex: kind == .index, isPolicy: kind == .policy, isHistory: kind == .history)
    }

    /// The version at `index` of a policy's timeline.
    func version(_ timeline: PolicyTimeline, _ index: Int, on page: SitePath) -> VersionContext {
        let version = timeline.policy.versions[index]
        let status = timeline.statuses[index]
        let target = SitePath.version(timeline.policy.id, version.segment)
        let previous = timeline.publishedPredecessor(of: index)
        let hasChanges = previous != nil
        return VersionContext(
            label: version.label, segment: version.segment,
            url: page.link(to: target), permalink: config.baseURL + target.folder,
            effective: DayContext(version.effective), published: DayContext(version.published),
            status: status.rawValue, statusLabel: Self.label(for: status),
            isCurrent: status == .current, isUpcoming: status == .upcoming, isSuperseded: status == .superseded,
            summary: version.summary, material: version.material, editorial: !version.material,
            noticeWaived: version.noticeWaived,
            changesURL: hasChanges ? page.link(to: SitePath.changes(timeline.policy.id, version.segment)) : nil,
            previousLabel: previous.map { timeline.policy.versions[$0].label },
            corrections: (lock[timeline.policy.id, version.segment]?.corrections ?? []).map {
                CorrectionContext(day: DayContext($0.day), reason: $0.reason)
            },
            inserted: lock[timeline.policy.id, version.segment]?.inserted.map { CorrectionContext(day: DayContext($0.day), reason: $0.reason) },
            compareWithCurrentURL: comparisonURL(timeline, from: index, to: timeline.currentIndex, on: page),
            compareWithUpcomingURL: comparisonURL(timeline, from: index, to: timeline.upcomingIndex, on: page)
        )
    }

    /// The page of what changed from version `from` to `target`, when the build writes one.
    private func comparisonURL(_ timeline: PolicyTimeline, from: Int, to target: Int?, on page: SitePath) -> String? {
        guard let target, from < target, timeline.statuses[from].isPublished, timeline.comparisonTargets.contains(target) else { return nil }
        let versions = timeline.policy.versions
        return page.link(to: SitePath.comparison(timeline.policy.id, versions[target].segment, from: versions[from].segment))
    }

    func policy(_ timeline: PolicyTimeline, title: String, on page: SitePath) -> PolicyContext {
        let id = timeline.policy.id
        return PolicyContext(
            id: id, title: title, description: timeline.policy.description,
            url: page.link(to: SitePath.policy(id)), historyURL: page.link(to: SitePath.history(id)),
            current: timeline.currentIndex.map { version(timeline, $0, on: page) },
            upcoming: timeline.upcomingIndex.map { version(timeline, $0, on: page) },
            versionCount: timeline.publishedIndices.count
        )
    }

    func changes(_ summary: ChangeSummary) -> ChangeSummaryContext {
        func links(_ sections: [ChangeSummary.Section]) -> [SectionLinkContext] {
            sections.map { SectionLinkContext(title: $0.title, url: "#" + $0.fragment) }
        }
        return ChangeSummaryContext(
            sectionsAdded: links(summary.sectionsAdded), sectionsRemoved: links(summary.sectionsRemoved),
            sectionsChanged: links(summary.sectionsChanged),
            hasSections: !(summary.sectionsAdded.isEmpty && summary.sectionsRemoved.isEmpty && summary.sectionsChanged.isEmpty),
            wordsInserted: summary.wordsInserted, wordsDeleted: summary.wordsDeleted, isUnchanged: summary.isUnchanged
        )
    }

    static func label(for status: VersionStatus) -> String {
        switch status {
        case .scheduled: return "Scheduled"
        case .upcoming: return "Upcoming"
        case .current: return "In effect"
        case .superseded: return "Superseded"
        }
    }
}

/// Builds template contexts for a page at a given place in the site.
struct ContextFactory: Sendable {
    let config: SiteConfig
    let asOf: CalendarDay

    func site(on page: SitePath) -> SiteContext {
        SiteContext(title: config.title, baseURL: config.baseURL, home: page.link(to: SitePath.index),
                    assets: page.link(to: "assets/"), asOf: DayContext(asOf))
    }

    func page(_ title: String, at page: SitePath, description: String? = nil) -> PageContext {
        PageContext(title: title, documentTitle: page == .index ? config.title : "\(title) · \(config.title)",
                    canonicalURL: config.baseURL + page.folder, description: description)
    }

    func version(_ version: VersionSource, _ status: VersionStatus, policy: String, on page: SitePath) -> VersionContext {
        let target = SitePath.version(policy, version.segment)
        return VersionContext(
            label: version.label, segment: version.segment,
            url: page.link(to: target), permalink: config.baseURL + target.folder,
            effective: DayContext(version.effective), published: DayContext(version.published),
            status: status.rawValue, statusLabel: Self.label(for: status),
            isCurrent: status == .current, isUpcoming: status == .upcoming, isSuperseded: status == .superseded,
            summary: version.summary, material: version.material, editorial: !version.material,
            noticeWaived: version.noticeWaived
        )
    }

    func policy(_ timeline: PolicyTimeline, title: String, on page: SitePath) -> PolicyContext {
        let id = timeline.policy.id
        return PolicyContext(
            id: id, title: title, description: timeline.policy.description,
            url: page.link(to: SitePath.policy(id)), historyURL: page.link(to: SitePath.history(id)),
            current: timeline.current.map { version($0, .current, policy: id, on: page) },
            upcoming: timeline.nextUpcoming.map { version($0, .upcoming, policy: id, on: page) },
            versionCount: timeline.published.count
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

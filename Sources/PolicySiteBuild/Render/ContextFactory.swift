import PolicySiteModel
import PolicySiteSource

/// Builds template contexts for a page at a given place in the site.
struct ContextFactory: Sendable {
    let config: SiteConfig
    let asOf: CalendarDay
    /// The lock as this build writes it, for the corrections of each version.
    let lock: PolicyLock
    /// The language of the pages it makes (its `config` has that language's base URL).
    let language: SiteLanguage

    func site(on page: SitePath) -> SiteContext {
        SiteContext(title: config.title, organization: config.organization, baseURL: config.baseURL, home: page.link(to: SitePath.index),
                    assets: rootLink(on: page) + "assets/", asOf: day(asOf),
                    language: language.code, isRightToLeft: language.isRightToLeft, t: language.templateStrings)
    }

    /// A day in the pages' language.
    func day(_ day: CalendarDay) -> DayContext { DayContext(day, language.days) }

    /// The relative link from a page to the site's root (above a language's folder), "" at the root.
    func rootLink(on page: SitePath) -> String {
        let home = page.link(to: SitePath.index)
        let up = String(repeating: "../", count: language.prefix.utf8.filter { $0 == UInt8(ascii: "/") }.count)
        return (home == "./" ? "" : home) + up
    }

    /// A page in every language: absolute for `hreflang`, with `x-default`, and relative for the
    /// switcher. Empty on a one-language site and for the 404 page.
    func languageLinks(on page: SitePath) -> (alternates: [LanguageLinkContext], switcher: [LanguageLinkContext]) {
        guard language.all.count > 1, page.file.hasSuffix("index.html") else { return ([], []) }
        let root = rootLink(on: page)
        var alternates: [LanguageLinkContext] = []
        var switcher: [LanguageLinkContext] = []
        for other in language.all {
            let isCurrent = other.code == language.code
            alternates.append(LanguageLinkContext(language: other.code, name: other.name, url: language.rootBaseURL + other.prefix + page.folder, isCurrent: isCurrent))
            let relative = root + other.prefix + page.folder
            switcher.append(LanguageLinkContext(language: other.code, name: other.name, url: relative.isEmpty ? "./" : relative, isCurrent: isCurrent))
        }
        alternates.append(LanguageLinkContext(language: "x-default", name: "", url: language.rootBaseURL + page.folder, isCurrent: false))
        return (alternates, switcher)
    }

    /// The kinds of page the navigation links to, which it marks with `aria-current` when on them.
    enum NavigationPage {
        case index, policy, history
    }

    func page(_ title: String, at page: SitePath, description: String? = nil, kind: NavigationPage? = nil) -> PageContext {
        let links = languageLinks(on: page)
        return PageContext(title: title, documentTitle: page == .index ? config.title : "\(title) · \(config.title)",
                           canonicalURL: config.baseURL + page.folder, description: description,
                           isIndex: kind == .index, isPolicy: kind == .policy, isHistory: kind == .history,
                           alternates: links.alternates, languages: links.switcher, hasLanguages: !links.switcher.isEmpty)
    }

    /// What a version's page says of its text's language: on a translated page which text
    /// prevails, on a page without a translation that the authoritative text follows (and in
    /// which language it is).
    func translationNote(_ policy: String, _ segment: String) -> (note: String?, textLanguage: String?) {
        guard !language.isDefault else { return (nil, nil) }
        if language.isTranslated(policy, segment) { return (language.authoritativeNote, nil) }
        return (language.strings["fallback_note"], language.defaultCode)
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
            effective: day(version.effective), published: day(version.published),
            status: status.rawValue, statusLabel: label(for: status),
            isCurrent: status == .current, isUpcoming: status == .upcoming, isSuperseded: status == .superseded,
            summary: version.summary, material: version.material, editorial: !version.material,
            noticeWaived: version.noticeWaived,
            changesURL: hasChanges ? page.link(to: SitePath.changes(timeline.policy.id, version.segment)) : nil,
            previousLabel: previous.map { timeline.policy.versions[$0].label },
            corrections: (lock[timeline.policy.id, version.segment]?.corrections ?? []).map {
                CorrectionContext(day: day($0.day), reason: $0.reason)
            },
            inserted: lock[timeline.policy.id, version.segment]?.inserted.map { CorrectionContext(day: day($0.day), reason: $0.reason) },
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

    /// A status in the pages' language.
    func label(for status: VersionStatus) -> String {
        language.strings["status_" + status.rawValue]
    }
}

import Foundation
import PolicySiteDiff
import PolicySiteMarkdown
import PolicySiteModel
import PolicySiteSource
import PolicySiteSupport

/// Composes each kind of page from its typed context and hands it to a writer: a version's page,
/// its changes page and its policy's page; a policy's history; the index and the 404 page.
struct SitePages: Sendable {
    let factory: ContextFactory

    /// The site and policy contexts that every version page of a policy shares, and every changes
    /// page: their links depend only on a page's depth, which is the same for all of them. Made
    /// once per chunk instead of twice per version.
    struct SharedContexts {
        let versionPage: (site: SiteContext, policy: PolicyContext)
        let changesPage: (site: SiteContext, policy: PolicyContext)
        /// For the pages of what changed since an earlier version, a level below the changes page.
        let comparisonPage: (site: SiteContext, policy: PolicyContext)

        /// `segment`: any version's, to place pages at the right depth.
        init(_ factory: ContextFactory, _ timeline: PolicyTimeline, title: String, segment: String) {
            let versionPage = SitePath.version(timeline.policy.id, segment)
            let changesPage = SitePath.changes(timeline.policy.id, segment)
            let comparisonPage = SitePath.comparison(timeline.policy.id, segment, from: segment)
            self.versionPage = (factory.site(on: versionPage), factory.policy(timeline, title: title, on: versionPage))
            self.changesPage = (factory.site(on: changesPage), factory.policy(timeline, title: title, on: changesPage))
            self.comparisonPage = (factory.site(on: comparisonPage), factory.policy(timeline, title: title, on: comparisonPage))
        }
    }

    func shared(_ timeline: PolicyTimeline, title: String, segment: String) -> SharedContexts {
        SharedContexts(factory, timeline, title: title, segment: segment)
    }

    /// A version's own page, its changes page (when it has a version before), and for the
    /// featured version the policy's page.
    func writeVersionPages(_ timeline: PolicyTimeline, _ index: Int, title: String, policyTitle: String, shared: SharedContexts,
                           rendered: RenderedMarkdown, redline: Redline?, _ writer: inout PageWriter, _ diagnostics: inout Diagnostics) {
        let version = timeline.policy.versions[index]
        let status = timeline.statuses[index]
        let id = timeline.policy.id
        let isFeatured = index == timeline.featuredIndex
        let (titleHTML, text) = rendered.splitTitle(fallbackTitle: title)
        let bodyHTML = SectionLinks.add(to: text)
        let contents = ContentsList.entries(rendered.headings, skipTitle: rendered.opensWithTitle)
        let hasContents = ContentsList.isWorthShowing(contents)
        let successor = status == .superseded ? timeline.publishedSuccessor(of: index) : nil

        let page = SitePath.version(id, version.segment)
        let strings = factory.language.strings
        let (note, textLanguage) = factory.translationNote(id, version.segment)
        writer.write(VersionPageContext(
            site: shared.versionPage.site,
            page: factory.page(strings.format("version_page_title", ["title": title, "version": version.label]), at: page, description: version.summary),
            policy: shared.versionPage.policy,
            version: factory.version(timeline, index, on: page),
            titleHTML: Self.title(titleHTML, version: version.label, strings: strings),
            body: bodyHTML,
            successor: successor.map { factory.version(timeline, $0, on: page) },
            featured: isFeatured || successor == timeline.featuredIndex ? nil : timeline.featuredIndex.map { factory.version(timeline, $0, on: page) },
            contents: contents, hasContents: hasContents, translationNote: note, textLanguage: textLanguage
        ), template: "version", at: page, &diagnostics)

        if let redline, let previous = timeline.publishedPredecessor(of: index) {
            let changesPage = SitePath.changes(id, version.segment)
            writer.write(ChangesPageContext(
                site: shared.changesPage.site,
                page: factory.page(strings.format("changes_page_title", ["title": title, "version": version.label]), at: changesPage, description: version.summary),
                policy: shared.changesPage.policy,
                version: factory.version(timeline, index, on: changesPage),
                previous: factory.version(timeline, previous, on: changesPage),
                changes: factory.changes(redline.summary),
                redline: redline.html,
                changesOnly: redline.changesOnly,
                isComparison: false
            ), template: "changes", at: changesPage, &diagnostics)
        }

        if isFeatured {
            let policyPage = SitePath.policy(id)
            let upcoming = timeline.upcomingIndex == index ? nil : timeline.upcomingIndex
            writer.write(PolicyPageContext(
                site: factory.site(on: policyPage),
                page: factory.page(policyTitle, at: policyPage, description: timeline.policy.description, kind: .policy),
                policy: factory.policy(timeline, title: policyTitle, on: policyPage),
                version: factory.version(timeline, index, on: policyPage),
                titleHTML: titleHTML,
                body: bodyHTML,
                upcoming: upcoming.map { factory.version(timeline, $0, on: policyPage) },
                contents: contents, hasContents: hasContents, translationNote: note, textLanguage: textLanguage
            ), template: "policy", at: policyPage, &diagnostics)
        }
    }

    /// A version page's `<h1>`: the text's title and the version, so that a page of an old version
    /// says which it is wherever it is read or printed. `titleHTML` ends in `</h1>` and a line feed
    /// (`RenderedMarkdown.splitTitle`).
    static func title(_ titleHTML: String, version label: String, strings: ThemeStrings) -> String {
        let close = "</h1>\n"
        guard titleHTML.hasSuffix(close) else { return titleHTML }
        let words = HTMLEscaping.attribute(strings.format("title_version", ["version": label]))
        return titleHTML.dropLast(close.count) + "<span class=\"ps-title-version\">\(words)</span>" + close
    }

    /// What changed in version `target` (the current or the upcoming one) since an earlier
    /// version `from`: the changes page's template, at `<target>/changes/<from>/`.
    func writeComparisonPage(_ timeline: PolicyTimeline, target: Int, from: Int, title: String, shared: SharedContexts,
                             redline: Redline, _ writer: inout PageWriter, _ diagnostics: inout Diagnostics) {
        let version = timeline.policy.versions[target]
        let earlier = timeline.policy.versions[from]
        let page = SitePath.comparison(timeline.policy.id, version.segment, from: earlier.segment)
        writer.write(ChangesPageContext(
            site: shared.comparisonPage.site,
            page: factory.page(factory.language.strings.format("comparison_page_title", ["title": title, "from": earlier.label, "version": version.label]),
                               at: page, description: version.summary),
            policy: shared.comparisonPage.policy,
            version: factory.version(timeline, target, on: page),
            previous: factory.version(timeline, from, on: page),
            changes: factory.changes(redline.summary),
            redline: redline.html,
            changesOnly: redline.changesOnly,
            isComparison: true
        ), template: "changes", at: page, &diagnostics)
    }

    /// A policy's history: every published version, newest first.
    func writeHistory(_ record: PublishedVersions, _ policy: Int, _ writer: inout PageWriter, _ diagnostics: inout Diagnostics) {
        let timeline = record.timelines[policy]
        let page = SitePath.history(timeline.policy.id)
        writer.write(HistoryPageContext(
            site: factory.site(on: page),
            page: factory.page(factory.language.strings.format("history_page_title", ["title": record.titles[policy]]), at: page, kind: .history),
            policy: factory.policy(timeline, title: record.titles[policy], on: page),
            versions: timeline.publishedIndices.reversed().map { factory.version(timeline, $0, on: page) }
        ), template: "history", at: page, &diagnostics)
    }

    /// The index page and, in the default language, the 404 page, which lists the same policies.
    func writeIndexAndNotFound(_ record: PublishedVersions, _ writer: inout PageWriter, _ diagnostics: inout Diagnostics) {
        let config = factory.config
        let notFound = SitePath.notFound(rootPath: URLComponents(string: config.baseURL)?.path ?? "/")
        var pages: [(SitePath, String, String, ContextFactory.NavigationPage?)] = [(SitePath.index, config.title, "index", .index)]
        if factory.language.isDefault { pages.append((notFound, factory.language.strings["page_not_found"], "404", nil)) }
        for (page, title, template, kind) in pages {
            writer.write(IndexPageContext(
                site: factory.site(on: page),
                page: factory.page(title, at: page, kind: kind),
                policies: record.listed.map { factory.policy(record.timelines[$0], title: record.titles[$0], on: page) },
                hasPolicies: !record.listed.isEmpty
            ), template: template, at: page, &diagnostics)
        }
    }
}

import Mustache
import Testing
@testable import PolicySiteCore

/// The contexts answer the template engine's lookups directly, by name (see
/// TemplateContexts+Lookup.swift). Every stored property must be answered, or a template would
/// silently render it empty.
@Suite struct TemplateContextTests {
    private static let day = DayContext(CalendarDay(iso: "2024-01-01")!)
    private static let correction = CorrectionContext(day: day, reason: "r")
    private static let version = VersionContext(
        label: "1.0", segment: "1.0", url: "u", permalink: "p", effective: day, published: day, status: "current",
        statusLabel: "In effect", isCurrent: true, isUpcoming: false, isSuperseded: false, summary: "s",
        material: true, editorial: false, noticeWaived: "w", changesURL: "c",
        corrections: [correction], inserted: correction)
    private static let policy = PolicyContext(id: "p", title: "t", description: "d", url: "u", historyURL: "h",
                                              current: version, upcoming: version, versionCount: 1)
    private static let site = SiteContext(title: "t", baseURL: "b", home: "h", assets: "a", asOf: day)
    private static let changes = ChangeSummaryContext(
        sectionsAdded: [], sectionsRemoved: [], sectionsChanged: [], hasSections: false, wordsInserted: 0, wordsDeleted: 0, isUnchanged: true)
    private static let page = PageContext(title: "t", documentTitle: "d", canonicalURL: "c", description: "d")

    static let contexts: [any Sendable] = [
        day, version, policy, site, page,
        IndexPageContext(site: site, page: page, policies: [policy], hasPolicies: true),
        PolicyPageContext(site: site, page: page, policy: policy, version: version, titleHTML: "h", body: "b", upcoming: version),
        HistoryPageContext(site: site, page: page, policy: policy, versions: [version]),
        VersionPageContext(site: site, page: page, policy: policy, version: version, titleHTML: "h", body: "b", successor: version, featured: version),
        ChangesPageContext(site: site, page: page, policy: policy, version: version, previous: version, changes: changes, redline: "r"),
        changes, SectionLinkContext(title: "t", url: "u"), correction,
    ]

    @Test(arguments: 0..<contexts.count)
    func everyPropertyIsLookedUp(index: Int) throws {
        let context = Self.contexts[index]
        let parent = try #require(context as? MustacheParent)
        for child in Mirror(reflecting: context).children {
            let label = try #require(child.label)
            #expect(parent.child(named: label) != nil, "\(type(of: context)).\(label) is not answered")
        }
        #expect(parent.child(named: "noSuchProperty") == nil)
    }
}

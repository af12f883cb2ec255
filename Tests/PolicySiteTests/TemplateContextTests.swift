import Mustache
@testable import PolicySiteBuild
@testable import PolicySiteMail
@testable import PolicySiteModel
@testable import PolicySiteNotices
@testable import PolicySiteSource
import Testing

/// The contexts answer the template engine's lookups directly, by name (see
/// TemplateContexts+Lookup.swift). Every stored property must be answered, or a template would
/// silently render it empty.
@Suite struct TemplateContextTests {
    private static let day = DayContext(CalendarDay(iso: "2024-01-01")!)
    private static let correction = CorrectionContext(day: day, reason: "r")
    private static let version = VersionContext(
        label: "1.0", segment: "1.0", url: "u", permalink: "p", effective: day, published: day, status: "current",
        statusLabel: "In effect", isCurrent: true, isUpcoming: false, isSuperseded: false, summary: "s",
        material: true, editorial: false, noticeWaived: "w", changesURL: "c", previousLabel: "0.9",
        corrections: [correction], inserted: correction, compareWithCurrentURL: "cc", compareWithUpcomingURL: "cu")
    private static let policy = PolicyContext(id: "p", title: "t", description: "d", url: "u", historyURL: "h",
                                              current: version, upcoming: version, versionCount: 1)
    private static let site = SiteContext(title: "t", organization: "o", baseURL: "b", home: "h", assets: "a", asOf: day,
                                          t: StringsContext(ThemeStrings(language: "en", values: ["k": "v"])))
    private static let changes = ChangeSummaryContext(
        sectionsAdded: [], sectionsRemoved: [], sectionsChanged: [], hasSections: false, wordsInserted: 0, wordsDeleted: 0, isUnchanged: true)
    private static let entry = ContentsEntryContext(
        title: "t", url: "#u", children: [ContentsEntryContext(title: "c", url: "#c")])
    private static let page = PageContext(title: "t", documentTitle: "d", canonicalURL: "c", description: "d", isIndex: true, isPolicy: false, isHistory: false)

    static let contexts: [any Sendable] = [
        day, version, policy, site, page,
        IndexPageContext(site: site, page: page, policies: [policy], hasPolicies: true),
        PolicyPageContext(site: site, page: page, policy: policy, version: version, titleHTML: "h", body: "b", upcoming: version,
                          contents: [entry], hasContents: true, translationNote: "n", textLanguage: "en"),
        HistoryPageContext(site: site, page: page, policy: policy, versions: [version]),
        VersionPageContext(site: site, page: page, policy: policy, version: version, titleHTML: "h", body: "b", successor: version, featured: version,
                           contents: [entry], hasContents: true, translationNote: "n", textLanguage: "en"),
        ChangesPageContext(site: site, page: page, policy: policy, version: version, previous: version, changes: changes, redline: "r",
                           changesOnly: "o", isComparison: true),
        changes, SectionLinkContext(title: "t", url: "u"), correction, entry,
    ] + emailContexts

    /// A notice whose recipient starts from an earlier version (0) than the previous one (1).
    private static let fullNotice: Notice = {
        let changes = Notice.Changes(sectionsAdded: [.init(title: "a", url: "u")], sectionsRemoved: [], sectionsChanged: [],
                                     wordsInserted: 1, wordsDeleted: 0)
        var notice = Notice(
            policy: "p", policyTitle: "P", title: "T", version: "2", segment: "2", previousVersion: "1",
            published: CalendarDay(iso: "2024-03-01")!, effective: CalendarDay(iso: "2024-04-15")!, material: true,
            noticeWaived: "w", summary: "s", sha256: "", versionURL: "v", changesURL: "c", changes: changes, counts: Notice.Counts())
        notice.startingVersions = [StartingVersion(version: "0", segment: "0", changesURL: "c0", changes: changes)]
        return notice
    }()
    private static let notice = EmailNoticeContext(fullNotice, variant: RecipientVariant(startingVersion: "0", locale: "", in: fullNotice))
    private static let email = EmailContext(EmailContext(
        site: EmailSiteContext(title: "t", organization: "o", baseURL: "b"), notice: notice,
        recipient: Recipient(line: 2, email: "e", name: "n", locale: "l", unsubscribeURL: "https://u"), unsubscribeMailto: "m"),
        strings: EmailStrings.englishOnly, html: false)
    static let emailContexts: [any Sendable] = [
        email, email.site, notice, notice.published, email.recipient, EmailUnsubscribeContext(url: "u", mailto: "m"),
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

    /// Each name answers its own property's value, not another's (nor a parameter of the same name).
    @Test(arguments: 0..<contexts.count)
    func everyPropertyAnswersItsOwnValue(index: Int) throws {
        let context = Self.contexts[index]
        let parent = try #require(context as? MustacheParent)
        for child in Mirror(reflecting: context).children {
            let label = try #require(child.label)
            let value = Mirror(reflecting: child.value)
            let stored: Any? = value.displayStyle == .optional ? value.children.first?.value : .some(child.value)
            let answered = try #require(parent.child(named: label))
            let expected = try #require(stored)
            #expect(String(describing: answered) == String(describing: expected), "\(type(of: context)).\(label)")
        }
    }
}

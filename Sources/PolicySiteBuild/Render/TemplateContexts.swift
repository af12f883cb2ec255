import PolicySiteModel
import PolicySiteSource
import PolicySiteSupport

/// The values templates see. Every page gets `site` and `page`; each kind of page adds its own.
/// Links are relative to the page they appear on.
///
/// The contexts a template looks into (the site, the page, a policy, a version, a day, the
/// entries of a list) are immutable classes rather than structs: swift-mustache hands every value
/// it looks up around as `Any`, which copies a struct of more than three words into a box of its
/// own, retaining each of its fields, where a class instance is retained once (6% of a full
/// build's time; BENCHMARKS.md, 2026-12-03).

final class SiteContext: Sendable {
    let title: String
    /// The company's name: `organization` in policysite.yml, else the title.
    let organization: String
    let baseURL: String
    /// The site's home, relative to the page.
    let home: String
    /// The theme's assets folder, relative to the page, ending in `/`.
    let assets: String
    let asOf: DayContext
    /// The page's language (`<html lang>`), and whether it is written right to left (`dir="rtl"`).
    let language: String
    let isRightToLeft: Bool
    /// The theme's strings in the page's language.
    let t: StringsContext?

    init(title: String, organization: String, baseURL: String, home: String, assets: String, asOf: DayContext, language: String = "en", isRightToLeft: Bool = false, t: StringsContext? = nil) {
        self.title = title
        self.organization = organization
        self.baseURL = baseURL
        self.home = home
        self.assets = assets
        self.asOf = asOf
        self.language = language
        self.isRightToLeft = isRightToLeft
        self.t = t
    }
}

/// Another language's version of a page: for `hreflang` alternates (absolute) and the language
/// switcher (relative).
struct LanguageLinkContext: Sendable {
    var language: String
    /// The language's name in itself.
    var name: String
    var url: String
    var isCurrent: Bool
}

final class PageContext: Sendable {
    let title: String
    /// The title for the browser tab: the page's, then the site's (the home page: the site's alone).
    let documentTitle: String
    /// The absolute URL of the page on the published site.
    let canonicalURL: String
    let description: String?
    /// Which page this is, for `aria-current` on the links to it: the index, a policy's page, a
    /// history.
    let isIndex: Bool
    let isPolicy: Bool
    let isHistory: Bool
    /// The page in every language, with `x-default`, absolute; empty on a one-language site.
    let alternates: [LanguageLinkContext]
    /// The page in every language, relative, for the language switcher; empty on a one-language site.
    let languages: [LanguageLinkContext]
    let hasLanguages: Bool

    init(title: String, documentTitle: String, canonicalURL: String, description: String?, isIndex: Bool = false, isPolicy: Bool = false, isHistory: Bool = false, alternates: [LanguageLinkContext] = [], languages: [LanguageLinkContext] = [], hasLanguages: Bool = false) {
        self.title = title
        self.documentTitle = documentTitle
        self.canonicalURL = canonicalURL
        self.description = description
        self.isIndex = isIndex
        self.isPolicy = isPolicy
        self.isHistory = isHistory
        self.alternates = alternates
        self.languages = languages
        self.hasLanguages = hasLanguages
    }
}

final class DayContext: Sendable {
    /// `2010-03-01`, for `<time datetime>`.
    let iso: String
    /// `March 1, 2010`.
    let long: String

    init(_ day: CalendarDay) {
        iso = day.iso
        long = day.longForm
    }

    /// A day written in a language's form.
    init(_ day: CalendarDay, _ format: DayFormat) {
        iso = day.iso
        long = format.long(day)
    }

    /// `<time datetime="2010-03-01">March 1, 2010</time>`, escaped: one lookup where `iso` and
    /// `long` take two (each costs the template engine thousands of instructions). Made when a
    /// template asks for it: most days in a page's contexts are never shown.
    var time: String {
        "<time datetime=\"\(HTMLEscaping.attribute(iso))\">\(HTMLEscaping.attribute(long))</time>"
    }
}

final class VersionContext: Sendable {
    let label: String
    let segment: String
    /// The version's permanent page, relative to the page.
    let url: String
    /// The version's permanent page, absolute.
    let permalink: String
    let effective: DayContext
    let published: DayContext
    let status: String
    let statusLabel: String
    let isCurrent: Bool
    let isUpcoming: Bool
    let isSuperseded: Bool
    let summary: String?
    let material: Bool
    let editorial: Bool
    let noticeWaived: String?
    /// The page of what changed from the version before, relative to the page; nil for the first.
    let changesURL: String?
    /// The label of the version before, which `changesURL` compares with; nil for the first.
    let previousLabel: String?
    /// Corrections recorded in the lock with `build --correct`, oldest first; empty for most versions.
    let corrections: [CorrectionContext]
    /// Set when the version was put into the history with `build --insert`: when, and why.
    let inserted: CorrectionContext?
    /// What changed from this version to the current one (`changes/<from>/`), relative to the
    /// page; nil unless this is a published version before the current one.
    let compareWithCurrentURL: String?
    /// The same to the upcoming version; nil unless this is a published version before it.
    let compareWithUpcomingURL: String?

    init(label: String, segment: String, url: String, permalink: String, effective: DayContext, published: DayContext, status: String, statusLabel: String, isCurrent: Bool, isUpcoming: Bool, isSuperseded: Bool, summary: String?, material: Bool, editorial: Bool, noticeWaived: String?, changesURL: String?, previousLabel: String?, corrections: [CorrectionContext], inserted: CorrectionContext? = nil, compareWithCurrentURL: String? = nil, compareWithUpcomingURL: String? = nil) {
        self.label = label
        self.segment = segment
        self.url = url
        self.permalink = permalink
        self.effective = effective
        self.published = published
        self.status = status
        self.statusLabel = statusLabel
        self.isCurrent = isCurrent
        self.isUpcoming = isUpcoming
        self.isSuperseded = isSuperseded
        self.summary = summary
        self.material = material
        self.editorial = editorial
        self.noticeWaived = noticeWaived
        self.changesURL = changesURL
        self.previousLabel = previousLabel
        self.corrections = corrections
        self.inserted = inserted
        self.compareWithCurrentURL = compareWithCurrentURL
        self.compareWithUpcomingURL = compareWithUpcomingURL
    }
}

/// A correction of a published version: when, and why.
struct CorrectionContext: Sendable {
    var day: DayContext
    var reason: String
}

final class PolicyContext: Sendable {
    let id: String
    let title: String
    let description: String?
    /// The policy's current page, relative to the page.
    let url: String
    let historyURL: String
    /// The version in effect, if one has taken effect.
    let current: VersionContext?
    /// The next published version that has not taken effect yet.
    let upcoming: VersionContext?
    let versionCount: Int

    init(id: String, title: String, description: String?, url: String, historyURL: String, current: VersionContext?, upcoming: VersionContext?, versionCount: Int) {
        self.id = id
        self.title = title
        self.description = description
        self.url = url
        self.historyURL = historyURL
        self.current = current
        self.upcoming = upcoming
        self.versionCount = versionCount
    }
}

struct IndexPageContext: Sendable {
    var site: SiteContext
    var page: PageContext
    var policies: [PolicyContext]
    var hasPolicies: Bool
}

struct PolicyPageContext: Sendable {
    var site: SiteContext
    var page: PageContext
    var policy: PolicyContext
    /// The version shown: the current one, or before any takes effect the first upcoming one.
    var version: VersionContext
    /// The page's `<h1>`: the text's own opening heading, or one made from the title.
    var titleHTML: String
    /// The rest of the text's HTML.
    var body: String
    /// A later version announced but not yet in effect, other than the one shown.
    var upcoming: VersionContext?
    /// The text's sections, for its list of contents.
    var contents: [ContentsEntryContext]
    /// Whether the text has sections enough to list (two or more).
    var hasContents: Bool
    /// On a translated page, the sentence that says which text prevails; on a page whose
    /// version has no translation in its language, the note that the authoritative text follows.
    var translationNote: String? = nil
    /// The language of the text when it is not the page's (a version not translated).
    var textLanguage: String? = nil
}

struct HistoryPageContext: Sendable {
    var site: SiteContext
    var page: PageContext
    var policy: PolicyContext
    /// Every published version, newest first.
    var versions: [VersionContext]
}

struct VersionPageContext: Sendable {
    var site: SiteContext
    var page: PageContext
    var policy: PolicyContext
    var version: VersionContext
    var titleHTML: String
    var body: String
    /// For a superseded version: the version that replaced it.
    var successor: VersionContext?
    /// For a version that is not the one in effect: the one in effect (or first upcoming).
    var featured: VersionContext?
    var contents: [ContentsEntryContext]
    var hasContents: Bool
    /// On a translated page, the sentence that says which text prevails; on a page whose
    /// version has no translation in its language, the note that the authoritative text follows.
    var translationNote: String? = nil
    /// The language of the text when it is not the page's (a version not translated).
    var textLanguage: String? = nil
}

/// A section in a text's list of contents: its heading's text, a link to its heading, and the
/// sections one level down.
final class ContentsEntryContext: Sendable {
    let title: String
    /// `#` and the heading's id.
    let url: String
    let children: [ContentsEntryContext]
    /// Whether `children` has any, for `{{#hasChildren}}` around the nested list.
    let hasChildren: Bool

    init(title: String, url: String, children: [ContentsEntryContext] = []) {
        self.title = title
        self.url = url
        self.children = children
        hasChildren = !children.isEmpty
    }
}

struct ChangesPageContext: Sendable {
    var site: SiteContext
    var page: PageContext
    var policy: PolicyContext
    var version: VersionContext
    /// The version this one is compared with.
    var previous: VersionContext
    var changes: ChangeSummaryContext
    /// The whole new text, insertions in `<ins>` and deletions in `<del>`, headings a level down.
    var redline: String
    /// The changes only, with a block of context on either side (`ChangesOnlyView`); empty when
    /// the texts are the same.
    var changesOnly: String
    /// Whether `previous` is an earlier version than the one before (`changes/<from>/`).
    var isComparison: Bool
}

/// A `ChangeSummary` for templates: sections as links to their anchors on the changes page.
final class ChangeSummaryContext: Sendable {
    let sectionsAdded: [SectionLinkContext]
    let sectionsRemoved: [SectionLinkContext]
    let sectionsChanged: [SectionLinkContext]
    let hasSections: Bool
    let wordsInserted: Int
    let wordsDeleted: Int
    let isUnchanged: Bool

    init(sectionsAdded: [SectionLinkContext], sectionsRemoved: [SectionLinkContext], sectionsChanged: [SectionLinkContext], hasSections: Bool, wordsInserted: Int, wordsDeleted: Int, isUnchanged: Bool) {
        self.sectionsAdded = sectionsAdded
        self.sectionsRemoved = sectionsRemoved
        self.sectionsChanged = sectionsChanged
        self.hasSections = hasSections
        self.wordsInserted = wordsInserted
        self.wordsDeleted = wordsDeleted
        self.isUnchanged = isUnchanged
    }
}

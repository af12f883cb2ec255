import PolicySiteModel
import PolicySiteSource
import PolicySiteSupport

/// The values templates see. Every page gets `site` and `page`; each kind of page adds its own.
/// Links are relative to the page they appear on.

struct SiteContext: Sendable {
    var title: String
    /// The company's name: `organization` in policysite.yml, else the title.
    var organization: String
    var baseURL: String
    /// The site's home, relative to the page.
    var home: String
    /// The theme's assets folder, relative to the page, ending in `/`.
    var assets: String
    var asOf: DayContext
    /// The page's language (`<html lang>`), and whether it is written right to left (`dir="rtl"`).
    var language: String = "en"
    var isRightToLeft = false
    /// The theme's strings in the page's language.
    var t: StringsContext? = nil
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

struct PageContext: Sendable {
    var title: String
    /// The title for the browser tab: the page's, then the site's (the home page: the site's alone).
    var documentTitle: String
    /// The absolute URL of the page on the published site.
    var canonicalURL: String
    var description: String?
    /// Which page this is, for `aria-current` on the links to it: the index, a policy's page, a
    /// history.
    var isIndex = false
    var isPolicy = false
    var isHistory = false
    /// The page in every language, with `x-default`, absolute; empty on a one-language site.
    var alternates: [LanguageLinkContext] = []
    /// The page in every language, relative, for the language switcher; empty on a one-language site.
    var languages: [LanguageLinkContext] = []
    var hasLanguages = false
}

struct DayContext: Sendable {
    /// `2010-03-01`, for `<time datetime>`.
    var iso: String
    /// `March 1, 2010`.
    var long: String

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

struct VersionContext: Sendable {
    var label: String
    var segment: String
    /// The version's permanent page, relative to the page.
    var url: String
    /// The version's permanent page, absolute.
    var permalink: String
    var effective: DayContext
    var published: DayContext
    var status: String
    var statusLabel: String
    var isCurrent: Bool
    var isUpcoming: Bool
    var isSuperseded: Bool
    var summary: String?
    var material: Bool
    var editorial: Bool
    var noticeWaived: String?
    /// The page of what changed from the version before, relative to the page; nil for the first.
    var changesURL: String?
    /// The label of the version before, which `changesURL` compares with; nil for the first.
    var previousLabel: String?
    /// Corrections recorded in the lock with `build --correct`, oldest first; empty for most versions.
    var corrections: [CorrectionContext]
    /// Set when the version was put into the history with `build --insert`: when, and why.
    var inserted: CorrectionContext? = nil
    /// What changed from this version to the current one (`changes/<from>/`), relative to the
    /// page; nil unless this is a published version before the current one.
    var compareWithCurrentURL: String? = nil
    /// The same to the upcoming version; nil unless this is a published version before it.
    var compareWithUpcomingURL: String? = nil
}

/// A correction of a published version: when, and why.
struct CorrectionContext: Sendable {
    var day: DayContext
    var reason: String
}

struct PolicyContext: Sendable {
    var id: String
    var title: String
    var description: String?
    /// The policy's current page, relative to the page.
    var url: String
    var historyURL: String
    /// The version in effect, if one has taken effect.
    var current: VersionContext?
    /// The next published version that has not taken effect yet.
    var upcoming: VersionContext?
    var versionCount: Int
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
struct ContentsEntryContext: Sendable {
    var title: String
    /// `#` and the heading's id.
    var url: String
    var children: [ContentsEntryContext]
    var hasChildren: Bool
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
struct ChangeSummaryContext: Sendable {
    var sectionsAdded: [SectionLinkContext]
    var sectionsRemoved: [SectionLinkContext]
    var sectionsChanged: [SectionLinkContext]
    var hasSections: Bool
    var wordsInserted: Int
    var wordsDeleted: Int
    var isUnchanged: Bool
}

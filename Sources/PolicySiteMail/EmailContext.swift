import PolicySiteSource
import PolicySiteModel
import PolicySiteNotices

/// The values the theme's email templates (`email-subject`, `email-text`, `email-html`) see:
/// `site`, `notice`, `recipient` and `unsubscribe`, as docs/themes.md lists them. A value that is
/// not there is nil, which the templates see as missing.
///
/// Immutable classes, where the page contexts are structs: the template engine boxes each value
/// it looks up, and a reference goes into the box without a copy of every field; `site` and
/// `notice` are made once per notice and shared by all its messages.
final class EmailContext: Sendable {
    let site: EmailSiteContext
    let notice: EmailNoticeContext
    let recipient: EmailRecipientContext
    /// Nil when the message has no way to unsubscribe.
    let unsubscribe: EmailUnsubscribeContext?
    /// The language the email is written in: `en`, `de`.
    let language: String
    /// Whether that language's script runs right to left (`ar`, `he`), for the HTML part's `dir`.
    let rightToLeft: Bool
    /// The theme's words in that language, for one part; nil inside a string itself, which
    /// cannot show another.
    let strings: EmailStringsContext?

    /// The context of one message: the notice's shared part and the recipient's own, without strings.
    init(site: EmailSiteContext, notice: EmailNoticeContext, recipient: Recipient, unsubscribeMailto: String?) {
        self.site = site
        self.notice = notice
        self.recipient = EmailRecipientContext(recipient)
        let url = recipient.unsubscribeURL.isEmpty ? nil : recipient.unsubscribeURL
        unsubscribe = url == nil && unsubscribeMailto == nil ? nil : EmailUnsubscribeContext(url: url, mailto: unsubscribeMailto)
        language = notice.language
        rightToLeft = LanguageTag.isRightToLeft(notice.language)
        strings = nil
    }

    /// `base` with the theme's strings, for the text part (and subject) or the HTML part.
    init(_ base: EmailContext, strings: EmailStrings, html: Bool) {
        site = base.site
        notice = base.notice
        recipient = base.recipient
        unsubscribe = base.unsubscribe
        language = base.language
        rightToLeft = base.rightToLeft
        self.strings = EmailStringsContext(strings: strings, language: base.language, html: html, values: base)
    }
}

/// The theme's strings in the email's language, each rendered when a template asks for it,
/// with the values of the message (`values`, a context without strings).
final class EmailStringsContext: Sendable {
    let strings: EmailStrings
    let language: String
    /// Whether the string goes into the HTML part: its `_html` form, values escaped.
    let html: Bool
    let values: EmailContext

    init(strings: EmailStrings, language: String, html: Bool, values: EmailContext) {
        self.strings = strings
        self.language = language
        self.html = html
        self.values = values
    }
}

final class EmailSiteContext: Sendable {
    let title: String
    /// The company's name: `organization` in policysite.yml, else the title.
    let organization: String
    let baseURL: String

    init(title: String, organization: String, baseURL: String) {
        self.title = title
        self.organization = organization
        self.baseURL = baseURL
    }
}

/// The notice, for its emails in one language and from one starting version; section links are
/// absolute.
final class EmailNoticeContext: Sendable {
    let policy: String
    let policyTitle: String
    let title: String
    let version: String
    let previousVersion: String?
    /// The earlier version (than the previous one) the recipient last accepted, which the
    /// changes listed are from; nil for the comparison with the previous version.
    let startingVersion: String?
    let published: EmailDayContext
    let effective: EmailDayContext
    let material: Bool
    let editorial: Bool
    let summary: String?
    let noticeWaived: String?
    let versionURL: String
    let changesURL: String?
    let hasSections: Bool
    let sectionsAdded: [SectionLinkContext]
    let sectionsRemoved: [SectionLinkContext]
    let sectionsChanged: [SectionLinkContext]
    /// Words inserted and deleted by the changes listed.
    let wordsInserted: Int?
    let wordsDeleted: Int?
    /// The language it is in, as the email's own `language` gives it too.
    let language: String

    /// The notice as the default language and the previous version give it.
    convenience init(_ notice: Notice) {
        self.init(notice, variant: RecipientVariant(startingVersion: "", locale: "", in: notice))
    }

    /// The notice for recipients of `variant`: in its language (the translation's title,
    /// summary and links), compared from its starting version.
    init(_ notice: Notice, variant: RecipientVariant) {
        let found = notice.translations?.first { $0.language == variant.language }
        // nil in the default language, whose words are the notice's own.
        let translation = found?.language == notice.translations?.first?.language ? nil : found
        let starting = variant.startingVersion.isEmpty ? nil : notice.startingVersions?.first { $0.version == variant.startingVersion }
        // The same comparison on the translation's pages, when it has one.
        let comparison = starting.map { starting in translation?.startingVersions.first { $0.version == starting.version } ?? starting }
        let days = EmailDayFormat(language: variant.language)
        policy = notice.policy
        policyTitle = translation?.policyTitle ?? notice.policyTitle
        title = translation?.title ?? notice.title
        version = notice.version
        previousVersion = notice.previousVersion
        startingVersion = starting?.version
        published = EmailDayContext(notice.published, days)
        effective = EmailDayContext(notice.effective, days)
        material = notice.material
        editorial = !notice.material
        summary = translation.map(\.summary) ?? notice.summary
        noticeWaived = notice.noticeWaived
        versionURL = translation?.versionURL ?? notice.versionURL
        let changes = comparison?.changes ?? translation.map(\.changes) ?? notice.changes
        changesURL = comparison?.changesURL ?? translation.map(\.changesURL) ?? notice.changesURL
        sectionsAdded = Self.links(changes?.sectionsAdded)
        sectionsRemoved = Self.links(changes?.sectionsRemoved)
        sectionsChanged = Self.links(changes?.sectionsChanged)
        hasSections = !(sectionsAdded.isEmpty && sectionsRemoved.isEmpty && sectionsChanged.isEmpty)
        wordsInserted = changes?.wordsInserted
        wordsDeleted = changes?.wordsDeleted
        language = variant.language
    }

    private static func links(_ sections: [Notice.SectionLink]?) -> [SectionLinkContext] {
        (sections ?? []).map { SectionLinkContext(title: $0.title, url: $0.url) }
    }
}

/// A day in an email: `iso` and `long` (pages' days also have `time`, which emails do not).
final class EmailDayContext: Sendable {
    /// `2010-03-01`.
    let iso: String
    /// `March 1, 2010`.
    let long: String

    init(_ day: CalendarDay, _ format: EmailDayFormat = EmailDayFormat(language: "en")) {
        iso = day.iso
        long = format.long(day)
    }
}

/// Whom a message goes to: `name` and `locale` only when known.
final class EmailRecipientContext: Sendable {
    let email: String
    let name: String?
    let locale: String?

    init(_ recipient: Recipient) {
        email = recipient.email
        name = recipient.name.isEmpty ? nil : recipient.name
        locale = recipient.locale.isEmpty ? nil : recipient.locale
    }
}

/// How to unsubscribe: each way only when there is one.
final class EmailUnsubscribeContext: Sendable {
    let url: String?
    let mailto: String?

    init(url: String?, mailto: String?) {
        self.url = url
        self.mailto = mailto
    }
}

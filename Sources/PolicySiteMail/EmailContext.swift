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

    /// The context of one message: the notice's shared part and the recipient's own.
    init(site: EmailSiteContext, notice: EmailNoticeContext, recipient: Recipient, unsubscribeMailto: String?) {
        self.site = site
        self.notice = notice
        self.recipient = EmailRecipientContext(recipient)
        let url = recipient.unsubscribeURL.isEmpty ? nil : recipient.unsubscribeURL
        unsubscribe = url == nil && unsubscribeMailto == nil ? nil : EmailUnsubscribeContext(url: url, mailto: unsubscribeMailto)
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

/// The notice, for its emails; section links are absolute.
final class EmailNoticeContext: Sendable {
    let policy: String
    let policyTitle: String
    let title: String
    let version: String
    let previousVersion: String?
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

    init(_ notice: Notice) {
        policy = notice.policy
        policyTitle = notice.policyTitle
        title = notice.title
        version = notice.version
        previousVersion = notice.previousVersion
        published = EmailDayContext(notice.published)
        effective = EmailDayContext(notice.effective)
        material = notice.material
        editorial = !notice.material
        summary = notice.summary
        noticeWaived = notice.noticeWaived
        versionURL = notice.versionURL
        changesURL = notice.changesURL
        sectionsAdded = Self.links(notice.changes?.sectionsAdded)
        sectionsRemoved = Self.links(notice.changes?.sectionsRemoved)
        sectionsChanged = Self.links(notice.changes?.sectionsChanged)
        hasSections = !(sectionsAdded.isEmpty && sectionsRemoved.isEmpty && sectionsChanged.isEmpty)
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

    init(_ day: CalendarDay) {
        iso = day.iso
        long = day.longForm
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

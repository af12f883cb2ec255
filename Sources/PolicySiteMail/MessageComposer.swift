import Foundation
import PolicySiteNotices

/// Renders a notice's messages through the theme's email templates, one recipient at a time,
/// each in the recipient's language and from their starting version (`RecipientVariant`).
/// A composer belongs to one worker: it keeps the notice's context of each variant it has met.
struct MessageComposer {
    private let setup: NotifySetup
    private let notice: Notice
    /// The parts of the template context that every message of the notice shares.
    private let site: EmailSiteContext
    /// The notice's context for each variant met so far: a handful per notice.
    private var noticeContexts: [RecipientVariant: EmailNoticeContext] = [:]

    init(setup: NotifySetup, notice: Notice) {
        self.setup = setup
        self.notice = notice
        site = EmailSiteContext(title: setup.config.title, organization: setup.config.organization, baseURL: setup.config.baseURL)
    }

    /// The variant of a recipient of this notice.
    func variant(of recipient: Recipient) -> RecipientVariant {
        RecipientVariant(startingVersion: recipient.startingVersion, locale: recipient.locale, in: notice)
    }

    mutating func message(for recipient: Recipient, date: Date) -> NoticeMessage {
        let variant = variant(of: recipient)
        let noticeContext: EmailNoticeContext
        if let known = noticeContexts[variant] {
            noticeContext = known
        } else {
            noticeContext = EmailNoticeContext(notice, variant: variant)
            noticeContexts[variant] = noticeContext
        }
        let base = EmailContext(site: site, notice: noticeContext, recipient: recipient,
                                unsubscribeMailto: setup.config.email.unsubscribeMailto)
        let text = EmailContext(base, strings: setup.theme.emailStrings, html: false)
        let subject = HeaderText.sanitized(setup.theme.render("email-subject", text))
        let parts = NoticeMessage.Parts(
            subject: subject.isEmpty ? "\(noticeContext.policyTitle): version \(notice.version)" : subject,
            text: setup.theme.render("email-text", text),
            html: setup.theme.render("email-html", EmailContext(base, strings: setup.theme.emailStrings, html: true))
        )
        return NoticeMessage(notice: notice, recipient: recipient, from: setup.from, replyTo: setup.replyTo,
                             unsubscribeMailto: setup.config.email.unsubscribeMailto, parts: parts, date: date)
    }
}

import Foundation
import PolicySiteNotices

/// Renders a notice's messages through the theme's email templates, one recipient at a time.
struct MessageComposer {
    private let setup: NotifySetup
    private let notice: Notice
    /// The parts of the template context that every message of the notice shares.
    private let site: EmailSiteContext
    private let noticeContext: EmailNoticeContext

    init(setup: NotifySetup, notice: Notice) {
        self.setup = setup
        self.notice = notice
        site = EmailSiteContext(title: setup.config.title, organization: setup.config.organization, baseURL: setup.config.baseURL)
        noticeContext = EmailNoticeContext(notice)
    }

    func message(for recipient: Recipient, date: Date) -> NoticeMessage {
        let context = EmailContext(site: site, notice: noticeContext, recipient: recipient,
                                   unsubscribeMailto: setup.config.email.unsubscribeMailto)
        let subject = HeaderText.sanitized(setup.theme.render("email-subject", context))
        let parts = NoticeMessage.Parts(
            subject: subject.isEmpty ? "\(notice.policyTitle): version \(notice.version)" : subject,
            text: setup.theme.render("email-text", context), html: setup.theme.render("email-html", context)
        )
        return NoticeMessage(notice: notice, recipient: recipient, from: setup.from, replyTo: setup.replyTo,
                             unsubscribeMailto: setup.config.email.unsubscribeMailto, parts: parts, date: date)
    }
}

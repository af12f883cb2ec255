import Foundation
import PolicySiteModel
import PolicySiteNotices
import PolicySiteSource
import PolicySiteSupport

/// What `notify` reads before it sends: the site's settings, its theme's email templates, and
/// the notices in the outbox.
struct NotifySetup: Sendable {
    /// A notice in the outbox.
    struct OutboxNotice: Sendable {
        var notice: Notice
        /// What `notify` says of the notice before it imports it: no recipients, rows that
        /// repeat an address.
        var warnings: [Diagnostic] = []
        /// `<policy>/<segment>`, its folder in the outbox.
        var id: String { Outbox.noticePath(of: notice) }
    }

    let config: SiteConfig
    let theme: Theme
    let from: MailAddress
    let replyTo: MailAddress?
    /// The outbox: its notice folders, lists and ledger.
    let outbox: Outbox
    let notices: [OutboxNotice]

    /// A notice's `recipients.csv` in the outbox.
    func recipientsList(of notice: Notice) -> RecipientsList {
        outbox.recipientsList(of: notice)
    }

    static func load(_ paths: SitePaths) throws(NotifyFailure) -> NotifySetup {
        var problems = Diagnostics()
        let config = SiteConfigLoader.load(paths, &problems)
        guard let config else { throw NotifyFailure(problems) }
        let configPath = paths.display(SiteConfig.fileName)
        let from = config.email.from.flatMap { MailAddress($0) }
        if config.email.from == nil {
            problems.error(configPath, line: config.keyLines["email"], "notify needs 'email.from' (such as: Example Legal <legal@example.com>), the sender of the notices")
        } else if from == nil {
            problems.error(configPath, line: config.keyLines["email"], "'email.from' must be an address, or a name and an address in angle brackets")
        }
        let replyTo = config.email.replyTo.flatMap { MailAddress($0) }
        if config.email.replyTo != nil && replyTo == nil {
            problems.error(configPath, line: config.keyLines["email"], "'email.reply_to' must be an address, or a name and an address in angle brackets")
        }
        if let mailto = config.email.unsubscribeMailto, MailAddress(mailto) == nil {
            problems.error(configPath, line: config.keyLines["email"], "'email.unsubscribe_mailto' must be an address")
        }
        let theme = ThemeLoader.load(config, paths: paths, &problems)
        let outbox = Outbox(folder: paths.url(config.outbox), displayPath: paths.display(config.outbox))
        var notices = outbox.notices(&problems).map { OutboxNotice(notice: $0) }
        if !notices.isEmpty && config.email.unsubscribeURL == nil && config.email.unsubscribeMailto == nil {
            problems.error(configPath, line: config.keyLines["email"] ?? config.keyLines["users"],
                           "the notice emails need a way to unsubscribe: set 'email.unsubscribe_mailto' (an address that takes unsubscribe requests) or 'email.unsubscribe_url' (an https link with {token}), or both")
        }
        checkLists(&notices, in: outbox, config: config, &problems)
        guard let from, let theme, !problems.hasErrors else { throw NotifyFailure(problems) }
        return NotifySetup(config: config, theme: theme, from: from, replyTo: replyTo, outbox: outbox, notices: notices)
    }

    /// Checks the lists of every notice that is not in the ledger yet (`NoticeListCheck`); the
    /// ledger is the record of a notice once imported, so its lists are not read again.
    private static func checkLists(_ notices: inout [OutboxNotice], in outbox: Outbox, config: SiteConfig, _ problems: inout Diagnostics) {
        guard !notices.isEmpty else { return }
        let imported: Set<String>
        do {
            imported = try LedgerChoice.existing(config, outbox: outbox)?.importedNotices() ?? []
        } catch {
            problems.add(error)
            return
        }
        for index in notices.indices where !imported.contains(notices[index].id) {
            let found = NoticeListCheck.problems(of: notices[index].notice, in: outbox)
            problems.add(found.errors)
            notices[index].warnings = found.warnings
        }
    }
}

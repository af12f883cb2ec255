import Foundation

/// What `notify` reads before it sends: the site's settings, its theme's email templates, and
/// the notices in the outbox.
struct NotifySetup: Sendable {
    /// A notice in the outbox.
    struct OutboxNotice: Sendable {
        var notice: Notice
        /// What `notify` says of the notice before it imports it: no recipients, rows that
        /// repeat an address.
        var warnings: [Diagnostic] = []
        /// `<policy>/<segment>`.
        var id: String { "\(notice.policy)/\(notice.segment)" }
    }

    let config: SiteConfig
    let theme: Theme
    let from: MailAddress
    let replyTo: MailAddress?
    let outbox: URL
    let notices: [OutboxNotice]

    func folder(of notice: Notice) -> URL {
        outbox.appending(path: notice.policy).appending(path: notice.segment)
    }

    static func load(_ paths: SitePaths) throws(NotifyFailure) -> NotifySetup {
        var loading = Diagnostics()
        let config = SiteConfigLoader.load(paths, &loading)
        guard let config else { throw NotifyFailure(loading.all) }
        var problems = loading.all
        let configPath = paths.display(SiteConfig.fileName)
        let from = config.email.from.flatMap { MailAddress($0) }
        if config.email.from == nil {
            problems.append(.error(configPath, line: config.keyLines["email"], "notify needs 'email.from' (such as: Example Legal <legal@example.com>), the sender of the notices"))
        } else if from == nil {
            problems.append(.error(configPath, line: config.keyLines["email"], "'email.from' must be an address, or a name and an address in angle brackets"))
        }
        let replyTo = config.email.replyTo.flatMap { MailAddress($0) }
        if config.email.replyTo != nil && replyTo == nil {
            problems.append(.error(configPath, line: config.keyLines["email"], "'email.reply_to' must be an address, or a name and an address in angle brackets"))
        }
        if let mailto = config.email.unsubscribeMailto, MailAddress(mailto) == nil {
            problems.append(.error(configPath, line: config.keyLines["email"], "'email.unsubscribe_mailto' must be an address"))
        }
        var themeProblems = Diagnostics()
        let theme = ThemeLoader.load(config, paths: paths, &themeProblems)
        problems += themeProblems.all
        let outbox = paths.url(config.outbox)
        var notices = readNotices(in: outbox, paths: paths, outboxName: config.outbox, &problems)
        if !notices.isEmpty && config.email.unsubscribeURL == nil && config.email.unsubscribeMailto == nil {
            problems.append(.error(configPath, line: config.keyLines["email"] ?? config.keyLines["users"],
                                   "the notice emails need a way to unsubscribe: set 'email.unsubscribe_mailto' (an address that takes unsubscribe requests) or 'email.unsubscribe_url' (an https link with {token}), or both"))
        }
        checkLists(&notices, outbox: outbox, paths: paths, outboxName: config.outbox, &problems)
        guard let from, let theme, !problems.contains(where: \.isError) else { throw NotifyFailure(problems) }
        return NotifySetup(config: config, theme: theme, from: from, replyTo: replyTo, outbox: outbox, notices: notices)
    }

    /// Every `<policy>/<segment>/notice.json` of the outbox, in order. A notice folder without
    /// a readable `notice.json` is an error: its recipients would otherwise never be told.
    private static func readNotices(in outbox: URL, paths: SitePaths, outboxName: String, _ problems: inout [Diagnostic]) -> [OutboxNotice] {
        guard SiteLoader.isFolder(outbox) else { return [] }
        var notices: [OutboxNotice] = []
        var listing = Diagnostics()
        defer { problems += listing.all }
        for policy in SiteLoader.visibleEntries(of: outbox, &listing, displayPath: paths.display(outboxName)) where SiteLoader.isFolder(outbox.appending(path: policy)) {
            for segment in SiteLoader.visibleEntries(of: outbox.appending(path: policy), &listing, displayPath: paths.display("\(outboxName)/\(policy)")) {
                let folder = outbox.appending(path: policy).appending(path: segment)
                guard SiteLoader.isFolder(folder) else { continue }
                do {
                    notices.append(OutboxNotice(notice: try NoticeFile.read(from: folder)))
                } catch {
                    listing.error(paths.display("\(outboxName)/\(policy)/\(segment)"), "\(error), so notify cannot tell what this notice is and sends nothing; restore the folder from a backup of the outbox, or move it out of the outbox if it is not a notice that build wrote")
                }
            }
        }
        return notices
    }

    /// Checks the lists of every notice that is not in the ledger yet (`NoticeListCheck`); the
    /// ledger is the record of a notice once imported, so its lists are not read again.
    private static func checkLists(_ notices: inout [OutboxNotice], outbox: URL, paths: SitePaths, outboxName: String, _ problems: inout [Diagnostic]) {
        guard !notices.isEmpty else { return }
        let imported: Set<String>
        do {
            imported = try DeliveryLedger.existing(in: outbox)?.importedNotices() ?? []
        } catch {
            problems.append(.error(paths.display("\(outboxName)/\(DeliveryLedger.fileName)"), "the ledger cannot be read (\(DeliveryLedger.describe(error))); it is the record of what was sent, so notify sends nothing without it"))
            return
        }
        for index in notices.indices where !imported.contains(notices[index].id) {
            let notice = notices[index].notice
            let found = NoticeListCheck.problems(of: notice, in: outbox.appending(path: notice.policy).appending(path: notice.segment),
                                                 display: paths.display("\(outboxName)/\(notice.policy)/\(notice.segment)"))
            problems += found.filter(\.isError)
            notices[index].warnings = found.filter { !$0.isError }
        }
    }
}

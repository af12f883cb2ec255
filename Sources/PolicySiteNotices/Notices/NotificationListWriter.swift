import Foundation
import PolicySiteSupport

/// Writes the notification lists of new versions (SPEC section 4) in one pass over the users
/// (`users.csv`, or the rows of `users_query`), row by row, so that memory does not grow with
/// the file (but for 16 bytes a user, to tell each address once): for each notice,
/// `recipients.csv` and `skipped.csv`, then `notice.json` with the counts, under
/// `folder/<policy>/<segment>/`. The rows are read on a thread of their own (`UsersReadAhead`)
/// while this one signs the links and writes the lists.
package struct NotificationListWriter: Sendable {
    let users: any UsersSource
    let unsubscribe: UnsubscribeLink?
    /// The site's policy ids, to warn of names in the `policies` column that match none.
    let policyIDs: Set<String>

    /// A writer of lists from `users`, with each recipient's unsubscribe link when the site has one.
    package init(users: any UsersSource, unsubscribe: UnsubscribeLink?, policyIDs: Set<String>) {
        self.users = users
        self.unsubscribe = unsubscribe
        self.policyIDs = policyIDs
    }

    /// Rows reported one by one before the rest are summed up in one line.
    static let reportedRowLimit = 50

    /// The notices with their counts; adds the rows reported to `diagnostics`. When a problem
    /// stops the build, adds it alone (not the rows reported) and throws. With no folder
    /// (`check`), every row is read and counted, and nothing is written.
    package func write(_ notices: [Notice], into folder: Outbox?, _ diagnostics: inout Diagnostics) throws(Diagnostics) -> [Notice] {
        var notices = notices
        // Per notice, the labels of the starting versions some recipient has.
        var usedStartingVersions = notices.map { _ in Set<String>() }
        for index in notices.indices {
            let notice = notices[index]
            notices[index].counts.startCounting(notice)
        }
        var warnings: Diagnostics
        do throws(Diagnostics) {
            let lists = try notices.map { notice throws(Diagnostics) in try folder.map { folder throws(Diagnostics) in try open(notice, in: folder) } }
            let links = notices.map { unsubscribe?.forPolicy($0.policy) }
            var languages = notices.map(NoticeLanguages.init)
            var rows = UsersReadAhead(users, policyIDs: policyIDs)
            while let row = try rows.next() {
                switch row {
                case .skipped(let line, let id, let reason):
                    for index in notices.indices {
                        lists[index]?.skip(line: line, email: "", id: id, reason: reason)
                        notices[index].counts.skip(reason)
                    }
                case .user(let user, let isFirstRow):
                    for index in notices.indices {
                        if let reason = NoticeAudience.skipReason(for: user, isFirstRow: isFirstRow, policy: notices[index].policy, material: notices[index].material) {
                            lists[index]?.skip(line: user.line, email: user.address.text, id: user.id, reason: reason)
                            notices[index].counts.skip(reason)
                        } else {
                            let variant = RecipientVariant.of(user, in: notices[index], languages: &languages[index])
                            let comparedFrom = variant.startingVersion.isEmpty ? notices[index].previousVersion : variant.startingVersion
                            lists[index]?.tell(user, link: links[index]?.url(for: user), comparedFrom: comparedFrom)
                            notices[index].counts.recipients += 1
                            notices[index].counts.add(variant, previousVersion: notices[index].previousVersion)
                            if !variant.startingVersion.isEmpty { usedStartingVersions[index].insert(variant.startingVersion) }
                        }
                    }
                }
            }
            warnings = rows.findings?.warnings ?? Diagnostics()
            for index in lists.indices { notices[index].lists = try lists[index]?.finish() }
            // Only the comparisons some recipient starts from go into notice.json.
            for index in notices.indices {
                let used = usedStartingVersions[index]
                notices[index].startingVersions = notices[index].startingVersions?.filter { used.contains($0.version) }
                if let translations = notices[index].translations {
                    notices[index].translations = translations.map { translation in
                        var translation = translation
                        translation.startingVersions = translation.startingVersions.filter { used.contains($0.version) }
                        return translation
                    }
                }
            }
        } catch {
            diagnostics.add(error)
            throw diagnostics
        }
        for notice in notices where notice.counts.recipients == 0 {
            let why = notice.counts.skipped == 0
                ? "\(users.noun) has no users"
                : "all \(notice.counts.skipped) users are skipped (skipped.csv of the notice says why for each)"
            warnings.add(.warning(users.displayPath, "nobody is told of \(notice.policy) version \(notice.version): \(why); the notice is written with no recipients"))
        }
        for notice in notices {
            guard let folder else { continue }
            do {
                try NoticeFile.write(notice, to: folder.noticeFolder(of: notice))
            } catch {
                diagnostics.error(users.displayPath, "cannot write notice.json for \(Outbox.noticePath(of: notice)): \(FileOperationError.describe(error))")
                throw diagnostics
            }
        }
        diagnostics.add(warnings)
        return notices
    }

    private func open(_ notice: Notice, in outbox: Outbox) throws(Diagnostics) -> NoticeList {
        let folder = outbox.noticeFolder(of: notice)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw Diagnostics([.error(outbox.display(of: notice), "cannot create the notice's folder: \(FileOperationError.describe(error)); \(Outbox.writingAdvice)")])
        }
        return try NoticeList(notice, in: outbox)
    }
}

/// The two lists of one notice, being written.
package struct NoticeList {
    /// The file of the rows that are not told, and why.
    package static let skippedFile = "skipped.csv"
    static let skippedHeader = ["line", "email", "id", "reason"]

    let recipients: RecipientsList.Writer
    let skipped: CSVWriter
    /// Each recipient's starting version, row for row with `recipients`.
    let startingVersions: CSVWriter

    init(_ notice: Notice, in outbox: Outbox) throws(Diagnostics) {
        recipients = try RecipientsList.Writer(file: outbox.listBeingWritten(RecipientsList.fileName, of: notice))
        startingVersions = try CSVWriter(file: outbox.listBeingWritten(RecipientsList.startingVersionsFileName, of: notice))
        startingVersions.row(RecipientsList.startingVersionsHeader)
        skipped = try CSVWriter(file: outbox.listBeingWritten(Self.skippedFile, of: notice))
        for cell in Self.skippedHeader { skipped.cell(cell) }
        skipped.endRow()
    }

    /// Adds a recipient, with the label of the version their email compares from (nil for a
    /// policy's first version, which compares with none).
    func tell(_ user: RegisteredUser, link: String?, comparedFrom: String?) {
        recipients.add(user, unsubscribeURL: link)
        startingVersions.row(comparedFrom ?? RecipientsList.comparedWithNone)
    }

    func skip(line: Int, email: String, id: String, reason: SkipReason) {
        skipped.cell(line)
        skipped.row(email, id, reason.rawValue)
    }

    /// Writes what is left; returns each list's data rows and SHA-256, for `notice.json`.
    func finish() throws(Diagnostics) -> [String: Notice.ListDigest] {
        [
            RecipientsList.fileName: try recipients.finish(),
            NoticeList.skippedFile: Notice.ListDigest(rows: skipped.rowCount - 1, sha256: try skipped.finish()),
            RecipientsList.startingVersionsFileName: Notice.ListDigest(rows: startingVersions.rowCount - 1, sha256: try startingVersions.finish()),
        ]
    }
}

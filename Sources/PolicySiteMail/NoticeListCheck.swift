import Foundation
import PolicySiteNotices
import PolicySiteSupport

/// Checks a notice's lists against what `build` recorded in its `notice.json` (each list's rows
/// and SHA-256), before `notify` imports the recipients: a list that is missing, cut short,
/// edited or added to is an error, and nothing of that notice may be sent. Also reports, as
/// warnings, a notice with no recipients and rows whose address an earlier row has (they are
/// sent once).
enum NoticeListCheck {
    /// Duplicate rows reported one by one before the rest are summed up.
    static let reportedDuplicateLimit = 20

    /// What is wrong with the lists of `notice` in `outbox`: errors stop its sending, warnings do not.
    static func problems(of notice: Notice, in outbox: Outbox) -> Diagnostics {
        var problems = Diagnostics()
        let display = outbox.display(of: notice)
        let restore = "nothing of this notice is sent until its lists are as build wrote them; restore \(display) from a backup of the outbox"
        if notice.lists == nil {
            problems.warning(outbox.display(NoticeFile.fileName, of: notice), "has no 'lists' (it was written by an earlier policysite), so its lists cannot be checked against it; check that \(RecipientsList.fileName) is whole before sending")
        }
        // The starting versions' list is checked when the notice records it (build writes it since
        // starting versions exist); one without it starts every recipient from the previous version.
        let hasStartingVersions = notice.lists?[RecipientsList.startingVersionsFileName] != nil
        for name in [RecipientsList.fileName, NoticeList.skippedFile] + (hasStartingVersions ? [RecipientsList.startingVersionsFileName] : []) {
            let list = outbox.list(name, of: notice)
            let path = list.displayPath
            guard FileManager.default.fileExists(atPath: list.url.path) else {
                problems.error(path, "the list is missing; \(restore)")
                continue
            }
            guard let expected = notice.lists?[name] else {
                if notice.lists != nil { problems.error(outbox.display(NoticeFile.fileName, of: notice), "'lists' records nothing of \(name); \(restore)") }
                continue
            }
            let rows: Int
            do {
                rows = try countRows(of: list)
            } catch {
                problems.add(error)
                continue
            }
            if rows != expected.rows {
                problems.error(path, "the list has \(rows) rows, but \(NoticeFile.fileName) records \(expected.rows): it was changed after build wrote it; \(restore)")
            } else if digest(of: list, &problems) != expected.sha256 {
                problems.error(path, "the list is not the one build wrote (its SHA-256 differs from the one in \(NoticeFile.fileName)): it was changed after build wrote it; \(restore)")
            }
        }
        guard !problems.hasErrors else { return problems }
        problems.add(recipientProblems(of: notice, in: outbox))
        return problems
    }

    /// Rows of `recipients.csv` that do not read, rows whose address an earlier row has, and
    /// an empty list.
    private static func recipientProblems(of notice: Notice, in outbox: Outbox) -> Diagnostics {
        var problems = Diagnostics()
        let path = outbox.list(RecipientsList.fileName, of: notice).displayPath
        var seen = AddressSet()
        var rows = 0
        var duplicates = 0
        do throws(Diagnostics) {
            try outbox.recipientsList(of: notice).forEach { recipient, key in
                rows += 1
                guard !seen.insert(key) else { return }
                duplicates += 1
                if duplicates <= reportedDuplicateLimit {
                    problems.warning(path, line: recipient.line, "an earlier row has the same address (compared without case, with the domain in its ASCII form); it is sent once, not twice")
                }
            }
        } catch {
            return error
        }
        if duplicates > reportedDuplicateLimit {
            problems.warning(path, "\(duplicates - reportedDuplicateLimit) more rows have an address that an earlier row has; each address is sent once")
        }
        if rows == 0 {
            problems.warning(path, "no recipients: nobody is told of \(notice.policy) version \(notice.version)")
        }
        return problems
    }

    /// The data rows of a list: its records but the header and blank lines.
    private static func countRows(of list: CSVFile) throws(Diagnostics) -> Int {
        var reader = try CSVReader(file: list)
        var record = CSVRecord()
        var rows = -1
        while try reader.next(into: &record) {
            if rows < 0 || !record.isBlank { rows += 1 }
        }
        return max(0, rows)
    }

    /// The SHA-256 of a list's bytes, in lower-case hex, or nil when it cannot be read (which is
    /// added to `problems`, as every reader of a list words it).
    private static func digest(of list: CSVFile, _ problems: inout Diagnostics) -> String? {
        switch FileDigest.sha256(of: list.url.path) {
        case .success(let sha256): return sha256
        case .failure(.cannotOpen(let code)), .failure(.cannotRead(let code)): problems.add(list.unreadable(code))
        case .failure(.notARegularFile):
            // Only if it was replaced since it was counted: say what it is now.
            var info = stat()
            problems.add(list.notAFile(stat(list.url.path, &info) == 0 ? FileKind.name(info.st_mode) : "gone"))
        }
        return nil
    }
}

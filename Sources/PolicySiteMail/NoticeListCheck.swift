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
        let folder = outbox.noticeFolder(of: notice)
        let display = outbox.display(of: notice)
        let restore = "nothing of this notice is sent until its lists are as build wrote them; restore \(display) from a backup of the outbox"
        if notice.lists == nil {
            problems.warning("\(display)/\(NoticeFile.fileName)", "has no 'lists' (it was written by an earlier policysite), so its lists cannot be checked against it; check that \(RecipientsList.fileName) is whole before sending")
        }
        for name in [RecipientsList.fileName, NoticeList.skippedFile] {
            let path = "\(display)/\(name)"
            let url = folder.appending(path: name)
            guard FileManager.default.fileExists(atPath: url.path) else {
                problems.error(path, "the list is missing; \(restore)")
                continue
            }
            guard let expected = notice.lists?[name] else {
                if notice.lists != nil { problems.error("\(display)/\(NoticeFile.fileName)", "'lists' records nothing of \(name); \(restore)") }
                continue
            }
            switch digest(of: url) {
            case .failure(let problem):
                problems.add(problem.at(path, restore))
            case .success(let sha256):
                let rows: Int
                switch countRows(of: url) {
                case .failure(let problem):
                    problems.add(problem.at(path, restore))
                    continue
                case .success(let count): rows = count
                }
                if rows != expected.rows {
                    problems.error(path, "the list has \(rows) rows, but \(NoticeFile.fileName) records \(expected.rows): it was changed after build wrote it; \(restore)")
                } else if sha256 != expected.sha256 {
                    problems.error(path, "the list is not the one build wrote (its SHA-256 differs from the one in \(NoticeFile.fileName)): it was changed after build wrote it; \(restore)")
                }
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
        let display = outbox.display(of: notice)
        let path = "\(display)/\(RecipientsList.fileName)"
        var seen = AddressSet()
        var rows = 0
        var duplicates = 0
        do {
            try outbox.recipientsList(of: notice).forEach { recipient, key in
                rows += 1
                guard !seen.insert(key) else { return }
                duplicates += 1
                if duplicates <= reportedDuplicateLimit {
                    problems.warning(path, line: recipient.line, "an earlier row has the same address (compared without case, with the domain in its ASCII form); it is sent once, not twice")
                }
            }
        } catch let error as RecipientsList.BadRow {
            return Diagnostics([.error(path, line: error.line, "\(error.message); nothing of this notice is sent; restore \(display) from a backup of the outbox")])
        } catch let error as CSVFileError {
            return Diagnostics([ListProblem(error).at(path, "nothing of this notice is sent; restore \(display) from a backup of the outbox")])
        } catch {
            return Diagnostics([.error(path, "the list cannot be read; nothing of this notice is sent")])
        }
        if duplicates > reportedDuplicateLimit {
            problems.warning(path, "\(duplicates - reportedDuplicateLimit) more rows have an address that an earlier row has; each address is sent once")
        }
        if rows == 0 {
            problems.warning(path, "no recipients: nobody is told of \(notice.policy) version \(notice.version)")
        }
        return problems
    }

    /// A read problem with the line it concerns, if any.
    private struct ListProblem: Error {
        var line: Int?
        var message: String

        init(_ error: CSVFileError) {
            switch error {
            case .io(let message): self.init(line: nil, message: "the list cannot be read: \(message)")
            case .notAFile(let kind): self.init(line: nil, message: "the list is \(kind), not a regular file")
            case .badHeader(let message): self.init(line: 1, message: message)
            case .unterminatedQuote(let line): self.init(line: line, message: "a quoted field opened on this line is never closed: the list is not valid CSV")
            }
        }

        init(line: Int?, message: String) {
            self.line = line
            self.message = message
        }

        func at(_ path: String, _ advice: String) -> Diagnostic {
            .error(path, line: line, "\(message); \(advice)")
        }
    }

    /// The data rows of a list: its records but the header and blank lines.
    private static func countRows(of url: URL) -> Result<Int, ListProblem> {
        do {
            var reader = try CSVReader(url: url)
            var record = CSVRecord()
            var rows = -1
            while try reader.next(into: &record) {
                if rows < 0 || !record.isBlank { rows += 1 }
            }
            return .success(max(0, rows))
        } catch {
            return .failure(ListProblem(error))
        }
    }

    /// The SHA-256 of a file's bytes, in lower-case hex, or why it cannot be read.
    private static func digest(of url: URL) -> Result<String, ListProblem> {
        FileDigest.sha256(of: url.path).mapError { failure in
            switch failure {
            case .cannotOpen(let code): ListProblem(line: nil, message: "the list cannot be opened: \(SystemError.phrase(code))")
            case .notARegularFile: ListProblem(line: nil, message: "the list is not a regular file")
            case .cannotRead(let code): ListProblem(line: nil, message: "the list cannot be read: \(SystemError.phrase(code))")
            }
        }
    }
}

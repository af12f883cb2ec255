import Foundation
import PolicySiteSupport

/// A notice's `recipients.csv`, the users `notify` tells: a header, then one row per user,
/// `email,name,locale,unsubscribe_url`, formula-protected as every list `build` writes. The one
/// owner of that format: `build` writes it (`Writer`), `notify` and its checks read it back.
package struct RecipientsList: Sendable {
    /// The list's file in a notice's folder.
    package static let fileName = "recipients.csv"
    /// The header row, which the reader requires as it is.
    static let header = ["email", "name", "locale", "unsubscribe_url"]

    /// The sibling list of each recipient's starting version, row for row: `starting-versions.csv`.
    /// It is a list of its own so that `recipients.csv` keeps the SPEC's four columns.
    package static let startingVersionsFileName = "starting-versions.csv"
    static let startingVersionsHeader = "starting_version"
    /// A row of `starting-versions.csv` for an email that compares with no version (a policy's
    /// first): never empty, since an empty row is a blank line, which lists leave out.
    static let comparedWithNone = "-"

    /// The file, as its problems name it.
    package let file: CSVFile
    /// `starting-versions.csv`, when the notice has one (build writes it since starting versions
    /// exist; a notice without one starts every recipient from the previous version).
    package let startingVersions: CSVFile?
    /// Where the list is.
    package var url: URL { file.url }

    /// The list in `file`, whose problems it words, with its sibling list of starting versions.
    package init(file: CSVFile, startingVersions: CSVFile? = nil) {
        self.file = file
        self.startingVersions = startingVersions
    }

    /// A list named in problems by its path.
    package init(url: URL) {
        self.init(file: CSVFile(url: url))
    }

    /// Writes a list row by row: the header at once, a row per `add`.
    struct Writer {
        private let csv: CSVWriter

        init(file: CSVFile) throws(Diagnostics) {
            csv = try CSVWriter(file: file)
            for cell in RecipientsList.header { csv.cell(cell) }
            csv.endRow()
        }

        func add(_ user: RegisteredUser, unsubscribeURL: String?) {
            csv.row(user.address.mailbox, user.name, user.locale, unsubscribeURL ?? "")
        }

        /// Writes what is left; returns the data rows and the SHA-256, for `notice.json`.
        func finish() throws(Diagnostics) -> Notice.ListDigest {
            Notice.ListDigest(rows: csv.rowCount - 1, sha256: try csv.finish())
        }
    }

    /// Calls `body` with each recipient and the key of their address (`EmailAddress.key`: two
    /// rows with one key are one user); throws what makes the file unreadable (as `file` words
    /// it), and what `body` throws.
    package func forEach(_ body: (Recipient, _ key: String) throws(Diagnostics) -> Void) throws(Diagnostics) {
        var reader = try CSVReader(file: file)
        var record = CSVRecord()
        guard try reader.next(into: &record) else { return }
        let found = (0..<record.count).map { String(decoding: record.field($0), as: UTF8.self) }
        guard found == Self.header else {
            throw file.badHeader("\(Self.fileName) does not start with \(Self.header.joined(separator: ",")); it is not a list written by policysite build")
        }
        let sibling = try startingVersions.map { file throws(Diagnostics) in try StartingVersionsReader(file: file) }
        while try reader.next(into: &record) {
            guard !record.isBlank else { continue }
            let startingVersion = try sibling?.next() ?? ""
            func text(_ index: Int) -> String {
                String(CSVCell.restore(Substring(String(decoding: record.field(index), as: UTF8.self))))
            }
            guard record.count == Self.header.count, let address = EmailAddress(ArraySlice(text(0).utf8)) else {
                throw file.badRow(line: record.line, "not a row as build writes it (\(Self.header.joined(separator: ",")), with a valid address)")
            }
            try body(Recipient(line: record.line, email: address.mailbox, name: RegisteredUser.cleaned(ArraySlice(text(1).utf8)), locale: text(2), unsubscribeURL: text(3), startingVersion: startingVersion), address.key)
        }
        try sibling?.finish()
    }

    /// Reads `starting-versions.csv` row for row with `recipients.csv`: one that ends early or
    /// goes on longer is not the list build wrote. A class, so that the reader it holds (which is
    /// not copyable) can sit in an optional.
    private final class StartingVersionsReader {
        let file: CSVFile
        var reader: CSVReader
        var record = CSVRecord()

        init(file: CSVFile) throws(Diagnostics) {
            self.file = file
            reader = try CSVReader(file: file)
            guard try reader.next(into: &record), record.count == 1,
                  String(decoding: record.field(0), as: UTF8.self) == RecipientsList.startingVersionsHeader else {
                throw file.badHeader("\(RecipientsList.startingVersionsFileName) does not start with \(RecipientsList.startingVersionsHeader); it is not a list written by policysite build")
            }
        }

        /// The next recipient's starting version.
        func next() throws(Diagnostics) -> String {
            guard try reader.next(into: &record), record.count == 1 else {
                throw file.badRow(line: record.line, "the list has fewer rows than \(RecipientsList.fileName), or a row that is not one version label")
            }
            let label = String(CSVCell.restore(Substring(String(decoding: record.field(0), as: UTF8.self))))
            return label == RecipientsList.comparedWithNone ? "" : label
        }

        /// Checks that no row is left over.
        func finish() throws(Diagnostics) {
            if try reader.next(into: &record) {
                throw file.badRow(line: record.line, "the list has more rows than \(RecipientsList.fileName)")
            }
        }
    }
}

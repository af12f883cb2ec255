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

    /// The file, as its problems name it.
    package let file: CSVFile
    /// Where the list is.
    package var url: URL { file.url }

    /// The list in `file`, whose problems it words.
    package init(file: CSVFile) {
        self.file = file
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
        while try reader.next(into: &record) {
            guard !record.isBlank else { continue }
            func text(_ index: Int) -> String {
                String(CSVCell.restore(Substring(String(decoding: record.field(index), as: UTF8.self))))
            }
            guard record.count == Self.header.count, let address = EmailAddress(ArraySlice(text(0).utf8)) else {
                throw file.badRow(line: record.line, "not a row as build writes it (\(Self.header.joined(separator: ",")), with a valid address)")
            }
            try body(Recipient(line: record.line, email: address.mailbox, name: RegisteredUser.cleaned(ArraySlice(text(1).utf8)), locale: text(2), unsubscribeURL: text(3)), address.key)
        }
    }
}

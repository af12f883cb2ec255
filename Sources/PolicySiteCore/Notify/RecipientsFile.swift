import Foundation

/// Reads a notice's `recipients.csv` as `build` wrote it (`email,name,locale,unsubscribe_url`),
/// undoing its formula protection, row by row.
struct RecipientsFile {
    let url: URL

    /// A row that is not one build writes.
    struct BadRow: Error, Sendable, CustomStringConvertible {
        var line: Int
        var message: String
        var description: String { "recipients.csv:\(line): \(message)" }
    }

    /// Calls `body` with each recipient and the key of their address (`EmailAddress.key`: two
    /// rows with one key are one user); throws what makes the file unreadable.
    func forEach(_ body: (Recipient, _ key: String) throws -> Void) throws {
        var reader = try CSVReader(url: url)
        var record = CSVRecord()
        guard try reader.next(into: &record) else { return }
        let header = (0..<record.count).map { String(decoding: record.field($0), as: UTF8.self) }
        guard header == NoticeList.recipientsHeader else {
            throw CSVFileError.badHeader("\(url.lastPathComponent) does not start with \(NoticeList.recipientsHeader.joined(separator: ",")); it is not a list written by policysite build")
        }
        while try reader.next(into: &record) {
            guard !record.isBlank else { continue }
            func text(_ index: Int) -> String {
                String(CSVCell.restore(Substring(String(decoding: record.field(index), as: UTF8.self))))
            }
            guard record.count == 4, let address = EmailAddress(ArraySlice(text(0).utf8)) else {
                throw BadRow(line: record.line, message: "not a row as build writes it (email,name,locale,unsubscribe_url, with a valid address)")
            }
            try body(Recipient(line: record.line, email: address.mailbox, name: HeaderText.sanitized(text(1)), locale: text(2), unsubscribeURL: text(3)), address.key)
        }
    }

}

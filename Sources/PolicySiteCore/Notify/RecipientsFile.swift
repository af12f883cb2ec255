import Foundation

/// Reads a notice's `recipients.csv` as `build` wrote it (`email,name,locale,unsubscribe_url`),
/// undoing its formula protection, row by row.
struct RecipientsFile {
    let url: URL

    /// Calls `body` with each recipient; throws what makes the file unreadable.
    func forEach(_ body: (Recipient) throws -> Void) throws {
        var reader = try CSVReader(url: url)
        var record = CSVRecord()
        guard try reader.next(into: &record) else { return }
        let header = (0..<record.count).map { String(decoding: record.field($0), as: UTF8.self) }
        guard header == ["email", "name", "locale", "unsubscribe_url"] else {
            throw CSVFileError.badHeader("\(url.lastPathComponent) does not start with email,name,locale,unsubscribe_url; it is not a list written by policysite build")
        }
        while try reader.next(into: &record) {
            guard !record.isBlank else { continue }
            func text(_ index: Int) -> String {
                String(CSVCell.restore(Substring(String(decoding: record.field(index), as: UTF8.self))))
            }
            guard record.count == 4, let address = EmailAddress(ArraySlice(text(0).utf8)) else {
                throw CSVFileError.badHeader("\(url.lastPathComponent):\(record.line): not a row as build writes it (email,name,locale,unsubscribe_url)")
            }
            try body(Recipient(line: record.line, email: address.text, name: HeaderText.sanitized(text(1)), locale: text(2), unsubscribeURL: text(3)))
        }
    }
}

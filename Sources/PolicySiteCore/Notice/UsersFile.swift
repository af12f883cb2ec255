import Foundation

/// The site's `users.csv`, where `users` in `policysite.yml` says it is.
struct UsersFile: Sendable {
    let url: URL
    /// The path as shown in messages.
    let displayPath: String

    /// Reads the header row, so that a file that is not CSV, or has no email column, stops the
    /// build before anything is rendered.
    func checkHeader() -> Diagnostic? {
        do {
            var reader = try CSVReader(url: url, chunkSize: 1 << 16)
            _ = try columns(&reader)
            return nil
        } catch {
            return problem(error)
        }
    }

    /// Opens the file and reads its header.
    func columns(_ reader: inout CSVReader) throws(CSVFileError) -> UsersColumns {
        var header = CSVRecord()
        guard try reader.next(into: &header) else { throw .badHeader("the file is empty; it needs a header row naming at least 'email'") }
        return try UsersColumns.read(header)
    }

    /// The build-stopping problem a read error is.
    func problem(_ error: CSVFileError) -> Diagnostic {
        switch error {
        case .io(let message): return .error(displayPath, message)
        case .badHeader(let message): return .error(displayPath, line: 1, message)
        case .unterminatedQuote(let line): return .error(displayPath, line: line, "a quoted field opened on this line is never closed: the file is not valid CSV")
        }
    }
}

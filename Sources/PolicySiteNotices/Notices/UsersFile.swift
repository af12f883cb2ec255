import Foundation
import PolicySiteModel
import PolicySiteSupport

/// The site's `users.csv`, where `users` in `policysite.yml` says it is.
package struct UsersFile: Sendable {
    let url: URL
    /// The path as shown in messages.
    let displayPath: String

    package init(url: URL, displayPath: String) {
        self.url = url
        self.displayPath = displayPath
    }

    /// Reads the header row, so that a file that is not CSV, or has no email column, stops the
    /// build before anything is rendered; adds what is wrong with it.
    package func checkHeader(_ diagnostics: inout Diagnostics) {
        var reader: CSVReader
        do {
            reader = try CSVReader(url: url, chunkSize: 1 << 16)
        } catch .io(let reason) {
            let permissions = reason == SystemError.phrase(EACCES) ? ", and check its permissions" : ""
            diagnostics.error(displayPath, "cannot read the users file: \(reason); point 'users' in \(SiteConfig.fileName) at the CSV file of your users\(permissions)")
            return
        } catch {
            diagnostics.add(problem(error))
            return
        }
        do {
            _ = try columns(&reader)
        } catch {
            diagnostics.add(problem(error))
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
        case .notAFile(let kind): return .error(displayPath, "this is \(kind), not a file; point 'users' in \(SiteConfig.fileName) at the CSV file of your users")
        case .badHeader(let message): return .error(displayPath, line: 1, message)
        case .unterminatedQuote(let line): return .error(displayPath, line: line, "a quoted field opened on this line is never closed: the file is not valid CSV")
        }
    }
}

import Foundation
import PolicySiteModel
import PolicySiteSupport

/// The site's `users.csv`, where `users` in `policysite.yml` says it is.
package struct UsersFile: UsersSource {
    /// The file, as its problems name it.
    let file: CSVFile
    var url: URL { file.url }
    /// The path as shown in messages.
    package var displayPath: String { file.displayPath }
    package var noun: String { "the users file" }

    /// The users file at `url`, named `displayPath` in messages.
    package init(url: URL, displayPath: String) {
        file = CSVFile(url: url, displayPath: displayPath, noun: "the users file",
                       advice: "point 'users' in \(SiteConfig.fileName) at the CSV file of your users")
    }

    /// Reads the header row, so that a file that is not CSV, or has no email column, stops the
    /// build before anything is rendered; adds what is wrong with it.
    package func checkHeader(_ diagnostics: inout Diagnostics) {
        do {
            var reader = try CSVReader(file: file, chunkSize: 1 << 16)
            _ = try columns(&reader)
        } catch {
            diagnostics.add(error)
        }
    }

    /// Opens the file and reads its header.
    package func rows() throws(Diagnostics) -> any UserRows {
        try CSVUserRows(self)
    }

    /// Reads the header of the file `reader` has just opened.
    func columns(_ reader: inout CSVReader) throws(Diagnostics) -> UsersColumns {
        var header = CSVRecord()
        guard try reader.next(into: &header) else { throw file.badHeader("the file is empty; it needs a header row naming at least 'email'") }
        return try UsersColumns.read(header, of: file)
    }
}

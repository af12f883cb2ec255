import PolicySiteSupport

/// Where the registered users come from: the users file (`UsersFile`), or a query on the
/// application's database (PolicySitePostgres). Both hand over rows as `CSVRecord`s in the order
/// of their `UsersColumns`, so one pipeline (`NotificationListWriter`, `RegisteredUser.read`)
/// applies the same rules to both: duplicates, statuses, preferences, bad rows by number.
package protocol UsersSource: Sendable {
    /// How messages name the source: the file's path, or the database's URL without secrets.
    var displayPath: String { get }
    /// The source in words, for messages: "the users file", "the result of users_query".
    var noun: String { get }
    /// Adds why the source cannot be read (no such file, no `email` column, no connection), so
    /// that the build stops before anything is rendered.
    func checkHeader(_ diagnostics: inout Diagnostics)
    /// Starts one pass over the users.
    func rows() throws(Diagnostics) -> any UserRows
}

/// One pass over a source's users, row by row: never all of them in memory.
package protocol UserRows: AnyObject {
    /// Where each known column is in a row.
    var columns: UsersColumns { get }
    /// Fills `record` with the next row (`record.line`: the file's line, or the row's number in
    /// the query's result); false after the last. Throws when the source fails part way.
    func next(into record: inout CSVRecord) throws(Diagnostics) -> Bool
    /// Ends the pass and lets go of what it holds (a file, a connection).
    func close()
}

/// The rows of the users file, read by `CSVReader` in chunks.
final class CSVUserRows: UserRows {
    private var reader: CSVReader
    let columns: UsersColumns

    init(_ users: UsersFile) throws(Diagnostics) {
        var reader = try CSVReader(file: users.file)
        columns = try users.columns(&reader)
        self.reader = reader
    }

    func next(into record: inout CSVRecord) throws(Diagnostics) -> Bool {
        try reader.next(into: &record)
    }

    /// The file is closed when the reader goes.
    func close() {}
}

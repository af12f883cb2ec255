import Foundation
import PolicySiteModel
import PolicySiteNotices
import PolicySiteSupport
import PostgresNIO

/// The users read from the application's PostgreSQL database: the rows of `users_query`, whose
/// result has the users file's columns by name. They go through the same pipeline as the CSV's
/// (`UsersSource`), so the same rules apply, and a bad row is reported by its number in the result.
///
/// Rows are streamed through a server-side cursor (`DECLARE ... NO SCROLL CURSOR`, then `FETCH`
/// of `batchSize` rows at a time) inside one read-only, repeatable-read transaction. A cursor
/// rather than postgres-nio's back-pressured row sequence because the build is not async: each
/// batch is one request whose future this thread waits for, so memory holds one batch whatever
/// the size of the table, and the bound is ours, not a buffer's inside the library. The
/// transaction gives every pass one snapshot of the table, and being read-only, a query that
/// would write is refused by the server.
package struct PostgresUsers: UsersSource {
    /// Rows fetched per round trip.
    package static let batchSize = 1000
    private static let cursor = "policysite_users"

    let location: DatabaseLocation
    let query: String
    /// `policysite.yml` as messages show it, and the line of `users`, for connection problems.
    let configPath: String
    let configLine: Int?
    let environment: [String: String]

    /// The users of `query` in the database at `location`.
    package init(location: DatabaseLocation, query: String, configPath: String, configLine: Int?,
                 environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.location = location
        // A trailing semicolon is what people write; inside DECLARE it is a syntax error.
        var query = query.trimmingCharacters(in: .whitespacesAndNewlines)
        while query.hasSuffix(";") { query = String(query.dropLast()).trimmingCharacters(in: .whitespacesAndNewlines) }
        self.query = query
        self.configPath = configPath
        self.configLine = configLine
        self.environment = environment
    }

    package var displayPath: String { "\(location.display) users_query" }
    package var noun: String { "the result of users_query" }

    package func checkHeader(_ diagnostics: inout Diagnostics) {
        do {
            let rows = try PostgresUserRows(self, firstBatch: 1)
            rows.close()
        } catch {
            diagnostics.add(error)
        }
    }

    package func rows() throws(Diagnostics) -> any UserRows {
        try PostgresUserRows(self, firstBatch: Self.batchSize)
    }

    /// A problem with the database, at the `users` line of policysite.yml.
    func problem(_ problem: PostgresProblem) -> Diagnostics {
        Diagnostics([.error(configPath, line: configLine, "\(problem.reason); nothing is written or recorded until it can be read")])
    }

    /// Opens the cursor: a connection, a read-only transaction, the query declared.
    fileprivate func open() throws(Diagnostics) -> PostgresSession {
        let session: PostgresSession
        do throws(PostgresProblem) {
            session = try PostgresSession.connect(location, setting: "users", environment: environment)
        } catch {
            throw problem(error)
        }
        do throws(PostgresProblem) {
            try session.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", doing: "cannot start reading the users")
            try session.execute("DECLARE \(Self.cursor) NO SCROLL CURSOR FOR \(query)", doing: "cannot run users_query")
        } catch {
            session.close()
            throw problem(error)
        }
        return session
    }

    /// The next batch of at most `count` rows.
    fileprivate func fetch(_ session: PostgresSession, _ count: Int) throws(Diagnostics) -> [PostgresRow] {
        do throws(PostgresProblem) {
            return try session.query(PostgresQuery(unsafeSQL: "FETCH FORWARD \(count) FROM \(Self.cursor)"), doing: "cannot read the result of users_query")
        } catch {
            throw problem(error)
        }
    }
}

/// One pass over the rows of `users_query`, a batch at a time.
final class PostgresUserRows: UserRows {
    private let source: PostgresUsers
    private var session: PostgresSession?
    private var batch: [PostgresRow]
    private var index = 0
    private var rowNumber = 0
    private var isLastBatch: Bool
    let columns: UsersColumns

    init(_ source: PostgresUsers, firstBatch: Int) throws(Diagnostics) {
        self.source = source
        let session = try source.open()
        self.session = session
        do throws(Diagnostics) {
            batch = try source.fetch(session, firstBatch)
            isLastBatch = batch.count < firstBatch
            // The columns are named by the first row: with no row there is nobody to tell.
            let names = batch.first.map { $0.map(\.columnName) } ?? ["email"]
            columns = try UsersColumns.named(names) { problem throws(Diagnostics) in
                switch problem {
                case .twice(let name):
                    throw source.problem(PostgresProblem("the result of users_query has the column '\(name)' twice; name each column once"))
                case .noEmail:
                    throw source.problem(PostgresProblem("the result of users_query has no column named 'email'; it needs \(UsersColumns.expectedColumns), named so (use AS to rename a column)"))
                }
            }
        } catch {
            session.close()
            throw error
        }
    }

    func next(into record: inout CSVRecord) throws(Diagnostics) -> Bool {
        guard let session else { return false }
        if index == batch.count {
            guard !isLastBatch else {
                close()
                return false
            }
            do throws(Diagnostics) {
                batch = try source.fetch(session, PostgresUsers.batchSize)
            } catch {
                close()
                throw error
            }
            index = 0
            isLastBatch = batch.count < PostgresUsers.batchSize
            if batch.isEmpty {
                close()
                return false
            }
        }
        let row = batch[index]
        index += 1
        rowNumber += 1
        record.start(line: rowNumber)
        for (column, cell) in row.enumerated() {
            guard columns.isRead(column), let bytes = cell.bytes else {
                record.append(field: UnsafeRawBufferPointer(start: nil, count: 0))
                continue
            }
            if Self.isText(cell.dataType) {
                // A text cell's bytes are its UTF-8 (the session asks for client_encoding UTF8),
                // taken as they are, without a String between.
                bytes.withUnsafeReadableBytes { record.append(field: $0) }
                continue
            }
            let text: String?
            do {
                text = try Self.text(cell)
            } catch {
                close()
                throw source.problem(PostgresProblem("row \(rowNumber) of users_query's result: the column '\(cell.columnName)' holds a value policysite cannot read; cast it to text in the query (\(cell.columnName)::text)"))
            }
            guard var text else {
                close()
                throw source.problem(PostgresProblem("the column '\(cell.columnName)' of users_query's result is of a type policysite does not read; cast it to text in the query (\(cell.columnName)::text)"))
            }
            text.withUTF8 { record.append(field: UnsafeRawBufferPointer($0)) }
        }
        return true
    }

    private static func isText(_ type: PostgresDataType) -> Bool {
        type == .text || type == .varchar || type == .bpchar || type == .name
    }

    /// A cell that is not of a text type as text: integers, UUIDs and booleans written out, a text
    /// array (`policies`) joined with `;`; nil for any other type. Throws when the value cannot
    /// be decoded as its type says.
    private static func text(_ cell: PostgresCell) throws -> String? {
        switch cell.dataType {
        case .int2, .int4, .int8:
            return String(try cell.decode(Int.self))
        case .uuid:
            return try cell.decode(UUID.self).uuidString.lowercased()
        case .bool:
            return try cell.decode(Bool.self) ? "true" : "false"
        case .textArray, .varcharArray:
            return try cell.decode([String].self).joined(separator: ";")
        default:
            return nil
        }
    }

    func close() {
        session?.close()
        session = nil
    }

    deinit { session?.close() }
}

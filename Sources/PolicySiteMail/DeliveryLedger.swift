import Foundation
import GRDB
import PolicySiteNotices
import PolicySiteSupport

/// The delivery ledger, `outbox/ledger.sqlite` (SQLite in WAL mode, through GRDB): one row per
/// notice and recipient with its state. It is written so that a kill at any moment loses nothing:
/// a message is marked in flight (committed) before it is handed off, and sent, deferred or
/// failed (committed) after. A run sends every row that is pending, deferred, or was left in
/// flight by a killed run (with the same Message-ID); it never sends a row marked sent.
package struct DeliveryLedger: Sendable {
    /// The states of a row.
    package enum State: String, Sendable, CaseIterable {
        case pending, inFlight = "in-flight", sent, deferred, failed
    }

    package static let fileName = "ledger.sqlite"

    /// The ledger's file in `outbox`.
    static func file(in outbox: URL) -> URL { outbox.appending(path: fileName) }
    private let database: DatabaseQueue
    /// The ledger's path as messages show it.
    package let displayPath: String

    /// Opens (and creates or upgrades) the ledger in an outbox. An existing file that is empty is
    /// refused as damaged, not taken for a new ledger: that would send every notice again.
    package init(outbox: Outbox) throws(Diagnostics) {
        let path = Self.file(in: outbox.folder).path
        displayPath = outbox.display(Self.fileName)
        database = try Self.attempt(displayPath) {
            try FileManager.default.createDirectory(at: outbox.folder, withIntermediateDirectories: true)
            try Self.refuseEmpty(path)
            var configuration = Configuration()
            configuration.journalMode = .wal
            configuration.busyMode = .timeout(10)
            configuration.prepareDatabase { db in
                // WAL with NORMAL: a commit survives the process being killed; only a power cut can
                // lose the last commits, which then send again.
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            let database = try DatabaseQueue(path: path, configuration: configuration)
            try Self.migrator.migrate(database)
            return database
        }
    }

    /// The ledger in the outbox folder `outbox`, named in messages by its path.
    package init(outbox: URL) throws(Diagnostics) {
        try self.init(outbox: Outbox(folder: outbox))
    }

    private init(readingOnly path: String, displayPath: String) throws(Diagnostics) {
        self.displayPath = displayPath
        database = try Self.attempt(displayPath) {
            try Self.refuseEmpty(path)
            var configuration = Configuration()
            configuration.readonly = true
            configuration.busyMode = .timeout(10)
            return try DatabaseQueue(path: path, configuration: configuration)
        }
    }

    /// Opens an existing ledger only to read it (`--status`, `--dry-run`: a ledger that cannot be
    /// written can still be read); nil when there is none.
    package static func existing(in outbox: Outbox) throws(Diagnostics) -> DeliveryLedger? {
        let path = file(in: outbox.folder).path
        return FileManager.default.fileExists(atPath: path) ? try DeliveryLedger(readingOnly: path, displayPath: outbox.display(fileName)) : nil
    }

    /// Why the ledger cannot be used, for people: never SQLite's codes or the statement it ran.
    private struct Unusable: Error {
        let reason: String
    }

    private static func refuseEmpty(_ path: String) throws(Unusable) {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw Unusable(reason: "it is a folder, not a ledger file") }
        if (info.st_mode & S_IFMT) == S_IFREG && info.st_size == 0 {
            throw Unusable(reason: "the file is empty, so it no longer says what was sent")
        }
    }

    /// Runs `body` on the ledger, and throws what went wrong as a problem with the ledger, in
    /// words (never SQLite's codes or the statement it ran). `Diagnostics` that `body` passes on
    /// (a recipients list that cannot be read, while importing it) go on unchanged.
    private static func attempt<T>(_ displayPath: String, _ body: () throws -> T) throws(Diagnostics) -> T {
        do {
            return try body()
        } catch let problems as Diagnostics {
            throw problems
        } catch {
            throw Diagnostics([.error(displayPath, "the ledger cannot be used: \(describe(error)); restore it from a backup, since it is the record of what was sent")])
        }
    }

    private func attempt<T>(_ body: () throws -> T) throws(Diagnostics) -> T {
        try Self.attempt(displayPath, body)
    }

    /// An error met while opening, reading or writing the ledger, in words.
    private static func describe(_ error: any Error) -> String {
        if let error = error as? Unusable { return error.reason }
        guard let error = error as? DatabaseError else { return FileOperationError.describe(error) }
        switch error.resultCode.primaryResultCode {
        case .SQLITE_NOTADB: return "the file is not a SQLite database"
        case .SQLITE_CORRUPT: return "the file is damaged"
        case .SQLITE_READONLY: return "the file cannot be written (read-only)"
        case .SQLITE_CANTOPEN: return "the file cannot be opened"
        case .SQLITE_FULL: return "the disk is full"
        case .SQLITE_IOERR: return "the file cannot be read or written (an input/output error)"
        case .SQLITE_BUSY, .SQLITE_LOCKED: return "another program holds the ledger"
        case .SQLITE_PERM, .SQLITE_AUTH: return "permission denied"
        default: return "the ledger cannot be used (SQLite reports \(error.resultCode.primaryResultCode.rawValue))"
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE notice (
                    id TEXT PRIMARY KEY,          -- <policy>/<segment>
                    recipients INTEGER NOT NULL,
                    imported_at TEXT NOT NULL
                );
                CREATE TABLE delivery (
                    notice TEXT NOT NULL REFERENCES notice(id),
                    line INTEGER NOT NULL,        -- the row's line in recipients.csv
                    email TEXT NOT NULL,
                    name TEXT NOT NULL,
                    locale TEXT NOT NULL,
                    unsubscribe_url TEXT NOT NULL,
                    message_id TEXT,
                    state TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    run INTEGER,                  -- the run that last took it
                    detail TEXT,                  -- why it was deferred or failed
                    updated_at TEXT,
                    PRIMARY KEY (notice, line)
                );
                CREATE INDEX delivery_open ON delivery(notice, line) WHERE state IN ('pending', 'in-flight', 'deferred');
                CREATE TABLE run (id INTEGER PRIMARY KEY AUTOINCREMENT, started_at TEXT NOT NULL);
                """)
        }
        // A deferred row's next attempt: an SMTP server's 4xx asks for time, not for the next
        // run to knock again at once. A ledger made before it gets the column, empty (due now).
        migrator.registerMigration("v2-next-attempt") { db in
            try db.execute(sql: "ALTER TABLE delivery ADD COLUMN next_attempt_at TEXT")
        }
        // The version each recipient's email compares from (`starting-versions.csv`): a row
        // imported before it gets the column empty, which is the previous version.
        migrator.registerMigration("v3-starting-version") { db in
            try db.execute(sql: "ALTER TABLE delivery ADD COLUMN starting_version TEXT NOT NULL DEFAULT ''")
        }
        return migrator
    }

    /// How long a row deferred for the `attempts`-th time waits: the first deferral is tried
    /// again by the next run; each further one waits twice as long as the one before, from one
    /// minute up to four hours.
    package static func backoff(attempts: Int) -> TimeInterval {
        guard attempts > 1 else { return 0 }
        return min(60 * pow(2, Double(min(attempts - 2, 20))), 4 * 3600)
    }

    /// Whether a notice's recipients are in the ledger.
    package func hasNotice(_ id: String) throws(Diagnostics) -> Bool {
        try attempt { try database.read { db in try Bool.fetchOne(db, sql: "SELECT 1 FROM notice WHERE id = ?", arguments: [id]) ?? false } }
    }

    /// Adds a notice's recipients as pending, all in one transaction: a kill leaves none or all.
    /// Rows are keyed by the normalised address (`EmailAddress.key`: case, and the domain's
    /// Unicode and `xn--` forms, make no difference): a row whose address an earlier row has is
    /// not added, so one address is never sent one notice twice. Returns the lines of the rows
    /// left out (`notify` reports them before it imports).
    @discardableResult
    package func importNotice(_ id: String, recipients: (_ add: (Recipient, _ key: String) throws(Diagnostics) -> Void) throws -> Void, at now: Date) throws(Diagnostics) -> [Int] {
        try attempt {
            try database.write { db in
                try db.execute(sql: "INSERT INTO notice (id, recipients, imported_at) VALUES (?, 0, ?)", arguments: [id, Self.stamp(now)])
                let insert = try db.makeStatement(sql: "INSERT INTO delivery (notice, line, email, name, locale, unsubscribe_url, starting_version, state) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending')")
                var count = 0
                var seen = AddressSet()
                var duplicates: [Int] = []
                try recipients { recipient, key throws(Diagnostics) in
                    guard seen.insert(key) else {
                        duplicates.append(recipient.line)
                        return
                    }
                    try attempt { try insert.execute(arguments: [id, recipient.line, recipient.email, recipient.name, recipient.locale, recipient.unsubscribeURL, recipient.startingVersion]) }
                    count += 1
                }
                try db.execute(sql: "UPDATE notice SET recipients = ? WHERE id = ?", arguments: [count, id])
                return duplicates
            }
        }
    }

    /// The notices whose recipients are in the ledger.
    package func importedNotices() throws(Diagnostics) -> Set<String> {
        try attempt { try database.read { db in Set(try String.fetchAll(db, sql: "SELECT id FROM notice")) } }
    }

    /// Starts a run; its id keeps it from taking a row it has itself deferred.
    package func startRun(at now: Date) throws(Diagnostics) -> Int64 {
        try attempt {
            try database.write { db in
                try db.execute(sql: "INSERT INTO run (started_at) VALUES (?)", arguments: [Self.stamp(now)])
                return db.lastInsertedRowID
            }
        }
    }

    /// Takes the next row of a notice that this run has not taken yet, and marks it in flight.
    /// Rows in flight are taken again only because the caller holds the `RunLock`: the run that
    /// left them is over, so they are ownerless.
    package func claim(notice: String, run: Int64, at now: Date) throws(Diagnostics) -> Recipient? {
        try attempt {
            try database.write { db in
                guard let row = try Row.fetchOne(db, sql: """
                    SELECT line, email, name, locale, unsubscribe_url, starting_version FROM delivery
                    WHERE notice = ? AND state IN ('pending', 'in-flight', 'deferred') AND (run IS NULL OR run <> ?)
                      AND (state <> 'deferred' OR next_attempt_at IS NULL OR next_attempt_at <= ?)
                    ORDER BY line LIMIT 1
                    """, arguments: [notice, run, Self.stamp(now)]) else { return nil }
                let recipient = Recipient(line: row["line"], email: row["email"], name: row["name"], locale: row["locale"], unsubscribeURL: row["unsubscribe_url"],
                                          startingVersion: row["starting_version"])
                try db.execute(sql: "UPDATE delivery SET state = 'in-flight', run = ?, attempts = attempts + 1, updated_at = ? WHERE notice = ? AND line = ?",
                               arguments: [run, Self.stamp(now), notice, recipient.line])
                return recipient
            }
        }
    }

    /// Puts every failed row back to pending, for a run after the mail program was fixed.
    package func retryFailed(at now: Date) throws(Diagnostics) {
        try attempt {
            try database.write { db in
                try db.execute(sql: "UPDATE delivery SET state = 'pending', updated_at = ? WHERE state = 'failed'", arguments: [Self.stamp(now)])
            }
        }
    }

    /// Records what became of a message. A deferred one gets its next attempt (`backoff`); one
    /// not handed over goes back to pending, as if it had not been taken.
    package func record(notice: String, line: Int, messageID: String, outcome: DeliveryOutcome, at now: Date) throws(Diagnostics) {
        let (state, detail): (State, String?) = switch outcome {
        case .sent: (.sent, nil)
        case .deferred(let why): (.deferred, why)
        case .failed(let why): (.failed, why)
        case .notHandedOver: (.pending, nil)
        }
        try attempt {
            try database.write { db in
                var next: String?
                if state == .deferred {
                    let attempts = try Int.fetchOne(db, sql: "SELECT attempts FROM delivery WHERE notice = ? AND line = ?", arguments: [notice, line]) ?? 1
                    next = Self.stamp(now.addingTimeInterval(Self.backoff(attempts: attempts)))
                }
                try db.execute(sql: "UPDATE delivery SET state = ?, detail = ?, message_id = ?, updated_at = ?, next_attempt_at = ? WHERE notice = ? AND line = ?",
                               arguments: [state.rawValue, detail, messageID, Self.stamp(now), next, notice, line])
                if case .notHandedOver = outcome {
                    // Not an attempt of this message's: it must not lengthen its backoff later.
                    try db.execute(sql: "UPDATE delivery SET attempts = max(attempts - 1, 0) WHERE notice = ? AND line = ?", arguments: [notice, line])
                }
            }
        }
    }

    /// The deferred rows of a notice whose next attempt is after `now`: how many, and the
    /// earliest time one is due (as written in the ledger, UTC).
    package func waiting(notice: String, at now: Date) throws(Diagnostics) -> (count: Int, until: String?) {
        try attempt {
            try database.read { db in
                // A ledger only read (--status) may predate the column: then nothing waits.
                guard try db.columns(in: "delivery").contains(where: { $0.name == "next_attempt_at" }) else { return (0, nil) }
                let row = try Row.fetchOne(db, sql: "SELECT count(*) AS n, min(next_attempt_at) AS until FROM delivery WHERE notice = ? AND state = 'deferred' AND next_attempt_at > ?",
                                           arguments: [notice, Self.stamp(now)])
                return (row?["n"] ?? 0, row?["until"])
            }
        }
    }

    /// How many rows of a notice are in each state.
    package func counts(notice: String) throws(Diagnostics) -> [State: Int] {
        try attempt {
            try database.read { db in
                var counts: [State: Int] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT state, count(*) AS n FROM delivery WHERE notice = ? GROUP BY state", arguments: [notice]) {
                    if let state = State(rawValue: row["state"]) { counts[state] = row["n"] }
                }
                return counts
            }
        }
    }

    /// The failed rows of a notice, by line, with why, for the report: never the address, which
    /// is also taken out of the detail (a row's detail may hold it, so it is taken out again as it is read).
    package func failures(notice: String, limit: Int) throws(Diagnostics) -> [NoticeStatus.Failure] {
        try attempt {
            try database.read { db in
                try Row.fetchAll(db, sql: "SELECT line, email, name, detail FROM delivery WHERE notice = ? AND state = 'failed' ORDER BY line LIMIT ?", arguments: [notice, limit])
                    .map { NoticeStatus.Failure(line: $0["line"], detail: RecipientRedaction.redacting(address: $0["email"], name: $0["name"], in: $0["detail"] ?? "")) }
            }
        }
    }

    private static func stamp(_ date: Date) -> String {
        UTCTimestamp.iso(date)
    }
}

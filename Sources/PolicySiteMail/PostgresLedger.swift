import Foundation
import PolicySiteModel
import PolicySiteNotices
import PolicySitePostgres
import PolicySiteSupport
import PostgresNIO
import Synchronization

/// A delivery ledger in PostgreSQL (`ledger: postgres://...`) that several `notify` workers share,
/// on one machine or several. Each worker is a run; it claims a batch of a notice's open rows at
/// a time (`SELECT ... FOR UPDATE SKIP LOCKED`, so two workers never take one row), marked in
/// flight under a lease that it renews while it works. A worker killed stops renewing: once its
/// lease ends, its rows are open again, and another worker sends them. So a row is handed off
/// twice only when its worker was killed between the hand-off and its record: at most the
/// worker's `--parallel` messages. The lease is counted on the server's clock, so workers on
/// machines whose clocks differ agree on it.
///
/// Every operation but the import is one statement, so the worker's threads share one
/// connection without a transaction of one running into another's; the import, all or nothing,
/// has a connection of its own. The schema is policysite's, in tables named `policysite_*`,
/// created and migrated by it under an advisory lock, its version in `policysite_schema`.
package final class PostgresLedger: Ledger {
    /// The schema version this policysite writes; a ledger migrated by a later one is refused.
    package static let schemaVersion = 1
    /// The recipient's columns in `policysite_delivery`, in the order they are written and
    /// read: one place to add a field of `Recipient`.
    static let recipientColumns = ["email", "name", "locale", "unsubscribe_url", "starting_version"]
    /// Rows per INSERT while importing: well under PostgreSQL's 65,535 parameters.
    static let importBatch = 1000

    private let session: PostgresSession
    private let location: DatabaseLocation
    private let environment: [String: String]
    /// Rows claimed at once: enough to keep every thread busy between round trips.
    private let batchSize: Int
    /// How long claimed rows stay this worker's without a renewal (seconds).
    private let lease: Double
    /// Rows claimed and not yet handed to a thread, per notice.
    private let claimed = Mutex<[String: [Recipient]]>([:])
    /// When the lease was last renewed (the caller's clock).
    private let renewed = Mutex<Date?>(nil)
    /// The run this worker started, whose rows' lease it renews.
    private let run = Mutex<Int64?>(nil)

    package var displayPath: String { location.display }
    package var isShared: Bool { true }

    /// Connects, and creates or migrates the schema. `jobs` sets how many rows are claimed at
    /// once, `lease` how long they stay this worker's without renewal.
    package init(location: DatabaseLocation, jobs: Int, lease: Double,
                 environment: [String: String] = ProcessInfo.processInfo.environment) throws(Diagnostics) {
        self.location = location
        self.environment = environment
        batchSize = max(8, jobs * 4)
        self.lease = lease
        session = try Self.connect(location, environment: environment)
        do throws(Diagnostics) {
            try Self.migrate(location, environment: environment)
        } catch {
            session.close()
            throw error
        }
    }

    private init(readingOnly location: DatabaseLocation, session: PostgresSession, environment: [String: String]) {
        self.location = location
        self.environment = environment
        self.session = session
        batchSize = 1
        lease = 0
    }

    /// The ledger only to read (`--status`, the check of the lists); nil when policysite has
    /// not made its schema in the database yet.
    package static func existing(_ location: DatabaseLocation,
                                 environment: [String: String] = ProcessInfo.processInfo.environment) throws(Diagnostics) -> PostgresLedger? {
        let session = try connect(location, environment: environment)
        let ledger = PostgresLedger(readingOnly: location, session: session, environment: environment)
        let found = try ledger.attempt("cannot read the ledger") { () throws -> Bool in
            try session.query("SELECT to_regclass('policysite_schema') IS NOT NULL", doing: "cannot read the ledger").first?.decode(Bool.self) ?? false
        }
        guard found else {
            session.close()
            return nil
        }
        try ledger.checkVersion()
        return ledger
    }

    deinit { session.close() }

    private static func connect(_ location: DatabaseLocation, environment: [String: String]) throws(Diagnostics) -> PostgresSession {
        do throws(PostgresProblem) {
            return try PostgresSession.connect(location, setting: "ledger", environment: environment)
        } catch {
            throw problem(location, error.reason)
        }
    }

    private static func problem(_ location: DatabaseLocation, _ reason: String) -> Diagnostics {
        Diagnostics([.error(location.display, "the ledger cannot be used: \(reason); nothing was sent or recorded by this step, and the ledger keeps what it had")])
    }

    /// Runs `body`, throwing a failure as a problem with the ledger, in words.
    @discardableResult
    private func attempt<T>(_ doing: String, _ body: () throws -> T) throws(Diagnostics) -> T {
        do {
            return try body()
        } catch let problems as Diagnostics {
            throw problems
        } catch let problem as PostgresProblem {
            throw Self.problem(location, problem.reason)
        } catch {
            throw Self.problem(location, PostgresProblem(error, doing: doing).reason)
        }
    }

    // MARK: The schema

    /// The statements that bring the schema from version `index` to `index + 1`.
    static let migrations: [String] = [
        """
        CREATE TABLE policysite_notice (
            id text PRIMARY KEY,
            recipients integer NOT NULL,
            imported_at text NOT NULL
        );
        CREATE TABLE policysite_delivery (
            notice text NOT NULL REFERENCES policysite_notice(id),
            line integer NOT NULL,
            email text NOT NULL,
            name text NOT NULL,
            locale text NOT NULL,
            unsubscribe_url text NOT NULL,
            starting_version text NOT NULL DEFAULT '',
            message_id text,
            state text NOT NULL,
            attempts integer NOT NULL DEFAULT 0,
            run bigint,
            detail text,
            updated_at text,
            next_attempt_at text,
            lease_until timestamptz,
            PRIMARY KEY (notice, line)
        );
        CREATE INDEX policysite_delivery_open ON policysite_delivery (notice, line) WHERE state IN ('pending', 'in-flight', 'deferred');
        CREATE INDEX policysite_delivery_run ON policysite_delivery (run) WHERE state = 'in-flight';
        CREATE TABLE policysite_run (id bigserial PRIMARY KEY, started_at text NOT NULL);
        """,
    ]

    /// Creates or migrates the schema in one transaction, under an advisory lock, so that
    /// workers starting together migrate it once.
    private static func migrate(_ location: DatabaseLocation, environment: [String: String]) throws(Diagnostics) {
        let session = try connect(location, environment: environment)
        defer { session.close() }
        do {
            try session.execute("BEGIN", doing: "cannot set up the ledger")
            try session.execute("SELECT pg_advisory_xact_lock(7042519466310285)", doing: "cannot set up the ledger")
            try session.execute("CREATE TABLE IF NOT EXISTS policysite_schema (version integer NOT NULL)", doing: "cannot set up the ledger")
            let found = try session.query("SELECT version FROM policysite_schema", doing: "cannot set up the ledger").first?.decode(Int.self)
            if found == nil {
                try session.execute("INSERT INTO policysite_schema (version) VALUES (0)", doing: "cannot set up the ledger")
            }
            let version = found ?? 0
            guard version <= schemaVersion else {
                throw PostgresProblem("its schema is version \(version), made by a later policysite than this one (which knows version \(schemaVersion)); upgrade policysite on this machine")
            }
            // One statement at a time: the extended protocol takes no more in one message.
            for step in migrations.indices where step >= version {
                for statement in migrations[step].components(separatedBy: ";\n") where !statement.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    try session.execute(statement, doing: "cannot set up the ledger")
                }
            }
            try session.query("UPDATE policysite_schema SET version = \(schemaVersion)", doing: "cannot set up the ledger")
            try session.execute("COMMIT", doing: "cannot set up the ledger")
        } catch let problem as PostgresProblem {
            throw Self.problem(location, problem.reason)
        } catch {
            throw Self.problem(location, PostgresProblem(error, doing: "cannot set up the ledger").reason)
        }
    }

    private func checkVersion() throws(Diagnostics) {
        let version = try attempt("cannot read the ledger") { try session.query("SELECT version FROM policysite_schema", doing: "cannot read the ledger").first?.decode(Int.self) ?? 0 }
        guard version <= Self.schemaVersion else {
            throw Self.problem(location, "its schema is version \(version), made by a later policysite than this one (which knows version \(Self.schemaVersion)); upgrade policysite on this machine")
        }
    }

    // MARK: Notices

    package func hasNotice(_ id: String) throws(Diagnostics) -> Bool {
        try attempt("cannot read the ledger") {
            try !session.query("SELECT 1 FROM policysite_notice WHERE id = \(id)", doing: "cannot read the ledger").isEmpty
        }
    }

    package func importedNotices() throws(Diagnostics) -> Set<String> {
        try attempt("cannot read the ledger") {
            Set(try session.query("SELECT id FROM policysite_notice", doing: "cannot read the ledger").map { try $0.decode(String.self) })
        }
    }

    /// In one transaction on a connection of its own: the notice's row first, so that a second
    /// worker importing the same notice waits for this one's commit, then finds it there and
    /// imports nothing.
    @discardableResult
    package func importNotice(_ id: String, recipients: (_ add: (Recipient, _ key: String) throws(Diagnostics) -> Void) throws -> Void,
                              at now: Date) throws(Diagnostics) -> [Int] {
        let importing = try Self.connect(location, environment: environment)
        defer { importing.close() }
        return try attempt("cannot import the notice into the ledger") {
            let doing = "cannot import the notice into the ledger"
            try importing.execute("BEGIN", doing: doing)
            let stamp = UTCTimestamp.iso(now)
            let inserted = try importing.query("INSERT INTO policysite_notice (id, recipients, imported_at) VALUES (\(id), 0, \(stamp)) ON CONFLICT (id) DO NOTHING RETURNING id",
                                               doing: doing)
            guard !inserted.isEmpty else {
                try importing.execute("ROLLBACK", doing: doing)
                return []
            }
            var seen = AddressSet()
            var duplicates: [Int] = []
            var pending: [Recipient] = []
            var count = 0
            func flush() throws {
                guard !pending.isEmpty else { return }
                let columns = ["notice", "line"] + Self.recipientColumns + ["state"]
                var bindings = PostgresBindings(capacity: pending.count * (columns.count - 1))
                var rows: [String] = []
                for recipient in pending {
                    let base = bindings.count
                    bindings.append(id)
                    bindings.append(recipient.line)
                    for value in Self.values(of: recipient) { bindings.append(value) }
                    rows.append("(" + (1...(columns.count - 1)).map { "$\(base + $0)" }.joined(separator: ", ") + ", 'pending')")
                }
                let sql = "INSERT INTO policysite_delivery (\(columns.joined(separator: ", "))) VALUES " + rows.joined(separator: ", ")
                _ = try importing.query(PostgresQuery(unsafeSQL: sql, binds: bindings), doing: doing)
                pending.removeAll(keepingCapacity: true)
            }
            try recipients { recipient, key throws(Diagnostics) in
                guard seen.insert(key) else {
                    duplicates.append(recipient.line)
                    return
                }
                pending.append(recipient)
                count += 1
                if pending.count == Self.importBatch {
                    try attempt(doing) { try flush() }
                }
            }
            try flush()
            try importing.query("UPDATE policysite_notice SET recipients = \(count) WHERE id = \(id)", doing: doing)
            try importing.execute("COMMIT", doing: doing)
            return duplicates
        }
    }

    /// A recipient's values for `recipientColumns`, in order.
    static func values(of recipient: Recipient) -> [String] {
        [recipient.email, recipient.name, recipient.locale, recipient.unsubscribeURL, recipient.startingVersion]
    }

    // MARK: Runs, claims and records

    package func startRun(at now: Date) throws(Diagnostics) -> Int64 {
        try attempt("cannot start a run in the ledger") {
            let stamp = UTCTimestamp.iso(now)
            let id = try session.query("INSERT INTO policysite_run (started_at) VALUES (\(stamp)) RETURNING id", doing: "cannot start a run in the ledger")
                .first?.decode(Int64.self) ?? 0
            self.run.withLock { $0 = id }
            return id
        }
    }

    /// Hands out the rows claimed ahead; when none is left, claims the next batch: rows that are
    /// pending, deferred and due, or in flight under a lease that has ended (their worker is
    /// gone), skipping rows another worker is claiming at this moment.
    package func claim(notice: String, run: Int64, at now: Date) throws(Diagnostics) -> Recipient? {
        try renewIfDue(at: now)
        return try claimed.withLock { (claimed: inout [String: [Recipient]]) throws(Diagnostics) -> Recipient? in
            if let next = claimed[notice]?.popLast() { return next }
            let stamp = UTCTimestamp.iso(now)
            let doing = "cannot claim rows in the ledger"
            let rows = try attempt(doing) {
                try session.query("""
                    UPDATE policysite_delivery AS d
                    SET state = 'in-flight', run = \(run), attempts = d.attempts + 1, updated_at = \(stamp),
                        lease_until = clock_timestamp() + make_interval(secs => \(lease))
                    FROM (SELECT notice, line FROM policysite_delivery
                          WHERE notice = \(notice) AND (run IS NULL OR run <> \(run))
                            AND (state = 'pending'
                                 OR (state = 'deferred' AND (next_attempt_at IS NULL OR next_attempt_at <= \(stamp)))
                                 OR (state = 'in-flight' AND (lease_until IS NULL OR lease_until < clock_timestamp())))
                          ORDER BY line LIMIT \(batchSize)
                          FOR UPDATE SKIP LOCKED) AS open
                    WHERE d.notice = open.notice AND d.line = open.line
                    RETURNING d.line, d.email, d.name, d.locale, d.unsubscribe_url, d.starting_version
                    """, doing: doing)
                    .map { row in
                        let (line, email, name, locale, link, start) = try row.decode((Int, String, String, String, String, String).self)
                        return Recipient(line: line, email: email, name: name, locale: locale, unsubscribeURL: link, startingVersion: start)
                    }
            }
            // Handed out from the end: the lowest line first.
            var batch = rows.sorted { $0.line > $1.line }
            let next = batch.popLast()
            claimed[notice] = batch
            return next
        }
    }

    /// Renews the lease of every row this run holds in flight, once a third of it has passed.
    private func renewIfDue(at now: Date) throws(Diagnostics) {
        guard let run = self.run.withLock({ $0 }) else { return }
        let due = renewed.withLock { last -> Bool in
            guard let previous = last, now.timeIntervalSince(previous) < lease / 3 else {
                last = now
                return true
            }
            return false
        }
        guard due else { return }
        try attempt("cannot renew the lease in the ledger") {
            try session.query("UPDATE policysite_delivery SET lease_until = clock_timestamp() + make_interval(secs => \(lease)) WHERE run = \(run) AND state = 'in-flight'",
                              doing: "cannot renew the lease in the ledger")
        }
    }

    package func release(notice: String, run: Int64, at now: Date) throws(Diagnostics) {
        let lines = claimed.withLock { claimed in (claimed.removeValue(forKey: notice) ?? []).map(\.line) }
        guard !lines.isEmpty else { return }
        let stamp = UTCTimestamp.iso(now)
        try attempt("cannot give back rows in the ledger") {
            try session.query("""
                UPDATE policysite_delivery SET state = 'pending', run = NULL, lease_until = NULL, attempts = greatest(attempts - 1, 0), updated_at = \(stamp)
                WHERE notice = \(notice) AND run = \(run) AND state = 'in-flight' AND line = ANY(\(lines))
                """, doing: "cannot give back rows in the ledger")
        }
    }

    package func retryFailed(at now: Date) throws(Diagnostics) {
        let stamp = UTCTimestamp.iso(now)
        try attempt("cannot write the ledger") {
            try session.query("UPDATE policysite_delivery SET state = 'pending', updated_at = \(stamp) WHERE state = 'failed'", doing: "cannot write the ledger")
        }
    }

    package func record(notice: String, line: Int, messageID: String, outcome: DeliveryOutcome, at now: Date) throws(Diagnostics) {
        let (state, detail): (DeliveryLedger.State, String?) = switch outcome {
        case .sent: (.sent, nil)
        case .deferred(let why): (.deferred, why)
        case .failed(let why): (.failed, why)
        case .notHandedOver: (.pending, nil)
        }
        let stamp = UTCTimestamp.iso(now)
        let doing = "cannot record a message in the ledger"
        try attempt(doing) {
            var next: String?
            if state == .deferred {
                let attempts = try session.query("SELECT attempts FROM policysite_delivery WHERE notice = \(notice) AND line = \(line)", doing: doing)
                    .first?.decode(Int.self) ?? 1
                next = UTCTimestamp.iso(now.addingTimeInterval(DeliveryLedger.backoff(attempts: attempts)))
            }
            let notAttempt = if case .notHandedOver = outcome { 1 } else { 0 }
            try session.query("""
                UPDATE policysite_delivery SET state = \(state.rawValue), detail = \(detail), message_id = \(messageID), updated_at = \(stamp),
                    next_attempt_at = \(next), lease_until = NULL, attempts = greatest(attempts - \(notAttempt), 0)
                WHERE notice = \(notice) AND line = \(line)
                """, doing: doing)
        }
        try renewIfDue(at: now)
    }

    // MARK: Reading

    package func waiting(notice: String, at now: Date) throws(Diagnostics) -> (count: Int, until: String?) {
        let stamp = UTCTimestamp.iso(now)
        return try attempt("cannot read the ledger") {
            guard let row = try session.query("SELECT count(*)::bigint, min(next_attempt_at) FROM policysite_delivery WHERE notice = \(notice) AND state = 'deferred' AND next_attempt_at > \(stamp)",
                                              doing: "cannot read the ledger").first else { return (0, nil) }
            let (count, until) = try row.decode((Int, String?).self)
            return (count, until)
        }
    }

    package func counts(notice: String) throws(Diagnostics) -> [DeliveryLedger.State: Int] {
        try attempt("cannot read the ledger") {
            var counts: [DeliveryLedger.State: Int] = [:]
            for row in try session.query("SELECT state, count(*)::bigint FROM policysite_delivery WHERE notice = \(notice) GROUP BY state", doing: "cannot read the ledger") {
                let (state, count) = try row.decode((String, Int).self)
                if let state = DeliveryLedger.State(rawValue: state) { counts[state] = count }
            }
            return counts
        }
    }

    package func failures(notice: String, limit: Int) throws(Diagnostics) -> [NoticeStatus.Failure] {
        try attempt("cannot read the ledger") {
            try session.query("SELECT line, email, name, detail FROM policysite_delivery WHERE notice = \(notice) AND state = 'failed' ORDER BY line LIMIT \(limit)",
                              doing: "cannot read the ledger").map { row in
                let (line, email, name, detail) = try row.decode((Int, String, String, String?).self)
                return NoticeStatus.Failure(line: line, detail: RecipientRedaction.redacting(address: email, name: name, in: detail ?? ""))
            }
        }
    }
}

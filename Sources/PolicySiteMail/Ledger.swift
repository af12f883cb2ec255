import Foundation
import PolicySiteNotices
import PolicySiteSupport

/// The ledger operations `notify` uses, whatever keeps the ledger: SQLite in the outbox
/// (`DeliveryLedger`, one run at a time under the `RunLock`) or PostgreSQL (`PostgresLedger`,
/// shared by workers on several machines, each claiming rows under a lease). Every operation
/// throws its problems in words.
package protocol Ledger: Sendable {
    /// The ledger as messages name it: a path in the outbox, or the database's URL.
    var displayPath: String { get }
    /// Whether several `notify` processes may work on it at once (no `RunLock`).
    var isShared: Bool { get }
    /// Whether a notice's recipients are in the ledger.
    func hasNotice(_ id: String) throws(Diagnostics) -> Bool
    /// Adds a notice's recipients as pending, all or none, one row per address; returns the
    /// lines of the rows left out as repeats. A notice another worker has imported is left alone.
    @discardableResult
    func importNotice(_ id: String, recipients: (_ add: (Recipient, _ key: String) throws(Diagnostics) -> Void) throws -> Void,
                      at now: Date) throws(Diagnostics) -> [Int]
    /// The notices whose recipients are in the ledger.
    func importedNotices() throws(Diagnostics) -> Set<String>
    /// Starts a run (a worker); its id keeps it from taking a row it has itself deferred.
    func startRun(at now: Date) throws(Diagnostics) -> Int64
    /// Takes the next open row of a notice for this run, marked in flight; nil when none is left.
    func claim(notice: String, run: Int64, at now: Date) throws(Diagnostics) -> Recipient?
    /// Gives back rows this run claimed and has not handed off (a shared ledger claims ahead).
    func release(notice: String, run: Int64, at now: Date) throws(Diagnostics)
    /// Puts every failed row back to pending.
    func retryFailed(at now: Date) throws(Diagnostics)
    /// Records what became of a message.
    func record(notice: String, line: Int, messageID: String, outcome: DeliveryOutcome, at now: Date) throws(Diagnostics)
    /// The deferred rows of a notice whose next attempt is after `now`, and when the first is due.
    func waiting(notice: String, at now: Date) throws(Diagnostics) -> (count: Int, until: String?)
    /// How many rows of a notice are in each state.
    func counts(notice: String) throws(Diagnostics) -> [DeliveryLedger.State: Int]
    /// The failed rows of a notice, by line, with why, never the address.
    func failures(notice: String, limit: Int) throws(Diagnostics) -> [NoticeStatus.Failure]
}

extension DeliveryLedger: Ledger {
    package var isShared: Bool { false }

    /// Nothing is claimed ahead: each claim takes one row.
    package func release(notice: String, run: Int64, at now: Date) throws(Diagnostics) {}
}

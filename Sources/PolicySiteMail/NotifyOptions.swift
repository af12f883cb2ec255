import Foundation
import PolicySiteModel
import PolicySiteSupport

/// What `policysite notify` is asked to do.
package struct NotifyOptions: Sendable {
    /// Where messages go.
    package enum Delivery: Sendable {
        /// A sendmail-compatible program.
        case sendmail(URL)
        /// A Maildir folder.
        case maildir(URL)
        /// A transport made by the caller (`notify --smtp`: PolicySiteSMTP's, which this target
        /// does not know).
        case transport(any MailTransport)
        /// Nowhere: say what would be sent, change nothing.
        case dryRun
    }

    /// The most messages handed off at once (`--parallel`).
    package static let parallelRange = 1...64

    package var paths: SitePaths
    package var delivery: Delivery
    /// Messages handed off at once. Each is one in flight: a kill can send at most this many twice.
    package var jobs: Int
    /// Whether failed messages are tried again (after the mail program was fixed).
    package var retryFailed: Bool
    /// Whether a run waits for another run that holds the ledger, rather than stopping.
    package var wait: Bool
    /// Seconds a hand-off to the mail program may take before it is ended and deferred.
    package var timeout: Double
    /// With a PostgreSQL ledger: seconds that rows a worker claimed stay its own without a
    /// renewal. A worker renews them while it works; a killed one's go back when it ends. It is
    /// at least the hand-off timeout, so a slow hand-off is never taken over by another worker.
    package var lease: Double
    /// The clock, for the Date header and the ledger's times.
    package var now: @Sendable () -> Date
    /// Asked before each message is claimed: once it says yes (the command was interrupted), no
    /// new message is handed off, and the ones in flight finish and are recorded.
    package var stopRequested: @Sendable () -> Bool

    package init(paths: SitePaths, delivery: Delivery, jobs: Int = 4, retryFailed: Bool = false, wait: Bool = false,
                timeout: Double = 120, lease: Double = 300, now: @escaping @Sendable () -> Date = Date.init,
                stopRequested: @escaping @Sendable () -> Bool = { false }) {
        self.paths = paths
        self.delivery = delivery
        self.jobs = min(max(Self.parallelRange.lowerBound, jobs), Self.parallelRange.upperBound)
        self.retryFailed = retryFailed
        self.wait = wait
        self.timeout = timeout > 0 ? timeout : 120
        self.lease = max(lease, self.timeout + 5)
        self.now = now
        self.stopRequested = stopRequested
    }
}

/// Where one notice stands in the ledger.
package struct NoticeStatus: Sendable, Hashable {
    /// `<policy>/<segment>`, the notice's folder in the outbox.
    package var id: String
    package var version: String
    package var recipients: Int
    package var sent = 0
    package var deferred = 0
    package var failed = 0
    /// Not handed off yet, in flight included.
    package var pending = 0
    /// Deferred messages whose next attempt is later (backoff), and the earliest such time.
    package var waiting = 0
    package var waitingUntil: String?
    /// Failed recipients (by their line in `recipients.csv`, never their address) and why, the
    /// first few.
    package var failures: [Failure] = []
    /// What to say of the notice before it is sent: no recipients, a row that repeats an address.
    package var warnings: [Diagnostic] = []
    /// Recipients by the language of their email, as build counted them; empty for a notice
    /// written before build counted them.
    package var byLanguage: [String: Int] = [:]
    /// Recipients by the version their email compares from, as build counted them.
    package var byStartingVersion: [String: Int] = [:]

    /// A failed message.
    package struct Failure: Sendable, Hashable, CustomStringConvertible {
        /// The recipient's line in the notice's `recipients.csv`.
        package var line: Int
        /// Why, with the address replaced by `<recipient>`.
        package var detail: String

        /// `recipients.csv line 12: failed: <detail>`.
        package var description: String { "recipients.csv line \(line): failed: \(detail)" }
    }
}

/// Progress of a run, after each message.
package struct NotifyProgress: Sendable {
    package var notice: String
    /// Messages this run will try for the notice.
    package var total: Int
    package var sent = 0
    package var deferred = 0
    package var failed = 0
    package var done: Int { sent + deferred + failed }
}

import Foundation
import PolicySiteModel
import PolicySiteSupport

/// What `policysite notify` is asked to do.
public struct NotifyOptions: Sendable {
    /// Where messages go.
    public enum Delivery: Sendable {
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
    public static let parallelRange = 1...64

    public var paths: SitePaths
    public var delivery: Delivery
    /// Messages handed off at once. Each is one in flight: a kill can send at most this many twice.
    public var jobs: Int
    /// Whether failed messages are tried again (after the mail program was fixed).
    public var retryFailed: Bool
    /// Whether a run waits for another run that holds the ledger, rather than stopping.
    public var wait: Bool
    /// Seconds a hand-off to the mail program may take before it is ended and deferred.
    public var timeout: Double
    /// The clock, for the Date header and the ledger's times.
    public var now: @Sendable () -> Date
    /// Asked before each message is claimed: once it says yes (the command was interrupted), no
    /// new message is handed off, and the ones in flight finish and are recorded.
    public var stopRequested: @Sendable () -> Bool

    public init(paths: SitePaths, delivery: Delivery, jobs: Int = 4, retryFailed: Bool = false, wait: Bool = false,
                timeout: Double = 120, now: @escaping @Sendable () -> Date = Date.init,
                stopRequested: @escaping @Sendable () -> Bool = { false }) {
        self.paths = paths
        self.delivery = delivery
        self.jobs = min(max(Self.parallelRange.lowerBound, jobs), Self.parallelRange.upperBound)
        self.retryFailed = retryFailed
        self.wait = wait
        self.timeout = timeout > 0 ? timeout : 120
        self.now = now
        self.stopRequested = stopRequested
    }
}

/// Where one notice stands in the ledger.
public struct NoticeStatus: Sendable, Hashable {
    /// `<policy>/<segment>`, the notice's folder in the outbox.
    public var id: String
    public var version: String
    public var recipients: Int
    public var sent = 0
    public var deferred = 0
    public var failed = 0
    /// Not handed off yet, in flight included.
    public var pending = 0
    /// Deferred messages whose next attempt is later (backoff), and the earliest such time.
    public var waiting = 0
    public var waitingUntil: String?
    /// Failed recipients (by their line in `recipients.csv`, never their address) and why, the
    /// first few.
    public var failures: [Failure] = []
    /// What to say of the notice before it is sent: no recipients, a row that repeats an address.
    public var warnings: [Diagnostic] = []

    /// A failed message.
    public struct Failure: Sendable, Hashable, CustomStringConvertible {
        /// The recipient's line in the notice's `recipients.csv`.
        public var line: Int
        /// Why, with the address replaced by `<recipient>`.
        public var detail: String

        /// `recipients.csv line 12: failed: <detail>`.
        public var description: String { "recipients.csv line \(line): failed: \(detail)" }
    }
}

/// Progress of a run, after each message.
public struct NotifyProgress: Sendable {
    public var notice: String
    /// Messages this run will try for the notice.
    public var total: Int
    public var sent = 0
    public var deferred = 0
    public var failed = 0
    public var done: Int { sent + deferred + failed }
}

import Foundation

/// What `policysite notify` is asked to do.
public struct NotifyOptions: Sendable {
    /// Where messages go.
    public enum Delivery: Sendable {
        /// A sendmail-compatible program.
        case sendmail(URL)
        /// A Maildir folder.
        case maildir(URL)
        /// Nowhere: say what would be sent, change nothing.
        case dryRun
    }

    public var paths: SitePaths
    public var delivery: Delivery
    /// Messages handed off at once. Each is one in flight: a kill can send at most this many twice.
    public var jobs: Int
    /// Whether failed messages are tried again (after the mail program was fixed).
    public var retryFailed: Bool
    /// The clock, for the Date header and the ledger's times.
    public var now: @Sendable () -> Date

    public init(paths: SitePaths, delivery: Delivery, jobs: Int = 4, retryFailed: Bool = false,
                now: @escaping @Sendable () -> Date = Date.init) {
        self.paths = paths
        self.delivery = delivery
        self.jobs = max(1, jobs)
        self.retryFailed = retryFailed
        self.now = now
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
    /// Failed recipients and why, the first few.
    public var failures: [String] = []
    /// What to say of the notice before it is sent: no recipients, a row that repeats an address.
    public var warnings: [Diagnostic] = []
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

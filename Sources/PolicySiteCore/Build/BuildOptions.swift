import Foundation

/// What a build is asked to do.
public struct BuildOptions: Sendable {
    public var paths: SitePaths
    /// The day the site is built as of (SPEC section 2).
    public var asOf: CalendarDay
    /// Overrides the configured output folder.
    public var output: URL?
    /// Worker threads for reading, templating and writing; Markdown rendering is one at a time.
    public var jobs: Int
    /// Published versions changed on purpose, to record as corrections instead of refusing.
    public var corrections: [CorrectionRequest]
    /// The key that signs unsubscribe links (`POLICYSITE_TOKEN_KEY`), passed in by the caller.
    public var tokenKey: String?
    /// A preview (`serve`): render and check everything, but record nothing: the lock, the outbox
    /// and the build record stay as they are, and the users file is not read.
    public var isPreview = false

    public init(paths: SitePaths, asOf: CalendarDay, output: URL? = nil, jobs: Int? = nil,
                corrections: [CorrectionRequest] = [], tokenKey: String? = nil) {
        self.paths = paths
        self.asOf = asOf
        self.output = output
        self.jobs = max(1, jobs ?? ParallelWork.defaultJobs)
        self.corrections = corrections
        self.tokenKey = tokenKey
    }
}

/// What a successful build did.
public struct BuildReport: Sendable {
    public var outputFolder: URL
    public var pageCount: Int
    public var policyCount: Int
    public var versionCount: Int
    /// Warnings: problems that did not stop the build.
    public var diagnostics: [Diagnostic]
    public var lock: LockReport
    /// The notices written to the outbox, with their counts.
    public var notices: [Notice]
    public var outbox: URL
}

/// What a build did to `policysite.lock`.
public struct LockReport: Sendable {
    /// Whether this build wrote the first lock, recording every published version as the baseline.
    public var isBaseline: Bool
    /// Versions recorded by this build.
    public var recorded: Int
    /// Whether the lock file changed.
    public var isChanged: Bool
    /// New versions whose notice an earlier, interrupted build had already written.
    public var keptNotices: Int
    /// Whether the site configures a users file; without one, new versions get no list.
    public var hasUsersFile: Bool

    init(update: LockUpdate, keptNotices: Int, hasUsersFile: Bool) {
        isBaseline = update.isBaseline
        recorded = update.isBaseline ? update.lock.policies.values.reduce(0) { $0 + $1.count } : update.newVersions.count
        isChanged = update.isChanged
        self.keptNotices = keptNotices
        self.hasUsersFile = hasUsersFile
    }
}

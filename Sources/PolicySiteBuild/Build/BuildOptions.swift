import Foundation
import PolicySiteModel
import PolicySiteNotices
import PolicySiteSupport

/// What a build is asked to do.
public struct BuildOptions: Sendable {
    public var paths: SitePaths
    /// The day the site is built as of (SPEC section 2).
    public var asOf: CalendarDay
    /// Today (`AsOfDay.resolve`); nil means `asOf` is today. A build as of a later day is a
    /// preview that records nothing (`AsOfPreview`).
    public var today: CalendarDay?
    /// Overrides the configured output folder.
    public var output: URL?
    /// Worker threads for reading, templating and writing; Markdown rendering is one at a time.
    public var jobs: Int
    /// Published versions changed on purpose, to record as corrections instead of refusing.
    public var corrections: [CorrectionRequest]
    /// Backdated new versions (`build --insert`), to record without a notice instead of refusing.
    public var insertions: [CorrectionRequest] = []
    /// Recorded versions that got no notice, whose notice to write now (`policysite notice`).
    public var noticeRequests: [CorrectionRequest] = []
    /// The key that signs unsubscribe links (`POLICYSITE_TOKEN_KEY`), passed in by the caller.
    public var tokenKey: String?
    /// A preview (`serve`): render and check everything, but record nothing: the lock, the outbox
    /// and the build record stay as they are, and the users file is not read.
    public var isPreview = false
    /// Whether the build takes the site root's build lock (`BuildLock`), so that two builds never
    /// run at once; `serve`, which builds into a folder of its own, does not.
    public var takesBuildLock = true
    /// Whether warnings that are summed up per file (raw HTML left out) are given one by one.
    public var verbose = false

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
    /// Set when the build recorded nothing because of its as-of day.
    public var preview: AsOfPreview?
    /// The SHA-256 of every file in the new site (`SiteManifest`), for the build record.
    var files: [String: String] = [:]
}

/// Why a build as of another day than today records nothing: the lock and the outbox are left
/// as they are, and the site is written for a look.
public enum AsOfPreview: Sendable, Hashable {
    /// Built as of a day after today: nothing is published or told before its day.
    case afterToday(asOf: CalendarDay, today: CalendarDay)
    /// Built as of a past day before the lock's latest record: the lock's history only moves forward.
    case beforeLock(asOf: CalendarDay, latest: CalendarDay)

    /// Whether a build as of `asOf` records nothing, and why; nil when it records.
    static func of(asOf: CalendarDay, today: CalendarDay?, lock: PolicyLock?) -> AsOfPreview? {
        let today = today ?? asOf
        if asOf > today { return .afterToday(asOf: asOf, today: today) }
        // The lock's history only moves forward, even when the day before its latest is "today"
        // (SOURCE_DATE_EPOCH set back): a version recorded later must not drop off the site.
        if let latest = lock?.latestDay, asOf < latest { return .beforeLock(asOf: asOf, latest: latest) }
        return nil
    }

    /// One line for the build's report.
    public var summary: String {
        switch self {
        case let .afterToday(asOf, today):
            "Preview as of \(asOf) (a day after today, \(today)): nothing recorded, no notices written"
        case let .beforeLock(asOf, latest):
            "Preview as of \(asOf) (before the latest day in \(PolicyLock.fileName), \(latest)): nothing recorded, no notices written"
        }
    }
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
    /// Backdated versions recorded with `--insert`, without a notice.
    public var inserted: Int
    /// Recorded versions whose notice this build wrote (`policysite notice`).
    public var lateNotices: Int

    init(update: LockUpdate, keptNotices: Int, hasUsersFile: Bool) {
        isBaseline = update.isBaseline
        recorded = update.isBaseline ? update.lock.policies.values.reduce(0) { $0 + $1.count } : update.newVersions.count
        inserted = update.inserted
        lateNotices = update.lateNotices.count
        isChanged = update.isChanged
        self.keptNotices = keptNotices
        self.hasUsersFile = hasUsersFile
    }
}

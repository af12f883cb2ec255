import Foundation
import PolicySiteModel
import PolicySiteSupport

/// What a build is asked to do.
package struct BuildOptions: Sendable {
    package var paths: SitePaths
    /// The day the site is built as of (SPEC section 2).
    package var asOf: CalendarDay
    /// Today (`AsOfDay.resolve`); nil means `asOf` is today. A build as of a later day is a
    /// preview that records nothing (`AsOfPreview`).
    package var today: CalendarDay?
    /// Overrides the configured output folder.
    package var output: URL?
    /// Worker threads for reading, templating and writing; Markdown rendering is one at a time.
    package var jobs: Int
    /// Published versions changed on purpose, to record as corrections instead of refusing.
    package var corrections: [CorrectionRequest]
    /// Backdated new versions (`build --insert`), to record without a notice instead of refusing.
    package var insertions: [CorrectionRequest] = []
    /// Recorded versions that got no notice, whose notice to write now (`policysite notice`).
    package var noticeRequests: [CorrectionRequest] = []
    /// The key that signs unsubscribe links (`POLICYSITE_TOKEN_KEY`), passed in by the caller.
    package var tokenKey: String?
    /// A preview (`serve`): render and check everything, but record nothing: the lock, the outbox
    /// and the build record stay as they are, and the users file is not read.
    package var isPreview = false
    /// Whether the build takes the site root's build lock (`BuildLock`), so that two builds never
    /// run at once; `serve`, which builds into a folder of its own, does not.
    package var takesBuildLock = true
    /// Whether warnings that are summed up per file (raw HTML left out) are given one by one.
    package var verbose = false
    /// Whether the build may replay what earlier builds rendered (`.policysite/cache/`) and link
    /// unchanged files from the previous site; false renders and writes everything (and still
    /// refreshes the cache).
    package var usesCache = true
    /// Where the cache lives when the site root has none that can be used (made when missing):
    /// `serve` keeps one in its own folder, since a preview does not make `.policysite/`, so
    /// that its rebuilds are not all cold.
    package var cacheFolder: URL?

    package init(paths: SitePaths, asOf: CalendarDay, output: URL? = nil, jobs: Int? = nil,
                corrections: [CorrectionRequest] = [], tokenKey: String? = nil) {
        self.paths = paths
        self.asOf = asOf
        self.output = output
        self.jobs = max(1, jobs ?? ParallelWork.defaultJobs)
        self.corrections = corrections
        self.tokenKey = tokenKey
    }
}

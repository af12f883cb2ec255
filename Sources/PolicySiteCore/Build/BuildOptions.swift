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

    public init(paths: SitePaths, asOf: CalendarDay, output: URL? = nil, jobs: Int? = nil) {
        self.paths = paths
        self.asOf = asOf
        self.output = output
        self.jobs = max(1, jobs ?? ParallelWork.defaultJobs)
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
}

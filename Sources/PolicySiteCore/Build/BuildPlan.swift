import Foundation

/// Everything a build settles before it renders a page: the site read and checked, its theme,
/// where it goes, what it does to the lock, and where its notification lists go. Every problem
/// found on the way is collected; the plan exists only when none is an error.
struct BuildPlan: Sendable {
    let site: SiteSource
    let theme: Theme
    let output: URL
    let lockUpdate: LockUpdate
    let notices: NoticePlan
    /// Set when the build records nothing because of its as-of day.
    let preview: AsOfPreview?

    static func make(_ options: BuildOptions) -> (BuildPlan?, [Diagnostic]) {
        var loading = Diagnostics()
        let config = SiteConfigLoader.load(options.paths, &loading)
        let access = SourceAccess(paths: options.paths, config: config, output: options.output)
        let policies = SiteLoader.loadPolicies(options.paths, access: access, jobs: options.jobs, &loading)
        var problems = loading.all
        guard let config else { return (nil, problems) }
        var themeProblems = Diagnostics()
        let theme = ThemeLoader.load(config, paths: options.paths, access: access, &themeProblems)
        let output = OutputLocation.resolve(options, config: config)
        problems += themeProblems.all + OutputLocation.problems(output, paths: options.paths)
        problems += NoticeRule.problems(policies ?? [], noticeDays: config.noticeDays)
        guard let policies, let theme, !problems.contains(where: \.isError) else { return (nil, problems) }

        let lockDisplay = options.paths.display(PolicyLock.fileName)
        let previous: PolicyLock?
        let previousData: Data?
        switch LockFile.read(options.paths) {
        case .success(let read): (previous, previousData) = (read?.lock, read?.data)
        case .failure(let problem): return (nil, problems + [problem])
        }
        var reconciling = Diagnostics()
        var update = LockReconciler.reconcile(.init(
            previous: previous, previousData: previousData, policies: policies, asOf: options.asOf,
            corrections: options.corrections, insertions: options.insertions, noticeRequests: options.noticeRequests,
            hasUsersFile: config.users != nil, lockDisplayPath: lockDisplay
        ), &reconciling)
        problems += reconciling.all
        let preview = options.isPreview ? nil : AsOfPreview.of(asOf: options.asOf, today: options.today, lock: previous)
        if options.isPreview || preview != nil {
            // Rendered with the lock as it would be, checked the same, and nothing of it kept.
            update = LockUpdate(lock: update.lock, isChanged: false, isBaseline: false, newVersions: [])
            if let preview { problems += requestProblems(options, preview: preview) }
        }
        let (notices, noticeProblems) = NoticePlan.make(config: config, paths: options.paths, output: output, policies: policies, update: update,
                                                        tokenKey: options.tokenKey, isPreview: options.isPreview || preview != nil)
        problems += noticeProblems
        guard let notices, !problems.contains(where: \.isError) else { return (nil, problems) }
        return (BuildPlan(site: SiteSource(paths: options.paths, config: config, policies: policies, lock: update.lock),
                          theme: theme, output: output, lockUpdate: update, notices: notices, preview: preview), problems)
    }

    /// A request to record something, made to a build that records nothing.
    private static func requestProblems(_ options: BuildOptions, preview: AsOfPreview) -> [Diagnostic] {
        let requests = options.corrections.map { "--correct \($0.target)" } + options.insertions.map { "--insert \($0.target)" }
            + options.noticeRequests.map { "notice \($0.target)" }
        let why: String
        switch preview {
        case let .afterToday(asOf, today): why = "\(asOf) is after today (\(today)), so this build is a preview that records nothing"
        case let .beforeLock(asOf, latest): why = "\(asOf) is before the latest day in \(PolicyLock.fileName) (\(latest)), so this build records nothing"
        }
        return requests.map { .error("--as-of", "\($0): \(why); leave out --as-of to record it today") }
    }
}

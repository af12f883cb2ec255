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

    static func make(_ options: BuildOptions) -> (BuildPlan?, [Diagnostic]) {
        let (config, configProblems) = SiteConfigLoader.load(options.paths)
        let access = SourceAccess(paths: options.paths, config: config, output: options.output)
        let (policies, policyProblems) = SiteLoader.loadPolicies(options.paths, access: access, jobs: options.jobs)
        var problems = configProblems + policyProblems
        guard let config else { return (nil, problems) }
        let (theme, themeProblems) = ThemeLoader.load(config, paths: options.paths, access: access)
        let output = OutputLocation.resolve(options, config: config)
        problems += themeProblems + OutputLocation.problems(output, paths: options.paths)
        problems += NoticeRule.problems(policies ?? [], noticeDays: config.noticeDays)
        guard let policies, let theme, !problems.contains(where: \.isError) else { return (nil, problems) }

        let lockDisplay = options.paths.display(PolicyLock.fileName)
        let previous: PolicyLock?
        let previousData: Data?
        switch LockFile.read(options.paths) {
        case .success(let read): (previous, previousData) = (read?.lock, read?.data)
        case .failure(let problem): return (nil, problems + [problem])
        }
        let update = LockReconciler.reconcile(.init(
            previous: previous, previousData: previousData, policies: policies, asOf: options.asOf,
            corrections: options.corrections, hasUsersFile: config.users != nil, lockDisplayPath: lockDisplay
        ))
        problems += update.problems
        let (notices, noticeProblems) = NoticePlan.make(config: config, paths: options.paths, output: output, policies: policies,
                                                        update: update, tokenKey: options.tokenKey, isPreview: options.isPreview)
        problems += noticeProblems
        guard let notices, !problems.contains(where: \.isError) else { return (nil, problems) }
        return (BuildPlan(site: SiteSource(paths: options.paths, config: config, policies: policies, lock: update.lock),
                          theme: theme, output: output, lockUpdate: update, notices: notices), problems)
    }
}

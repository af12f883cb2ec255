import Foundation
import PolicySiteModel
import PolicySiteSource
import PolicySiteSupport

/// Everything a build settles before it renders a page: the site read and checked, its theme,
/// where it goes, what it does to the lock, and where its notification lists go. Every problem
/// found on the way is collected; the plan exists only when none is an error.
struct BuildPlan: Sendable {
    let site: LoadedSite
    let theme: Theme
    let output: URL
    let lockUpdate: LockUpdate
    let notices: NoticePlan
    /// Set when the build records nothing because of its as-of day.
    let preview: AsOfPreview?

    /// The plan, nil when a problem added to `diagnostics` is an error. `memo`: the version files
    /// parsed by earlier builds (`ParsedVersionCache`).
    static func make(_ options: BuildOptions, memo: (any VersionFileMemo)? = nil, _ diagnostics: inout Diagnostics) -> BuildPlan? {
        // The lock is read on a thread of its own while the policies are listed and read: a
        // large lock took a tenth of a rebuild on one core, while the other waited. Only used
        // when the policies have no error, as before.
        let paths = options.paths
        let lockRead = HandOff<Result<(lock: PolicyLock, data: Data)?, Diagnostics>>(capacity: 1)
        Thread { lockRead.send(Result { () throws(Diagnostics) in try LockFile.read(paths) }) }.start()
        let config = SiteConfigLoader.load(options.paths, &diagnostics)
        let access = SourceAccess(paths: options.paths, config: config, output: options.output)
        let policies = SiteLoader.loadPolicies(options.paths, access: access, jobs: options.jobs, languages: config?.languages ?? ["en"],
                                              memo: memo, &diagnostics)
        guard let config else { return nil }
        let theme = ThemeLoader.load(config, paths: options.paths, access: access, &diagnostics)
        let output = OutputLocation.resolve(options, config: config)
        OutputLocation.check(output, paths: options.paths, &diagnostics)
        diagnostics.add(NoticeRule.problems(policies ?? [], noticeDays: config.noticeDays))
        diagnostics.add(TranslationRule.problems(policies ?? [], config: config, asOf: options.asOf))
        guard let policies, let theme, !diagnostics.hasErrors else { return nil }

        let lockDisplay = options.paths.display(PolicyLock.fileName)
        let read: (lock: PolicyLock, data: Data)?
        do {
            read = try lockRead.receive().get()
        } catch {
            diagnostics.add(error)
            return nil
        }
        let (previous, previousData) = (read?.lock, read?.data)
        var update = LockReconciler.reconcile(.init(
            previous: previous, previousData: previousData, policies: policies, asOf: options.asOf,
            corrections: options.corrections, insertions: options.insertions, noticeRequests: options.noticeRequests,
            hasUsersFile: config.users != nil, lockDisplayPath: lockDisplay
        ), &diagnostics)
        let preview = options.isPreview ? nil : AsOfPreview.of(asOf: options.asOf, today: options.today, lock: previous)
        if options.isPreview || preview != nil {
            // Rendered with the lock as it would be, checked the same, and nothing of it kept.
            update = LockUpdate(lock: update.lock, isChanged: false, isBaseline: false, newVersions: [])
            if let preview { diagnostics.add(requestProblems(options, preview: preview)) }
        }
        let notices = NoticePlan.make(config: config, paths: options.paths, output: output, policies: policies,
                                      toTell: update.newVersions + update.lateNotices,
                                      tokenKey: options.tokenKey, isPreview: options.isPreview || preview != nil, &diagnostics)
        guard let notices, !diagnostics.hasErrors else { return nil }
        return BuildPlan(site: LoadedSite(paths: options.paths, config: config, policies: policies, lock: update.lock),
                         theme: theme, output: output, lockUpdate: update, notices: notices, preview: preview)
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

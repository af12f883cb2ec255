import Foundation

/// `policysite build` and `policysite check`, in steps:
/// 1. plan: read and check the site, its theme, its lock and where its lists go (`BuildPlan`);
/// 2. render every page into a staging folder beside the output;
/// 3. write the notification list of each new version into a staging folder in the outbox;
/// 4. write the new lock beside the old one;
/// 5. commit: move the notices into the outbox, swap the site in, rename the lock into place.
/// On any error before step 5 nothing in the output, the lock or the outbox changes. Step 5 puts
/// notices first: a build killed during it leaves notices that the next build finds and keeps,
/// never a version recorded without its notice.
public enum SiteBuilder {
    /// Builds the site; throws every problem found when there is any error. Unless it is a
    /// preview, records how it went in `.policysite/last-build.json`, for `publish`.
    /// A build holds the site root's `BuildLock` throughout (unless told not to, as `serve` does):
    /// a second build at the same time fails at once, naming the process that holds it.
    public static func build(_ options: BuildOptions) throws(BuildFailure) -> BuildReport {
        let lock: ProcessLock?
        do {
            lock = options.takesBuildLock ? try BuildLock.acquire(options.paths) : nil
        } catch {
            throw BuildFailure([error])
        }
        defer { withExtendedLifetime(lock) {} }
        let result = Result { () throws(BuildFailure) in try buildSite(options, writes: true) }
        if !options.isPreview {
            let report = try? result.get()
            let output = report?.outputFolder
            let record = BuildRecord(succeeded: output != nil, asOf: options.asOf, output: output?.standardizedFileURL.path,
                                     sources: SourceFingerprint.of(options.paths), files: report?.files)
            // The record only guards publish; failing to write it must not fail a good build.
            try? record.write(options.paths)
        }
        return try result.get()
    }

    /// Everything `build` checks, rendering every page and reading every row of the users file,
    /// writing nothing and recording nothing. Returns all problems.
    public static func check(_ options: BuildOptions) -> [Diagnostic] {
        do {
            return try buildSite(options, writes: false).diagnostics
        } catch {
            return error.diagnostics
        }
    }

    /// What `build` and `check` say when no staging folder can be made beside the output.
    private static func stagingProblem(_ output: URL, _ error: any Error) -> Diagnostic {
        .error(output.path, "cannot create a staging folder beside the output: \(FileOperationError.describe(error))")
    }

    /// The one pipeline of `build` and `check`, so that the two cannot drift apart. With `writes`
    /// false (`check`), pages go to a sink that discards them, notification lists are counted
    /// and not written, and it stops before anything is staged or committed.
    private static func buildSite(_ options: BuildOptions, writes: Bool) throws(BuildFailure) -> BuildReport {
        let (plan, planProblems) = BuildPlan.make(options)
        guard let plan else { throw BuildFailure(planProblems) }
        var diagnostics = planProblems
        func fail(_ problem: Diagnostic? = nil) -> BuildFailure {
            BuildFailure(diagnostics + (problem.map { [$0] } ?? []))
        }

        guard writes else {
            // Build's first write, tried and undone: check fails where build could not start.
            do {
                try StagedOutput.probe(target: plan.output)
            } catch {
                throw fail(stagingProblem(plan.output, error))
            }
            var rendering = Diagnostics()
            let rendered = SiteRenderer(site: plan.site, theme: plan.theme, asOf: options.asOf, sink: DiscardSink(), jobs: options.jobs).render(&rendering)
            diagnostics += rendering.all
            guard let record = rendered?.record, !diagnostics.contains(where: \.isError) else { throw fail() }
            let notices: [Notice]
            do {
                notices = try checkLists(plan, record: record, diagnostics: &diagnostics)
            } catch {
                throw fail(error)
            }
            return report(plan, pageCount: rendered?.pageCount ?? 0, diagnostics: diagnostics, notices: notices)
        }

        // What builds killed before their commit left (the output's leftovers go in `prepare`).
        StagedOutbox.removeLeftovers(beside: plan.notices.outbox)
        LockFile.removeLeftovers(options.paths)
        let staged: StagedOutput
        do {
            staged = try StagedOutput.prepare(target: plan.output)
        } catch {
            throw fail(stagingProblem(plan.output, error))
        }
        var rendering = Diagnostics()
        let rendered = SiteRenderer(site: plan.site, theme: plan.theme, asOf: options.asOf,
                                    sink: FolderSink(folder: staged.staging), jobs: options.jobs).render(&rendering)
        diagnostics += summingUpWriteFailures(rendering.all, output: plan.output)
        guard let rendered, !diagnostics.contains(where: \.isError) else {
            staged.discard()
            throw fail()
        }
        let record = rendered.record

        let files: [String: String]
        do {
            files = try SiteManifest.of(folder: staged.staging, jobs: options.jobs)
        } catch {
            staged.discard()
            throw fail(.error(plan.output.path, "cannot read back the new site to record its files: \(FileOperationError.describe(error))"))
        }

        let lists: (outbox: StagedOutbox, notices: [Notice])?
        do {
            lists = try writeLists(plan, record: record, diagnostics: &diagnostics)
        } catch {
            staged.discard()
            throw fail(error)
        }

        let lockDisplay = options.paths.display(PolicyLock.fileName)
        var stagedLock: URL?
        if plan.lockUpdate.isChanged && !options.isPreview {
            do {
                stagedLock = try LockFile.stage(plan.lockUpdate.lock, paths: options.paths)
            } catch {
                staged.discard()
                lists?.outbox.discard()
                throw fail(.error(lockDisplay, "cannot write the lock: \(FileOperationError.describe(error))"))
            }
        }

        let folders = lists?.notices.map { "\($0.policy)/\($0.segment)" } ?? []
        do {
            try lists?.outbox.commit(folders)
        } catch {
            staged.discard()
            lists?.outbox.discard()
            stagedLock.map(discard)
            throw fail(.error(plan.notices.outbox.path, "cannot move the notification lists into the outbox: \(FileOperationError.describe(error))"))
        }
        do {
            try staged.commit()
        } catch {
            staged.discard()
            lists?.outbox.rollBack(folders)
            lists?.outbox.discard()
            stagedLock.map(discard)
            throw fail(.error(plan.output.path, "cannot put the new site in place: \(FileOperationError.describe(error))"))
        }
        lists?.outbox.discard()
        if let stagedLock {
            do {
                try Rename.move(stagedLock, to: options.paths.root.appending(path: PolicyLock.fileName))
            } catch {
                // The site and the notices are in place; the next build finds the notices and keeps them.
                diagnostics.append(.error(lockDisplay, "the site and the notices are in place, but the lock could not be updated (\(FileOperationError.describe(error))); build again to record them"))
                discard(stagedLock)
                throw fail()
            }
        }

        return report(plan, pageCount: rendered.pageCount, diagnostics: diagnostics, notices: lists?.notices ?? [], files: files)
    }

    /// Pages that could not be written share their cause (a full disk, a folder that cannot be
    /// written): one error for all of them, at the output folder, instead of one per page.
    private static func summingUpWriteFailures(_ problems: [Diagnostic], output: URL) -> [Diagnostic] {
        let failed = problems.filter { $0.isError && $0.message.hasPrefix(SiteRenderer.writeFailure) }
        guard failed.count > 1 else { return problems }
        let reasons = Set(failed.map { $0.message.dropFirst(SiteRenderer.writeFailure.count) }).sorted()
        let summary = Diagnostic.error(output.path, "cannot write \(failed.count) files of the new site (\(reasons.prefix(3).joined(separator: "; "))), the first \(failed.map(\.path).min() ?? ""); free some space, or make the folder writable, then build again")
        return problems.filter { !($0.isError && $0.message.hasPrefix(SiteRenderer.writeFailure)) } + [summary]
    }

    private static func report(_ plan: BuildPlan, pageCount: Int, diagnostics: [Diagnostic], notices: [Notice],
                               files: [String: String] = [:]) -> BuildReport {
        BuildReport(
            outputFolder: plan.output, pageCount: pageCount, policyCount: plan.site.policies.count,
            versionCount: plan.site.policies.reduce(0) { $0 + $1.versions.count }, diagnostics: diagnostics.sorted(),
            lock: LockReport(update: plan.lockUpdate, keptNotices: plan.notices.kept.count, hasUsersFile: plan.notices.users != nil),
            notices: notices, outbox: plan.notices.outbox, preview: plan.preview, files: files
        )
    }

    /// What `writeLists` reports, for `check`: every row of the users file read as a build reads
    /// it, nothing written.
    private static func checkLists(_ plan: BuildPlan, record: SiteRecord, diagnostics: inout [Diagnostic]) throws(Diagnostic) -> [Notice] {
        guard let (writer, notices) = listWriter(plan, record: record) else { return [] }
        let (counted, warnings) = try writer.write(notices, into: nil)
        diagnostics += warnings
        return counted
    }

    /// The writer of the plan's notification lists, and the notices to write; nil when there are none.
    private static func listWriter(_ plan: BuildPlan, record: SiteRecord) -> (NotificationListWriter, [Notice])? {
        guard let users = plan.notices.users, !plan.notices.toWrite.isEmpty else { return nil }
        let writer = NotificationListWriter(users: users, unsubscribe: plan.notices.unsubscribe, policyIDs: Set(plan.site.policies.map(\.id)))
        return (writer, plan.notices.toWrite.map { NoticeFactory.notice(record, $0) })
    }

    /// Writes the lists of the plan's new versions into a staging folder in the outbox; nil when
    /// there are none to write.
    private static func writeLists(_ plan: BuildPlan, record: SiteRecord, diagnostics: inout [Diagnostic]) throws(Diagnostic) -> (outbox: StagedOutbox, notices: [Notice])? {
        guard let (writer, notices) = listWriter(plan, record: record) else { return nil }
        let outbox: StagedOutbox
        do {
            outbox = try StagedOutbox.prepare(outbox: plan.notices.outbox)
        } catch {
            throw .error(plan.notices.outbox.path, "cannot create a staging folder for the notification lists: \(FileOperationError.describe(error))")
        }
        do {
            let (notices, warnings) = try writer.write(notices, into: outbox.staging)
            diagnostics += warnings
            return (outbox, notices)
        } catch {
            outbox.discard()
            throw error
        }
    }

    private static func discard(_ file: URL) {
        try? FileManager.default.removeItem(at: file)
    }
}

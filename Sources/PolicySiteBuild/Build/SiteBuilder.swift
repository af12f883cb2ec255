import Foundation
import PolicySiteNotices
import PolicySiteSource
import PolicySiteSupport

/// `policysite build` and `policysite check`, in steps:
/// 1. plan: read and check the site, its theme, its lock and where its lists go (`BuildPlan`);
/// 2. render every page into a staging folder beside the output;
/// 3. write the notification list of each new version into a staging folder in the outbox;
/// 4. write the new lock beside the old one;
/// 5. commit: move the notices into the outbox, swap the site in (unless the previous site is the
///    one just made), rename the lock into place.
/// On any error before step 5 nothing in the output, the lock or the outbox changes. Step 5 puts
/// notices first: a build killed during it leaves notices that the next build finds and keeps,
/// never a version recorded without its notice.
package enum SiteBuilder {
    /// Builds the site; throws every problem found when there is any error. Unless it is a
    /// preview, records how it went in `.policysite/last-build.json`, for `publish`.
    /// A build holds the site root's `BuildLock` throughout (unless told not to, as `serve` does):
    /// a second build at the same time fails at once, naming the process that holds it.
    package static func build(_ options: BuildOptions) throws(BuildFailure) -> BuildReport {
        let lock: ProcessLock?
        do {
            lock = options.takesBuildLock ? try BuildLock.acquire(options.paths) : nil
        } catch {
            throw BuildFailure(error)
        }
        defer { withExtendedLifetime(lock) {} }
        // The replaced site is deleted, and the cache's record of the new one written, while the
        // record below is written; the build lock is held until both are done.
        let removals = BackgroundRemovals(jobs: options.jobs)
        defer { removals.waitForAll() }
        let result = Result { () throws(BuildFailure) in
            do throws(Diagnostics) { return try buildSite(options, writes: true, removals: removals) } catch { throw BuildFailure(error) }
        }
        if !options.isPreview {
            let report = try? result.get()
            let output = report?.outputFolder
            let paths = options.paths
            // The record only guards publish; failing to write it must not fail a good build.
            try? LastBuild.write(paths, succeeded: output != nil, asOf: options.asOf, output: output?.standardizedFileURL.path,
                                 files: report?.files, jobs: options.jobs, sources: { SourceFingerprint.of(paths) })
        }
        return try result.get()
    }

    /// Everything `build` checks, rendering every page and reading every row of the users file,
    /// writing nothing and recording nothing. Returns all problems.
    package static func check(_ options: BuildOptions) -> [Diagnostic] {
        do {
            return try buildSite(options, writes: false, removals: BackgroundRemovals(jobs: options.jobs)).diagnostics
        } catch {
            return error.all.sorted()
        }
    }

    /// What `build` and `check` say when no staging folder can be made beside the output.
    private static func stagingProblem(_ output: URL, _ error: any Error) -> Diagnostic {
        .error(output.path, "cannot create a staging folder beside the output: \(FileOperationError.describe(error))")
    }

    /// The one pipeline of `build` and `check`, so that the two cannot drift apart. With `writes`
    /// false (`check`), pages go to a sink that discards them, notification lists are counted
    /// and not written, and it stops before anything is staged or committed.
    private static func buildSite(_ options: BuildOptions, writes: Bool, removals: BackgroundRemovals) throws(Diagnostics) -> BuildReport {
        var diagnostics = Diagnostics()
        // `check` records nothing, in the cache neither, and parses every file.
        let parsed = writes ? CacheStore.of(options, kind: ParsedVersionCache.kind).map {
            ParsedVersionCache(store: $0, replays: options.usesCache)
        } : nil
        let plan = BuildPlan.make(options, memo: parsed, &diagnostics)
        parsed?.save()
        guard let plan else { throw diagnostics }
        /// Everything found so far, and the problem that stops the build.
        func stopping(_ problem: Diagnostic) -> Diagnostics {
            var all = diagnostics
            all.add(problem)
            return all
        }

        guard writes else {
            // Build's first write, tried and undone: check fails where build could not start.
            do {
                try StagedOutput.probe(target: plan.output)
            } catch {
                throw stopping(stagingProblem(plan.output, error))
            }
            var rendering = Diagnostics()
            let rendered = SiteRenderer(site: plan.site, theme: plan.theme, asOf: options.asOf, sink: DiscardSink(), jobs: options.jobs,
                                         verbose: options.verbose).render(&rendering)
            diagnostics.add(rendering)
            guard let records = rendered?.records, !diagnostics.hasErrors else { throw diagnostics }
            var notices: [Notice] = []
            if let (writer, toWrite) = listWriter(plan, records: records) {
                notices = try writer.write(toWrite, into: nil, &diagnostics)
            }
            return report(plan, pageCount: rendered?.pageCount ?? 0, diagnostics: diagnostics, notices: notices)
        }

        // What builds killed before their commit left: the outbox's staging may hold users'
        // addresses, so every build removes it (the output's leftovers go in `prepare`).
        StagedOutbox.removeLeftovers(beside: plan.notices.outbox.folder)
        LockFile.removeLeftovers(options.paths)
        let site: StagedOutput
        do {
            site = try StagedOutput.prepare(target: plan.output, removals: removals)
        } catch {
            throw stopping(stagingProblem(plan.output, error))
        }
        // Whatever happens next, nothing staged stays: after the commit, or instead of it.
        var staged = StagedCommit()
        staged.add(site.part)
        defer { staged.discard() }

        let caching = BuildCaching(options, plan: plan, staging: site.staging)
        var rendering = Diagnostics()
        var renderer = SiteRenderer(site: plan.site, theme: plan.theme, asOf: options.asOf,
                                    sink: caching.sink, jobs: options.jobs, verbose: options.verbose)
        renderer.cache = caching.chunks
        let rendered = renderer.render(&rendering)
        diagnostics.add(summingUpWriteFailures(rendering.all, output: plan.output))
        guard let rendered, !diagnostics.hasErrors else { throw diagnostics }

        // When the previous site is the one just made (nothing changed), it stays: nothing is
        // linked, swapped or deleted.
        let keptSite: [String: String]?
        do {
            keptSite = try caching.previousSiteIfSame()
        } catch {
            throw stopping(.error(plan.output.path, "cannot put the unchanged files of the site into the new one: \(error); if a file of the site was changed during the build, build again; else free some space, or make the folder writable, then build again"))
        }
        if keptSite != nil { staged.withdraw(.site) }

        // The manifest is for `publish`, which a preview does not record itself for (`serve` rebuilds
        // on every edit and has no use for it).
        var files = options.isPreview ? [:] : keptSite ?? [:]
        if !options.isPreview, keptSite == nil {
            do {
                files = try SiteManifest.of(folder: site.staging, jobs: options.jobs, known: caching.sink.files.all)
            } catch {
                throw stopping(.error(plan.output.path, "cannot read back the new site to record its files: \(FileOperationError.describe(error))"))
            }
        }

        let notices = try writeLists(plan, records: rendered.records, into: &staged, &diagnostics)

        if plan.lockUpdate.isChanged && !options.isPreview {
            do {
                staged.add(try LockFile.stage(plan.lockUpdate.lock, paths: options.paths))
            } catch {
                throw stopping(.error(options.paths.display(PolicyLock.fileName), "cannot write the lock: \(FileOperationError.describe(error))"))
            }
        }

        try staged.commit(&diagnostics)
        caching.committed(isPreview: options.isPreview, replaced: keptSite == nil, removals: removals)
        var built = report(plan, pageCount: rendered.pageCount, diagnostics: diagnostics, notices: notices, files: files)
        let chunks = caching.chunks?.chunkTally ?? ChunkCache.Tally()
        let lists = caching.chunks?.listsTally ?? ChunkCache.Tally()
        let histories = caching.chunks?.historyTally ?? ChunkCache.Tally()
        built.cachedChunks = (chunks.replayed, chunks.rendered)
        built.cachedHistories = (histories.replayed, histories.rendered)
        built.cachedLists = (lists.replayed, lists.rendered)
        return built
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

    private static func report(_ plan: BuildPlan, pageCount: Int, diagnostics: Diagnostics, notices: [Notice],
                               files: [String: String] = [:]) -> BuildReport {
        BuildReport(
            outputFolder: plan.output, pageCount: pageCount, policyCount: plan.site.policies.count,
            versionCount: plan.site.policies.reduce(0) { $0 + $1.versions.count }, diagnostics: diagnostics.all.sorted(),
            lock: LockReport(update: plan.lockUpdate, keptNotices: plan.notices.kept.count, hasUsersFile: plan.notices.users != nil),
            notices: notices, outbox: plan.notices.outbox.folder, preview: plan.preview, files: files
        )
    }

    /// The writer of the plan's notification lists, and the notices to write; nil when there are
    /// none. `records` are every language's, the default first.
    private static func listWriter(_ plan: BuildPlan, records: [PublishedVersions]) -> (NotificationListWriter, [Notice])? {
        guard let users = plan.notices.users, !plan.notices.toWrite.isEmpty else { return nil }
        let writer = NotificationListWriter(users: users, unsubscribe: plan.notices.unsubscribe, policyIDs: Set(plan.site.policies.map(\.id)))
        return (writer, plan.notices.toWrite.map { NoticeFactory.notice(records, $0) })
    }

    /// Writes the lists of the plan's new versions into a staging folder beside the outbox, and
    /// adds it to what the build commits; returns the notices written, none when there are none.
    private static func writeLists(_ plan: BuildPlan, records: [PublishedVersions], into staged: inout StagedCommit,
                                   _ diagnostics: inout Diagnostics) throws(Diagnostics) -> [Notice] {
        guard let (writer, notices) = listWriter(plan, records: records) else { return [] }
        let outbox: StagedOutbox
        do {
            outbox = try StagedOutbox.prepare(outbox: plan.notices.outbox.folder)
        } catch {
            diagnostics.error(plan.notices.outbox.folder.path, "cannot create a staging folder for the notification lists: \(FileOperationError.describe(error))")
            throw diagnostics
        }
        do throws(Diagnostics) {
            let written = try writer.write(notices, into: outbox.stagedOutbox, &diagnostics)
            staged.add(outbox.part(written))
            return written
        } catch {
            outbox.discard()
            throw error
        }
    }
}

import Foundation
import PolicySiteModel
import PolicySiteSupport

/// The cache's part in one build: the sink that links unchanged files from the previous site,
/// the chunks replayed from `.policysite/cache/`, and, once the new site is in place, the record
/// of its files for the next build. With no usable cache folder, every file is written and every
/// chunk rendered, as a cold build does; with `BuildOptions.usesCache` false (`build --no-cache`)
/// too, and the cache is refreshed from what it made.
package struct BuildCaching {
    let sink: LinkingSink
    let chunks: ChunkCache?
    private let outputs: CacheStore?
    private let output: URL
    private let jobs: Int

    init(_ options: BuildOptions, plan: BuildPlan, staging: URL) {
        let output = plan.output.standardizedFileURL
        let outputs = CacheStore.at(options.paths, kind: "outputs", makesRoot: !options.isPreview)
        let index = options.usesCache ? outputs.flatMap { OutputIndex.read($0, output: output.path) } : nil
        let sink = LinkingSink(staging: staging, previous: index.map { (folder: output, index: $0) })
        chunks = CacheStore.at(options.paths, kind: ChunkCache.kind, makesRoot: !options.isPreview).flatMap {
            ChunkCache(store: $0, sink: sink, theme: plan.theme, config: plan.site.config, asOf: options.asOf,
                       verbose: options.verbose, replays: options.usesCache)
        }
        self.output = output
        self.jobs = options.jobs
        self.outputs = outputs
        self.sink = sink
    }

    /// Records the files of the site now in place, and (after a build that is not a preview)
    /// removes the chunks it did not use, so that the cache holds about one site.
    /// The files are recorded once `removals` has deleted the site this one replaced: a file
    /// linked from it has another status-change time once its old name is gone.
    func committed(isPreview: Bool, removals: BackgroundRemovals) {
        if let outputs {
            let output = output.path, digests = sink.digests.all, jobs = jobs
            removals.afterAll { OutputIndex.record(outputs, output: output, digests: digests, jobs: jobs) }
        }
        if !isPreview { chunks?.removeUnused() }
    }

    /// Forgets what the cache recorded of an output folder that is going away (`serve`'s
    /// temporary one), so that its record does not stay in the cache.
    package static func forget(output: URL, paths: SitePaths) {
        guard let outputs = CacheStore.at(paths, kind: "outputs", makesRoot: false) else { return }
        OutputIndex.forget(outputs, output: output.standardizedFileURL.path)
    }
}

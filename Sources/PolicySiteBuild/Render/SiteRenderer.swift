import Foundation
import PolicySiteMarkdown
import PolicySiteModel
import PolicySiteSource
import PolicySiteSupport

/// Renders a checked site through a theme into a sink, in steps:
/// 1. policy titles, where neither `policy.yml` nor the featured version's front matter gives one
///    (from the featured version's first heading);
/// 2. every published version, in chunks of consecutive versions of one policy (`VersionChunk`), in
///    parallel (`ChunkRenderer`): the version's page, its changes page (compared with the version
///    before, which the chunk has just rendered), and the policy's current page; cmark-gfm itself
///    runs one call at a time;
/// 3. the pages and records built from every version: histories, index, feeds, `policies.json`,
///    sitemap (replayed from the cache, as a chunk is, when no policy of the language changed),
///    and the theme's assets.
/// The pages themselves are composed by `SitePages`. Only two versions' texts are in memory per
/// worker, never the whole site.
struct SiteRenderer: Sendable {
    let site: LoadedSite
    let theme: Theme
    let asOf: CalendarDay
    let sink: any PageSink
    let jobs: Int
    /// Whether each piece of raw HTML left out gets a warning, rather than each file one.
    var verbose = false
    /// Chunks rendered by an earlier build, replayed instead of rendered again; nil renders all.
    var cache: ChunkCache?

    /// What rendering made.
    struct Output: Sendable {
        /// The files written.
        var pageCount: Int
        /// Every published version with what rendering found out about it, in each language, the
        /// default first.
        var records: [PublishedVersions]
        /// The default language's.
        var record: PublishedVersions { records[0] }
    }

    /// How a page that could not be written is reported (`SiteBuilder` sums these up).
    static let writeFailure = "cannot write the file: "

    /// Renders every page, adding what it finds to `diagnostics`; nil when it found an error.
    /// Each language is rendered in turn, the default first at the site's root and each other
    /// under its prefix; `policies.json` and the sitemap, which list every language, are written
    /// with the last.
    func render(_ diagnostics: inout Diagnostics) -> Output? {
        // This rendering's own problems: whether it found an error does not depend on what the
        // caller found before.
        var found = Diagnostics()
        defer { diagnostics.add(found) }
        let languages = SiteLanguage.all(site.config, theme: theme, policies: site.policies)
        var records: [PublishedVersions] = []
        var listsKeys: [String] = []
        var pageCount = 0
        for (position, language) in languages.enumerated() {
            var languageFound = Diagnostics()
            let rendered = render(language, isLast: position == languages.count - 1, earlier: records, earlierListsKeys: listsKeys, &languageFound)
            found.add(language.isDefault ? languageFound.all : languageFound.all.filter { Self.concerns($0, language) })
            guard let rendered, !found.hasErrors else { return nil }
            records.append(rendered.record)
            listsKeys.append(rendered.listsKey ?? "")
            pageCount += rendered.pageCount
        }
        guard !records.isEmpty else { return nil }
        var assets = PageWriter(theme: theme, sink: sink)
        for asset in theme.assets {
            assets.write(asset.data, to: asset.path, &found)
        }
        return Output(pageCount: pageCount + assets.pageCount, records: records)
    }

    /// Whether a problem found rendering another language than the default is its own: what
    /// it finds of the originals its pages fall back on, the default language found already.
    private static func concerns(_ problem: Diagnostic, _ language: SiteLanguage) -> Bool {
        !problem.path.hasSuffix(".md") || problem.path.lowercased().hasSuffix(".\(language.code.lowercased()).md")
    }

    /// What one language's rendering made.
    private struct LanguageOutput {
        var pageCount: Int
        var record: PublishedVersions
        /// The key of its lists in the cache; nil without a cache.
        var listsKey: String?
    }

    /// Renders one language's pages; with the last language, `policies.json` and the sitemap of
    /// every language (`earlier` holds the records of those rendered before, and
    /// `earlierListsKeys` the keys of their lists).
    private func render(_ language: SiteLanguage, isLast: Bool, earlier: [PublishedVersions], earlierListsKeys: [String],
                        _ found: inout Diagnostics) -> LanguageOutput? {
        let config = language.config(site.config)
        let timelines = language.view(of: site.policies).map { PolicyTimeline(policy: $0, asOf: asOf) }
        if language.isDefault {
            for timeline in timelines where timeline.featured == nil {
                found.warning(site.paths.display("policies/\(timeline.policy.id)"),
                              "no version is published as of \(asOf); the policy is left off the site")
            }
        }

        let titles = policyTitles(timelines)
        let pages = SitePages(factory: ContextFactory(config: config, asOf: asOf, lock: site.lock, language: language))
        let writer = PageWriter(theme: theme, sink: PrefixedSink.pages(of: language, in: sink))
        let chunks = VersionChunk.chunks(of: timelines, jobs: jobs)
        let outputs = ParallelWork.map(count: chunks.count, jobs: jobs) { index in
            let chunk = chunks[index]
            let renderer = ChunkRenderer(timeline: timelines[chunk.policy], policyTitle: titles[chunk.policy], pages: pages, verbose: verbose)
            if let cache { return cache.render(chunk, renderer, theme: theme, language: language) }
            return renderer.render(chunk, writer: writer)
        }
        var pageCount = 0
        var facts = timelines.map { _ in [Int: VersionFacts]() }
        var comparisons = timelines.map { _ in [Int: [Int: ChangeSummary]]() }
        for (chunk, output) in zip(chunks, outputs) {
            pageCount += output.pageCount
            // An error found by two chunks (a file that changed during the build, which each chunk
            // that read it reports) is one error.
            found.add(output.diagnostics.all.filter { !($0.isError && found.all.contains($0)) })
            facts[chunk.policy].merge(output.facts) { first, _ in first }
            for (target, summaries) in output.comparisons {
                comparisons[chunk.policy][target, default: [:]].merge(summaries) { first, _ in first }
            }
        }
        guard !found.hasErrors else { return nil }

        let record = PublishedVersions(config: config, asOf: asOf, timelines: timelines, titles: titles, facts: facts, lock: site.lock,
                                       language: language, comparisons: comparisons)
        let everyLanguage = isLast ? earlier + [record] : nil
        let listsKey = cache?.listsKey(timelines, titles: titles, lock: site.lock, language: language, earlier: isLast ? earlierListsKeys : nil)
        let lists = writeLists(record, everyLanguage: everyLanguage, pages: pages, language: language, listsKey: listsKey)
        pageCount += lists.pageCount
        found.add(lists.diagnostics)
        return LanguageOutput(pageCount: pageCount, record: record, listsKey: listsKey)
    }

    /// Each policy's title: `policy.yml`, else its featured version's title, else its featured
    /// version's first heading.
    private func policyTitles(_ timelines: [PolicyTimeline]) -> [String] {
        let needHeading = timelines.indices.filter { policy in
            timelines[policy].policy.title == nil && timelines[policy].featured.map { $0.title == nil } == true
        }
        let headings = ParallelWork.map(count: needHeading.count, jobs: jobs) { index -> String? in
            // A version that cannot be read is reported when its chunk renders it.
            var elsewhere = Diagnostics()
            guard let featured = timelines[needHeading[index]].featured, let body = VersionBody.read(featured, &elsewhere) else { return nil }
            // A text that cannot be rendered is reported where its version is.
            do { return try MarkdownRenderer.render(body, path: featured.path).firstTitle } catch { return nil }
        }
        var titles = timelines.map { $0.policy.title ?? $0.featured?.title ?? $0.policy.id }
        for (policy, heading) in zip(needHeading, headings) {
            titles[policy] = heading ?? timelines[policy].policy.id
        }
        return titles
    }

    /// The histories and policy feeds, and the site-wide pages and records; the pages written,
    /// and what was found. They are made from the record alone: with a cache, each policy's
    /// history and feed are replayed when that policy did not change, and the site-wide pages when
    /// no policy of the language changed (`listsKey`), as a chunk is.
    private func writeLists(_ record: PublishedVersions, everyLanguage: [PublishedVersions]?, pages: SitePages, language: SiteLanguage,
                            listsKey: String?) -> ChunkRenderer.Output {
        let listed = record.listed
        /// Writes into `root` (the site's root: the language's pages go under its prefix).
        @Sendable func written(_ root: any PageSink, _ write: (inout PageWriter, inout Diagnostics) -> Void) -> ChunkRenderer.Output {
            var writer = PageWriter(theme: theme, sink: PrefixedSink.pages(of: language, in: root))
            var found = Diagnostics()
            write(&writer, &found)
            return ChunkRenderer.Output(pageCount: writer.pageCount, diagnostics: found)
        }
        // The site-wide pages and records go first, as one piece of work: policies.json is the longest
        // single piece, and the other workers write the histories meanwhile. Histories added up first
        // and the site-wide piece last: a fixed order, whichever piece finishes first.
        let pieces = ParallelWork.map(count: listed.count + 1, jobs: jobs) { index -> ChunkRenderer.Output in
            if index == 0 {
                let write = { (root: any PageSink) in
                    written(root) { writer, found in writeSiteWide(record, everyLanguage: everyLanguage, pages: pages, root: root, &writer, &found) }
                }
                guard let cache, let listsKey else { return write(sink) }
                return cache.lists(key: listsKey, write: write)
            }
            let policy = listed[index - 1]
            let write = { (root: any PageSink) in
                written(root) { writer, found in
                    pages.writeHistory(record, policy, &writer, &found)
                    writer.write(AtomFeed.policy(record, policy), to: AtomFeed.path(policy: record.timelines[policy].policy.id), &found)
                }
            }
            guard let cache else { return write(sink) }
            let key = cache.historyKey(record.timelines[policy], title: record.titles[policy], lock: site.lock, language: language)
            return cache.history(key: key, write: write)
        }
        var output = ChunkRenderer.Output()
        for piece in pieces.dropFirst() + pieces.prefix(1) {
            output.pageCount += piece.pageCount
            output.diagnostics.add(piece.diagnostics)
        }
        return output
    }

    /// The index and 404 pages and the site's feed; with the last language, `policies.json` and
    /// the sitemap of every language, written at the site's root.
    private func writeSiteWide(_ record: PublishedVersions, everyLanguage: [PublishedVersions]?, pages: SitePages, root: any PageSink,
                               _ writer: inout PageWriter, _ diagnostics: inout Diagnostics) {
        pages.writeIndexAndNotFound(record, &writer, &diagnostics)
        writer.write(AtomFeed.site(record), to: AtomFeed.sitePath, &diagnostics)
        guard let everyLanguage, let main = everyLanguage.first else { return }
        var rootWriter = PageWriter(theme: theme, sink: root)
        do {
            rootWriter.write(try PoliciesJSON.encode(main, translations: Array(everyLanguage.dropFirst()), jobs: jobs), to: "policies.json", &diagnostics)
        } catch {
            diagnostics.error("policies.json", "cannot encode the record: \(error)")
        }
        rootWriter.write(Sitemap.xml(main, languages: everyLanguage), to: "sitemap.xml", &diagnostics)
        writer.count(rootWriter.pageCount)
    }
}

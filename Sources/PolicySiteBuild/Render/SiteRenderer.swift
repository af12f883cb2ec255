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
///    sitemap, and the theme's assets.
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

    /// What rendering made.
    struct Output: Sendable {
        /// The files written.
        var pageCount: Int
        /// Every published version with what rendering found out about it.
        var record: PublishedVersions
    }

    /// How a page that could not be written is reported (`SiteBuilder` sums these up).
    static let writeFailure = "cannot write the file: "

    /// Renders every page, adding what it finds to `diagnostics`; nil when it found an error.
    func render(_ diagnostics: inout Diagnostics) -> Output? {
        // This rendering's own problems: whether it found an error does not depend on what the
        // caller found before.
        var found = Diagnostics()
        defer { diagnostics.add(found) }
        let timelines = site.policies.map { PolicyTimeline(policy: $0, asOf: asOf) }
        for timeline in timelines where timeline.featured == nil {
            found.warning(site.paths.display("policies/\(timeline.policy.id)"),
                          "no version is published as of \(asOf); the policy is left off the site")
        }

        let titles = policyTitles(timelines)
        let pages = SitePages(factory: ContextFactory(config: site.config, asOf: asOf, lock: site.lock))
        let writer = PageWriter(theme: theme, sink: sink)
        let chunks = VersionChunk.chunks(of: timelines, jobs: jobs)
        let outputs = ParallelWork.map(count: chunks.count, jobs: jobs) { index in
            let chunk = chunks[index]
            return ChunkRenderer(timeline: timelines[chunk.policy], policyTitle: titles[chunk.policy], pages: pages, verbose: verbose)
                .render(chunk, writer: writer)
        }
        var pageCount = 0
        var facts = timelines.map { _ in [Int: VersionFacts]() }
        var comparisons = timelines.map { _ in [Int: [Int: ChangeSummary]]() }
        for (chunk, output) in zip(chunks, outputs) {
            pageCount += output.pageCount
            found.add(output.diagnostics)
            facts[chunk.policy].merge(output.facts) { first, _ in first }
            for (target, summaries) in output.comparisons {
                comparisons[chunk.policy][target, default: [:]].merge(summaries) { first, _ in first }
            }
        }
        guard !found.hasErrors else { return nil }

        let record = PublishedVersions(config: site.config, asOf: asOf, timelines: timelines, titles: titles, facts: facts, lock: site.lock, comparisons: comparisons)
        pageCount += writeLists(record, pages: pages, writer: writer, &found)
        var assets = writer
        for asset in theme.assets {
            assets.write(asset.data, to: asset.path, &found)
        }
        return Output(pageCount: pageCount + assets.pageCount, record: record)
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

    /// What one piece of the lists wrote and found.
    private struct Piece: Sendable {
        var pageCount: Int
        var diagnostics: Diagnostics
    }

    /// The histories and policy feeds, and the site-wide pages and records; the pages written.
    private func writeLists(_ record: PublishedVersions, pages: SitePages, writer: PageWriter, _ diagnostics: inout Diagnostics) -> Int {
        let listed = record.listed
        // The site-wide pages and records go first, as one piece of work: policies.json is the longest
        // single piece, and the other workers write the histories meanwhile. Histories added up first
        // and the site-wide piece last: a fixed order, whichever piece finishes first.
        let pieces = ParallelWork.map(count: listed.count + 1, jobs: jobs) { index -> Piece in
            var writer = writer
            var found = Diagnostics()
            if index == 0 {
                writeSiteWide(record, pages: pages, &writer, &found)
            } else {
                let policy = listed[index - 1]
                pages.writeHistory(record, policy, &writer, &found)
                writer.write(AtomFeed.policy(record, policy), to: AtomFeed.path(policy: record.timelines[policy].policy.id), &found)
            }
            return Piece(pageCount: writer.pageCount, diagnostics: found)
        }
        var pageCount = 0
        for piece in pieces.dropFirst() + pieces.prefix(1) {
            pageCount += piece.pageCount
            diagnostics.add(piece.diagnostics)
        }
        return pageCount
    }

    /// The index and 404 pages, the site's feed, `policies.json` and the sitemap.
    private func writeSiteWide(_ record: PublishedVersions, pages: SitePages, _ writer: inout PageWriter, _ diagnostics: inout Diagnostics) {
        pages.writeIndexAndNotFound(record, &writer, &diagnostics)
        writer.write(AtomFeed.site(record), to: AtomFeed.sitePath, &diagnostics)
        do {
            writer.write(try PoliciesJSON.encode(record), to: "policies.json", &diagnostics)
        } catch {
            diagnostics.error("policies.json", "cannot encode the record: \(error)")
        }
        writer.write(Sitemap.xml(record), to: "sitemap.xml", &diagnostics)
    }
}

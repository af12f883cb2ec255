import Foundation

/// Renders a checked site through a theme into a sink, in steps:
/// 1. policy titles, where neither `policy.yml` nor the featured version's front matter gives one
///    (from the featured version's first heading);
/// 2. every published version, in chunks of consecutive versions of one policy (a whole policy when
///    there are enough policies to keep every worker busy), in parallel: the
///    version's page, its changes page (compared with the version before, which the chunk has
///    just rendered), and the policy's current page; cmark-gfm itself runs one call at a time;
/// 3. the pages and records built from every version: histories, index, feeds, `policies.json`,
///    sitemap, and the theme's assets.
/// Only two versions' texts are in memory per worker, never the whole site.
struct SiteRenderer: Sendable {
    let site: SiteSource
    let theme: Theme
    let asOf: CalendarDay
    let sink: any PageSink
    let jobs: Int

    /// Versions rendered by one worker in a row when there are few policies; the first of a chunk
    /// renders its predecessor's text again to compare with, so longer chunks repeat less work and
    /// shorter ones spread better.
    static let chunkLength = 16

    /// Policies per worker from which each chunk is a whole policy: enough policies to keep every
    /// worker busy, so no version is rendered twice.
    static let policiesPerJobForWholeChunks = 4

    /// The longest chunk for `policyCount` policies: a whole policy when there are at least
    /// `policiesPerJobForWholeChunks` per worker, else `chunkLength`.
    static func chunkLength(policyCount: Int, jobs: Int) -> Int {
        policyCount >= policiesPerJobForWholeChunks * max(jobs, 1) ? Int.max : chunkLength
    }

    /// What rendering wrote and found.
    struct Tally: Sendable {
        var pageCount = 0
        var diagnostics: [Diagnostic] = []

        mutating func add(_ other: Tally) {
            pageCount += other.pageCount
            diagnostics += other.diagnostics
        }
    }

    /// Consecutive published versions of one policy, by index in its timeline.
    private struct Chunk: Sendable {
        var policy: Int
        var versions: [Int]
    }

    private struct ChunkResult: Sendable {
        var tally = Tally()
        var facts: [Int: VersionFacts] = [:]
    }

    /// Renders every page; returns what was written and found, and the record of every published
    /// version (nil when rendering found an error).
    func render() -> (Tally, SiteRecord?) {
        let timelines = site.policies.map { PolicyTimeline(policy: $0, asOf: asOf) }
        var tally = Tally()
        for timeline in timelines where timeline.featured == nil {
            tally.diagnostics.append(.warning(site.paths.display("policies/\(timeline.policy.id)"),
                                              "no version is published as of \(asOf); the policy is left off the site"))
        }

        let titles = policyTitles(timelines)
        let length = Self.chunkLength(policyCount: timelines.filter { !$0.publishedIndices.isEmpty }.count, jobs: jobs)
        let chunks = timelines.indices.flatMap { policy in
            let published = timelines[policy].publishedIndices
            return stride(from: 0, to: published.count, by: length).map {
                Chunk(policy: policy, versions: Array(published[$0..<($0 + min(length, published.count - $0))]))
            }
        }
        let results = ParallelWork.map(count: chunks.count, jobs: jobs) { index in
            renderChunk(chunks[index], timeline: timelines[chunks[index].policy], policyTitle: titles[chunks[index].policy])
        }
        var facts = timelines.map { _ in [Int: VersionFacts]() }
        for (chunk, result) in zip(chunks, results) {
            tally.add(result.tally)
            facts[chunk.policy].merge(result.facts) { first, _ in first }
        }
        guard !tally.diagnostics.contains(where: \.isError) else { return (tally, nil) }

        let record = SiteRecord(config: site.config, asOf: asOf, timelines: timelines, titles: titles, facts: facts, lock: site.lock)
        tally.add(writeLists(record))
        for asset in theme.assets {
            tally.add(write(asset.data, to: asset.path))
        }
        return (tally, record)
    }

    // MARK: Titles

    /// Each policy's title: `policy.yml`, else its featured version's title.
    private func policyTitles(_ timelines: [PolicyTimeline]) -> [String] {
        let needHeading = timelines.indices.filter { policy in
            timelines[policy].policy.title == nil && timelines[policy].featured.map { $0.title == nil } == true
        }
        let headings = ParallelWork.map(count: needHeading.count, jobs: jobs) { index -> String? in
            guard let featured = timelines[needHeading[index]].featured, case .success(let body) = VersionBody.read(featured) else { return nil }
            // A text that cannot be rendered is reported where its version is.
            do { return try MarkdownRenderer.render(body, path: featured.path).firstTitle } catch { return nil }
        }
        var titles = timelines.map { $0.policy.title ?? $0.featured?.title ?? $0.policy.id }
        for (policy, heading) in zip(needHeading, headings) {
            titles[policy] = heading ?? timelines[policy].policy.id
        }
        return titles
    }

    // MARK: Versions

    /// Renders a chunk's versions in order. Each goes through cmark-gfm, then is compared with the
    /// one before and written. The comparing and writing of a version waits until the next one
    /// has been read: if another worker is in cmark-gfm at that moment, this one does the waiting
    /// work first instead of sleeping on the lock, so that a core does not sit idle while another
    /// renders Markdown (BENCHMARKS.md has what the waiting cost). Versions are still finished one
    /// after another in order, so the report does not depend on timing.
    private func renderChunk(_ chunk: Chunk, timeline: PolicyTimeline, policyTitle: String) -> ChunkResult {
        var result = ChunkResult()
        guard let first = chunk.versions.first else { return result }
        var previous: RedlineDocument?
        if let before = timeline.publishedPredecessor(of: first),
           case .success(let body) = VersionBody.read(timeline.policy.versions[before]) {
            // A text that cannot be rendered is reported where its version is.
            do {
                previous = RedlineDocument(html: try MarkdownRenderer.render(body, path: timeline.policy.versions[before].path).html)
            } catch {
                previous = nil
            }
        }
        let shared = SharedContexts(factory, timeline, title: policyTitle, segment: timeline.policy.versions[first].segment)
        var pending: RenderedVersion?
        func finishPending() {
            guard let version = pending else { return }
            pending = nil
            let (facts, tally) = finish(version, timeline: timeline, policyTitle: policyTitle, shared: shared)
            result.facts[version.index] = facts
            result.tally.add(tally)
        }
        for index in chunk.versions {
            let markdown: String
            switch VersionBody.read(timeline.policy.versions[index]) {
            case .success(let body): markdown = body
            case .failure(let problem):
                finishPending()
                result.tally.diagnostics.append(problem)
                previous = nil
                continue
            }
            let rendered: RenderedMarkdown
            do throws(Diagnostics) {
                let path = timeline.policy.versions[index].path
                if pending != nil, let now = try MarkdownRenderer.renderIfIdle(markdown, path: path) {
                    rendered = now
                } else {
                    finishPending()
                    rendered = try MarkdownRenderer.render(markdown, path: path)
                }
            } catch {
                finishPending()
                result.tally.diagnostics += error.all
                previous = nil
                continue
            }
            finishPending()
            let document = RedlineDocument(html: rendered.html)
            pending = RenderedVersion(index: index, rendered: rendered, document: document, previous: previous)
            previous = document
        }
        finishPending()
        return result
    }

    /// A version through cmark-gfm, not yet compared or written.
    private struct RenderedVersion {
        let index: Int
        let rendered: RenderedMarkdown
        let document: RedlineDocument
        /// The version before, rendered; nil for the first published version.
        let previous: RedlineDocument?
    }

    /// Compares a rendered version with the one before and writes its pages.
    private func finish(_ rendered: RenderedVersion, timeline: PolicyTimeline, policyTitle: String, shared: SharedContexts) -> (VersionFacts?, Tally) {
        let version = timeline.policy.versions[rendered.index]
        var tally = Tally()
        for line in rendered.rendered.rawHTMLLines.prefix(5) {
            tally.diagnostics.append(.warning(version.path, line: version.bodyFirstLine + line - 1, "raw HTML is not rendered; write it as Markdown"))
        }
        if rendered.rendered.removedControlCharacters > 0 {
            tally.diagnostics.append(.warning(version.path, line: version.bodyFirstLine,
                                              "the text writes a control character as a character reference (such as '&#12;'); it cannot stand in a web page or a feed, so it is removed"))
        }
        guard let title = version.title ?? timeline.policy.title ?? rendered.rendered.firstTitle else {
            tally.diagnostics.append(.error(version.path, line: version.bodyFirstLine,
                                            "the version has no title: give 'title' in the front matter or in policy.yml, or open the text with a '# ' heading"))
            return (nil, tally)
        }
        let redline = rendered.previous.map { Redline.compare(old: $0, new: rendered.document) }
        let facts = VersionFacts(title: title, bodySHA256: version.bodySHA256, changes: redline?.summary)
        tally.add(writeVersionPages(timeline, rendered.index, title: title, policyTitle: policyTitle, shared: shared,
                                    rendered: rendered.rendered, redline: redline))
        return (facts, tally)
    }

    /// The site and policy contexts that every version page of a policy shares, and every changes
    /// page: their links depend only on a page's depth, which is the same for all of them. Made
    /// once per chunk instead of twice per version.
    private struct SharedContexts {
        let versionPage: (site: SiteContext, policy: PolicyContext)
        let changesPage: (site: SiteContext, policy: PolicyContext)

        /// `segment`: any version's, to place pages at the right depth.
        init(_ factory: ContextFactory, _ timeline: PolicyTimeline, title: String, segment: String) {
            let versionPage = SitePath.version(timeline.policy.id, segment)
            let changesPage = SitePath.changes(timeline.policy.id, segment)
            self.versionPage = (factory.site(on: versionPage), factory.policy(timeline, title: title, on: versionPage))
            self.changesPage = (factory.site(on: changesPage), factory.policy(timeline, title: title, on: changesPage))
        }
    }

    private var factory: ContextFactory { ContextFactory(config: site.config, asOf: asOf, lock: site.lock) }

    /// A version's own page, its changes page, and (for the featured version) the policy's page.
    private func writeVersionPages(_ timeline: PolicyTimeline, _ index: Int, title: String, policyTitle: String, shared: SharedContexts,
                                   rendered: RenderedMarkdown, redline: Redline?) -> Tally {
        let factory = self.factory
        let version = timeline.policy.versions[index]
        let status = timeline.statuses[index]
        let id = timeline.policy.id
        let isFeatured = index == timeline.featuredIndex
        let (titleHTML, bodyHTML) = rendered.splitTitle(fallbackTitle: title)
        let successor = status == .superseded ? timeline.publishedSuccessor(of: index) : nil
        var tally = Tally()

        let page = SitePath.version(id, version.segment)
        tally.add(write(VersionPageContext(
            site: shared.versionPage.site,
            page: factory.page("\(title), version \(version.label)", at: page, description: version.summary),
            policy: shared.versionPage.policy,
            version: factory.version(timeline, index, on: page),
            titleHTML: titleHTML,
            body: bodyHTML,
            successor: successor.map { factory.version(timeline, $0, on: page) },
            featured: isFeatured || successor == timeline.featuredIndex ? nil : timeline.featuredIndex.map { factory.version(timeline, $0, on: page) }
        ), template: "version", at: page))

        if let redline, let previous = timeline.publishedPredecessor(of: index) {
            let changesPage = SitePath.changes(id, version.segment)
            tally.add(write(ChangesPageContext(
                site: shared.changesPage.site,
                page: factory.page("\(title): what changed in version \(version.label)", at: changesPage, description: version.summary),
                policy: shared.changesPage.policy,
                version: factory.version(timeline, index, on: changesPage),
                previous: factory.version(timeline, previous, on: changesPage),
                changes: factory.changes(redline.summary),
                redline: redline.html
            ), template: "changes", at: changesPage))
        }

        if isFeatured {
            let policyPage = SitePath.policy(id)
            let upcoming = timeline.upcomingIndex == index ? nil : timeline.upcomingIndex
            tally.add(write(PolicyPageContext(
                site: factory.site(on: policyPage),
                page: factory.page(policyTitle, at: policyPage, description: timeline.policy.description),
                policy: factory.policy(timeline, title: policyTitle, on: policyPage),
                version: factory.version(timeline, index, on: policyPage),
                titleHTML: titleHTML,
                body: bodyHTML,
                upcoming: upcoming.map { factory.version(timeline, $0, on: policyPage) }
            ), template: "policy", at: policyPage))
        }
        return tally
    }

    // MARK: Lists and records

    private func writeLists(_ record: SiteRecord) -> Tally {
        let factory = self.factory
        let listed = record.listed
        var tally = Tally()
        // The site-wide pages and records go first, as one piece of work: policies.json is the longest
        // single piece, and the other workers write the histories meanwhile. Tallied histories first and
        // the site-wide piece last: a fixed order, whichever piece finishes first.
        let pieces = ParallelWork.map(count: listed.count + 1, jobs: jobs) { index -> Tally in
            if index == 0 { return writeSiteWide(record, factory: factory) }
            let policy = listed[index - 1]
            let timeline = record.timelines[policy]
            let page = SitePath.history(timeline.policy.id)
            var tally = write(HistoryPageContext(
                site: factory.site(on: page),
                page: factory.page("\(record.titles[policy]): version history", at: page),
                policy: factory.policy(timeline, title: record.titles[policy], on: page),
                versions: timeline.publishedIndices.reversed().map { factory.version(timeline, $0, on: page) }
            ), template: "history", at: page)
            tally.add(write(AtomFeed.policy(record, policy), to: "\(timeline.policy.id)/feed.xml"))
            return tally
        }
        pieces.dropFirst().forEach { tally.add($0) }
        tally.add(pieces[0])
        return tally
    }

    /// The index page, the site's feed, `policies.json` and the sitemap.
    private func writeSiteWide(_ record: SiteRecord, factory: ContextFactory) -> Tally {
        var tally = Tally()
        tally.add(write(IndexPageContext(
            site: factory.site(on: .index),
            page: factory.page(site.config.title, at: .index),
            policies: record.listed.map { factory.policy(record.timelines[$0], title: record.titles[$0], on: .index) },
            hasPolicies: !record.listed.isEmpty
        ), template: "index", at: .index))
        let notFound = SitePath.notFound(rootPath: URLComponents(string: site.config.baseURL)?.path ?? "/")
        tally.add(write(IndexPageContext(
            site: factory.site(on: notFound),
            page: factory.page("Page not found", at: notFound),
            policies: record.listed.map { factory.policy(record.timelines[$0], title: record.titles[$0], on: notFound) },
            hasPolicies: !record.listed.isEmpty
        ), template: "404", at: notFound))
        tally.add(write(AtomFeed.site(record), to: "feed.xml"))
        do {
            tally.add(write(try PoliciesJSON.encode(record), to: "policies.json"))
        } catch {
            tally.diagnostics.append(.error("policies.json", "cannot encode the record: \(error)"))
        }
        tally.add(write(Sitemap.xml(record), to: "sitemap.xml"))
        return tally
    }

    // MARK: Writing

    private func write(_ context: Any, template: String, at page: SitePath) -> Tally {
        write(theme.render(template, context), to: page.file)
    }

    private func write(_ text: String, to path: String) -> Tally {
        write(to: path) { try sink.write(text, to: path) }
    }

    private func write(_ bytes: Data, to path: String) -> Tally {
        write(to: path) { try sink.write(bytes, to: path) }
    }

    /// How a page that could not be written is reported (`SiteBuilder` sums these up).
    static let writeFailure = "cannot write the file: "

    private func write(to path: String, _ writing: () throws -> Void) -> Tally {
        do {
            try writing()
            return Tally(pageCount: 1)
        } catch {
            return Tally(diagnostics: [.error(path, Self.writeFailure + FileOperationError.describe(error))])
        }
    }
}

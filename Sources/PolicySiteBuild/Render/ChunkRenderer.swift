import PolicySiteDiff
import PolicySiteMarkdown
import PolicySiteModel
import PolicySiteSource
import PolicySiteSupport

/// Renders the versions of one chunk in order, on one worker, and writes their pages. Each goes
/// through cmark-gfm, then is compared with the one before and written. The comparing and writing
/// of a version waits until the next one has been read: if another worker is in cmark-gfm at that
/// moment, this one does the waiting work first instead of sleeping on the lock, so that a core
/// does not sit idle while another renders Markdown (BENCHMARKS.md has what the waiting cost).
/// Versions are still finished one after another in order, so the report does not depend on
/// timing. Only two versions' texts are in memory at a time.
struct ChunkRenderer: Sendable {
    let timeline: PolicyTimeline
    let policyTitle: String
    let pages: SitePages
    /// Whether each piece of raw HTML left out gets a warning of its own (`--verbose`).
    let verbose: Bool

    /// What a chunk wrote and found.
    struct Output: Sendable {
        var pageCount = 0
        /// The facts of each version rendered, by index in the timeline.
        var facts: [Int: VersionFacts] = [:]
        /// What changed to each comparison target (by index) from each earlier version it was
        /// compared with here (by index): the notices of users who start from one need it.
        var comparisons: [Int: [Int: ChangeSummary]] = [:]
        var diagnostics = Diagnostics()
    }

    /// A version through cmark-gfm, not yet compared or written.
    private struct RenderedVersion {
        let index: Int
        let rendered: RenderedMarkdown
        let document: RedlineDocument
        /// The version before, rendered; nil for the first published version.
        let previous: RedlineDocument?
    }

    /// A version that gets a changes page from each earlier one (the current or the upcoming
    /// one), rendered when the chunk starts, so that each version of the chunk can be compared
    /// with it while its own text is at hand.
    private struct ComparisonTarget {
        let index: Int
        let title: String
        let rendered: RenderedMarkdown
        let document: RedlineDocument
    }

    /// The comparison targets that a version of `chunk` is earlier than. One that cannot be read,
    /// rendered or titled is left out here and reported by the chunk that renders it (except a
    /// file changed during the build: `VersionBody.readForAnother`).
    private func comparisonTargets(for chunk: VersionChunk, _ diagnostics: inout Diagnostics) -> [ComparisonTarget] {
        timeline.comparisonTargets.compactMap { target -> ComparisonTarget? in
            guard chunk.versions.contains(where: { $0 < target }) else { return nil }
            let version = timeline.policy.versions[target]
            guard let body = VersionBody.readForAnother(version, &diagnostics) else { return nil }
            let rendered: RenderedMarkdown
            do {
                rendered = try MarkdownRenderer.render(body, path: version.path)
            } catch {
                return nil
            }
            guard let title = version.title ?? timeline.policy.title ?? rendered.firstTitle else { return nil }
            return ComparisonTarget(index: target, title: title, rendered: rendered, document: RedlineDocument(html: rendered.html, comparedOften: true))
        }
    }

    func render(_ chunk: VersionChunk, writer: PageWriter) -> Output {
        var output = Output()
        var writer = writer
        guard let first = chunk.versions.first else { return output }
        var previous: RedlineDocument?
        if let before = timeline.publishedPredecessor(of: first) {
            // A predecessor that cannot be read or rendered is reported by the chunk that renders it.
            if let body = VersionBody.readForAnother(timeline.policy.versions[before], &output.diagnostics) {
                do {
                    previous = RedlineDocument(html: try MarkdownRenderer.render(body, path: timeline.policy.versions[before].path).html)
                } catch {
                    previous = nil
                }
            }
        }
        let shared = pages.shared(timeline, title: policyTitle, segment: timeline.policy.versions[first].segment)
        let targets = comparisonTargets(for: chunk, &output.diagnostics)
        // Each target's changed blocks, diffed once across its comparisons with the chunk's versions.
        var memos = targets.map { _ in ComparisonMemo() }
        var pending: RenderedVersion?
        func finishPending() {
            guard let version = pending else { return }
            pending = nil
            // Its own collection first: `output` is captured, so two of its fields cannot both be inout at once.
            var comparisons: [Int: [Int: ChangeSummary]] = [:]
            let facts = finish(version, shared: shared, targets: targets, memos: &memos, &writer, &comparisons, &output.diagnostics)
            output.comparisons.merge(comparisons) { earlier, added in earlier.merging(added) { first, _ in first } }
            output.facts[version.index] = facts
        }
        for index in chunk.versions {
            if let target = targets.first(where: { $0.index == index }) {
                // Rendered already, when the chunk started.
                finishPending()
                pending = RenderedVersion(index: index, rendered: target.rendered, document: target.document, previous: previous)
                previous = target.document
                continue
            }
            var unreadable = Diagnostics()
            guard let markdown = VersionBody.read(timeline.policy.versions[index], &unreadable) else {
                finishPending()
                output.diagnostics.add(unreadable)
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
                output.diagnostics.add(error)
                previous = nil
                continue
            }
            finishPending()
            let document = RedlineDocument(html: rendered.html)
            pending = RenderedVersion(index: index, rendered: rendered, document: document, previous: previous)
            previous = document
        }
        finishPending()
        output.pageCount = writer.pageCount
        return output
    }

    /// Compares a rendered version with the one before and writes its pages; its facts, or nil
    /// when it has no title.
    private func finish(_ rendered: RenderedVersion, shared: SitePages.SharedContexts, targets: [ComparisonTarget],
                        memos: inout [ComparisonMemo], _ writer: inout PageWriter, _ comparisons: inout [Int: [Int: ChangeSummary]], _ diagnostics: inout Diagnostics) -> VersionFacts? {
        let version = timeline.policy.versions[rendered.index]
        RawHTMLWarnings.add(rendered.rendered.omittedHTMLLines, of: version, verbose: verbose, &diagnostics)
        if rendered.rendered.removedControlCharacters > 0 {
            diagnostics.warning(version.path, line: version.bodyFirstLine,
                                "the text writes a control character as a character reference (such as '&#12;'); it cannot stand in a web page or a feed, so it is removed")
        }
        guard let title = version.title ?? timeline.policy.title ?? rendered.rendered.firstTitle else {
            diagnostics.error(version.path, line: version.bodyFirstLine,
                              "the version has no title: give 'title' in the front matter or in policy.yml, or open the text with a '# ' heading")
            return nil
        }
        let redline = rendered.previous.map { Redline.compare(old: $0, new: rendered.document) }
        pages.writeVersionPages(timeline, rendered.index, title: title, policyTitle: policyTitle, shared: shared,
                                rendered: rendered.rendered, redline: redline, &writer, &diagnostics)
        for (number, target) in targets.enumerated() where rendered.index < target.index {
            let comparison = Redline.compare(old: rendered.document, new: target.document, memo: &memos[number])
            comparisons[target.index, default: [:]][rendered.index] = comparison.summary
            pages.writeComparisonPage(timeline, target: target.index, from: rendered.index, title: target.title, shared: shared,
                                      redline: comparison, &writer, &diagnostics)
        }
        return VersionFacts(title: title, bodySHA256: version.bodySHA256, changes: redline?.summary)
    }
}

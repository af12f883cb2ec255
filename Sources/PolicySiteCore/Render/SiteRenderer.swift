import Foundation

/// Renders a checked site through a theme into a sink, in steps:
/// 1. each policy's featured version (current, else first upcoming), which settles the policy's
///    title where `policy.yml` gives none;
/// 2. every other published version, in parallel; cmark-gfm itself runs one call at a time;
/// 3. the history pages, the index and the theme's assets.
/// Only one version's text is in memory per worker, never the whole site.
struct SiteRenderer: Sendable {
    let site: SiteSource
    let theme: Theme
    let asOf: CalendarDay
    let sink: any PageSink
    let jobs: Int

    /// What rendering wrote and found: pages written, problems, and a version's resolved title.
    struct Tally: Sendable {
        var pageCount = 0
        var diagnostics: [Diagnostic] = []
        var title: String?

        mutating func add(_ other: Tally) {
            pageCount += other.pageCount
            diagnostics += other.diagnostics
        }
    }

    /// One published version to render.
    private struct VersionJob: Sendable {
        var policy: Int
        var version: Int
    }

    func render() -> Tally {
        let timelines = site.policies.map { PolicyTimeline(policy: $0, asOf: asOf) }
        var outcome = Tally()
        for timeline in timelines where timeline.featured == nil {
            outcome.diagnostics.append(.warning(site.paths.display("policies/\(timeline.policy.id)"),
                                                "no version is published as of \(asOf); the policy is left off the site"))
        }

        let featuredJobs = timelines.indices.compactMap { policy in
            timelines[policy].featuredIndex.map { VersionJob(policy: policy, version: $0) }
        }
        let featuredResults = ParallelWork.map(count: featuredJobs.count, jobs: jobs) { index in
            renderVersion(featuredJobs[index], timelines: timelines, policyTitle: nil)
        }
        var titles = timelines.map { $0.policy.title ?? $0.policy.id }
        for (job, result) in zip(featuredJobs, featuredResults) {
            titles[job.policy] = timelines[job.policy].policy.title ?? result.title ?? titles[job.policy]
            outcome.add(result)
        }

        let otherJobs = timelines.indices.flatMap { policy in
            timelines[policy].policy.versions.indices.filter { index in
                timelines[policy].statuses[index].isPublished && index != timelines[policy].featuredIndex
            }.map { VersionJob(policy: policy, version: $0) }
        }
        let otherResults = ParallelWork.map(count: otherJobs.count, jobs: jobs) { [titles] index in
            renderVersion(otherJobs[index], timelines: timelines, policyTitle: titles[otherJobs[index].policy])
        }
        otherResults.forEach { outcome.add($0) }

        let listed = timelines.indices.filter { timelines[$0].featured != nil }
        for policy in listed {
            outcome.add(write(historyPage(timelines[policy], title: titles[policy]), template: "history", at: .history(timelines[policy].policy.id)))
        }
        outcome.add(write(indexPage(listed.map { (timelines[$0], titles[$0]) }), template: "index", at: .index))
        for asset in theme.assets {
            outcome.add(write(asset.data, to: asset.path))
        }
        return outcome
    }

    // MARK: Versions

    private func renderVersion(_ job: VersionJob, timelines: [PolicyTimeline], policyTitle: String?) -> Tally {
        let timeline = timelines[job.policy]
        let version = timeline.policy.versions[job.version]
        let status = timeline.statuses[job.version]
        var result = Tally()
        let markdown: String
        switch VersionBody.read(version) {
        case .success(let body): markdown = body
        case .failure(let problem):
            result.diagnostics.append(problem)
            return result
        }
        let rendered = MarkdownRenderer.render(markdown)
        for line in rendered.rawHTMLLines.prefix(5) {
            result.diagnostics.append(.warning(version.path, line: version.bodyFirstLine + line - 1, "raw HTML is not rendered; write it as Markdown"))
        }
        guard let title = version.title ?? timeline.policy.title ?? rendered.firstTitle else {
            result.diagnostics.append(.error(version.path, line: version.bodyFirstLine,
                                             "the version has no title: give 'title' in the front matter or in policy.yml, or open the text with a '# ' heading"))
            return result
        }
        result.title = title
        let policyTitle = policyTitle ?? title
        let factory = ContextFactory(config: site.config, asOf: asOf)
        let id = timeline.policy.id

        let page = SitePath.version(id, version.segment)
        let isFeatured = job.version == timeline.featuredIndex
        let (titleHTML, bodyHTML) = rendered.splitTitle(fallbackTitle: title)
        let successor = status == .superseded ? timeline.publishedSuccessor(of: job.version) : nil
        func versionContext(_ index: Int, on page: SitePath) -> VersionContext {
            factory.version(timeline.policy.versions[index], timeline.statuses[index], policy: id, on: page)
        }
        let context = VersionPageContext(
            site: factory.site(on: page),
            page: factory.page("\(title), version \(version.label)", at: page, description: version.summary),
            policy: factory.policy(timeline, title: policyTitle, on: page),
            version: versionContext(job.version, on: page),
            titleHTML: titleHTML,
            body: bodyHTML,
            successor: successor.map { versionContext($0, on: page) },
            featured: isFeatured || successor == timeline.featuredIndex ? nil : timeline.featuredIndex.map { versionContext($0, on: page) }
        )
        result.add(write(context, template: "version", at: page))

        if isFeatured {
            let policyPage = SitePath.policy(id)
            let upcoming = timeline.statuses.indices.first { timeline.statuses[$0] == .upcoming && $0 != job.version }
            let context = PolicyPageContext(
                site: factory.site(on: policyPage),
                page: factory.page(policyTitle, at: policyPage, description: timeline.policy.description),
                policy: factory.policy(timeline, title: policyTitle, on: policyPage),
                version: versionContext(job.version, on: policyPage),
                titleHTML: titleHTML,
                body: bodyHTML,
                upcoming: upcoming.map { versionContext($0, on: policyPage) }
            )
            result.add(write(context, template: "policy", at: policyPage))
        }
        return result
    }

    // MARK: Lists

    private func historyPage(_ timeline: PolicyTimeline, title: String) -> HistoryPageContext {
        let factory = ContextFactory(config: site.config, asOf: asOf)
        let page = SitePath.history(timeline.policy.id)
        return HistoryPageContext(
            site: factory.site(on: page),
            page: factory.page("\(title): version history", at: page),
            policy: factory.policy(timeline, title: title, on: page),
            versions: timeline.published.reversed().map { factory.version($0.version, $0.status, policy: timeline.policy.id, on: page) }
        )
    }

    private func indexPage(_ policies: [(PolicyTimeline, String)]) -> IndexPageContext {
        let factory = ContextFactory(config: site.config, asOf: asOf)
        return IndexPageContext(
            site: factory.site(on: .index),
            page: factory.page(site.config.title, at: .index),
            policies: policies.map { factory.policy($0.0, title: $0.1, on: .index) },
            hasPolicies: !policies.isEmpty
        )
    }

    // MARK: Writing

    private func write(_ context: Any, template: String, at page: SitePath) -> Tally {
        write(Data(theme.render(template, context).utf8), to: page.file)
    }

    private func write(_ bytes: Data, to path: String) -> Tally {
        do {
            try sink.write(bytes, to: path)
            return Tally(pageCount: 1)
        } catch {
            return Tally(diagnostics: [.error(path, "cannot write the file: \(error.localizedDescription)")])
        }
    }
}


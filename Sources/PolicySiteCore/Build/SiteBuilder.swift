import Foundation

/// `policysite build` and `policysite check`: read, check, render, and (for build) swap the new
/// site in. On any error nothing in the output folder changes.
public enum SiteBuilder {
    /// Builds the site; throws every problem found when there is any error.
    public static func build(_ options: BuildOptions) throws(BuildFailure) -> BuildReport {
        let (site, theme, output, loadProblems) = prepare(options)
        guard let site, let theme, let output else { throw BuildFailure(loadProblems) }

        let staged: StagedOutput
        do {
            staged = try StagedOutput.prepare(target: output)
        } catch {
            throw BuildFailure(loadProblems + [.error(output.path, "cannot create a staging folder beside the output: \(error.localizedDescription)")])
        }
        let tally = SiteRenderer(site: site, theme: theme, asOf: options.asOf, sink: FolderSink(folder: staged.staging), jobs: options.jobs).render()
        var diagnostics = loadProblems + tally.diagnostics
        guard !diagnostics.contains(where: \.isError) else {
            staged.discard()
            throw BuildFailure(diagnostics)
        }
        do {
            try staged.commit()
        } catch {
            staged.discard()
            diagnostics.append(.error(output.path, "cannot put the new site in place: \(error.localizedDescription)"))
            throw BuildFailure(diagnostics)
        }
        return BuildReport(
            outputFolder: output, pageCount: tally.pageCount, policyCount: site.policies.count,
            versionCount: site.policies.reduce(0) { $0 + $1.versions.count }, diagnostics: diagnostics.sorted()
        )
    }

    /// Everything `build` checks, rendering every page, writing nothing. Returns all problems.
    public static func check(_ options: BuildOptions) -> [Diagnostic] {
        let (site, theme, _, loadProblems) = prepare(options)
        guard let site, let theme else { return loadProblems.sorted() }
        let tally = SiteRenderer(site: site, theme: theme, asOf: options.asOf, sink: DiscardSink(), jobs: options.jobs).render()
        return (loadProblems + tally.diagnostics).sorted()
    }

    /// Reads the settings, policies and theme, and checks the output folder, collecting every problem.
    private static func prepare(_ options: BuildOptions) -> (SiteSource?, Theme?, URL?, [Diagnostic]) {
        let (config, configProblems) = SiteConfigLoader.load(options.paths)
        let (policies, policyProblems) = SiteLoader.loadPolicies(options.paths, jobs: options.jobs)
        var problems = configProblems + policyProblems
        guard let config else { return (nil, nil, nil, problems) }
        let (theme, themeProblems) = ThemeLoader.load(config, paths: options.paths)
        let output = OutputLocation.resolve(options, config: config)
        problems += themeProblems + OutputLocation.problems(output, paths: options.paths)
        problems += NoticeRule.problems(policies ?? [], noticeDays: config.noticeDays)
        guard let policies, let theme, !problems.contains(where: \.isError) else { return (nil, nil, nil, problems) }
        return (SiteSource(paths: options.paths, config: config, policies: policies), theme, output, problems)
    }
}

import Foundation

/// Where a build writes, and the checks that keep it from replacing anything but a site.
enum OutputLocation {
    static func resolve(_ options: BuildOptions, config: SiteConfig) -> URL {
        options.output?.standardizedFileURL ?? options.paths.url(config.output)
    }

    /// Refuses an output folder that would swallow the sources, or a folder that is not a site.
    static func problems(_ output: URL, paths: SitePaths) -> [Diagnostic] {
        let display = output.path
        let root = paths.root.standardizedFileURL
        if root.isInside(output) {
            return [.error(display, "the output folder contains the site root; choose a folder such as 'site'")]
        }
        for source in [paths.policies, paths.themes] where output.isInside(source) {
            return [.error(display, "the output folder lies inside \(source.lastPathComponent)/; choose a folder such as 'site'")]
        }
        guard SiteLoader.isFolder(output) else { return [] }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: output.path)
        } catch {
            return [.error(display, "cannot list the output folder: \(error.localizedDescription)")]
        }
        if !entries.isEmpty && !entries.contains("index.html") {
            return [.error(display, "the output folder exists and does not look like a built site (it has no index.html); policysite replaces its output folder whole, so it will not replace this one")]
        }
        return []
    }
}

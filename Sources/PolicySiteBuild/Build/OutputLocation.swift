import Foundation
import PolicySiteModel
import PolicySiteSupport

/// Where a build writes, and the checks that keep it from replacing anything but a site it wrote.
enum OutputLocation {
    static func resolve(_ options: BuildOptions, config: SiteConfig) -> URL {
        options.output?.standardizedFileURL ?? options.paths.url(config.output)
    }

    /// Refuses an output folder that would swallow the sources, and anything at the output path
    /// that policysite did not write: a build replaces only a missing or empty folder, or one
    /// that holds the marker a build writes (`StagedOutput.marker`), or a site built before the
    /// marker existed (see `isUnmarkedSite`).
    static func check(_ output: URL, paths: SitePaths, _ diagnostics: inout Diagnostics) {
        if let problem = problem(output, paths: paths) { diagnostics.add(problem) }
    }

    private static func problem(_ output: URL, paths: SitePaths) -> Diagnostic? {
        let display = output.path
        let root = paths.root.standardizedFileURL
        if root.isInside(output) {
            return .error(display, "the output folder contains the site root; choose a folder such as 'site'")
        }
        for source in [paths.policies, paths.themes] where output.isInside(source) {
            return .error(display, "the output folder lies inside \(source.lastPathComponent)/; choose a folder such as 'site'")
        }
        let choose = "move it away, or choose another output folder (--output, or 'output' in \(SiteConfig.fileName))"
        var info = stat()
        guard lstat(output.path, &info) == 0 else {
            if errno == ENOENT { return nil }
            return .error(display, "cannot use the output folder: \(SystemError.phrase(errno)); \(choose)")
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: break
        case S_IFLNK:
            return .error(display, "the output path is a symbolic link; policysite replaces its output folder whole, so it will not replace a link: \(choose)")
        default:
            return .error(display, "the output path is a file, not a folder; policysite replaces its output folder whole, so it will not replace it: \(choose)")
        }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: output.path)
        } catch {
            return .error(display, "cannot list the output folder: \(FileOperationError.describe(error))")
        }
        if entries.isEmpty || hasMarker(output) { return nil }
        let unexpected = unexpectedEntries(output)
        if let unexpected, unexpected.isEmpty { return nil }
        let what: String
        if let unexpected {
            let named = unexpected.prefix(3).joined(separator: ", ")
            what = "it holds files a build does not write (\(named)\(unexpected.count > 3 ? " and \(unexpected.count - 3) more" : ""))"
        } else {
            what = "it has no \(StagedOutput.marker) file and no policies.json written by policysite"
        }
        return .error(display, "the output folder was not written by policysite build: \(what); a build replaces its output folder whole, so it will not replace this one: \(choose)")
    }

    private static func hasMarker(_ output: URL) -> Bool {
        var info = stat()
        return lstat(output.appending(path: StagedOutput.marker).path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }

    /// For a folder without the marker, written by a policysite from before the marker: the
    /// entries that such a build does not write; nil when it has no policysite `policies.json`.
    /// A build wrote `index.html`, `404.html`, `feed.xml`, `sitemap.xml`, `policies.json`,
    /// `assets/` and one folder per policy listed in `policies.json`, holding only `.html` and
    /// `.xml` files; anything else is someone's, and the folder is refused.
    static func unexpectedEntries(_ output: URL) -> [String]? {
        guard let data = FileManager.default.contents(atPath: output.appending(path: "policies.json").path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],  // not ours if it does not parse
              object["schema_version"] is Int, object["as_of"] is String,
              let policies = object["policies"] as? [[String: Any]] else { return nil }
        let policyIDs = Set(policies.compactMap { $0["id"] as? String })
        let siteWide: Set<String> = ["index.html", "404.html", "feed.xml", "sitemap.xml", "policies.json"]
        var unexpected: [String] = []
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: output.path)) ?? []).sorted() {
            let url = output.appending(path: name)
            var info = stat()
            guard lstat(url.path, &info) == 0 else { unexpected.append(name); continue }
            let isFolder = info.st_mode & S_IFMT == S_IFDIR
            if siteWide.contains(name) && info.st_mode & S_IFMT == S_IFREG { continue }
            if name == "assets" && isFolder { continue }
            if policyIDs.contains(name) && isFolder {
                unexpected += nonPages(below: url.path).map { "\(name)/\($0)" }
                continue
            }
            unexpected.append(name)
        }
        return unexpected
    }

    /// The entries below a policy folder that are not `.html` or `.xml` files, hidden ones and
    /// links included.
    private static func nonPages(below folder: String) -> [String] {
        var unexpected: [String] = []
        var pending: [String] = [""]
        while let relative = pending.popLast() {
            let path = relative.isEmpty ? folder : folder + "/" + relative
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { unexpected.append(relative); continue }
            for name in names.sorted() {
                let child = relative.isEmpty ? name : relative + "/" + name
                var info = stat()
                guard lstat(folder + "/" + child, &info) == 0 else { unexpected.append(child); continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: pending.append(child)
                case S_IFREG where name.hasSuffix(".html") || name.hasSuffix(".xml"): break
                default: unexpected.append(child)
                }
            }
        }
        return unexpected.sorted()
    }
}

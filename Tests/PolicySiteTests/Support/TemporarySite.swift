import Foundation
@testable import PolicySiteBuild
@testable import PolicySiteModel
@testable import PolicySiteSupport

/// A site root in a fresh temporary folder, written file by file, removed when the test ends.
final class TemporarySite {
    let root: URL

    init(_ files: [String: String] = [:], withConfig: Bool = true) throws {
        root = FileManager.default.temporaryDirectory
            .appending(path: "policysite-test-\(UUID().uuidString)", directoryHint: .isDirectory)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        if withConfig {
            try write("policysite.yml", "title: Test Site\nbase_url: https://example.com/legal/\n")
        }
        for (path, text) in files { try write(path, text) }
    }

    /// The repository: the sample site.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// A copy of the repository's sample site (policies, settings, lock and users), so that a
    /// build's lock and outbox stay out of the repository.
    static func sample() throws -> TemporarySite {
        let site = try TemporarySite(withConfig: false)
        for name in ["policies", "policysite.yml", PolicyLock.fileName, "users.csv"] {
            try FileManager.default.copyItem(at: repository.appending(path: name), to: site.root.appending(path: name))
        }
        return site
    }

    deinit {
        try? FileManager.default.removeItem(at: root)
    }

    func write(_ path: String, _ text: String) throws {
        try write(path, Data(text.utf8))
    }

    func write(_ path: String, _ data: Data) throws {
        let url = root.appending(path: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    func remove(_ path: String) throws {
        try FileManager.default.removeItem(at: root.appending(path: path))
    }

    func read(_ path: String) throws -> String {
        try String(contentsOf: root.appending(path: path), encoding: .utf8)
    }

    func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: root.appending(path: path).path)
    }

    var paths: SitePaths { SitePaths(root: root) }

    func options(asOf: String = "2024-06-01", output: String? = nil, jobs: Int? = nil) -> BuildOptions {
        BuildOptions(paths: paths, asOf: CalendarDay(iso: asOf)!, output: output.map { root.appending(path: $0) }, jobs: jobs)
    }

    @discardableResult
    func build(asOf: String = "2024-06-01", output: String? = nil, jobs: Int? = nil) throws(BuildFailure) -> BuildReport {
        try SiteBuilder.build(options(asOf: asOf, output: output, jobs: jobs))
    }

    /// The problems a build reports, or none when it succeeds.
    func buildProblems(asOf: String = "2024-06-01") -> [Diagnostic] {
        buildProblems(options(asOf: asOf))
    }

    func buildProblems(_ options: BuildOptions) -> [Diagnostic] {
        do {
            _ = try SiteBuilder.build(options)
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// Every file under a folder of the site, by relative path, with its bytes.
    func tree(_ folder: String) throws -> [String: Data] {
        let base = root.appending(path: folder).standardizedFileURL
        var files: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey]) else { return files }
        for case let url as URL in walker where try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true {
            let relative = String(url.standardizedFileURL.path.dropFirst(base.path.count + 1))
            files[relative] = try Data(contentsOf: url)
        }
        return files
    }
}

/// A version file: front matter from the given lines, then a body.
func versionFile(_ frontMatter: String, body: String = "# Privacy Policy\n\nWe collect little.\n") -> String {
    "---\n\(frontMatter)\n---\n\(body)"
}

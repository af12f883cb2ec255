import Foundation
import PolicySiteModel

/// What the last `build` of a site did, kept in `.policysite/last-build.json` in the site root
/// (keep `.policysite/` out of version control): `publish` refuses a site whose last build failed,
/// or whose sources changed since it was built.
package struct LastBuild: Sendable, Hashable, Codable {
    package static let path = ".policysite/last-build.json"

    package var succeeded: Bool
    package var asOf: CalendarDay
    /// The output folder, absolute; nil when the build failed.
    package var output: String?
    /// `SourceFingerprint` after the build.
    package var sources: String
    /// The SHA-256 of every file the build put under the output, by relative path (`SiteManifest`):
    /// `publish` refuses a site that differs from it. Nil when the build failed, or in a record
    /// written before manifests existed.
    package var files: [String: String]?

    package init(succeeded: Bool, asOf: CalendarDay, output: String?, sources: String, files: [String: String]? = nil) {
        self.succeeded = succeeded
        self.asOf = asOf
        self.output = output
        self.sources = sources
        self.files = files
    }

    enum CodingKeys: String, CodingKey {
        case succeeded, asOf = "as_of", output, sources, files
    }

    package static func read(_ paths: SitePaths) -> LastBuild? {
        guard let data = FileManager.default.contents(atPath: paths.root.appending(path: path).path) else { return nil }
        return try? JSONDecoder().decode(LastBuild.self, from: data)  // an unreadable record is no record
    }

    func write(_ paths: SitePaths) throws {
        let url = paths.root.appending(path: Self.path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: url, options: .atomic)
    }
}

import Foundation

/// What the last `build` of a site did, kept in `.policysite/last-build.json` in the site root
/// (keep `.policysite/` out of version control): `publish` refuses a site whose last build failed,
/// or whose sources changed since it was built.
public struct BuildRecord: Sendable, Hashable, Codable {
    public static let path = ".policysite/last-build.json"

    public var succeeded: Bool
    public var asOf: CalendarDay
    /// The output folder, absolute; nil when the build failed.
    public var output: String?
    /// `SourceFingerprint` after the build.
    public var sources: String

    enum CodingKeys: String, CodingKey {
        case succeeded, asOf = "as_of", output, sources
    }

    public static func read(_ paths: SitePaths) -> BuildRecord? {
        guard let data = FileManager.default.contents(atPath: paths.root.appending(path: path).path) else { return nil }
        return try? JSONDecoder().decode(BuildRecord.self, from: data)  // an unreadable record is no record
    }

    func write(_ paths: SitePaths) throws {
        let url = paths.root.appending(path: Self.path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: url, options: .atomic)
    }
}

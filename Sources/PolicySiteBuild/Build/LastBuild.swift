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
        try Data(encoded().utf8).write(to: url, options: .atomic)
    }

    /// The record as JSON, laid out as `JSONEncoder`'s `.prettyPrinted`, `.sortedKeys` and
    /// `.withoutEscapingSlashes` lay it out, byte for byte (keys in the order of their UTF-8
    /// bytes, as JSONEncoder sorts them). Written here rather than by JSONEncoder because `files`
    /// has an entry per file and folder of the site (60,000 on 200 policies of 50 versions), which
    /// took JSONEncoder a tenth of a rebuild; each string is still escaped by JSONEncoder unless
    /// it is plain printable ASCII.
    func encoded() throws -> String {
        let escaper = JSONEncoder()
        escaper.outputFormatting = .withoutEscapingSlashes
        func quoted(_ text: String) throws -> String {
            let plain = text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
            return plain ? "\"" + text + "\"" : String(decoding: try escaper.encode(text), as: UTF8.self)
        }
        var fields: [(String, String)] = [("as_of", try quoted(asOf.iso))]
        if let files {
            var object = files.isEmpty ? "{\n\n  }" : "{\n"
            let sorted = files.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (index, (path, digest)) in sorted.enumerated() {
                object += "    \(try quoted(path)) : \(try quoted(digest))"
                object += index == sorted.count - 1 ? "\n  }" : ",\n"
            }
            fields.append(("files", object))
        }
        if let output { fields.append(("output", try quoted(output))) }
        fields.append(("sources", try quoted(sources)))
        fields.append(("succeeded", succeeded ? "true" : "false"))
        return "{\n" + fields.map { "  \"\($0.0)\" : \($0.1)" }.joined(separator: ",\n") + "\n}"
    }
}

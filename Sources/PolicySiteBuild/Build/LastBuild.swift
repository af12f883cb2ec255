import Foundation
import PolicySiteModel
import PolicySiteSupport

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

    /// The record as JSON, laid out as `JSONEncoder`'s `.prettyPrinted`, `.sortedKeys` and
    /// `.withoutEscapingSlashes` lay it out, byte for byte (keys in the order of their UTF-8
    /// bytes, as JSONEncoder sorts them). Written here rather than by JSONEncoder because `files`
    /// has an entry per file and folder of the site (60,000 on 200 policies of 50 versions), which
    /// took JSONEncoder a tenth of a rebuild; each string is still escaped by JSONEncoder unless
    /// it is plain printable ASCII.
    func encoded() throws -> String {
        try encoded(files: files.map(Self.filesObject))
    }

    /// The record as `encoded()` lays it out, with `files` already laid out by `filesObject`.
    private func encoded(files: String?) throws -> String {
        var fields: [(String, String)] = [("as_of", try Self.quoted(asOf.iso))]
        if let files { fields.append(("files", files)) }
        if let output { fields.append(("output", try Self.quoted(output))) }
        fields.append(("sources", try Self.quoted(sources)))
        fields.append(("succeeded", succeeded ? "true" : "false"))
        return "{\n" + fields.map { "  \"\($0.0)\" : \($0.1)" }.joined(separator: ",\n") + "\n}"
    }

    /// Records a build: `files` are laid out while `sources` (`SourceFingerprint`, which looks up
    /// every source file) is taken on another thread, both at the end of every build.
    static func write(_ paths: SitePaths, succeeded: Bool, asOf: CalendarDay, output: String?, files: [String: String]?,
                      jobs: Int = ParallelWork.defaultJobs, sources: @escaping @Sendable () -> String) throws {
        let parts = ParallelWork.map(count: 2, jobs: jobs) { part -> Result<String?, any Error> in
            part == 0 ? .success(sources()) : Result { try files.map(filesObject) }
        }
        let record = LastBuild(succeeded: succeeded, asOf: asOf, output: output, sources: try parts[0].get() ?? "", files: files)
        let url = paths.root.appending(path: Self.path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(record.encoded(files: try parts[1].get()).utf8).write(to: url, options: .atomic)
    }

    /// `files` as a JSON object, laid out as `encoded()` lays it out.
    private static func filesObject(_ files: [String: String]) throws -> String {
        var object = files.isEmpty ? "{\n\n  }" : "{\n"
        object.reserveCapacity(files.count * 120)
        // Among ASCII keys, String's `<` is the order of their bytes, and a memcmp: comparing
        // the UTF-8 views element by element took a rebuild with nothing changed 0.2 s.
        let ascii = files.keys.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } }
        let sorted = ascii ? files.sorted { $0.key < $1.key } : files.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        for (index, (path, digest)) in sorted.enumerated() {
            object += "    "
            try append(quoting: path, to: &object)
            object += " : "
            try append(quoting: digest, to: &object)
            object += index == sorted.count - 1 ? "\n  }" : ",\n"
        }
        return object
    }

    private static func quoted(_ text: String) throws -> String {
        var json = ""
        try append(quoting: text, to: &json)
        return json
    }

    /// Appends the string as JSON, quoted: by JSONEncoder unless it is plain printable ASCII.
    private static func append(quoting text: String, to json: inout String) throws {
        let plain = text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
        if plain {
            json += "\""
            json += text
            json += "\""
        } else {
            let escaper = JSONEncoder()
            escaper.outputFormatting = .withoutEscapingSlashes
            json += String(decoding: try escaper.encode(text), as: UTF8.self)
        }
    }
}

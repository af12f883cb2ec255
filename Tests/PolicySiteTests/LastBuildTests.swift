import Foundation
@testable import PolicySiteBuild
@testable import PolicySiteModel
import Testing

/// `.policysite/last-build.json`, which `build` writes without JSONEncoder's help for its long
/// `files` map: the same bytes as JSONEncoder's on ordinary records, and the same record read
/// back whatever the strings hold.
@Suite struct LastBuildTests {
    private static func encoderText(_ record: LastBuild) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(record), as: UTF8.self)
    }

    private static let day = CalendarDay(iso: "2024-05-01")!

    @Test(arguments: [
        LastBuild(succeeded: true, asOf: day, output: "/srv/site", sources: "ab12",
                  files: ["index.html": "00ff", "privacy": "folder", "privacy/index.html": "11ee", "a b/c-d_e.xml": "22dd"]),
        LastBuild(succeeded: true, asOf: day, output: "/srv/site", sources: "ab12", files: [:]),
        LastBuild(succeeded: false, asOf: day, output: nil, sources: "ab12", files: nil),
    ])
    func ordinaryRecordsAreWhatJSONEncoderWrites(record: LastBuild) throws {
        #expect(try record.encoded() == Self.encoderText(record))
    }

    /// Strings JSONEncoder escapes, and keys whose order by UTF-8 bytes (JSONEncoder's) differs
    /// from Swift's `<` (a decomposed "é", as macOS names files, before "f").
    @Test func stringsThatNeedEscapingAreWhatJSONEncoderWritesAndReadBack() throws {
        let odd = ["quote\"d/index.html", "back\\slash", "line\nfeed", "tab\tand\u{1}control", "caf\u{E9}/\u{1F600}.html",
                   "del\u{7F}", "e\u{301}.html", "f.html", "sep\u{2028}arator", "Z.html", "a.html"]
        let record = LastBuild(succeeded: true, asOf: Self.day, output: "/srv/\"odd\"\nsite", sources: "ab12",
                               files: Dictionary(uniqueKeysWithValues: odd.map { ($0, "folder") }))
        #expect(try record.encoded() == Self.encoderText(record))
        let site = try TemporarySite()
        let paths = SitePaths(root: site.root)
        try LastBuild.write(paths, succeeded: record.succeeded, asOf: record.asOf, output: record.output, files: record.files,
                            sources: { "ab12" })
        #expect(LastBuild.read(paths) == record)
    }
}

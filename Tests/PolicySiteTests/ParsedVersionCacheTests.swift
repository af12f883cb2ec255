import Crypto
import Foundation
@testable import PolicySiteBuild
@testable import PolicySiteModel
@testable import PolicySiteSource
@testable import PolicySiteSupport
import Testing

/// The cache of parsed version files (`ParsedVersionCache`): a file is parsed again whenever it
/// may have changed, and a rebuild reads no file that did not.
@Suite struct ParsedVersionCacheTests {
    private let display = "policies/privacy/1.0.md"

    /// A site with one version file, its real path, and the cache folder of parsed versions.
    private func fixture(_ text: String = "version one") throws -> (site: TemporarySite, real: String, store: CacheStore) {
        let site = try TemporarySite()
        try site.write(display, text)
        let store = try #require(CacheStore.at(site.paths, kind: ParsedVersionCache.kind))
        let real = site.root.appending(path: display).resolvingSymlinksInPath().path
        return (site, real, store)
    }

    /// What a parse of the file gives, here: a version with a warning, or only an error.
    private func parse(_ real: String, label: String = "1.0", error: Bool = false) -> ParsedVersionFile {
        var found = Diagnostics()
        if error {
            found.error(display, line: 2, "'effective' is missing")
            return ParsedVersionFile(version: nil, found: found)
        }
        found.warning(display, line: 3, "unknown key 'colour' in the front matter")
        var version = VersionSource(path: display, file: URL(fileURLWithPath: real), label: label, segment: label,
                                    effective: CalendarDay(iso: "2024-03-01")!, published: CalendarDay(iso: "2024-02-01")!,
                                    title: "Privacy", summary: nil, material: true, noticeWaived: "typo",
                                    bodyFirstLine: 6, bodySHA256: String(repeating: "ab", count: 32))
        version.keyLines = ["version": 2, "effective": 3]
        return ParsedVersionFile(version: version, found: found)
    }

    @Test func aFileParsedOnceIsRecalledUntilItChanges() throws {
        let (site, real, store) = try fixture()
        var parses = 0
        let first = ParsedVersionCache(store: store, replays: true, settling: 0)
        let made = first.parsed(real: real, display: display) { parses += 1; return parse(real) }
        first.save()
        #expect(parses == 1)

        let second = ParsedVersionCache(store: store, replays: true, settling: 0)
        let recalled = second.parsed(real: real, display: display) { parses += 1; return parse(real) }
        #expect(parses == 1, "recalled, not parsed")
        #expect(recalled.version == made.version && recalled.found.all == made.found.all)
        #expect(recalled.version?.file == URL(fileURLWithPath: real))

        // Another path in messages (another --root), then the same length of other bytes.
        _ = second.parsed(real: real, display: "site/" + display) { parses += 1; return parse(real) }
        #expect(parses == 2)
        try site.write(display, "version two")
        let third = ParsedVersionCache(store: store, replays: true, settling: 0)
        let reparsed = third.parsed(real: real, display: display) { parses += 1; return parse(real, label: "2.0") }
        #expect(parses == 3 && reparsed.version?.label == "2.0")
    }

    @Test func aFileWithTwoNamesJustSavedOrWithAnErrorIsParsedEveryTime() throws {
        let (site, real, store) = try fixture()
        var parses = 0
        func twice(settling: Int64, error: Bool = false) {
            for _ in 0..<2 {
                let memo = ParsedVersionCache(store: store, replays: true, settling: settling)
                _ = memo.parsed(real: real, display: display) { parses += 1; return parse(real, error: error) }
                memo.save()
            }
        }
        twice(settling: ParsedVersionCache.settling)  // saved a moment ago: its clock may tick again with other bytes
        #expect(parses == 2)
        twice(settling: 0, error: true)
        #expect(parses == 4)
        let other = site.root.appending(path: "policies/privacy/other-name").path
        #expect(link(real, other) == 0)
        twice(settling: 0)  // the loader refuses a file with two names, and must still see it
        #expect(parses == 6)
        #expect(unlink(other) == 0)
        twice(settling: 0)
        #expect(parses == 7)
    }

    @Test func aDamagedOrForeignEntryIsAMissAndNoCacheParsesEverything() throws {
        let (site, real, store) = try fixture()
        defer { withExtendedLifetime(site) {} }
        var parses = 0
        let memo = ParsedVersionCache(store: store, replays: true, settling: 0)
        _ = memo.parsed(real: real, display: display) { parses += 1; return parse(real) }
        memo.save()
        let entry = try #require(store.read(ParsedVersionCache.key))
        for damaged in [entry.prefix(entry.count / 2), Data([0xFF, 0xFF, 0xFF]), Data(), entry + Data([1])] {
            store.write(ParsedVersionCache.key, damaged)
            let next = ParsedVersionCache(store: store, replays: true, settling: 0)
            _ = next.parsed(real: real, display: display) { parses += 1; return parse(real) }
            next.save()
        }
        #expect(parses == 5)
        // `build --no-cache` parses, and keeps what it parsed for the next build.
        let cold = ParsedVersionCache(store: store, replays: false, settling: 0)
        _ = cold.parsed(real: real, display: display) { parses += 1; return parse(real) }
        cold.save()
        #expect(parses == 6)
        let warm = ParsedVersionCache(store: store, replays: true, settling: 0)
        _ = warm.parsed(real: real, display: display) { parses += 1; return parse(real) }
        #expect(parses == 6)
        // Another policysite (an upgrade) parses again, and keeps nothing when it cannot tell who it is.
        let other = ParsedVersionCache(store: store, replays: true, settling: 0, engine: "another policysite")
        _ = other.parsed(real: real, display: display) { parses += 1; return parse(real) }
        #expect(parses == 7)
        let unknown = ParsedVersionCache(store: store, replays: true, settling: 0, engine: nil)
        _ = unknown.parsed(real: real, display: display) { parses += 1; return parse(real) }
        unknown.save()
        #expect(parses == 8 && store.read(ParsedVersionCache.key) != nil)
    }

    @Test func aRebuildReadsNoVersionFileThatDidNotChange() throws {
        let versions = (1...4).map { major in
            ("policies/privacy/\(major).0.md", versionFile("version: \"\(major).0\"\neffective: 201\(major)-03-01\npublished: 201\(major)-01-01\ncolour: blue\nsummary: Revision \(major).",
                                                           body: "# Privacy\n\nClause of version \(major).\n"))
        }
        let site = try TemporarySite(Dictionary(uniqueKeysWithValues: versions))
        // Files saved in the last seconds are parsed and not kept (see ParsedVersionCache.settling).
        Thread.sleep(forTimeInterval: Double(ParsedVersionCache.settling) / 1e9 + 0.2)
        let first = try site.build(asOf: "2020-01-01")
        let entry = site.root.appending(path: "\(CacheStore.folder)/\(ParsedVersionCache.kind)/\(ParsedVersionCache.key)").path
        let written = try #require(FileIdentity(path: entry))

        let second = try site.build(asOf: "2020-01-01")
        #expect(FileIdentity(path: entry) == written, "nothing parsed anew, the entry not written again")
        // The warnings of every file, recalled with its parse.
        #expect(second.diagnostics == first.diagnostics)
        #expect(first.diagnostics.filter { $0.message.contains("colour") }.count == 4)

        try site.write("policies/privacy/4.0.md", versionFile("version: \"4.0\"\neffective: 2014-04-01\npublished: 2014-01-01\nsummary: Reworded.",
                                                                body: "# Privacy\n\nClause of version 4.\n"))
        let third = try site.buildProblems(asOf: "2020-01-01")
        #expect(third.contains { $0.isError && $0.path.hasSuffix("4.0.md") }, "the changed effective day is seen by the lock: \(third)")
    }
}

/// A version's body read at render time is the one the build planned with (`VersionBody`).
@Suite struct VersionBodyTests {
    @Test func aBodyChangedSinceTheBuildPlannedIsNotRendered() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": versionFile("version: \"1.0\"\neffective: 2024-03-01", body: "# Privacy\n\nWe keep little.\n")])
        let url = site.root.appending(path: "policies/privacy/1.0.md")
        var version = VersionSource(path: "policies/privacy/1.0.md", file: url, label: "1.0", segment: "1.0",
                                    effective: CalendarDay(iso: "2024-03-01")!, published: CalendarDay(iso: "2024-03-01")!,
                                    title: nil, summary: nil, material: true, noticeWaived: nil, bodyFirstLine: 4, bodySHA256: "")
        version.bodySHA256 = try #require(VersionBody.currentSHA256(version))
        var found = Diagnostics()
        #expect(VersionBody.read(version, &found) == "# Privacy\n\nWe keep little.\n" && found.all.isEmpty)
        try site.write("policies/privacy/1.0.md", versionFile("version: \"1.0\"\neffective: 2024-03-01", body: "# Privacy\n\nWe keep all.\n"))
        #expect(VersionBody.read(version, &found) == nil)
        #expect(found.all.map(\.description) == ["policies/privacy/1.0.md: error: \(VersionBody.changedDuringBuild); build again once it is saved"])
        // Read for another version's page: only the change is reported there, not a missing file.
        var forAnother = Diagnostics()
        #expect(VersionBody.readForAnother(version, &forAnother) == nil && forAnother.all.map(\.message) == found.all.map(\.message))
        try site.remove("policies/privacy/1.0.md")
        var missing = Diagnostics()
        #expect(VersionBody.readForAnother(version, &missing) == nil && missing.all.isEmpty)
    }
}

/// The cache's keys (`KeyHasher`): each field with its length, hashed in blocks.
@Suite struct KeyHasherTests {
    @Test func fieldsAreHashedWithTheirLengthsWhateverTheirSize() {
        func key(_ fields: [String?]) -> String {
            var hasher = KeyHasher()
            for field in fields { hasher.add(field) }
            return hasher.finalize()
        }
        #expect(key(["ab", "c"]) != key(["a", "bc"]))
        #expect(key([nil]) != key([""]) && key([nil, "a"]) != key(["-a"]))
        #expect(key(["ab", "c", nil]) == Hex.encode(SHA256.hash(data: Data("2:ab1:c-".utf8))))
        // Past the buffer's size (64 KiB), as a policy of many versions is.
        let long = (0..<5_000).map { "field \($0) é" }
        let expected = long.map { "\($0.utf8.count):\($0)" }.joined()
        #expect(key(long) == Hex.encode(SHA256.hash(data: Data(expected.utf8))))
    }
}

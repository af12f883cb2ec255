import Foundation
@testable import PolicySiteBuild
@testable import PolicySiteModel
@testable import PolicySitePreview
@testable import PolicySiteSupport
import Testing

/// The build's cache (`.policysite/cache/`) and the linking of unchanged files: a warm build
/// gives the same site, byte for byte, as a cold one, whatever changed and whatever state the
/// cache is in; a damaged or unusable cache only makes the build cold.
@Suite struct CacheTests {
    private func corpus() throws -> TemporarySite {
        var files: [String: String] = [:]
        for policy in ["privacy", "terms", "cookies", "dpa", "imprint"] {
            files["policies/\(policy)/policy.yml"] = "title: \(policy.capitalized)\n"
            for major in 1...5 {
                files["policies/\(policy)/\(major).0.md"] = Self.version(major, policy: policy)
            }
        }
        return try TemporarySite(files)
    }

    private static func version(_ major: Int, policy: String, extra: String = "") -> String {
        let sections = (1...6).map { "## Section \($0)\n\nClause \($0) of version \(major): we keep data for \($0 * major) days.\n" }
        return versionFile(
            "version: \"\(major).0\"\neffective: 20\(10 + major)-03-01\npublished: 20\(10 + major)-01-01\nsummary: Revision \(major).",
            body: "# \(policy.capitalized)\n\n" + sections.joined(separator: "\n") + extra)
    }

    private let asOf = "2020-06-01"

    /// Builds warm into `site/` (the cache on) and cold into `cold/` (no cache), and expects the
    /// two trees to be the same, byte for byte.
    /// Returns the warm build's chunks replayed and rendered; with `lists`, expects the languages'
    /// lists replayed and written to be those.
    @discardableResult
    private func expectWarmIsCold(_ site: TemporarySite, _ step: String, correcting: String? = nil, lists: (replayed: Int, rendered: Int)? = nil,
                                  histories: (replayed: Int, rendered: Int)? = nil, sourceLocation: SourceLocation = #_sourceLocation) throws -> (replayed: Int, rendered: Int) {
        var warm = site.options(asOf: asOf)
        warm.corrections = correcting.flatMap { CorrectionRequest(target: $0, reason: "Reworded.") }.map { [$0] } ?? []
        let report = try SiteBuilder.build(warm)
        var cold = site.options(asOf: asOf, output: "cold")
        cold.usesCache = false
        _ = try SiteBuilder.build(cold)
        let built = try site.tree("site")
        #expect(!built.isEmpty, "\(step)", sourceLocation: sourceLocation)
        #expect(built == (try site.tree("cold")), "\(step)", sourceLocation: sourceLocation)
        try site.remove("cold")
        if let lists {
            #expect(report.cachedLists == lists, "\(step): lists replayed and written", sourceLocation: sourceLocation)
        }
        if let histories {
            #expect(report.cachedHistories == histories, "\(step): histories replayed and written", sourceLocation: sourceLocation)
        }
        return report.cachedChunks
    }

    private func inode(_ site: TemporarySite, _ path: String) -> UInt64? {
        FileIdentity(path: site.root.appending(path: path).path)?.inode
    }

    /// The cache's entries: the chunks', and the histories' and languages' lists' too with `lists`.
    private func chunkEntries(_ site: TemporarySite, lists: Bool = false) throws -> [URL] {
        let folder = site.root.appending(path: "\(CacheStore.folder)/\(ChunkCache.kind)")
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.hasPrefix("chunk-") || (lists && ["lists-", "history-"].contains { $0.lastPathComponent.hasPrefix($0) }) }
    }

    @Test func aWarmBuildIsTheColdBuildByteForByteThroughEditsVersionsThemesAndDamage() throws {
        let site = try corpus()
        #expect(try expectWarmIsCold(site, "first build", lists: (0, 1), histories: (0, 5)) == (0, 5))
        #expect(try chunkEntries(site).count == 5 && chunkEntries(site, lists: true).count == 11)
        let unchanged = "site/terms/versions/2.0/index.html"
        let before = inode(site, unchanged)

        let history = "site/terms/history/index.html"
        let historyBefore = inode(site, history)
        #expect(try expectWarmIsCold(site, "nothing changed", lists: (1, 0), histories: (5, 0)) == (5, 0))
        // Linked from the previous site, not written again.
        #expect(inode(site, unchanged) == before && inode(site, history) == historyBefore)

        try site.write("policies/privacy/3.0.md", Self.version(3, policy: "privacy", extra: "\n## Added\n\nA new clause.\n"))
        #expect(try expectWarmIsCold(site, "a version edited", correcting: "privacy/3.0", lists: (0, 1), histories: (4, 1)) == (4, 1))
        #expect(try site.read("site/privacy/versions/3.0/index.html").contains("A new clause."))
        #expect(inode(site, unchanged) == before)

        try site.write("policies/terms/6.0.md", Self.version(6, policy: "terms"))
        #expect(try expectWarmIsCold(site, "a new version", lists: (0, 1), histories: (4, 1)) == (4, 1))
        #expect(site.exists("site/terms/versions/6.0/changes/1.0/index.html"))

        try site.write("policies/cookies/policy.yml", "title: Cookie Notice\n")
        #expect(try expectWarmIsCold(site, "a policy renamed", lists: (0, 1), histories: (4, 1)) == (4, 1))
        #expect(try site.read("site/index.html").contains("Cookie Notice"))

        let layout = try String(contentsOf: TemporarySite.repository.appending(path: "themes/default/templates/version.mustache"), encoding: .utf8)
        try site.write("themes/default/templates/version.mustache", layout + "<!-- theme edited -->\n")
        #expect(try expectWarmIsCold(site, "a template edited", lists: (0, 1), histories: (0, 5)) == (0, 5))
        #expect(try site.read("site/dpa/versions/1.0/index.html").contains("theme edited"))

        // Every entry damaged a different way: truncated, a byte changed, emptied, replaced.
        let entries = try chunkEntries(site, lists: true)
        #expect(entries.count == 11)
        for (number, entry) in entries.enumerated() {
            var data = try Data(contentsOf: entry)
            switch number % 4 {
            case 0: data = data.prefix(data.count / 2)
            case 1: data[data.count - 2] ^= 0x20
            case 2: data = Data()
            default: data = Data("{\"files\":[],\"facts\":[],\"problems\":[],\"pageCount\":0}".utf8)
            }
            try data.write(to: entry)
        }
        #expect(try expectWarmIsCold(site, "damaged entries", lists: (0, 1), histories: (0, 5)) == (0, 5))

        // A page of the site changed by hand after the build is written again, not linked.
        try site.write("site/imprint/versions/4.0/index.html", "tampered")
        #expect(try expectWarmIsCold(site, "a page tampered with", lists: (1, 0), histories: (5, 0)) == (4, 1))
        try site.write("site/imprint/feed.xml", "tampered")
        try site.write("site/policies.json", "{}")
        #expect(try expectWarmIsCold(site, "a list tampered with", lists: (0, 1), histories: (4, 1)) == (5, 0))

        // The lists written again were kept: the next build replays them.
        #expect(try expectWarmIsCold(site, "nothing changed again", lists: (1, 0), histories: (5, 0)) == (5, 0))
    }

    @Test func aSiteInTwoLanguagesIsReplayedLanguageByLanguage() throws {
        let site = try corpus()
        try site.write("policysite.yml", try site.read("policysite.yml") + "languages: [en, de]\n")
        try site.write("policies/privacy/5.0.de.md", "---\ntitle: Datenschutz\n---\n# Datenschutz\n\nFassung 5 auf Deutsch.\n")
        #expect(try expectWarmIsCold(site, "first build in two languages", lists: (0, 2)) == (0, 10))
        #expect(try expectWarmIsCold(site, "nothing changed", lists: (2, 0)) == (10, 0))
        #expect(try site.read("site/de/privacy/versions/5.0/index.html").contains("Fassung 5 auf Deutsch."))
        #expect(try site.read("site/privacy/versions/5.0/index.html").contains("Clause 1 of version 5"))

        // A late translation renders its policy's German pages again, and nothing else.
        try site.write("policies/terms/4.0.de.md", "---\ntitle: Bedingungen\n---\n# Bedingungen\n\nFassung 4 auf Deutsch.\n")
        // The German lists change, and with them the last language's policies.json and sitemap;
        // the English lists are replayed.
        let late = try expectWarmIsCold(site, "a late translation", lists: (1, 1))
        #expect(late == (9, 1), "replayed and rendered: \(late)")
        #expect(try site.read("site/de/terms/versions/4.0/index.html").contains("Fassung 4 auf Deutsch."))
    }

    @Test func aNewAsOfDayOrOutputFolderGivesTheSameSiteAsACold() throws {
        let site = try corpus()
        try site.build(asOf: asOf)
        try site.build(asOf: "2014-06-01")  // fewer versions published: a smaller site
        var cold = site.options(asOf: "2014-06-01", output: "cold")
        cold.usesCache = false
        _ = try SiteBuilder.build(cold)
        #expect(try site.tree("site") == (try site.tree("cold")))
        try site.build(asOf: "2014-06-01", output: "elsewhere")
        #expect(try site.tree("elsewhere") == (try site.tree("cold")))
    }

    @Test func servesPreviewsKeepACacheOfTheirOwnWhenTheSiteRootHasNone() throws {
        let site = try corpus()
        let workspace = site.root.appending(path: "workspace")
        try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
        var options = PreviewServer(options: site.options(asOf: asOf), port: 0, log: { _ in }).options
        options = PreviewServer.options(options, building: workspace.appending(path: "site"), in: workspace)
        #expect(options.cacheFolder == workspace.appending(path: "cache"))
        #expect(try SiteBuilder.build(options).cachedChunks.replayed == 0)
        try site.write("policies/terms/2.0.md", Self.version(2, policy: "terms", extra: "\nEdited.\n"))
        let rebuilt = try SiteBuilder.build(options).cachedChunks
        #expect(rebuilt.replayed > 0 && rebuilt.rendered < rebuilt.replayed, "the rebuild replayed what did not change")
        #expect(!FileManager.default.fileExists(atPath: site.root.appending(path: ".policysite").path), "a preview made .policysite/")
        var cold = site.options(asOf: asOf, output: "cold")
        cold.usesCache = false
        _ = try SiteBuilder.build(cold)
        #expect(try site.tree("workspace/site") == (try site.tree("cold")))
        // Once the site root has a cache (the cold build made it), previews share it.
        try FileManager.default.removeItem(at: workspace.appending(path: "cache"))
        _ = try SiteBuilder.build(options)
        #expect(!FileManager.default.fileExists(atPath: workspace.appending(path: "cache").path), "a preview kept a cache of its own beside the root's")
    }

    @Test func aCacheFolderThatLinksOutOfTheRootIsNotUsed() throws {
        let site = try corpus()
        let outside = FileManager.default.temporaryDirectory.appending(path: "policysite-outside-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: outside) }
        try FileManager.default.createDirectory(at: site.root.appending(path: ".policysite"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: site.root.appending(path: CacheStore.folder), withDestinationURL: outside)
        try expectWarmIsCold(site, "cache linked out")
        try expectWarmIsCold(site, "cache linked out, again")
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty)
    }

    @Test func aCacheFolderThatIsAFileOrAPipeOrUnwritableMakesTheBuildCold() throws {
        for kind in ["file", "fifo", "unwritable"] {
            let site = try corpus()
            try FileManager.default.createDirectory(at: site.root.appending(path: ".policysite"), withIntermediateDirectories: true)
            let cache = site.root.appending(path: CacheStore.folder).path
            switch kind {
            case "file": try site.write(CacheStore.folder, "not a folder")
            case "fifo": #expect(mkfifo(cache, 0o644) == 0)
            default:
                try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
                #expect(chmod(cache, 0o500) == 0)
            }
            defer { chmod(cache, 0o755) }
            try expectWarmIsCold(site, kind)
            try expectWarmIsCold(site, kind + ", again")
        }
    }

    @Test func whatAKilledWriterLeftIsNeitherUsedNorKept() throws {
        let site = try corpus()
        try expectWarmIsCold(site, "first build")
        let folder = site.root.appending(path: "\(CacheStore.folder)/\(ChunkCache.kind)")
        // A process that no longer exists (pid 2^22 - 1 is above Linux's default pid_max).
        let leftover = folder.appending(path: "\(CacheStore.temporaryPrefix)4194303-0")
        try Data("half an entry".utf8).write(to: leftover)
        for entry in try chunkEntries(site) {
            let data = try Data(contentsOf: entry)
            try data.prefix(data.count - 1).write(to: entry)
        }
        try expectWarmIsCold(site, "after a kill")
        #expect(!FileManager.default.fileExists(atPath: leftover.path))
    }

    /// The identity of the output folder itself: another one after a swap.
    private func folderIdentity(_ site: TemporarySite) -> FileIdentity? {
        FileIdentity(path: site.root.appending(path: "site").path, kind: S_IFDIR)
    }

    @Test func aRebuildWithNothingChangedLeavesTheSiteInPlaceUnlessSomethingWasAddedToIt() throws {
        let site = try corpus()
        try expectWarmIsCold(site, "first build")
        let page = "site/dpa/versions/2.0/index.html"
        let folder = try #require(folderIdentity(site)), file = try #require(FileIdentity(path: site.root.appending(path: page).path))

        #expect(try expectWarmIsCold(site, "nothing changed", lists: (1, 0)) == (5, 0))
        // Not swapped, and no file linked again (a link changes the file's status-change time).
        #expect(folderIdentity(site)?.inode == folder.inode)
        #expect(FileIdentity(path: site.root.appending(path: page).path) == file)
        #expect(!site.exists("site/../.site.policysite-staging-\(getpid())"))
        // The record publish checks is the site's, as after a swap.
        let record = try #require(LastBuild.read(site.paths))
        let manifest = try SiteManifest.of(folder: site.root.appending(path: "site"))
        #expect(record.succeeded && record.files == manifest)

        // Anything added to the site since, or taken from it, goes at the next build, as with a swap.
        let additions: [(String, (TemporarySite) throws -> Void)] = [
            ("a file added", { try $0.write("site/CNAME", "policies.example.com\n") }),
            ("a file added in a folder", { try $0.write("site/terms/versions/3.0/notes.txt", "draft\n") }),
            ("an empty folder added", { try FileManager.default.createDirectory(at: $0.root.appending(path: "site/drafts"), withIntermediateDirectories: false) }),
            ("a link added", { try FileManager.default.createSymbolicLink(atPath: $0.root.appending(path: "site/dpa/latest").path, withDestinationPath: "versions/5.0") }),
            ("a page removed", { try $0.remove("site/terms/versions/3.0/index.html") }),
            ("the marker changed", { try $0.write("site/\(StagedOutput.marker)", "edited\n") }),
        ]
        for (step, change) in additions {
            let before = try #require(folderIdentity(site))
            try change(site)
            try expectWarmIsCold(site, step)
            #expect(folderIdentity(site).map { $0.inode != before.inode } == true, "\(step): swapped")
            #expect(!site.exists("site/CNAME") && !site.exists("site/drafts") && !site.exists("site/dpa/latest")
                    && !site.exists("site/terms/versions/3.0/notes.txt"), "\(step)")
            let after = try #require(folderIdentity(site))
            try expectWarmIsCold(site, step + ", then nothing changed")
            #expect(folderIdentity(site)?.inode == after.inode, "\(step): kept")
        }
    }

    @Test func anEntryIsUsedOnlyWhole() throws {
        let payload = Data("{\"a\": 1}".utf8)
        let entry = CacheEntry.encode(payload)
        #expect(CacheEntry.payload(of: entry) == payload)
        #expect(CacheEntry.payload(of: entry.dropLast()) == nil)
        #expect(CacheEntry.payload(of: entry + Data("x".utf8)) == nil)
        var flipped = entry
        flipped[flipped.count - 3] ^= 1
        #expect(CacheEntry.payload(of: flipped) == nil)
        #expect(CacheEntry.payload(of: Data()) == nil)
        #expect(CacheEntry.payload(of: Data("policysite-cache 0\n".utf8) + entry.drop { $0 != UInt8(ascii: "\n") }.dropFirst()) == nil)
    }
}

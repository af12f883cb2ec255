import Crypto
import Foundation
@testable import PolicySiteBuild
@testable import PolicySiteSupport
import Testing

/// The output folder (issue 11, cases 12, 13, 14 and 18): what a build may replace, the marker,
/// the leftovers of killed runs, the manifest, and errors said for people.
@Suite struct OutputTests {
    private let good = versionFile("version: \"1.0\"\neffective: 2024-01-01")

    private func messages(_ site: TemporarySite, output: String? = nil) -> [String] {
        site.buildProblems(site.options(output: output)).map(\.description)
    }

    @Test func aFolderWithAnIndexThatPolicysiteDidNotWriteIsRefused() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": good])
        try site.write("documents/index.html", "<p>my page</p>")
        try site.write("documents/sub/thesis.txt", "four years of work")
        let problems = messages(site, output: "documents")
        #expect(problems.count == 1)
        #expect(problems.first?.contains("was not written by policysite build") == true)
        #expect(problems.first?.contains("move it away, or choose another output folder") == true)
        #expect(try site.read("documents/sub/thesis.txt") == "four years of work")
        #expect(try site.read("documents/index.html") == "<p>my page</p>")
    }

    @Test func aFileAtTheOutputPathIsRefused() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": good])
        try site.write("site", "not a folder")
        let problems = messages(site)
        #expect(problems.count == 1)
        #expect(problems.first?.contains("the output path is a file, not a folder") == true)
        #expect(try site.read("site") == "not a folder")
    }

    @Test func everyBuildWritesTheMarkerAndReplacesItsOwnFolder() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": good])
        try site.build()
        #expect(try site.read("site/\(StagedOutput.marker)") == StagedOutput.markerText)
        try site.write("policies/privacy/2.0.md", versionFile("version: \"2.0\"\neffective: 2024-03-01\nmaterial: false"))
        try site.build()
        #expect(site.exists("site/privacy/versions/2.0/index.html"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.hasPrefix(".site") }.isEmpty)
        try site.build(output: "empty-before")  // a missing folder, then its own
        try site.build(output: "empty-before")
    }

    @Test func aSiteBuiltBeforeTheMarkerIsReplacedOnlyWhenItHoldsNothingElse() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": good])
        try site.build()
        try site.remove("site/\(StagedOutput.marker)")
        try site.build()  // an earlier policysite's site: replaced, and marked now
        #expect(site.exists("site/\(StagedOutput.marker)"))

        try site.remove("site/\(StagedOutput.marker)")
        try site.write("site/notes.txt", "mine")
        try site.write("site/privacy/draft.md", "mine too")
        let problems = messages(site)
        #expect(problems.count == 1)
        #expect(problems.first?.contains("it holds files a build does not write (notes.txt, privacy/draft.md)") == true)
        #expect(try site.read("site/notes.txt") == "mine")
    }

    @Test func theOutboxBeingAFileIsSaidPlainly() throws {
        let site = try NotificationListTests.site()
        _ = try SiteBuilder.build(site.options(asOf: "2024-02-01"))
        try site.write("outbox", "a file")
        var options = site.options(asOf: "2024-03-02")
        options.tokenKey = NotificationListTests.key
        let problems = site.buildProblems(options).map(\.description)
        #expect(problems.contains { $0.contains("is a file, not a folder; move the file away, or set 'outbox' in policysite.yml to a folder") })
        #expect(!problems.contains { $0.contains("error 512") || $0.contains("NSCocoaErrorDomain") })
        #expect(try site.read("outbox") == "a file")
    }

    /// A pid that no process has: one that ran and ended.
    private func deadPID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    @Test func theNextBuildRemovesWhatKilledBuildsLeft() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": good])
        try site.build()
        let dead = try deadPID()
        // A live process that started after the folder was last changed reuses the pid.
        let reused = Process()
        reused.executableURL = URL(fileURLWithPath: "/bin/sleep")
        reused.arguments = ["30"]
        try reused.run()
        defer { reused.terminate() }
        for name in [".site.policysite-staging-\(dead)", ".site.policysite-previous-\(dead)", ".site.policysite-staging-\(reused.processIdentifier)", ".site.policysite-staging-1"] {
            try site.write("\(name)/recipients.csv", "someone@example.com")
        }
        var old = [timeval(tv_sec: 946_684_800, tv_usec: 0), timeval(tv_sec: 946_684_800, tv_usec: 0)]
        #expect(utimes(site.root.appending(path: ".site.policysite-staging-\(reused.processIdentifier)").path, &old) == 0)
        try site.build()
        let left = try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.hasPrefix(".site") }
        // pid 1 runs, and started before the folder was made: it may be the maker, so it stays.
        #expect(left == [".site.policysite-staging-1"])
    }

    @Test func everyBuildRemovesTheStagedLocksAndListsKilledBuildsLeft() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": good])
        let dead = try deadPID()
        try site.write(".policysite.lock.policysite-staging-\(dead)", "{}")
        try site.write(".outbox.policysite-staging-\(dead)/privacy/1.0/recipients.csv", "email\nsomeone@example.com\n")
        try site.build()  // a build with no list to write
        #expect(!site.exists(".policysite.lock.policysite-staging-\(dead)"))
        #expect(!site.exists(".outbox.policysite-staging-\(dead)"))
    }

    @Test func anOutboxReachedThroughALinkIntoTheOutputIsRefused() throws {
        let site = try NotificationListTests.site()
        _ = try SiteBuilder.build(site.options(asOf: "2024-02-01"))
        #expect(symlink("site", site.root.appending(path: "linked").path) == 0)
        let config = try site.read("policysite.yml")
        try site.write("policysite.yml", config + "outbox: linked/lists\n")
        var options = site.options(asOf: "2024-03-02")
        options.tokenKey = NotificationListTests.key
        let problems = site.buildProblems(options).map(\.description)
        #expect(problems.contains { $0.contains("and the output folder must not contain each other") })
        #expect(!site.exists("site/lists"))
    }

    @Test func theNextBuildThatWritesListsRemovesTheListsKilledBuildsLeft() throws {
        let site = try NotificationListTests.site()
        _ = try SiteBuilder.build(site.options(asOf: "2024-02-01"))
        let leftover = ".outbox.policysite-staging-\(try deadPID())"
        try site.write("\(leftover)/privacy/2/recipients.csv", "email\nsomeone@example.com\n")
        var options = site.options(asOf: "2024-03-02")
        options.tokenKey = NotificationListTests.key
        _ = try SiteBuilder.build(options)
        #expect(site.exists("outbox/privacy/2/recipients.csv"))
        #expect(!site.exists(leftover))
        #expect(try FileManager.default.contentsOfDirectory(atPath: site.root.path).filter { $0.hasPrefix(".outbox") }.isEmpty)
    }

    @Test func theBuildRecordHoldsTheHashOfEveryFile() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": good])
        try site.build()
        let record = try #require(LastBuild.read(site.paths))
        let tree = try site.tree("site")
        var expected = tree.mapValues { Hex.encode(SHA256.hash(data: $0)) }
        // Every folder is listed too, so that an empty one added after the build is caught.
        for file in tree.keys {
            let parts = file.split(separator: "/")
            for count in parts.indices.dropFirst() { expected[parts.prefix(count).joined(separator: "/")] = "folder" }
        }
        #expect(record.files == expected)
        #expect(record.files?[StagedOutput.marker] != nil)
        #expect(try String(contentsOf: site.root.appending(path: LastBuild.path), encoding: .utf8).contains("\"privacy/index.html\""))
    }

    @Test func aSecondBuildWhileOneHoldsTheLockFails() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": good])
        do {
            let held = try BuildLock.acquire(site.paths)
            let holder = try site.read(BuildLock.path)
            #expect(holder.hasPrefix("\(getpid()) "))
            let started = holder.split(separator: " ").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
            #expect(messages(site) == [".policysite/build.lock: error: another build of this site is running (process \(getpid()), since \(started)); wait until it has finished, then build again"])
            #expect(!site.exists("site"))
            withExtendedLifetime(held) {}
        }
        try site.build()
        #expect(site.exists("site/index.html"))
    }
}

import Foundation
@testable import PolicySiteBuild
@testable import PolicySiteModel
@testable import PolicySiteSource
@testable import PolicySiteSupport
import Testing

/// Sources are read only from inside the site root: symbolic links that lead out of it, to a
/// private file, round a loop or to a named pipe are errors naming them, and nothing reaches the
/// site. Real links and real named pipes, in real temporary folders.
@Suite struct SourceLinkTests {
    private static let version = versionFile("version: \"1.0\"\neffective: 2024-01-01")
    private static let secretKey = "policysite-test-token-key-7f3a9c1e5b2d4680"
    private static let userRow = "ada.secret@example.com,Ada Lovelace,+44 555 0101,12 Secret Street"

    /// A site that builds, with one policy, a users file (inside the root, as the sample has it)
    /// and an outbox with a list in it.
    private static func site() throws -> TemporarySite {
        let site = try TemporarySite(["policies/privacy/1.0.md": version])
        try site.write("policysite.yml", "title: Test Site\nbase_url: https://example.com/legal/\nusers: users.csv\nemail:\n  unsubscribe_mailto: privacy@example.com\n")
        try site.write("users.csv", "email,name,phone,street\n\(userRow)\n")
        try site.write("outbox/privacy/0/recipients.csv", "email\r\n\(userRow)\r\n")
        return site
    }

    private static func link(_ site: TemporarySite, _ path: String, to target: String) throws {
        let url = site.root.appending(path: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: target)
    }

    /// The errors of a build that must fail, having written no site.
    private static func failedBuild(_ site: TemporarySite, sourceLocation: SourceLocation = #_sourceLocation) -> [Diagnostic] {
        let problems = site.buildProblems().filter(\.isError)
        #expect(!problems.isEmpty, "the build should fail", sourceLocation: sourceLocation)
        #expect(!site.exists("site"), "a failed build wrote the site", sourceLocation: sourceLocation)
        for problem in problems {
            for words in ["Error Domain", "NSCocoaErrorDomain", "error 256", "ada.secret", "Secret Street"] {
                #expect(!problem.description.contains(words), "\(problem)", sourceLocation: sourceLocation)
            }
        }
        return problems
    }

    @Test func aLinkToTheProcessEnvironmentIsRefusedAndTheKeyGoesNowhere() throws {
        let site = try Self.site()
        try Self.link(site, "themes/default/assets/env.txt", to: "/proc/self/environ")
        let result = try CommandLineTool.run(["build", "--as-of", "2024-06-01"], in: site.root,
                                             environment: ["POLICYSITE_TOKEN_KEY": Self.secretKey])
        #expect(result.status == 1)
        #expect(result.standardError.contains("themes/default/assets/env.txt: error: this symbolic link leads outside the site root (to '/proc/self/environ')"), "\(result.standardError)")
        #expect(!(result.standardOutput + result.standardError).contains(Self.secretKey))
        #expect(!site.exists("site"))
        for folder in ["outbox", ".policysite"] {
            for (path, bytes) in try site.tree(folder) {
                #expect(!String(decoding: bytes, as: UTF8.self).contains(Self.secretKey), "the key reached \(folder)/\(path)")
            }
        }
    }

    @Test func aLinkToTheUsersFileIsRefused() throws {
        let site = try Self.site()
        try Self.link(site, "themes/default/assets/people.csv", to: "../../../users.csv")
        let problems = Self.failedBuild(site)
        #expect(problems.map(\.description) == ["themes/default/assets/people.csv: error: this symbolic link leads to the users file, which is private and never goes on the site; remove the link"])
    }

    @Test func aHardLinkToTheUsersFileIsRefused() throws {
        let site = try Self.site()
        try FileManager.default.createDirectory(at: site.root.appending(path: "themes/default/assets"), withIntermediateDirectories: true)
        try FileManager.default.linkItem(at: site.root.appending(path: "users.csv"), to: site.root.appending(path: "themes/default/assets/people.csv"))
        let problems = Self.failedBuild(site)
        #expect(problems.map(\.description) == ["themes/default/assets/people.csv: error: this is a hard link to the users file, which is private and never goes on the site; remove it"])
    }

    @Test func linksToTheLockTheOutboxAndTheOutputAreRefused() throws {
        let site = try Self.site()
        try site.build()
        let built = try site.tree("site")
        let lock = try site.read(PolicyLock.fileName)
        try Self.link(site, "themes/default/assets/lock.json", to: "../../../\(PolicyLock.fileName)")
        try Self.link(site, "themes/default/assets/lists", to: "../../../outbox")
        try Self.link(site, "policies/privacy/2.0.md", to: "../../outbox/privacy/0/recipients.csv")
        try Self.link(site, "themes/default/assets/old", to: "../../../site")
        let problems = site.buildProblems().filter(\.isError).map(\.description)
        #expect(problems == [
            "policies/privacy/2.0.md: error: this symbolic link leads to the outbox, which is private and never goes on the site; remove the link",
            "themes/default/assets/lists: error: this symbolic link leads to the outbox, which is private and never goes on the site; remove the link",
            "themes/default/assets/lock.json: error: this symbolic link leads to the lock (policysite.lock), which is private and never goes on the site; remove the link",
            "themes/default/assets/old: error: this symbolic link leads to the output folder, which is private and never goes on the site; remove the link",
        ])
        #expect(try site.tree("site") == built)
        #expect(try site.read(PolicyLock.fileName) == lock)
    }

    @Test func aLinkToAFolderOutsideTheRootIsRefused() throws {
        let site = try Self.site()
        let outside = try TemporarySite(["secret.txt": Self.userRow], withConfig: false)
        try Self.link(site, "themes/default/assets/shared", to: outside.root.path)
        try Self.link(site, "policies/terms", to: outside.root.path)
        let problems = Self.failedBuild(site).map(\.description)
        #expect(problems.count == 2)
        #expect(problems.allSatisfy { $0.contains("error: this symbolic link leads outside the site root (to '\(outside.root.path)')") })
        #expect(problems[0].hasPrefix("policies/terms: ") && problems[1].hasPrefix("themes/default/assets/shared: "))
    }

    @Test func aLinkThroughAFolderToAPrivateFileIsRefused() throws {
        let site = try Self.site()
        try site.write("private/users.csv", "email\n\(Self.userRow)\n")
        try site.write("policysite.yml", "title: Test Site\nbase_url: https://example.com/legal/\nusers: private/users.csv\n")
        try Self.link(site, "themes/default/assets/private", to: "../../../private")
        let problems = Self.failedBuild(site).map(\.description)
        #expect(problems == ["themes/default/assets/private/users.csv: error: this is the users file, reached through a linked folder, which is private and never goes on the site; remove the link"])
    }

    @Test func linkLoopsAreReportedAsLoops() throws {
        let site = try Self.site()
        try Self.link(site, "policies/privacy/2.0.md", to: "3.0.md")
        try Self.link(site, "policies/privacy/3.0.md", to: "2.0.md")
        try Self.link(site, "themes/default/assets/again", to: "..")
        let problems = Self.failedBuild(site).map(\.description)
        #expect(problems == [
            "policies/privacy/2.0.md: error: this symbolic link leads round a loop of links and never reaches a file; remove it, or point it at a file inside the site root",
            "policies/privacy/3.0.md: error: this symbolic link leads round a loop of links and never reaches a file; remove it, or point it at a file inside the site root",
            "themes/default/assets/again: error: this symbolic link leads to a folder that contains it, a loop; remove it",
        ])
    }

    @Test func aNamedPipeDoesNotHangTheBuild() throws {
        let site = try Self.site()
        #expect(mkfifo(site.root.appending(path: "policies/privacy/2.0.md").path, 0o644) == 0)
        try FileManager.default.createDirectory(at: site.root.appending(path: "themes/default/assets"), withIntermediateDirectories: true)
        #expect(mkfifo(site.root.appending(path: "themes/default/assets/feed.txt").path, 0o644) == 0)
        try Self.link(site, "policies/privacy/3.0.md", to: "2.0.md")
        let result = try CommandLineTool.runEndingAfter(30, ["build", "--as-of", "2024-06-01"], in: site.root)
        #expect(result.status == 1)
        #expect(result.standardError.contains("policies/privacy/2.0.md: error: this is a named pipe (FIFO), not a regular file or folder; a site's sources are regular files and folders: remove it"), "\(result.standardError)")
        #expect(result.standardError.contains("policies/privacy/3.0.md: error: this symbolic link leads to a named pipe (FIFO), not a regular file or folder"))
        #expect(result.standardError.contains("themes/default/assets/feed.txt: error: this is a named pipe (FIFO)"))
        #expect(!result.standardError.contains("permission"))
        #expect(!site.exists("site"))
    }

    /// A named pipe put where a checked file was is refused once open, without waiting for a writer.
    @Test func readingANamedPipeReturnsAtOnce() throws {
        let site = try TemporarySite(withConfig: false)
        let pipe = site.root.appending(path: "pipe.md")
        #expect(mkfifo(pipe.path, 0o644) == 0)
        var diagnostics = Diagnostics()
        guard SourceText.read(pipe, displayPath: "pipe.md", &diagnostics) == nil, let problem = diagnostics.all.first else {
            Issue.record("a named pipe was read")
            return
        }
        #expect(problem.description == "pipe.md: error: this is a named pipe (FIFO), not a regular file; a site's sources are regular files: remove or rename it")
    }

    @Test func aFolderNamedLikeAVersionIsAnError() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": Self.version, "policies/privacy/2.0.md/notes.txt": "x\n"])
        let problems = Self.failedBuild(site).map(\.description)
        #expect(problems == ["policies/privacy/2.0.md: error: a folder named like a version file; a version is a Markdown file: rename the folder, or move it out of policies/"])
    }

    @Test func aBrokenLinkSaysWhereItLeads() throws {
        let site = try Self.site()
        try Self.link(site, "policies/privacy/2.0.md", to: "drafts/2.0.md")
        try Self.link(site, "policies/privacy/3.0.md", to: "drafts/\u{1B}[2J3.0.md")
        let problems = Self.failedBuild(site).map(\.description)
        #expect(problems == [
            "policies/privacy/2.0.md: error: this symbolic link leads to 'drafts/2.0.md', which does not exist; remove it, or point it at a file inside the site root",
            "policies/privacy/3.0.md: error: this symbolic link leads to 'drafts/\\u{1B}[2J3.0.md', which does not exist; remove it, or point it at a file inside the site root",
        ])
    }

    @Test func aSettingsFileLinkedFromOutsideIsRefused() throws {
        let site = try Self.site()
        let outside = try TemporarySite(withConfig: true)
        try site.remove(SiteConfig.fileName)
        try Self.link(site, SiteConfig.fileName, to: outside.root.appending(path: SiteConfig.fileName).path)
        let problems = Self.failedBuild(site).map(\.description)
        #expect(problems == ["policysite.yml: error: this symbolic link leads outside the site root (to '\(outside.root.path)/policysite.yml'); policysite reads sources only from inside the site root, so that nothing else reaches the public site: copy the file into the site instead of linking to it"])
    }

    /// Links inside the root, to regular files and folders that are not private, are followed.
    @Test func linksInsideTheRootAreFollowed() throws {
        let site = try TemporarySite()
        try site.write("shared/brand/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        try site.write("shared/privacy-1.0.md", Self.version)
        try site.write("shared/privacy.yml", "title: Linked Privacy\n")
        try Self.link(site, "themes/default/assets/brand", to: "../../../shared/brand")
        try Self.link(site, "policies/privacy/1.0.md", to: "../../shared/privacy-1.0.md")
        try Self.link(site, "policies/privacy/policy.yml", to: "../../shared/privacy.yml")
        let report = try site.build()
        #expect(report.diagnostics.filter(\.isError).isEmpty)
        #expect(try site.read("site/assets/brand/logo.svg") == "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        #expect(site.exists("site/privacy/versions/1.0/index.html"))
        #expect(try site.read("site/privacy/index.html").contains("Linked Privacy"))
    }
}

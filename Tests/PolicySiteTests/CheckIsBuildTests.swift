import Foundation
@testable import PolicySiteBuild
@testable import PolicySiteSupport
import Testing

/// `check` runs exactly build's checks (its plan, its rendering, its reading of the users file)
/// and writes nothing: for each way they once differed, both report the same problems, and the
/// site, the lock, the outbox and the folders beside them stay byte for byte as they were.
@Suite struct CheckIsBuildTests {
    static let key = String(repeating: "k", count: 40)

    /// A site with users and signed unsubscribe links, built once (the baseline), then given a
    /// new version: the next build has a notification list to write.
    static func site(users: String = "email,name\nada@example.com,Ada\ngrace@example.com,Grace\n") throws -> TemporarySite {
        let site = try TemporarySite()
        try site.write("policysite.yml", "title: Test Site\nbase_url: https://example.com/legal/\nusers: users.csv\nemail:\n  unsubscribe_url: https://app.example.com/unsubscribe?t={token}\n")
        try site.write("users.csv", users)
        try site.write("policies/privacy/1.md", versionFile("version: \"1\"\neffective: 2024-01-01", body: "# Privacy\n\nWe keep little.\n"))
        try site.build(asOf: "2024-02-01")
        try site.write("policies/privacy/2.md", versionFile("version: \"2\"\neffective: 2024-04-15\npublished: 2024-03-01", body: "# Privacy\n\nWe keep less.\n"))
        return site
    }

    /// Every file and folder of the site root, hidden ones too, with the bytes of each file.
    static func snapshot(_ site: TemporarySite) throws -> [String: Data] {
        var entries: [String: Data] = [:]
        let root = site.root.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: root) else { return entries }
        for case let relative as String in walker {
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isFolder)
            entries[relative] = isFolder.boolValue ? Data("folder".utf8) : try Data(contentsOf: URL(fileURLWithPath: root + "/" + relative))
        }
        return entries
    }

    /// Runs `check`, then `build`, with the same options; `check` must have changed nothing.
    func checkThenBuild(_ site: TemporarySite, _ options: BuildOptions) throws -> (check: [Diagnostic], build: [Diagnostic]) {
        let before = try Self.snapshot(site)
        let checked = SiteBuilder.check(options)
        #expect(try Self.snapshot(site) == before, "check wrote something")
        do {
            return (checked, try SiteBuilder.build(options).diagnostics)
        } catch {
            return (checked, error.diagnostics)
        }
    }

    @Test func aVersionLabelTooLongForAFolderFailsBoth() throws {
        let site = try Self.site()
        try site.write("policies/privacy/2.md", versionFile("version: \"\(String(repeating: "a", count: 300))\"\neffective: 2024-04-15\npublished: 2024-03-01"))
        var options = site.options(asOf: "2024-03-02")
        options.tokenKey = Self.key
        let (check, build) = try checkThenBuild(site, options)
        #expect(check == build)
        #expect(build.map(\.description) == ["policies/privacy/2.md:2: error: the version label is 300 characters long; a label may have at most 100, because it names a folder of the site"])
    }

    @Test func aPolicyFolderNameTooLongFailsBoth() throws {
        let site = try Self.site()
        let name = String(repeating: "p", count: 101)
        try site.write("policies/\(name)/1.md", versionFile("version: \"1\"\neffective: 2024-01-01"))
        let (check, build) = try checkThenBuild(site, site.options(asOf: "2024-02-01"))
        #expect(check == build)
        #expect(build.map(\.description) == ["policies/\(name): error: the policy folder name is 101 characters long; a policy name may have at most 100, because it names a folder of the site"])
        // A label of exactly 100 characters builds.
        try site.remove("policies/\(name)")
        try site.write("policies/privacy/2.md", versionFile("version: \"\(String(repeating: "a", count: 100))\"\neffective: 2024-04-15\npublished: 2024-03-01"))
        var options = site.options(asOf: "2024-03-02")
        options.tokenKey = Self.key
        let both = try checkThenBuild(site, options)
        #expect(both.check == both.build)
        #expect(both.build.filter(\.isError).isEmpty)
    }

    @Test func theUsersFileIsReadByBoth() throws {
        let site = try Self.site(users: "email,name\nada@example.com,Ada\nnot an address,Bad\n")
        var options = site.options(asOf: "2024-03-02")
        options.tokenKey = Self.key
        let (check, build) = try checkThenBuild(site, options)
        #expect(check == build)
        #expect(build.contains { $0.description.hasPrefix("users.csv:3: warning:") })
        #expect(site.exists("outbox/privacy/2/recipients.csv"))
    }

    @Test func theTokenKeyIsReadByBoth() throws {
        let site = try Self.site()
        func run(_ command: String, key: String) throws -> CommandLineTool.Result {
            try CommandLineTool.run([command, "--as-of", "2024-03-02"], in: site.root, environment: ["POLICYSITE_TOKEN_KEY": key])
        }
        var before = try Self.snapshot(site)
        let badCheck = try run("check", key: "short")
        #expect(try Self.snapshot(site) == before)
        let badBuild = try run("build", key: "short")
        #expect(badCheck.status != 0 && badBuild.status != 0)
        #expect(badCheck.standardError == badBuild.standardError)
        #expect(badBuild.standardError.hasPrefix("policysite.yml:4: error: 'email.unsubscribe_url' needs a key to sign each link: POLICYSITE_TOKEN_KEY is shorter than"))

        before = try Self.snapshot(site)
        let goodCheck = try run("check", key: Self.key)
        #expect(goodCheck.status == 0, "\(goodCheck.standardError)")
        #expect(try Self.snapshot(site) == before)
        let goodBuild = try run("build", key: Self.key)
        #expect(goodBuild.status == 0, "\(goodBuild.standardError)")
        #expect(goodCheck.standardError == goodBuild.standardError)
        #expect(site.exists("outbox/privacy/2/recipients.csv"))
    }

    @Test func checkTakesBuildsArguments() throws {
        let site = try Self.site()
        try site.write("documents/notes.txt", "keep me")
        let before = try Self.snapshot(site)
        let arguments = ["--as-of", "2024-03-02", "--output", "documents", "--correct", "privacy/1", "--reason", "Typo."]
        let environment = ["POLICYSITE_TOKEN_KEY": Self.key]
        let check = try CommandLineTool.run(["check"] + arguments, in: site.root, environment: environment)
        #expect(try Self.snapshot(site) == before)
        let build = try CommandLineTool.run(["build"] + arguments, in: site.root, environment: environment)
        #expect(check.status != 0 && build.status != 0)
        #expect(check.standardError == build.standardError)
        #expect(build.standardError.contains("/documents: error: "))
        #expect(try site.read("documents/notes.txt") == "keep me")
    }

    /// A folder nothing can be written into (immutable, which holds for root as well): build
    /// cannot make its staging folder beside an output there, and check said "No errors.".
    @Test func anOutputInAFolderThatCannotBeWrittenFailsBoth() throws {
        let site = try Self.site()
        let locked = site.root.appending(path: "locked")
        try FileManager.default.createDirectory(at: locked, withIntermediateDirectories: true)
        Self.setImmutable(locked, true)
        defer {
            Self.setImmutable(locked, false)
            withExtendedLifetime(site) {}
        }
        // Only where the folder really refuses (chattr needs root and a file system that has it).
        guard mkdir(locked.appending(path: "probe").path, 0o755) != 0 else {
            rmdir(locked.appending(path: "probe").path)
            return
        }
        for (output, expected) in [("locked/site", "cannot create a staging folder in \(locked.path): permission denied"),
                                   ("locked/deeper/site", "cannot create the folder \(locked.path)/deeper: permission denied")] {
            var options = site.options(asOf: "2024-03-02", output: output)
            options.tokenKey = Self.key
            let (check, build) = try checkThenBuild(site, options)
            #expect(check == build)
            #expect(build.map(\.message) == ["cannot create a staging folder beside the output: " + expected])
        }
    }

    /// `chattr +i` (root) and mode 0555 (anyone else), or both undone.
    static func setImmutable(_ folder: URL, _ immutable: Bool) {
        chmod(folder.path, immutable ? 0o555 : 0o755)
        guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/chattr") else { return }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/chattr")
        process.arguments = [immutable ? "+i" : "-i", folder.path]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return }
        process.waitUntilExit()
    }
}

import Foundation
import Testing

@Suite struct CommandLineTests {
    @Test func buildReportsEveryErrorCompilerStyleAndExitsNonZero() throws {
        let site = try TemporarySite([
            "policies/privacy/1.0.md": versionFile("version: \"1.0\"\neffective: 2010-02-30"),
            "policies/privacy/2.0.md": versionFile("effective: 2011-01-01"),
        ])
        let result = try CommandLineTool.run(["build", "--root", site.root.path, "--as-of", "2024-06-01"], in: site.root)
        #expect(result.status == 1)
        let lines = result.standardError.split(separator: "\n").map(String.init)
        #expect(lines.contains("\(site.root.path)/policies/privacy/1.0.md:3: error: 'effective' 2010-02-30 is not a real date"))
        #expect(lines.contains { $0.hasPrefix("\(site.root.path)/policies/privacy/2.0.md:2: error: missing 'version'") })
        #expect(lines.last == "2 errors; nothing was changed")
        #expect(!site.exists("site"))
    }

    @Test func buildSaysWhatItRecordedAndWhomItWillTell() throws {
        let site = try LockTests.site()
        let baseline = try CommandLineTool.run(["build", "--as-of", "2024-02-01"], in: site.root)
        #expect(baseline.standardOutput.contains("Recorded 1 published version in policysite.lock as the baseline; the first build sends no notices."))
        let key = String(repeating: "k", count: 32)
        let publishing = try CommandLineTool.run(["build", "--as-of", "2024-05-01"], in: site.root, environment: ["POLICYSITE_TOKEN_KEY": key])
        #expect(publishing.status == 0)
        #expect(publishing.standardOutput.contains("Recorded 1 published version as new in policysite.lock."))
        #expect(publishing.standardOutput.contains("Notice for privacy 2: 2 to tell, 0 skipped; see \(site.root.path)/outbox/privacy/2"))

        try site.write("policies/privacy/1.md", versionFile("version: \"1\"\neffective: 2024-01-01", body: "# Privacy\n\nWe keep little data.\n"))
        let withoutReason = try CommandLineTool.run(["build", "--as-of", "2024-05-02", "--correct", "privacy/1"], in: site.root)
        #expect(withoutReason.status != 0 && withoutReason.standardError.contains("--correct needs --reason"))
        let corrected = try CommandLineTool.run(["build", "--as-of", "2024-05-02", "--correct", "privacy/1", "--reason", "A typo."], in: site.root)
        #expect(corrected.status == 0 && corrected.standardOutput.contains("Updated policysite.lock; no new version."))
    }

    @Test func buildNamesFilesRelativeToTheRootAsTyped() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": "# no front matter\n"])
        let result = try CommandLineTool.run(["build", "--root", "."], in: site.root)
        #expect(result.status == 1)
        #expect(result.standardError.hasPrefix("policies/privacy/1.0.md:1: error: missing front matter"))
    }

    @Test func buildUsesSourceDateEpochWhenNoDayIsGiven() throws {
        let site = try TemporarySite([
            "policies/privacy/1.0.md": versionFile("version: \"1.0\"\neffective: 2010-01-01"),
            "policies/privacy/2.0.md": versionFile("version: \"2.0\"\neffective: 2010-03-01\npublished: 2010-01-30"),
        ])
        let before = try CommandLineTool.run(["build"], in: site.root, environment: ["SOURCE_DATE_EPOCH": "1264809599"])
        #expect(before.status == 0)
        #expect(before.standardOutput.contains("as of 2010-01-29"))
        #expect(!site.exists("site/privacy/versions/2.0/index.html"))
        let after = try CommandLineTool.run(["build"], in: site.root, environment: ["SOURCE_DATE_EPOCH": "1264809600"])
        #expect(after.status == 0)
        #expect(site.exists("site/privacy/versions/2.0/index.html"))
    }

    @Test func checkWritesNothing() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": versionFile("version: \"1.0\"\neffective: 2024-01-01")])
        let result = try CommandLineTool.run(["check", "--as-of", "2024-06-01"], in: site.root)
        #expect(result.status == 0)
        #expect(!site.exists("site"))
        let contents = try FileManager.default.contentsOfDirectory(atPath: site.root.path)
        #expect(Set(contents) == ["policysite.yml", "policies"])

        try site.write("policies/privacy/2.0.md", versionFile("version: \"2.0\"\neffective: 2024-02-01", body: "no title\n"))
        try site.write("policies/privacy/policy.yml", "order: first\n")
        let failing = try CommandLineTool.run(["check", "--as-of", "2024-06-01"], in: site.root)
        #expect(failing.status == 1)
        #expect(failing.standardError.contains("policies/privacy/policy.yml:1: error: 'order' must be a whole number"))
    }

    @Test func initCreatesASiteThatBuildsAtOnce() throws {
        let folder = try TemporarySite(withConfig: false)
        let created = try CommandLineTool.run(["init", "new-site"], in: folder.root)
        #expect(created.status == 0)
        let built = try CommandLineTool.run(["build", "--root", "new-site"], in: folder.root)
        #expect(built.status == 0, "\(built.standardError)")
        #expect(built.standardError.isEmpty)
        #expect(folder.exists("new-site/site/privacy/index.html"))
        #expect(folder.exists("new-site/site/assets/style.css"))
        let again = try CommandLineTool.run(["init", "new-site"], in: folder.root)
        #expect(again.status == 1)
        #expect(again.standardError.contains("a site is already here"))
    }

    /// init dates its version by the day it runs (here SOURCE_DATE_EPOCH's), and its settings for
    /// notices, commented out, turn on as its comment says: remove the '# ' of four lines.
    @Test func initDatesItsSiteByTodayAndItsCommentedSettingsTurnNoticesOn() throws {
        let folder = try TemporarySite(withConfig: false)
        let epoch = ["SOURCE_DATE_EPOCH": "1739534400"]  // 2025-02-14 12:00 UTC
        #expect(try CommandLineTool.run(["init", "new-site"], in: folder.root, environment: epoch).status == 0)
        #expect(try folder.read("new-site/policies/privacy/1.0.md").contains("\neffective: 2025-02-14\n"))
        let config = try folder.read("new-site/policysite.yml")
        for key in ["# users: users.csv", "# email:", "#   from: ", "#   unsubscribe_mailto: ", "#   unsubscribe_url: "] {
            #expect(config.contains("\n\(key)"), "\(key)")
        }
        let turnedOn = config.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            ["# users:", "# email:", "#   from:", "#   unsubscribe_mailto:"].contains { line.hasPrefix($0) } ? line.dropFirst(2) : line
        }.joined(separator: "\n")
        try folder.write("new-site/policysite.yml", turnedOn)
        try folder.write("new-site/users.csv", "id,email\n1,ada@example.com\n")
        let built = try CommandLineTool.run(["build", "--root", "new-site"], in: folder.root, environment: epoch)
        #expect(built.status == 0, "\(built.standardError)")
        #expect(built.standardError.isEmpty)
        try folder.write("new-site/policies/privacy/1.1.md", versionFile("version: \"1.1\"\npublished: 2025-02-14\neffective: 2025-03-17"))
        let notice = try CommandLineTool.run(["build", "--root", "new-site"], in: folder.root, environment: epoch)
        #expect(notice.standardOutput.contains("Notice for privacy 1.1: 1 to tell, 0 skipped"), "\(notice.standardOutput)\(notice.standardError)")
    }

    @Test func helpTeachesTheTool() throws {
        let folder = try TemporarySite(withConfig: false)
        let help = try CommandLineTool.run(["--help"], in: folder.root)
        #expect(help.status == 0)
        for word in ["build", "check", "init", "policysite.yml"] {
            #expect(help.standardOutput.contains(word))
        }
        let buildHelp = try CommandLineTool.run(["build", "--help"], in: folder.root)
        for option in ["--root", "--output", "--as-of", "SOURCE_DATE_EPOCH", "--jobs"] {
            #expect(buildHelp.standardOutput.contains(option))
        }
    }
}

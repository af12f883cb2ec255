import Foundation
@testable import PolicySiteBuild
@testable import PolicySiteModel
@testable import PolicySiteSupport
import Testing

/// Files that are not what they seem: a source with a second name (a hard link, possibly to a
/// notification list), and a users file or a lock that is a named pipe, a device or a folder.
/// Real hard links, real named pipes, real folders, in real temporary folders.
@Suite struct SourceFileKindTests {
    private static let userRow = "ada.secret@example.com,Ada Lovelace"
    private static let hardLinkMessage = "names (hard links); policysite reads only files with one name, so that a private file cannot be published under another; replace the link with a copy"

    /// A site with one policy and a users file, built once (its baseline), then given a second
    /// version, so that the next build writes a notice and reads the users file.
    private static func siteWithNoticeDue() throws -> TemporarySite {
        let site = try TemporarySite(["policies/privacy/1.0.md": versionFile("version: \"1.0\"\neffective: 2024-01-01")])
        try site.write("policysite.yml", "title: Test Site\nbase_url: https://example.com/legal/\nusers: users.csv\nemail:\n  unsubscribe_mailto: privacy@example.com\n")
        try site.write("users.csv", "email,name\n\(userRow)\n")
        try site.build(asOf: "2024-02-01")
        try site.write("policies/privacy/2.0.md", versionFile("version: \"2.0\"\neffective: 2024-04-15\npublished: 2024-03-01"))
        return site
    }

    private static func hardLink(_ site: TemporarySite, _ existing: String, as path: String) throws {
        let url = site.root.appending(path: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.linkItem(at: site.root.appending(path: existing), to: url)
    }

    /// The attack: a notification list hard-linked into the theme's assets went on the site.
    @Test func aHardLinkToANotificationListIsNotPublished() throws {
        let site = try Self.siteWithNoticeDue()
        try site.build(asOf: "2024-03-02")
        #expect(try site.read("outbox/privacy/2.0/recipients.csv").contains("ada.secret@example.com"))
        let before = try site.tree("site")
        try Self.hardLink(site, "outbox/privacy/2.0/recipients.csv", as: "themes/default/assets/r.txt")
        try Self.hardLink(site, "outbox/privacy/2.0/skipped.csv", as: "policies/privacy/policy.yml")
        let problems = site.buildProblems(asOf: "2024-03-03").filter(\.isError).map(\.description)
        #expect(problems == [
            "policies/privacy/policy.yml: error: this file has 2 \(Self.hardLinkMessage)",
            "themes/default/assets/r.txt: error: this file has 2 \(Self.hardLinkMessage)",
        ])
        #expect(try site.tree("site") == before)
        #expect(!site.exists("site/assets/r.txt"))
    }

    /// Any source with a second name is refused, wherever the other name is, and the settings too.
    @Test func everySourceWithASecondNameIsRefused() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": versionFile("version: \"1.0\"\neffective: 2024-01-01")])
        try Self.hardLink(site, "policies/privacy/1.0.md", as: "drafts/privacy-1.0.md")
        try Self.hardLink(site, "policies/privacy/1.0.md", as: "policies/terms/1.0.md")
        var problems = site.buildProblems().filter(\.isError).map(\.description)
        #expect(problems == [
            "policies/privacy/1.0.md: error: this file has 3 \(Self.hardLinkMessage)",
            "policies/terms/1.0.md: error: this file has 3 \(Self.hardLinkMessage)",
        ])
        #expect(!site.exists("site"))
        try site.remove("drafts/privacy-1.0.md")
        try site.remove("policies/terms")
        try Self.hardLink(site, SiteConfig.fileName, as: "backup.yml")
        problems = site.buildProblems().filter(\.isError).map(\.description)
        #expect(problems == ["policysite.yml: error: this file has 2 \(Self.hardLinkMessage)"])
    }

    /// A hard link to the lock keeps the message that says which private file it is.
    @Test func aHardLinkToTheLockSaysSo() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": versionFile("version: \"1.0\"\neffective: 2024-01-01")])
        try site.build()
        try Self.hardLink(site, PolicyLock.fileName, as: "themes/default/assets/lock.json")
        #expect(site.buildProblems().filter(\.isError).map(\.description) == [
            "themes/default/assets/lock.json: error: this is a hard link to the lock (policysite.lock), which is private and never goes on the site; remove it",
        ])
    }

    @Test func aNamedPipeAsTheUsersFileDoesNotHangCheckOrBuild() throws {
        let site = try Self.siteWithNoticeDue()
        try site.remove("users.csv")
        #expect(mkfifo(site.root.appending(path: "users.csv").path, 0o644) == 0)
        let lock = try site.read(PolicyLock.fileName)
        for command in ["check", "build"] {
            let result = try CommandLineTool.runEndingAfter(30, [command, "--as-of", "2024-03-02"], in: site.root)
            #expect(result.status == 1)
            #expect(result.standardError.contains("users.csv: error: this is a named pipe (FIFO), not a file; point 'users' in policysite.yml at the CSV file of your users\n"), "\(result.standardError)")
        }
        #expect(try site.read(PolicyLock.fileName) == lock)
        #expect(!site.exists("outbox"))
    }

    @Test func aFolderOrADeviceAsTheUsersFileSaysWhatToDo() throws {
        let site = try Self.siteWithNoticeDue()
        try site.remove("users.csv")
        try FileManager.default.createDirectory(at: site.root.appending(path: "users.csv"), withIntermediateDirectories: false)
        #expect(site.buildProblems(asOf: "2024-03-02").map(\.description) == [
            "users.csv: error: this is a folder, not a file; point 'users' in policysite.yml at the CSV file of your users",
        ])
        try site.remove("users.csv")
        try FileManager.default.createSymbolicLink(atPath: site.root.appending(path: "users.csv").path, withDestinationPath: "/dev/zero")
        #expect(site.buildProblems(asOf: "2024-03-02").map(\.description) == [
            "users.csv: error: this is a device, not a file; point 'users' in policysite.yml at the CSV file of your users",
        ])
        try site.remove("users.csv")
        #expect(site.buildProblems(asOf: "2024-03-02").map(\.description) == [
            "users.csv: error: cannot read the users file: no such file or folder; point 'users' in policysite.yml at the CSV file of your users",
        ])
        #expect(!site.exists("outbox"))
    }

    /// A users file may be a link to a regular file elsewhere (a secret mounted in CI).
    @Test func aUsersFileLinkedFromOutsideTheRootIsRead() throws {
        let site = try Self.siteWithNoticeDue()
        let secrets = try TemporarySite(["users.csv": "email,name\n\(Self.userRow)\n"], withConfig: false)
        try site.remove("users.csv")
        try FileManager.default.createSymbolicLink(atPath: site.root.appending(path: "users.csv").path, withDestinationPath: secrets.root.appending(path: "users.csv").path)
        try site.build(asOf: "2024-03-02")
        #expect(try site.read("outbox/privacy/2.0/recipients.csv").contains("ada.secret@example.com"))
    }

    @Test func aLockThatIsNotAFileIsRefusedInWords() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": versionFile("version: \"1.0\"\neffective: 2024-01-01")])
        let lock = site.root.appending(path: PolicyLock.fileName)
        let advice = "the lock is the record of what was published and notified: move this away and restore policysite.lock from version control (git checkout policysite.lock), or remove it before a site's first build"
        try FileManager.default.createDirectory(at: lock, withIntermediateDirectories: false)
        #expect(site.buildProblems().map(\.description) == ["policysite.lock: error: this is a folder, not a file; \(advice)"])
        try site.remove(PolicyLock.fileName)
        try FileManager.default.createSymbolicLink(atPath: lock.path, withDestinationPath: "/dev/zero")
        #expect(site.buildProblems().map(\.description) == ["policysite.lock: error: this is a device, not a file; \(advice)"])
        try site.remove(PolicyLock.fileName)
        #expect(mkfifo(lock.path, 0o644) == 0)
        for command in ["check", "build"] {
            let result = try CommandLineTool.runEndingAfter(30, [command, "--as-of", "2024-06-01"], in: site.root)
            #expect(result.status == 1)
            #expect(result.standardError.contains("policysite.lock: error: this is a named pipe (FIFO), not a file; \(advice)\n"), "\(result.standardError)")
        }
        #expect(!site.exists("site"))
    }

    /// `policies` as a file is one error, not a warning and a list of versions gone from the lock.
    @Test func policiesAsAFileIsOneError() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": versionFile("version: \"1.0\"\neffective: 2024-01-01")])
        try site.build()
        let lock = try site.read(PolicyLock.fileName)
        try site.remove("policies")
        try site.write("policies", "privacy\n")
        #expect(site.buildProblems().map(\.description) == [
            "policies: error: this is a file, not a folder; policies/ holds a folder for each policy: move this file away and create the folder policies/",
        ])
        #expect(try site.read(PolicyLock.fileName) == lock)
    }

    /// A private file or folder that lies in a theme without any link is not said to be reached
    /// through one, and the output folder there is one error.
    @Test func privatePlacesInAThemeWithoutALinkSayWhatToDo() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": versionFile("version: \"1.0\"\neffective: 2024-01-01")])
        try site.write("themes/default/assets/style.css", "body {}\n")
        let output = site.root.appending(path: "themes/default/assets")
        #expect(site.buildProblems(site.options(output: "themes/default/assets")).map(\.description) == [
            "\(output.path): error: the output folder lies inside themes/; choose a folder such as 'site'",
        ])
        try site.write("themes/default/assets/u.csv", "email,name\n\(Self.userRow)\n")
        try site.write("policysite.yml", "title: Test Site\nbase_url: https://example.com/legal/\nusers: themes/default/assets/u.csv\nemail:\n  unsubscribe_mailto: privacy@example.com\n")
        #expect(site.buildProblems().map(\.description) == [
            "themes/default/assets/u.csv: error: this is the users file, which is private and never goes on the site, yet lies among its sources; move it out of policies/ and themes/, and point 'users' in policysite.yml at its new place",
        ])
        #expect(!site.exists("site"))
    }

    /// Asset and policy names that are not UTF-8 were dropped silently; names with control
    /// characters were copied as they were. Each is now an error naming it with escapes.
    @Test func namesThatAreNotPrintableUTF8AreRefusedByName() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": versionFile("version: \"1.0\"\neffective: 2024-01-01")])
        try site.write("themes/default/assets/ok.css", "body {}\n")
        let assets = Array(site.root.appending(path: "themes/default/assets").path.utf8)
        let names: [[UInt8]] = [[0x6C, 0x6F, 0x67, 0x6F, 0xFF, 0x2E, 0x70, 0x6E, 0x67], Array("a\u{1B}[2Jb.css".utf8), Array("new\nline.css".utf8),
                                Array("del\u{7F}.css".utf8), Array("c1\u{85}.css".utf8), Array("tab\t.css".utf8)]
        for name in names {
            let path = assets + [UInt8(ascii: "/")] + name + [0]
            let descriptor = path.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_EXCL, 0o644) }
            }
            #expect(descriptor >= 0)
            close(descriptor)
        }
        try FileManager.default.createDirectory(at: site.root.appending(path: "policies/pri\u{1B}vacy"), withIntermediateDirectories: true)
        let advice = "this name is not printable UTF-8 text (shown here with escapes); a source's name goes into the site's addresses and into messages: rename it, using printable characters only"
        let problems = site.buildProblems().map(\.description)
        #expect(problems == [
            "policies/pri\\u{1B}vacy: error: \(advice)",
            "themes/default/assets/a\\u{1B}[2Jb.css: error: \(advice)",
            "themes/default/assets/c1\\u{85}.css: error: \(advice)",
            "themes/default/assets/del\\u{7F}.css: error: \(advice)",
            "themes/default/assets/logo\\x{FF}.png: error: \(advice)",
            "themes/default/assets/new\\u{A}line.css: error: \(advice)",
            "themes/default/assets/tab\\u{9}.css: error: \(advice)",
        ], "\(problems)")
        #expect(!site.exists("site"))
    }

    /// 'é' is a letter, but not one a URL segment keeps: the message says ASCII.
    @Test func aLabelWithoutASCIILettersOrDigitsSaysASCII() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": versionFile("version: \"ééé\"\neffective: 2024-01-01")])
        #expect(site.buildProblems().map(\.description) == [
            "policies/privacy/1.0.md:2: error: the version label 'ééé' gives no usable URL segment: it needs an ASCII letter or digit (a-z, A-Z, 0-9) for its URL segment, since other characters are left out of the URL, and must not start with '.'",
        ])
    }

    /// A version file with CR-only line ends says so, instead of only "missing front matter".
    @Test func aVersionWithCarriageReturnLineEndsSaysSo() throws {
        let site = try TemporarySite(["policies/privacy/1.0.md": versionFile("version: \"1.0\"\neffective: 2024-01-01").replacingOccurrences(of: "\n", with: "\r")])
        #expect(site.buildProblems().map(\.description) == [
            "policies/privacy/1.0.md:1: error: missing front matter: the lines of this file end in a carriage return alone (old Mac line endings), so its opening '---' line runs on; save it with LF or CRLF line endings",
        ])
    }

    /// The other messages of the attack report now say what to do.
    @Test func messagesSayWhatToDo() throws {
        let site = try TemporarySite([
            "policies/privacy/1.0.md": versionFile("version: \"1.0\"\neffective: 2024-01-01"),
            "policies/Terms/1.0.md": versionFile("version: \"1.0\"\neffective: 2024-01-01"),
        ])
        try site.write("policysite.yml", "title: T\nbase_url: https://example.com/\noutbox: site/outbox\nusers: users.csv\nemail:\n  unsubscribe_mailto: u@example.com\n")
        try site.write("users.csv", "email\n")
        var problems = site.buildProblems().map(\.description)
        #expect(problems.contains("policies/Terms: error: the policy folder name 'Terms' must be lower-case letters, digits and dashes, starting with a letter or digit; rename the folder (its name is the policy's address on the site, such as 'privacy' or 'terms-of-service')"), "\(problems)")
        try site.remove("policies/Terms")
        problems = site.buildProblems().map(\.description)
        #expect(problems == ["policysite.yml:3: error: the outbox (site/outbox) and the output folder must not contain each other: notification lists are private and never go on the site; set 'outbox' and the output folder ('output', or --output) to two separate folders, such as 'outbox' and 'site'"])
    }

    /// A name that is not UTF-8 (Latin-1) is told with a warning, once for the file, instead of
    /// being replaced in silence.
    @Test func aUsersFileNameThatIsNotUTF8IsWarnedOf() throws {
        let site = try Self.siteWithNoticeDue()
        try site.write("users.csv", Data("email,name\nada@example.com,Ren".utf8) + Data([0xE9]) + Data("\nbob@example.com,Bob\ncy@example.com,Andr".utf8) + Data([0xE9, 0x0A]))
        let report = try site.build(asOf: "2024-03-02")
        #expect(report.diagnostics.map(\.description) == [
            "users.csv:2: warning: the name on this line (and on 1 more line) is not UTF-8 text; its bad bytes become '\u{FFFD}' in the notification lists and the emails: save the users file as UTF-8",
        ])
        #expect(try site.read("outbox/privacy/2.0/recipients.csv").contains("bob@example.com,Bob"))
    }
}

import Foundation
@testable import PolicySiteBuild
@testable import PolicySiteModel
import Testing

/// `policysite.lock` (SPEC section 3): a run of builds across `--as-of` days, as a daily
/// scheduled build would make them.
@Suite struct LockTests {
    /// One policy: version 1 in effect from 2024-01-01, version 2 published on 2024-05-01.
    static func site(users: Bool = true) throws -> TemporarySite {
        let site = try TemporarySite()
        try site.write("policysite.yml", "title: Test Site\nbase_url: https://example.com/legal/\n" + (users ? "users: users.csv\nemail:\n  unsubscribe_mailto: unsubscribe@example.com\n" : ""))
        try site.write("users.csv", "email,name\nada@example.com,Ada\ngrace@example.com,Grace\n")
        try site.write("policies/privacy/1.md", versionFile("version: \"1\"\neffective: 2024-01-01", body: "# Privacy\n\nWe keep little.\n"))
        try site.write("policies/privacy/2.md", versionFile("version: \"2\"\neffective: 2024-06-15\npublished: 2024-05-01",
                                                            body: "# Privacy\n\nWe keep very little.\n"))
        return site
    }

    func lock(_ site: TemporarySite) throws -> PolicyLock {
        try LockFile.decode(Data(site.read(PolicyLock.fileName).utf8), displayPath: "")
    }

    /// What a failed build must leave as it was.
    func state(_ site: TemporarySite) throws -> [String: Data] {
        var files = try site.tree("site").merging(site.tree("outbox").mapKeys { "outbox/" + $0 }) { $1 }
        files[PolicyLock.fileName] = try Data(contentsOf: site.root.appending(path: PolicyLock.fileName))
        return files
    }

    @Test func theFirstBuildRecordsTheBaselineAndTellsNobody() throws {
        let site = try Self.site()
        let report = try site.build(asOf: "2024-02-01")
        #expect(report.lock.isBaseline && report.lock.recorded == 1 && report.notices.isEmpty)
        #expect(!site.exists("outbox"))
        let entry = try #require(try lock(site)["privacy", "1"])
        #expect(entry.notice == .baseline && entry.recorded == CalendarDay(iso: "2024-02-01"))
        #expect(try lock(site)["privacy", "2"] == nil, "a scheduled version is not recorded")
        let again = try site.build(asOf: "2024-02-01")
        #expect(!again.lock.isBaseline && !again.lock.isChanged && again.notices.isEmpty)
    }

    @Test func aScheduledVersionGetsExactlyOneNoticeOnTheDayItIsPublished() throws {
        let site = try Self.site()
        try site.build(asOf: "2024-02-01")
        #expect(try site.build(asOf: "2024-04-30").notices.isEmpty)
        let publishing = try site.build(asOf: "2024-05-01")
        #expect(publishing.notices.map(\.version) == ["2"] && publishing.notices.first?.counts.recipients == 2)
        let entry = try #require(try lock(site)["privacy", "2"])
        #expect(entry.notice == .outbox && entry.recorded == CalendarDay(iso: "2024-05-01") && entry.published == CalendarDay(iso: "2024-05-01"))
        let written = try state(site)
        for day in ["2024-05-02", "2024-06-15", "2025-01-01"] {
            #expect(try site.build(asOf: day).notices.isEmpty, "a second notice on \(day)")
        }
        #expect(try state(site).filter { $0.key.hasPrefix("outbox/") } == written.filter { $0.key.hasPrefix("outbox/") })
    }

    @Test func anEditToAPublishedVersionIsAnErrorThatChangesNothing() throws {
        let site = try Self.site()
        try site.build(asOf: "2024-02-01")
        try site.build(asOf: "2024-05-01")
        let before = try state(site)

        try site.write("policies/privacy/1.md", versionFile("version: \"1\"\neffective: 2024-01-01", body: "# Privacy\n\nWe keep nothing.\n"))
        let bodyProblems = site.buildProblems(asOf: "2024-05-02")
        #expect(bodyProblems.count == 1)
        #expect(bodyProblems.first?.description.hasPrefix("policies/privacy/1.md:5: error: version 1 was published on 2024-01-01 and is recorded in policysite.lock, and its text (SHA-256") == true)
        #expect(bodyProblems.first?.message.contains("policysite build --correct privacy/1 --reason") == true)
        #expect(try state(site) == before)

        try site.write("policies/privacy/1.md", versionFile("version: \"1\"\neffective: 2024-01-01", body: "# Privacy\n\nWe keep little.\n"))
        try site.write("policies/privacy/2.md", versionFile("version: \"2\"\neffective: 2024-07-01\npublished: 2024-05-01\nmaterial: false",
                                                            body: "# Privacy\n\nWe keep very little.\n"))
        let dayProblems = site.buildProblems(asOf: "2024-05-02").map(\.description)
        #expect(dayProblems.count == 1)
        #expect(dayProblems.first?.hasPrefix("policies/privacy/2.md:3: error: version 2 was published on 2024-05-01") == true)
        #expect(dayProblems.first?.contains("its effective day (2024-06-15, now 2024-07-01), its materiality (true, now false) changed") == true)
        #expect(try state(site) == before)
    }

    @Test func aCorrectionIsRecordedShownAndTellsNobody() throws {
        let site = try Self.site()
        try site.build(asOf: "2024-05-01")
        let outbox = try site.tree("outbox")
        try site.write("policies/privacy/1.md", versionFile("version: \"1\"\neffective: 2024-01-01", body: "# Privacy\n\nWe keep little data.\n"))
        var options = site.options(asOf: "2024-05-03")
        options.corrections = [try #require(CorrectionRequest(target: "privacy/1", reason: "A typo: 'data' was missing."))]
        let report = try SiteBuilder.build(options)
        #expect(report.notices.isEmpty && report.lock.isChanged && report.lock.recorded == 0)
        #expect(try site.tree("outbox") == outbox)

        let entry = try #require(try lock(site)["privacy", "1"])
        #expect(entry.corrections.count == 1)
        #expect(entry.corrections.first?.changed == ["body"] && entry.corrections.first?.day == CalendarDay(iso: "2024-05-03"))
        #expect(entry.sha256 != entry.corrections.first?.previousSHA256)
        let page = try site.read("site/privacy/versions/1/index.html")
        #expect(page.contains("Corrected on <time datetime=\"2024-05-03\">May 3, 2024</time>:</strong> A typo: &#39;data&#39; was missing."))
        #expect(try site.read("site/policies.json").contains("\"reason\" : \"A typo: 'data' was missing.\""))
        #expect(try site.build(asOf: "2024-05-04").lock.isChanged == false, "the correction is recorded once")

        // A correction that corrects nothing, or names no version, is an error.
        options.corrections = [try #require(CorrectionRequest(target: "privacy/1", reason: "again")),
                               try #require(CorrectionRequest(target: "privacy/9", reason: "no such"))]
        let messages = site.buildProblems(options).map(\.message)
        #expect(messages.contains { $0.hasPrefix("--correct privacy/1: the version matches policysite.lock; there is nothing to correct") })
        #expect(messages.contains { $0.hasPrefix("--correct privacy/9: no version '9'") })
    }

    @Test func aRecordedVersionWhoseFileIsGoneIsAnError() throws {
        let site = try Self.site()
        try site.build(asOf: "2024-05-01")
        let before = try state(site)
        try site.remove("policies/privacy/2.md")
        let problems = site.buildProblems(asOf: "2024-05-02").map(\.description)
        let line = try #require(LockFile.line(of: "privacy", "2", in: Data(site.read(PolicyLock.fileName).utf8)))
        #expect(problems == ["policysite.lock:\(line): error: privacy/2 was published (version 2), and policies/privacy/ has no version with that label any more: restore its file; a published version stays on the site"])
        #expect(try site.read(PolicyLock.fileName).components(separatedBy: "\n")[line - 1].contains("\"2\" : {"))
        #expect(try state(site) == before)
    }

    @Test func theLockIsStableSortedJSON() throws {
        let site = try Self.site()
        try site.build(asOf: "2024-05-01")
        let bytes = Data(try site.read(PolicyLock.fileName).utf8)
        #expect(try LockFile.encode(lock(site)) == bytes, "reading and writing the lock changes nothing")
        let keys = try site.read(PolicyLock.fileName).components(separatedBy: "\n").compactMap { line -> String? in
            line.hasPrefix("        \"") ? line.trimmingCharacters(in: .whitespaces).components(separatedBy: "\"")[1] : nil
        }
        #expect(keys.prefix(7) == ["effective", "material", "notice", "published", "recorded", "sha256", "version"])
        let other = try Self.site()
        try other.build(asOf: "2024-05-01")
        #expect(try other.read(PolicyLock.fileName) == site.read(PolicyLock.fileName), "same sources and day, same lock")

        try site.write(PolicyLock.fileName, "{ \"format\": 1, \"policies\": { \"privacy\": { \"1\": { \"version\": \"1\" } } } }")
        #expect(site.buildProblems(asOf: "2024-05-02").map(\.description).first?.hasPrefix("policysite.lock:1: error: the lock lacks 'sha256' in the entry of privacy/1;") == true)
        try site.write(PolicyLock.fileName, "{ not json")
        #expect(site.buildProblems(asOf: "2024-05-02").first?.message.hasPrefix("the lock is not valid JSON") == true)
    }

    @Test func aNoticeWrittenByAnInterruptedBuildIsKeptNotWrittenTwice() throws {
        let site = try Self.site()
        try site.build(asOf: "2024-02-01")
        let baseline = try site.read(PolicyLock.fileName)
        try site.build(asOf: "2024-05-01")
        let outbox = try site.tree("outbox")
        // As if the build had been killed after moving the notice in and before renaming the lock.
        try site.write(PolicyLock.fileName, baseline)
        let report = try site.build(asOf: "2024-05-01")
        #expect(report.notices.isEmpty && report.lock.keptNotices == 1 && report.lock.recorded == 1)
        #expect(report.diagnostics.contains { $0.path == "outbox/privacy/2" && $0.message.hasPrefix("an earlier build wrote this notice") })
        #expect(try site.tree("outbox") == outbox)
        #expect(try lock(site)["privacy", "2"]?.notice == .outbox)

        // A different notice in the way is an error, not overwritten.
        try site.write(PolicyLock.fileName, baseline)
        try site.write("outbox/privacy/2/notice.json", "{}")
        #expect(site.buildProblems(asOf: "2024-05-01").contains { $0.isError && $0.path == "outbox/privacy/2" })
    }

    @Test func withoutAUsersFileNewVersionsAreRecordedWithoutAList() throws {
        let site = try Self.site(users: false)
        try site.build(asOf: "2024-02-01")
        let report = try site.build(asOf: "2024-05-01")
        #expect(report.notices.isEmpty && report.lock.recorded == 1 && !report.lock.hasUsersFile)
        #expect(try lock(site)["privacy", "2"]?.notice == .noUsersFile)
        #expect(!site.exists("outbox"))
    }

    @Test func aNewVersionWithoutItsUsersFileIsAnError() throws {
        let site = try Self.site()
        try site.build(asOf: "2024-02-01")
        try site.remove("users.csv")
        #expect(site.buildProblems(asOf: "2024-05-01").map(\.description).first?.hasPrefix("users.csv: error:") == true)
        #expect(try lock(site)["privacy", "2"] == nil, "the version waits for its notice")
    }
}

private extension Dictionary where Key == String {
    func mapKeys(_ transform: (String) -> String) -> [String: Value] {
        Dictionary(uniqueKeysWithValues: map { (transform($0.key), $0.value) })
    }
}

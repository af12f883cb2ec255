import Crypto
import Foundation
@testable import PolicySiteBuild
@testable import PolicySiteMail
@testable import PolicySiteNotices
@testable import PolicySiteSupport
import Testing

/// Issue 11, case 3 (and the messages of case 18): nothing passes silently between build and
/// notify. No recipient is a warning; a damaged outbox is an error before anything is sent
/// (build records each list's rows and SHA-256 in notice.json, notify checks them); one address
/// is never sent one notice twice.
@Suite struct OutboxCheckTests {
    static let config = "title: Test Site\nbase_url: https://example.com/legal/\nusers: users.csv\n"
        + "email:\n  from: Legal <legal@example.com>\n  unsubscribe_mailto: unsubscribe@example.com\n"

    /// Privacy 2 (material) and terms 2 (editorial) in the outbox: Ada is told of privacy 2,
    /// Grace (who asked for every change) of both.
    static func site(users: String = "email,name,notify\nada@example.com,Ada,\ngrace@example.com,Grace,all\n") throws -> (TemporarySite, BuildReport) {
        let site = try NotificationListTests.site(users: Data(users.utf8), unsubscribeURL: false)
        try site.write("policysite.yml", config)
        try site.build(asOf: "2024-02-01")
        return (site, try site.build(asOf: "2024-03-02"))
    }

    /// A notify run into a Maildir: its problems (none when it succeeds) and how many messages arrived.
    static func send(_ site: TemporarySite) -> (problems: [Diagnostic], statuses: [NoticeStatus], messages: Int) {
        let maildir = site.root.appending(path: "Maildir")
        var problems: [Diagnostic] = []
        var statuses: [NoticeStatus] = []
        do {
            statuses = try Notifier.send(NotifyOptions(paths: site.paths, delivery: .maildir(maildir), now: { Date(timeIntervalSince1970: 1_709_337_600) }))
        } catch {
            problems = error.diagnostics
        }
        let messages = (try? FileManager.default.contentsOfDirectory(atPath: maildir.appending(path: "new").path).count) ?? 0
        return (problems, statuses, messages)
    }

    @Test func buildRecordsEachListsRowsAndHashAndKeepsEveryOtherKey() throws {
        let (site, report) = try Self.site()
        let data = try Data(contentsOf: site.root.appending(path: "outbox/privacy/2/notice.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(json.keys) == ["format", "policy", "policy_title", "title", "version", "segment", "previous_version", "published", "effective",
                                   "material", "notice_waived", "summary", "sha256", "version_url", "changes_url", "changes", "counts", "lists",
                                   "starting_versions", "translations"])
        let lists = try #require(json["lists"] as? [String: [String: Any]])
        for (name, rows) in [("recipients.csv", 2), ("skipped.csv", 0), ("starting-versions.csv", 2)] {
            let bytes = try Data(contentsOf: site.root.appending(path: "outbox/privacy/2/\(name)"))
            #expect(lists[name]?["rows"] as? Int == rows, "\(name)")
            #expect(lists[name]?["sha256"] as? String == SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined(), "\(name)")
        }
        #expect(report.notices.first { $0.policy == "privacy" }?.lists?["recipients.csv"]?.rows == 2)
        let intact = Self.send(site)
        #expect(intact.problems.isEmpty && intact.messages == 3, "\(intact.problems)")
    }

    @Test func aUsersFileWithOnlyAHeaderIsAWarningAtBuildAndAtNotify() throws {
        let (site, report) = try Self.site(users: "email,name\n")
        let warnings = report.diagnostics.filter { !$0.isError && $0.message.hasPrefix("nobody is told of") }.map(\.description)
        #expect(warnings == ["users.csv: warning: nobody is told of privacy version 2: the users file has no users; the notice is written with no recipients",
                             "users.csv: warning: nobody is told of terms version 2: the users file has no users; the notice is written with no recipients"])
        let statuses = try Notifier.send(NotifyOptions(paths: site.paths, delivery: .dryRun))
        #expect(statuses.flatMap(\.warnings).map(\.description) == [
            "outbox/privacy/2/recipients.csv: warning: no recipients: nobody is told of privacy version 2",
            "outbox/terms/2/recipients.csv: warning: no recipients: nobody is told of terms version 2",
        ])
    }

    @Test func everyUserSkippedIsAWarningToo() throws {
        let (_, report) = try Self.site(users: "email,notify\nada@example.com,none\n")
        #expect(report.diagnostics.contains { $0.description == "users.csv: warning: nobody is told of privacy version 2: all 1 users are skipped (skipped.csv of the notice says why for each); the notice is written with no recipients" })
    }

    @Test func aNoticeFolderWithoutNoticeJSONIsAnErrorAndNothingIsSent() throws {
        let (site, _) = try Self.site()
        try site.remove("outbox/privacy/2/notice.json")
        let run = Self.send(site)
        #expect(run.problems.map(\.description) == ["outbox/privacy/2: error: the folder has no notice.json, so notify cannot tell what this notice is and sends nothing; restore the folder from a backup of the outbox, or move it out of the outbox if it is not a notice that build wrote"])
        #expect(run.messages == 0, "the run stops: the intact terms notice is not sent either")
        #expect(!site.exists("outbox/ledger.sqlite"), "the ledger is not touched")
    }

    @Test(arguments: ["", "email,name,locale,unsubscribe_url\r\n", "email,name,locale,unsubscribe_url\r\nada@example.com,Ada,,\r\n"])
    func anEmptiedOrCutListIsAnErrorAndNothingIsSent(_ content: String) throws {
        let (site, _) = try Self.site()
        try site.write("outbox/privacy/2/recipients.csv", content)
        let run = Self.send(site)
        let rows = content.components(separatedBy: "\r\n").count - 2
        #expect(run.problems.map(\.description) == ["outbox/privacy/2/recipients.csv: error: the list has \(max(0, rows)) rows, but notice.json records 2: it was changed after build wrote it; nothing of this notice is sent until its lists are as build wrote them; restore outbox/privacy/2 from a backup of the outbox"])
        #expect(run.messages == 0)
    }

    @Test func aRowTwiceIsAnErrorAndNothingIsSent() throws {
        let (site, _) = try Self.site()
        let list = try site.read("outbox/privacy/2/recipients.csv")
        try site.write("outbox/privacy/2/recipients.csv", list + "ada@example.com,Ada,,\r\n")
        let run = Self.send(site)
        #expect(run.problems.count == 1 && run.problems.first?.message.hasPrefix("the list has 3 rows, but notice.json records 2") == true, "\(run.problems)")
        #expect(run.messages == 0)
        // The same number of rows, but not the same bytes.
        try site.write("outbox/privacy/2/recipients.csv", list.replacingOccurrences(of: "grace@example.com", with: "ada@example.com"))
        #expect(Self.send(site).problems.first?.message.hasPrefix("the list is not the one build wrote (its SHA-256 differs") == true)
    }

    /// A list that is no longer a file is worded as every reader of a CSV file words it
    /// (`CSVFile`), and opening it does not wait for a writer.
    @Test func aListThatIsANamedPipeSaysWhatItIsAndNothingIsSent() throws {
        let (site, _) = try Self.site()
        let list = site.root.appending(path: "outbox/privacy/2/recipients.csv")
        try site.remove("outbox/privacy/2/recipients.csv")
        #expect(mkfifo(list.path, 0o600) == 0)
        let run = Self.send(site)
        #expect(run.problems.map(\.description) == ["outbox/privacy/2/recipients.csv: error: this is a named pipe (FIFO), not a file; nothing of this notice is sent; restore outbox/privacy/2 from a backup of the outbox"])
        #expect(run.messages == 0)
    }

    /// A ledger that is not a database is one problem at its path, in words, with what to do;
    /// nothing is sent, and `--status` says the same.
    @Test func aDamagedLedgerIsOneProblemInWords() throws {
        let (site, _) = try Self.site()
        try site.write("outbox/ledger.sqlite", String(repeating: "not a database\n", count: 400))
        let expected = ["outbox/ledger.sqlite: error: the ledger cannot be used: the file is not a SQLite database; restore it from a backup, since it is the record of what was sent"]
        let run = Self.send(site)
        #expect(run.problems.map(\.description) == expected)
        #expect(run.messages == 0)
        #expect(throws: NotifyFailure.self) { try Notifier.status(site.paths) }
        do {
            _ = try Notifier.status(site.paths)
        } catch {
            #expect(error.diagnostics.map(\.description) == expected)
        }
    }

    @Test func aMissingListSaysWhatIsWrongAndWhatToDo() throws {
        let (site, _) = try Self.site()
        try site.remove("outbox/terms/2/skipped.csv")
        let run = Self.send(site)
        #expect(run.problems.map(\.description) == ["outbox/terms/2/skipped.csv: error: the list is missing; nothing of this notice is sent until its lists are as build wrote them; restore outbox/terms/2 from a backup of the outbox"])
        #expect(run.messages == 0)
    }

    @Test(arguments: ["{\"format\": 1", "{}", "[]", "{\"format\": \"one\"}"])
    func aDamagedNoticeJSONSaysWhatIsWrongInWords(_ content: String) throws {
        let (site, _) = try Self.site()
        try site.write("outbox/privacy/2/notice.json", content)
        let run = Self.send(site)
        let message = try #require(run.problems.first?.description)
        #expect(message.hasPrefix("outbox/privacy/2: error: ") && message.contains("notice.json"))
        for internalName in ["DecodingError", "dataCorrupted", "keyNotFound", "CodingKeys", "couldn’t", "Error Domain"] {
            #expect(!message.contains(internalName), "\(message)")
        }
        #expect(run.messages == 0)
    }

    /// A notice written before build recorded its lists, whose list has one address in both
    /// forms of its domain: notify warns with the line, imports it once and sends it once.
    @Test func aListFromAnEarlierBuildSendsEachAddressOnce() throws {
        let (site, _) = try Self.site()
        try site.remove("outbox/terms/2")
        let folder = site.root.appending(path: "outbox/privacy/2")
        var notice = try NoticeFile.read(from: folder)
        notice.lists = nil
        try NoticeFile.write(notice, to: folder)
        try site.write("outbox/privacy/2/recipients.csv",
                       "email,name,locale,unsubscribe_url\r\nuser@bücher.example,A,,\r\nUSER@xn--bcher-kva.example,B,,\r\nada@example.com,Ada,,\r\n")
        let run = Self.send(site)
        #expect(run.problems.isEmpty, "\(run.problems)")
        #expect(run.messages == 2)
        #expect(run.statuses.flatMap(\.warnings).map(\.description) == [
            "outbox/privacy/2/notice.json: warning: has no 'lists' (it was written by an earlier policysite), so its lists cannot be checked against it; check that recipients.csv is whole before sending",
            "outbox/privacy/2/recipients.csv:3: warning: an earlier row has the same address (compared without case, with the domain in its ASCII form); it is sent once, not twice",
        ])
        let ledger = try DeliveryLedger(outbox: site.root.appending(path: "outbox"))
        #expect(try ledger.counts(notice: "privacy/2") == [.sent: 2])
    }

    @Test func theLedgerImportKeysRowsByTheNormalisedAddress() throws {
        let site = try TemporarySite()
        let ledger = try DeliveryLedger(outbox: site.root.appending(path: "outbox"))
        // A list as an older build could have written it: one user's address in two forms each.
        try site.write("recipients.csv", "email,name,locale,unsubscribe_url\r\nuser@xn--bcher-kva.example,,,\r\nUser@bücher.example,,,\r\nada@example.com,,,\r\nADA@EXAMPLE.COM,,,\r\n")
        let file = RecipientsList(url: site.root.appending(path: "recipients.csv"))
        let skipped = try ledger.importNotice("privacy/2", recipients: { add in try file.forEach(add) }, at: Date(timeIntervalSince1970: 0))
        #expect(skipped == [3, 5])
        #expect(try ledger.counts(notice: "privacy/2") == [.pending: 2])
    }
}

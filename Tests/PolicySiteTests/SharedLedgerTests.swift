import Foundation
@testable import PolicySiteBuild
@testable import PolicySiteMail
@testable import PolicySiteModel
@testable import PolicySiteSupport
import Testing

/// The delivery ledger in PostgreSQL (`ledger: postgres://...`) that several `notify` processes
/// share, against the real server that scripts/test starts and real `policysite notify`
/// processes writing into Maildirs: each recipient gets exactly one message from two workers at
/// once, and a worker killed with SIGKILL mid-run loses nobody and sends again at most its
/// `--parallel` messages once its lease has ended.
@Suite struct SharedLedgerTests {
    /// A site whose build wrote a notice of `count` recipients, with the ledger in `database`.
    static func site(users count: Int, ledger database: TestPostgres) throws -> TemporarySite {
        var users = "email,name\r\n"
        for index in 1...count { users += "user\(index)@example.com,User \(index)\r\n" }
        let site = try NotificationListTests.site(users: Data(users.utf8), unsubscribeURL: false)
        try site.write("policysite.yml", """
            title: Test Site
            base_url: https://example.com/legal/
            users: users.csv
            ledger: \(database.url)
            email:
              from: Legal <legal@example.com>
              unsubscribe_mailto: unsubscribe@example.com

            """)
        _ = try SiteBuilder.build(site.options(asOf: "2024-02-01"))
        _ = try SiteBuilder.build(site.options(asOf: "2024-03-02"))
        return site
    }

    /// Starts `policysite notify` into the Maildir `folder` of the site.
    static func startNotify(_ site: TemporarySite, maildir folder: String, _ extra: [String] = []) throws -> Process {
        let process = Process()
        process.executableURL = CommandLineTool.executable
        process.arguments = ["notify", "--maildir", site.root.appending(path: folder).path, "--parallel", "4"] + extra
        process.currentDirectoryURL = site.root
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// The Message-ID of every message in the Maildirs, one entry per file.
    static func messageIDs(_ site: TemporarySite, _ folders: [String]) throws -> [String] {
        var ids: [String] = []
        for folder in folders {
            let new = site.root.appending(path: "\(folder)/new")
            for name in (try? FileManager.default.contentsOfDirectory(atPath: new.path)) ?? [] {
                let text = try String(contentsOf: new.appending(path: name), encoding: .utf8)
                let line = text.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix("message-id:") }
                ids.append(try #require(line))
            }
        }
        return ids
    }

    static func count(_ site: TemporarySite, _ folder: String) -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: site.root.appending(path: "\(folder)/new").path).count) ?? 0
    }

    @Test func twoWorkersSharingANoticeTellEachRecipientOnce() throws {
        let database = try TestPostgres()
        let count = 1500
        let site = try Self.site(users: count, ledger: database)
        let first = try Self.startNotify(site, maildir: "mail-a")
        let second = try Self.startNotify(site, maildir: "mail-b")
        first.waitUntilExit()
        second.waitUntilExit()
        #expect(first.terminationStatus == 0 && second.terminationStatus == 0)
        let ids = try Self.messageIDs(site, ["mail-a", "mail-b"])
        #expect(ids.count == count)
        #expect(Set(ids).count == count)

        // --status reads the shared ledger: everything sent.
        let status = try CommandLineTool.run(["notify", "--status"], in: site.root)
        #expect(status.status == 0, "\(status.standardError)")
        let ledger = try #require(try PostgresLedger.existing(database.location))
        #expect(try ledger.counts(notice: "privacy/2") == [.sent: count])
    }

    @Test func aKilledWorkersRowsReturnAfterItsLeaseAndNobodyIsLost() throws {
        let database = try TestPostgres()
        let count = 6000
        let site = try Self.site(users: count, ledger: database)
        let lease = ["--timeout", "1", "--lease", "6"]
        let killed = try Self.startNotify(site, maildir: "mail-a", lease)
        let other = try Self.startNotify(site, maildir: "mail-b", lease)
        // Killed mid-run: once it has handed off a few hundred messages, well before the end.
        while Self.count(site, "mail-a") < 300 && killed.isRunning { usleep(2_000) }
        kill(killed.processIdentifier, SIGKILL)
        killed.waitUntilExit()
        #expect(killed.terminationReason == .uncaughtSignal, "the worker ended before it could be killed mid-run")
        other.waitUntilExit()
        #expect(other.terminationStatus == 0)
        // The killed worker's claimed rows stay its own until its lease ends (the other worker
        // may outlast it and take them); then a worker takes them.
        let ledger = try #require(try PostgresLedger.existing(database.location))
        sleep(7)
        let after = try Self.startNotify(site, maildir: "mail-c", lease)
        after.waitUntilExit()
        #expect(after.terminationStatus == 0)

        let ids = try Self.messageIDs(site, ["mail-a", "mail-b", "mail-c"])
        #expect(Set(ids).count == count, "nobody is lost")
        #expect(ids.count - Set(ids).count <= 4, "at most the killed worker's --parallel messages twice")
        #expect(try ledger.counts(notice: "privacy/2") == [.sent: count])
    }

    @Test func theSchemaIsVersionedAndALaterOneRefused() throws {
        let database = try TestPostgres()
        let ledger = try PostgresLedger(location: database.location, jobs: 1, lease: 60)
        _ = ledger
        let version = try database.session { try $0.query("SELECT version FROM policysite_schema", doing: "test").first?.decode(Int.self) }
        #expect(version == PostgresLedger.schemaVersion)
        // Opening again migrates nothing and keeps the version.
        _ = try PostgresLedger(location: database.location, jobs: 1, lease: 60)
        try database.execute("UPDATE policysite_schema SET version = 99")
        #expect(throws: Diagnostics.self) { _ = try PostgresLedger(location: database.location, jobs: 1, lease: 60) }
        do {
            _ = try PostgresLedger.existing(database.location)
            Issue.record("a ledger of a later schema was read")
        } catch {
            #expect(error.all.contains { $0.message.contains("schema is version 99") })
        }
    }
}

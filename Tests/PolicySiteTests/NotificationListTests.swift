import Foundation
@testable import PolicySiteBuild
@testable import PolicySiteNotices
@testable import PolicySiteSupport
import Testing

/// The notification lists of SPEC section 4: who is told of a new version, who is not and why,
/// from a users file full of edge cases (Fixtures/users-edge-cases.csv: a byte order mark, CRLF,
/// columns in another order and case, quoted commas, quotes and line breaks, formulas,
/// duplicates that differ in case, bad rows, and a phone column that must go nowhere).
@Suite struct NotificationListTests {
    static let key = String(repeating: "k", count: 40)
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "Fixtures/users-edge-cases.csv")

    /// Two policies, each with a first version, then a material version of `privacy` and an
    /// editorial version of `terms`, both published on 2024-03-01.
    static func site(users: Data? = nil, unsubscribeURL: Bool = true) throws -> TemporarySite {
        let site = try TemporarySite()
        var config = "title: Test Site\nbase_url: https://example.com/legal/\nusers: users.csv\n"
        // Users need a way to stop the emails: a link, else an address.
        config += unsubscribeURL ? "email:\n  unsubscribe_url: https://app.example.com/unsubscribe?t={token}\n" : "email:\n  unsubscribe_mailto: unsubscribe@example.com\n"
        try site.write("policysite.yml", config)
        try site.write("users.csv", try users ?? Data(contentsOf: fixture))
        try site.write("policies/privacy/1.md", versionFile("version: \"1\"\neffective: 2024-01-01", body: "# Privacy\n\n## Data\n\nWe keep little.\n"))
        try site.write("policies/privacy/2.md", versionFile("version: \"2\"\neffective: 2024-04-15\npublished: 2024-03-01\nsummary: We keep less.",
                                                            body: "# Privacy\n\n## Data\n\nWe keep very little.\n\n## Retention\n\nThirty days.\n"))
        try site.write("policies/terms/1.md", versionFile("version: \"1\"\neffective: 2024-01-01", body: "# Terms\n\nBe kind.\n"))
        try site.write("policies/terms/2.md", versionFile("version: \"2\"\neffective: 2024-03-01\nmaterial: false", body: "# Terms\n\nBe kind, always.\n"))
        return site
    }

    /// The site after its baseline build and the build that publishes the two new versions.
    static func builtSite() throws -> (TemporarySite, BuildReport) {
        let site = try site()
        _ = try SiteBuilder.build(site.options(asOf: "2024-02-01"))
        var options = site.options(asOf: "2024-03-02")
        options.tokenKey = key
        return (site, try SiteBuilder.build(options))
    }

    @Test func theMaterialVersionTellsEveryoneWhoFollowsIt() throws {
        let (site, report) = try Self.builtSite()
        let recipients = try site.read("outbox/privacy/2/recipients.csv")
        let rows = recipients.components(separatedBy: "\r\n").dropLast().map { row in
            // The token of each link is checked below; compare the rest exactly.
            row.replacingOccurrences(of: #"https://app\.example\.com/unsubscribe\?t=[A-Za-z0-9_.-]+"#, with: "<link>", options: .regularExpression)
        }
        #expect(rows == [
            "email,name,locale,unsubscribe_url",
            "ada@example.com,Ada Lovelace,en-GB,<link>",
            "formula@example.com,'=SUM(A1:A9),,<link>",
            "multi@example.com,Multi Line Name,,<link>",
            "both@example.com,Both Policies,fr-CA,<link>",
            "quotes@example.com,\"He said \"\"hi\"\"\",,<link>",
            "'-dash@example.com,'+Plus @At -Minus,,<link>",
            "zoe@xn--exmple-cua.com,Zoë Ünïcødé,pt-BR,<link>",
        ])
        #expect(try site.read("outbox/privacy/2/skipped.csv") == [
            "line,email,id,reason",
            "3,ADA@EXAMPLE.COM,u2,duplicate",
            "8,,u5,invalid-email",
            "9,,u6,invalid-email",
            "10,optout@example.com,u7,opted-out",
            "11,unsub@example.com,u8,unsubscribed",
            "12,bounce@example.com,u9,bounced",
            "13,terms.only@example.com,u10,other-policy",
            "16,,u13,invalid-row",
            "17,,,invalid-row",
        ].map { $0 + "\r\n" }.joined())
        let notice = try #require(report.notices.first { $0.policy == "privacy" })
        #expect(notice.counts.recipients == 7 && notice.counts.skipped == 9)
        #expect(notice.counts.skippedByReason["invalid-email"] == 2 && notice.counts.skippedByReason["not-material"] == 0)
        #expect(notice.previousVersion == "1" && notice.material)
        #expect(notice.changes?.sectionsAdded.map(\.title) == ["Retention"])
        #expect(notice.changes?.sectionsAdded.first?.url == "https://example.com/legal/privacy/versions/2/changes/#retention")
        #expect(notice.versionURL == "https://example.com/legal/privacy/versions/2/")
        let written = try NoticeFile.read(from: site.root.appending(path: "outbox/privacy/2"))
        #expect(written == notice)
    }

    @Test func theEditorialVersionTellsOnlyThoseWhoAskedForEveryChange() throws {
        let (site, _) = try Self.builtSite()
        let recipients = try site.read("outbox/terms/2/recipients.csv").components(separatedBy: "\r\n").dropLast()
        #expect(recipients.map { $0.components(separatedBy: ",").first ?? "" } == ["email", "terms.only@example.com", "'-dash@example.com", "zoe@xn--exmple-cua.com"])
        let reasons = try site.read("outbox/terms/2/skipped.csv").components(separatedBy: "\r\n").dropFirst().dropLast().map { row in
            "\(row.components(separatedBy: ",").first ?? ""):\(row.components(separatedBy: ",").last ?? "")"
        }
        #expect(reasons == ["2:not-material", "3:duplicate", "4:not-material", "5:not-material", "8:invalid-email", "9:invalid-email",
                            "10:opted-out", "11:unsubscribed", "12:bounced", "14:not-material", "15:not-material", "16:invalid-row", "17:invalid-row"])
    }

    @Test func eachLinkCarriesATokenForItsUserAndPolicy() throws {
        let (site, _) = try Self.builtSite()
        let signer = try #require(UnsubscribeToken(key: Self.key))
        let links = try site.read("outbox/privacy/2/recipients.csv").components(separatedBy: "\r\n").dropFirst().dropLast()
            .compactMap { $0.components(separatedBy: "?t=").last }
        #expect(links.count == 7)
        #expect(links.compactMap { signer.verify($0)?.subject } == ["id:u1", "id:u3", "id:u4", "id:u11", "id:u12", "id:u15", "id:u16"])
        #expect(links.allSatisfy { signer.verify($0)?.category == "privacy" })
    }

    @Test func badRowsAreReportedWithTheirLinesAndTheBuildGoesOn() throws {
        let (_, report) = try Self.builtSite()
        let lines = report.diagnostics.filter { $0.path == "users.csv" }.map { "\($0.line ?? 0): \($0.message)" }
        #expect(lines.count == 4)
        #expect(lines.contains("8: no valid email address; the row is skipped"))
        #expect(lines.contains { $0.hasPrefix("16: 'notify' must be all, material or none") })
        #expect(lines.contains { $0.hasPrefix("17: the row has 10 fields and the header has 8") })
        // No message repeats what a user's row holds.
        #expect(!report.diagnostics.contains { $0.message.contains("not-an-email") || $0.message.contains("weekly@") })
    }

    @Test func unknownColumnsAndUsersNeverReachTheSiteOrTheLists() throws {
        let (site, _) = try Self.builtSite()
        for (path, bytes) in try site.tree("outbox") {
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!text.contains("555 01") && !text.contains("=1+1"), "the phone column reached outbox/\(path)")
            if path.hasSuffix("notice.json") { #expect(!text.contains("example.com,") && !text.contains("Lovelace"), "a user reached \(path)") }
        }
        for (path, bytes) in try site.tree("site") {
            let text = String(decoding: bytes, as: UTF8.self)
            for trace in ["ada@", "ADA@", "Lovelace", "terms.only@", "555 01", "u13"] {
                #expect(!text.contains(trace), "'\(trace)' from users.csv reached site/\(path)")
            }
        }
    }

    @Test func everyCellOfEveryListIsFormulaSafe() throws {
        let (site, _) = try Self.builtSite()
        for (path, bytes) in try site.tree("outbox") where path.hasSuffix(".csv") {
            for cell in try CSVCells.parse(bytes) {
                let first = cell.unicodeScalars.first
                #expect(!["=", "+", "-", "@", "\t", "\r"].contains(first.map(Character.init)), "\(path): the cell '\(cell)' could run as a formula")
            }
        }
    }

    @Test func neutralisedCellsCanBeRestored() {
        #expect(CSVCell.restore("'=SUM(A1)") == "=SUM(A1)")
        #expect(CSVCell.restore("''Tis") == "'Tis")
        #expect(CSVCell.restore("'plain") == "'plain")
        #expect(CSVCell.restore("plain") == "plain")
    }

    @Test func aFileThatIsNotCSVStopsTheBuildBeforeAnythingIsWritten() throws {
        let cases: [(Data, String)] = [
            (Data("name,phone\nAda,1\n".utf8), "users.csv:1: error: the header row has no 'email' column"),
            (Data([0x00, 0x01, 0xFF, 0xFE, 0x0A]), "users.csv:1: error: the first line is not a CSV header row"),
            (Data(), "users.csv:1: error: the file is empty"),
            (Data("email,name\n\"ada@example.com,Ada\n".utf8), "users.csv:2: error: a quoted field opened on this line is never closed"),
            (Data("email,Email\nada@example.com,ada@example.com\n".utf8), "users.csv:1: error: the header names the column 'email' twice"),
        ]
        for (users, expected) in cases {
            let site = try Self.site(users: users, unsubscribeURL: false)
            _ = try SiteBuilder.build(site.options(asOf: "2024-02-01"))
            let before = try site.tree("site").merging([PolicyLock.fileName: Data(try site.read(PolicyLock.fileName).utf8)]) { $1 }
            let problems = site.buildProblems(asOf: "2024-03-02")
            #expect(problems.contains { $0.description.hasPrefix(expected) }, "\(problems)")
            #expect(!site.exists("outbox"))
            let after = try site.tree("site").merging([PolicyLock.fileName: Data(try site.read(PolicyLock.fileName).utf8)]) { $1 }
            #expect(before == after, "a failed build changed the site or the lock")
        }
    }

    @Test func anUnsubscribeLinkWithoutAKeyIsAnError() throws {
        let site = try Self.site()
        try site.build(asOf: "2024-02-01")
        #expect(site.buildProblems(asOf: "2024-03-02").contains { $0.isError && $0.message.contains("POLICYSITE_TOKEN_KEY is not set") })
        var options = site.options(asOf: "2024-03-02")
        options.tokenKey = "short"
        #expect(throws: BuildFailure.self) { try SiteBuilder.build(options) }
        #expect(!site.exists("outbox/privacy"))
    }

    @Test func privateFilesMayNotLieInsideTheSite() throws {
        let site = try Self.site(unsubscribeURL: false)
        let optOut = "email:\n  unsubscribe_mailto: unsubscribe@example.com\n"
        try site.write("policysite.yml", "title: T\nbase_url: https://example.com/\nusers: site/users.csv\noutbox: site/outbox\n" + optOut)
        let messages = site.buildProblems().map(\.message)
        #expect(messages.contains { $0.hasPrefix("the outbox (site/outbox) and the output folder must not contain each other") })
        #expect(messages.contains { $0.hasPrefix("the users file (site/users.csv) lies inside site/") })
        try site.write("policysite.yml", "title: T\nbase_url: https://example.com/\nusers: themes/default/assets/users.csv\n" + optOut)
        #expect(site.buildProblems().contains { $0.message.hasPrefix("the users file (themes/default/assets/users.csv) lies inside themes/") })
    }

    @Test func chunkBoundariesInsideQuotedFieldsAndCRLFsReadTheSame() throws {
        // A 7-byte chunk puts the reader's refills inside quoted fields and between CR and LF.
        var text = "email,name\r\n"
        for index in 0..<5000 { text += "user\(index)@example.com,\"Name, \(index)\r\nsecond line\"\r\n" }
        let site = try TemporarySite()
        try site.write("users.csv", text)
        var reader = try CSVReader(url: site.root.appending(path: "users.csv"), chunkSize: 7)
        var record = CSVRecord()
        var count = 0
        var lastLine = 0
        while try reader.next(into: &record) {
            count += 1
            lastLine = record.line
            if count > 1 { #expect(record.count == 2 && String(decoding: record.field(1), as: UTF8.self).hasSuffix("\r\nsecond line")) }
        }
        #expect(count == 5001 && lastLine == 1 + 2 * 4999 + 1)
    }
}

/// The cells of a CSV file as a spreadsheet would see them, by Python-free RFC 4180 parsing of
/// our own reader.
enum CSVCells {
    static func parse(_ data: Data) throws -> [String] {
        let file = FileManager.default.temporaryDirectory.appending(path: "policysite-cells-\(UUID().uuidString).csv")
        try data.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        var reader = try CSVReader(url: file)
        var record = CSVRecord()
        var cells: [String] = []
        while try reader.next(into: &record) {
            cells += (0..<record.count).map { String(decoding: record.field($0), as: UTF8.self) }
        }
        return cells
    }
}

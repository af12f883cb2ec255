import Foundation
@testable import PolicySiteBuild
@testable import PolicySiteNotices
@testable import PolicySitePostgres
@testable import PolicySiteSupport
import PostgresNIO
import Testing

/// Users read from PostgreSQL (`users: postgres://...` with `users_query`) against the real
/// server that scripts/test starts: the same lists as the users file on the same data, rows
/// streamed in batches, and every failure leaving the site, the lock and the outbox as they were.
@Suite struct PostgresUsersTests {
    /// One user as both sources hold it: text fields, nil for SQL NULL (an empty CSV field).
    struct User {
        var id: Int
        var email: String
        var name: String?
        var locale: String?
        var policies: String?
        var notify: String?
        var status: String?
    }

    /// Users that exercise every rule: a duplicate by case, addresses that are not, each
    /// preference and status, another policy, an unknown preference, a formula, a line break
    /// and a control character in names, a Unicode domain, NULLs.
    static let users: [User] = [
        User(id: 1, email: "ada@example.com", name: "Ada Lovelace", locale: "en-GB", policies: nil, notify: "all", status: "active"),
        User(id: 2, email: "ADA@EXAMPLE.COM", name: "Ada Again", locale: nil, policies: nil, notify: nil, status: nil),
        User(id: 3, email: "not an address", name: "Nobody", locale: nil, policies: nil, notify: nil, status: nil),
        User(id: 4, email: "optout@example.com", name: "Opt Out", locale: nil, policies: nil, notify: "none", status: nil),
        User(id: 5, email: "unsub@example.com", name: nil, locale: nil, policies: nil, notify: nil, status: "unsubscribed"),
        User(id: 6, email: "bounce@example.com", name: nil, locale: nil, policies: nil, notify: nil, status: "bounced"),
        User(id: 7, email: "terms.only@example.com", name: nil, locale: nil, policies: "terms", notify: nil, status: nil),
        User(id: 8, email: "weird@example.com", name: nil, locale: nil, policies: nil, notify: "sometimes", status: nil),
        User(id: 9, email: "formula@example.com", name: "=SUM(A1:A9)", locale: "fr", policies: "privacy;terms", notify: nil, status: nil),
        User(id: 10, email: "multi@example.com", name: "Multi\nLine\tName", locale: "xx yy", policies: nil, notify: "material", status: nil),
        User(id: 11, email: "zoe@exämple.com", name: "Zoë", locale: "pt-BR", policies: nil, notify: nil, status: nil),
        User(id: 12, email: "", name: "Empty", locale: nil, policies: nil, notify: nil, status: nil),
    ]

    /// Loads `users` into a table `app_users` (id an integer, the rest text, plus a column that
    /// must go nowhere).
    static func load(_ users: [User], into database: TestPostgres) throws {
        try database.execute("CREATE TABLE app_users (id integer PRIMARY KEY, email text, name text, locale text, policies text, notify text, status text, phone text)")
        try database.session { session in
            for user in users {
                _ = try session.query("INSERT INTO app_users VALUES (\(user.id), \(user.email), \(user.name), \(user.locale), \(user.policies), \(user.notify), \(user.status), '+1 555 0100')",
                                      doing: "loading users")
            }
        }
    }

    /// The same users as a CSV file, quoted as RFC 4180 says.
    static func csv(_ users: [User]) -> String {
        func cell(_ text: String?) -> String {
            guard let text else { return "" }
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return "id,email,name,locale,policies,notify,status,phone\r\n" + users.map { user in
            [String(user.id), cell(user.email), cell(user.name), cell(user.locale), cell(user.policies), cell(user.notify), cell(user.status), "+1 555 0100"]
                .joined(separator: ",") + "\r\n"
        }.joined()
    }

    static let query = "SELECT id, email, name, locale, policies, notify, status FROM app_users ORDER BY id;"

    /// The notification-list site with `users` pointing at the database.
    static func site(users: String, query: String = query) throws -> TemporarySite {
        let site = try NotificationListTests.site(users: Data())
        try site.write("policysite.yml", """
            title: Test Site
            base_url: https://example.com/legal/
            users: \(users)
            users_query: "\(query)"
            email:
              unsubscribe_mailto: unsubscribe@example.com

            """)
        try site.remove("users.csv")
        return site
    }

    /// The baseline build, then the build that writes the two notices.
    static func buildBoth(_ site: TemporarySite) throws -> BuildReport {
        _ = try SiteBuilder.build(site.options(asOf: "2024-02-01"))
        return try SiteBuilder.build(site.options(asOf: "2024-03-02"))
    }

    @Test func theListsAreThoseOfTheUsersFileOnTheSameData() throws {
        let database = try TestPostgres()
        try Self.load(Self.users, into: database)
        let fromDatabase = try Self.site(users: database.url)
        let report = try Self.buildBoth(fromDatabase)

        let fromFile = try NotificationListTests.site(users: Data(Self.csv(Self.users).utf8), unsubscribeURL: false)
        _ = try Self.buildBoth(fromFile)

        for notice in ["privacy/2", "terms/2"] {
            #expect(try fromDatabase.read("outbox/\(notice)/recipients.csv") == fromFile.read("outbox/\(notice)/recipients.csv"))
            // A row's number in the result against its first line in the file: the header is line
            // 1, and a name with a line break takes two lines.
            var rowOfLine: [Int: Int] = [:]
            var line = 2
            for (index, user) in Self.users.enumerated() {
                rowOfLine[line] = index + 1
                line += 1 + (user.name ?? "").filter(\.isNewline).count
            }
            let fileRows = try fromFile.read("outbox/\(notice)/skipped.csv").components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
                .map { row in
                    let comma = try #require(row.firstIndex(of: ","))
                    let fileLine = try #require(Int(row[..<comma]))
                    return "\(try #require(rowOfLine[fileLine]))" + row[comma...]
                }
            let databaseRows = try fromDatabase.read("outbox/\(notice)/skipped.csv").components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
            #expect(databaseRows == fileRows)
        }
        let privacy = try #require(report.notices.first { $0.policy == "privacy" })
        #expect(privacy.counts.recipients == 4)
        #expect(privacy.counts.skippedByReason["duplicate"] == 1 && privacy.counts.skippedByReason["invalid-email"] == 2)
        #expect(privacy.counts.skippedByReason["invalid-row"] == 1)
        // Nobody's phone, and no address in the warnings.
        #expect(try !fromDatabase.tree("outbox").values.contains { String(decoding: $0, as: UTF8.self).contains("555 0100") })
        #expect(!report.diagnostics.contains { $0.message.contains("@") })
        #expect(report.diagnostics.contains { $0.path.hasSuffix("users_query") && $0.line == 3 && $0.message.contains("no valid email address") })
    }

    /// A database in another encoding than UTF-8 sends its text in UTF-8 all the same: the
    /// session asks for it (client_encoding), and the rows' bytes are taken as they come.
    @Test func aLatin1DatabaseSendsItsTextAsUTF8() throws {
        let database = try TestPostgres(encoding: "LATIN1")
        try database.execute("CREATE TABLE app_users (id integer PRIMARY KEY, email text, name text, locale text, policies text, notify text, status text)")
        // 'José Núñez', made by the server from its UTF-8 bytes, whatever the inserting session's encoding.
        try database.execute("INSERT INTO app_users VALUES (1, 'jose@example.com', convert_from('\\x4a6f73c3a9204ec3bac3b1657a'::bytea, 'UTF8'), NULL, NULL, NULL, NULL)")
        let site = try Self.site(users: database.url)
        let report = try Self.buildBoth(site)
        #expect(try site.read("outbox/privacy/2/recipients.csv").contains("jose@example.com,José Núñez"))
        #expect(!report.diagnostics.contains { $0.message.contains("UTF-8") }, "\(report.diagnostics)")
    }

    @Test func rowsAreStreamedInBatchesAcrossTheWholeResult() throws {
        let database = try TestPostgres()
        let count = PostgresUsers.batchSize * 3 + 7
        try database.execute("CREATE TABLE app_users AS SELECT n AS id, 'user' || n || '@example.com' AS email FROM generate_series(1, \(count)) AS n")
        let site = try Self.site(users: database.url, query: "SELECT id, email FROM app_users ORDER BY id")
        let report = try Self.buildBoth(site)
        let privacy = try #require(report.notices.first { $0.policy == "privacy" })
        #expect(privacy.counts.recipients == count)
        let recipients = try site.read("outbox/privacy/2/recipients.csv").components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(recipients.count == count + 1)
        #expect(recipients.last?.hasPrefix("user\(count)@example.com,") == true)
    }

    /// A failure at any point leaves the site, the lock and the outbox byte for byte as they were.
    func expectNothingChanges(query: String, users: ((TestPostgres) -> String)? = nil, setUp: String = "",
                              saying expected: String, environment: [String: String] = [:]) throws {
        let database = try TestPostgres()
        try Self.load(Self.users, into: database)
        if !setUp.isEmpty { try database.execute(setUp) }
        let site = try Self.site(users: users?(database) ?? database.url, query: query)
        _ = try SiteBuilder.build(site.options(asOf: "2024-02-01"))
        let before = try site.tree(".")
        let result = try CommandLineTool.run(["build", "--as-of", "2024-03-02"], in: site.root, environment: environment)
        #expect(result.status != 0)
        #expect(result.standardError.contains(expected), "\(result.standardError)")
        #expect(!result.standardError.contains("@example.com") && !result.standardError.contains(TestPostgres.password))
        let after = try site.tree(".").filter { !$0.key.hasPrefix(".policysite/") }
        #expect(after == before.filter { !$0.key.hasPrefix(".policysite/") })
        #expect(!site.exists("outbox"))
    }

    @Test func aQueryWithoutAnEmailColumnFailsTheBuild() throws {
        try expectNothingChanges(query: "SELECT id, name FROM app_users", saying: "has no column named 'email'")
    }

    @Test func aQueryTheServerRefusesFailsTheBuild() throws {
        try expectNothingChanges(query: "SELECT id, email, nonsense FROM app_users", saying: "the server says")
    }

    @Test func aQueryThatWritesIsRefused() throws {
        try expectNothingChanges(query: "SELECT email FROM app_users WHERE pg_catalog.nextval('s') > 0", setUp: "CREATE SEQUENCE s",
                                 saying: "read-only")
    }

    @Test func aConnectionLostPartWayFailsTheBuild() throws {
        // The server ends this very connection while the cursor reaches the 2,500th row, after
        // two batches were read.
        try expectNothingChanges(
            query: "SELECT email FROM app_users_many WHERE CASE WHEN n = 2500 THEN pg_terminate_backend(pg_backend_pid()) ELSE true END",
            setUp: "CREATE TABLE app_users_many AS SELECT n, 'u' || n || '@example.com' AS email FROM generate_series(1, 5000) AS n",
            saying: "the connection to the server was lost")
    }

    @Test func aServerThatIsNotThereFailsTheBuild() throws {
        try expectNothingChanges(query: Self.query, users: { _ in "postgres://nobody@127.0.0.1:1/none?sslmode=disable" }, saying: "cannot connect")
    }

    @Test func aWrongPasswordFailsTheBuildWithoutShowingIt() throws {
        try expectNothingChanges(query: Self.query, users: { $0.url(user: TestPostgres.passwordRole) },
                                 saying: "cannot connect", environment: ["PGPASSWORD": "wrong-" + TestPostgres.password])
    }

    @Test func thePasswordComesFromTheEnvironment() throws {
        let database = try TestPostgres()
        try Self.load(Self.users, into: database)
        let site = try Self.site(users: database.url(user: TestPostgres.passwordRole))
        _ = try SiteBuilder.build(site.options(asOf: "2024-02-01"))
        let withPassword = try CommandLineTool.run(["build", "--as-of", "2024-03-02"], in: site.root, environment: ["PGPASSWORD": TestPostgres.password])
        #expect(withPassword.status == 0, "\(withPassword.standardError)")
        #expect(site.exists("outbox/privacy/2/recipients.csv"))
    }

    @Test func thePasswordFromTheDatabaseURLVariableIsUsedForThatDatabaseOnly() throws {
        let database = try TestPostgres()
        try Self.load(Self.users, into: database)
        let site = try Self.site(users: database.url(user: TestPostgres.passwordRole))
        _ = try SiteBuilder.build(site.options(asOf: "2024-02-01"))
        let location = database.location
        let other = "postgres://\(TestPostgres.passwordRole):\(TestPostgres.password)@\(location.host):\(location.port)/other"
        let refused = try CommandLineTool.run(["build", "--as-of", "2024-03-02"], in: site.root, environment: ["POLICYSITE_DATABASE_URL": other])
        #expect(refused.status != 0 && refused.standardError.contains("POLICYSITE_DATABASE_URL names"))
        #expect(!refused.standardError.contains(TestPostgres.password))
        let same = "postgres://\(TestPostgres.passwordRole):\(TestPostgres.password)@\(location.host):\(location.port)/\(location.database)"
        let accepted = try CommandLineTool.run(["build", "--as-of", "2024-03-02"], in: site.root, environment: ["POLICYSITE_DATABASE_URL": same])
        #expect(accepted.status == 0, "\(accepted.standardError)")
    }

    @Test func aPasswordInTheSettingsIsRefused() throws {
        let site = try Self.site(users: "postgres://app:secret@127.0.0.1:5432/app")
        let problems = site.buildProblems(asOf: "2024-02-01")
        #expect(problems.contains { $0.isError && $0.path == "policysite.yml" && $0.message.contains("must not hold a password") })
        #expect(!problems.contains { $0.message.contains("secret") })
    }

    @Test func aDatabaseNeedsAQueryAndAQueryNeedsADatabase() throws {
        let site = try NotificationListTests.site()
        try site.write("policysite.yml", "title: T\nbase_url: https://example.com/\nusers: postgres://app@127.0.0.1/app\nemail:\n  unsubscribe_mailto: u@example.com\n")
        #expect(site.buildProblems().contains { $0.message.contains("'users_query' must say which users to read") })
        try site.write("policysite.yml", "title: T\nbase_url: https://example.com/\nusers: users.csv\nusers_query: SELECT 1\nemail:\n  unsubscribe_mailto: u@example.com\n")
        #expect(site.buildProblems().contains { $0.message.contains("'users_query' is read only when 'users' is a postgres:// URL") })
    }
}

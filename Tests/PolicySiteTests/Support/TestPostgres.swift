import Foundation
@testable import PolicySiteModel
@testable import PolicySitePostgres
import PostgresNIO
import Testing

/// The PostgreSQL cluster that `scripts/test` starts (`scripts/postgres`), whose URL is in
/// `POLICYSITE_TEST_POSTGRES`. A test that needs it fails (never skips) when it is not set. Each
/// test makes a database of its own, dropped when it goes.
final class TestPostgres {
    /// The database's URL, for `users:` and `ledger:` (no password: loopback is trusted).
    let url: String
    let location: DatabaseLocation
    let name: String
    private let server: DatabaseLocation

    /// The role that must log in with a password (`scripts/postgres`), and its password.
    static let passwordRole = "policysite_pw"
    static let password = "policysite-test-password"

    struct NotConfigured: Error, CustomStringConvertible {
        var description: String {
            "POLICYSITE_TEST_POSTGRES is not set: the PostgreSQL tests need the cluster that scripts/test starts; run them with scripts/test, or start one with scripts/postgres start DIR and export POLICYSITE_TEST_POSTGRES=$(cat DIR/url)"
        }
    }

    /// A new, empty database on the test cluster; `encoding` other than the cluster's (UTF-8),
    /// such as LATIN1, with the C locale that any encoding accepts.
    init(encoding: String? = nil) throws {
        guard let base = ProcessInfo.processInfo.environment["POLICYSITE_TEST_POSTGRES"], !base.isEmpty else {
            Issue.record(Comment(rawValue: NotConfigured().description))
            throw NotConfigured()
        }
        server = try DatabaseLocation.parse(base).get().location
        name = "policysite_t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        var location = server
        location.database = name
        self.location = location
        url = "postgres://\(server.user)@\(server.host):\(server.port)/\(name)?sslmode=disable"
        let admin = try PostgresSession.connect(server, setting: "test", environment: [:])
        defer { admin.close() }
        let options = encoding.map { " ENCODING '\($0)' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0" } ?? ""
        try admin.execute("CREATE DATABASE \(name)\(options)", doing: "creating the test database")
    }

    /// The URL with another user (the password role), for the tests of PGPASSWORD.
    func url(user: String) -> String {
        "postgres://\(user)@\(server.host):\(server.port)/\(name)?sslmode=disable"
    }

    /// Runs `body` with a connection to the test's database.
    func session<T>(_ body: (PostgresSession) throws -> T) throws -> T {
        let session = try PostgresSession.connect(location, setting: "test", environment: [:])
        defer { session.close() }
        return try body(session)
    }

    /// Runs SQL statements in the test's database.
    func execute(_ sql: String) throws {
        try session { try $0.execute(sql, doing: "setting up the test") }
    }

    deinit {
        guard let admin = try? PostgresSession.connect(server, setting: "test", environment: [:]) else { return }
        try? admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", doing: "dropping the test database")
        admin.close()
    }
}

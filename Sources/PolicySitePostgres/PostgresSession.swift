import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PolicySiteModel
import PostgresNIO

/// One connection to PostgreSQL, used from the engine's own threads, which are not async: each
/// call waits for postgres-nio's future on the calling thread (never on an event loop or in a
/// Swift task, which `wait()` would block). The connection lives on NIO's shared event loop group.
package final class PostgresSession: Sendable {
    private let connection: PostgresConnection
    private let logger: Logger
    /// The database, as messages show it.
    package let location: DatabaseLocation

    /// Nothing of postgres-nio's own logging reaches the terminal: its messages may hold a query.
    private static let silent = Logger(label: "policysite.postgres") { _ in SwiftLogNoOpLogHandler() }

    /// Connects as `location` says, with the password from the environment (`setting` names
    /// the key of policysite.yml that holds the URL, for messages).
    package static func connect(_ location: DatabaseLocation, setting: String,
                                environment: [String: String] = ProcessInfo.processInfo.environment) throws(PostgresProblem) -> PostgresSession {
        let password = try DatabaseCredentials.password(for: location, setting: setting, environment: environment)
        let doing = "cannot connect to \(location.display) ('\(setting)')"
        do {
            var configuration = PostgresConnection.Configuration(
                host: location.host, port: location.port, username: location.user, password: password,
                database: location.database, tls: try tls(location.tls))
            // Text in UTF-8 whatever the database's own encoding: the server converts it (or
            // refuses a value it cannot), so a LATIN1 database's 'é' arrives as 'é'.
            configuration.options.additionalStartupParameters = [("client_encoding", "UTF8")]
            let connection = try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration,
                                                            id: 1, logger: silent).wait()
            return PostgresSession(connection: connection, location: location)
        } catch {
            throw PostgresProblem(error, doing: doing)
        }
    }

    private init(connection: PostgresConnection, location: DatabaseLocation) {
        self.connection = connection
        self.location = location
        logger = Self.silent
    }

    /// libpq's sslmode as postgres-nio's TLS: `prefer` and `require` do not check the
    /// certificate (as libpq does not), `verify-ca` checks who signed it, `verify-full` the name too.
    private static func tls(_ mode: DatabaseLocation.TLSMode) throws -> PostgresConnection.Configuration.TLS {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch mode {
        case .disable: return .disable
        case .prefer:
            configuration.certificateVerification = .none
            return .prefer(try NIOSSLContext(configuration: configuration))
        case .require:
            configuration.certificateVerification = .none
            return .require(try NIOSSLContext(configuration: configuration))
        case .verifyCA:
            configuration.certificateVerification = .noHostnameVerification
            return .require(try NIOSSLContext(configuration: configuration))
        case .verifyFull:
            return .require(try NIOSSLContext(configuration: configuration))
        }
    }

    /// Runs `query` and collects its rows (for small results: a cursor's batch, a claim).
    @discardableResult
    package func query(_ query: PostgresQuery, doing: @autoclosure () -> String) throws(PostgresProblem) -> [PostgresRow] {
        do {
            return try connection.query(query, logger: logger).wait().rows
        } catch {
            throw PostgresProblem(error, doing: doing())
        }
    }

    /// Runs statements that return no rows we read (BEGIN, COMMIT, DDL).
    package func execute(_ sql: String, doing: @autoclosure () -> String) throws(PostgresProblem) {
        _ = try query(PostgresQuery(unsafeSQL: sql), doing: doing())
    }

    /// Closes the connection; a failure to close changes nothing that was done.
    package func close() {
        _ = try? connection.close().wait()
    }
}

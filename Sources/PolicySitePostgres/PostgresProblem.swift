import Foundation
import NIOCore
import PostgresNIO

/// Why PostgreSQL could not be used, in words for people: never the library's type names, the
/// password, or a value of a user's. A server's own message is kept only for the kinds of errors
/// that are about the query or the connection (a syntax error, an unknown column or table,
/// a refused login); for those about data (a value that cannot be converted, a broken
/// constraint), whose message may quote a user's value, only the SQLSTATE code is given.
package struct PostgresProblem: Error, Sendable, CustomStringConvertible {
    package let reason: String

    package init(_ reason: String) { self.reason = reason }

    package var description: String { reason }

    /// SQLSTATE classes whose messages name the query or the server, not a row's values.
    private static let safeClasses: Set<Substring> = ["08", "0A", "28", "3D", "3F", "40", "42", "53", "54", "55", "57", "58", "25", "26", "34"]

    /// `error`, met while doing `doing` ("connecting", "running users_query"), in words.
    package init(_ error: any Error, doing: String) {
        if let problem = error as? PostgresProblem {
            self = problem
            return
        }
        if let error = error as? PSQLError {
            switch error.code {
            case .server:
                let state = error.serverInfo?[.sqlState] ?? ""
                let message = error.serverInfo?[.message] ?? ""
                if state.hasPrefix("57P") {
                    reason = "\(doing): the connection to the server was lost (the server ended it)"
                } else if Self.safeClasses.contains(state.prefix(2)) && !message.isEmpty {
                    reason = "\(doing): the server says: \(Self.oneLine(message)) (SQLSTATE \(state))"
                } else {
                    reason = "\(doing): the server refused it (SQLSTATE \(state); a value in the data cannot be used as asked)"
                }
            case .sslUnsupported:
                reason = "\(doing): the server does not offer TLS, and sslmode asks for it; set up TLS on the server or change sslmode"
            case .authMechanismRequiresPassword:
                reason = "\(doing): the server asks for a password; set PGPASSWORD (or POLICYSITE_DATABASE_URL) in the environment"
            case .unsupportedAuthMechanism:
                reason = "\(doing): the server asks for a kind of login that policysite does not support; use password, md5 or scram-sha-256 authentication"
            case .serverClosedConnection, .uncleanShutdown:
                reason = "\(doing): the connection to the server was lost"
            case .connectionError:
                reason = "\(doing): cannot connect to the server\(error.underlying.map { ": " + Self.systemReason($0) } ?? "")"
            case .queryCancelled:
                reason = "\(doing): the query was cancelled"
            case .clientClosedConnection:
                reason = "\(doing): the connection was closed"
            case .saslError:
                reason = "\(doing): the login failed (the password may be wrong)"
            default:
                reason = "\(doing): the server's answer could not be read"
            }
            return
        }
        if let error = error as? NIOConnectionError {
            reason = "\(doing): cannot connect to the server\(error.connectionErrors.first.map { ": " + Self.systemReason($0.error) } ?? "")"
            return
        }
        reason = "\(doing): \(Self.systemReason(error))"
    }

    /// A system error's reason (connection refused, no such host), without a library's names.
    private static func systemReason(_ error: any Error) -> String {
        if let error = error as? IOError {
            return String(cString: strerror(error.errnoCode)).lowercased()
        }
        if error is ChannelError { return "the connection failed" }
        let text = "\(error)"
        if text.contains("NXDOMAIN") || text.lowercased().contains("name") && text.lowercased().contains("resolv") { return "the host name is not known" }
        if text.contains("connectTimeout") || text.lowercased().contains("timeout") { return "the server did not answer in time" }
        return "the connection failed"
    }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

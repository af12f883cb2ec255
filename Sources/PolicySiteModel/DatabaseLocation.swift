import Foundation

/// A PostgreSQL database named in `policysite.yml` (`users`, `ledger`):
/// `postgres://USER@HOST:PORT/DB?sslmode=MODE`. The password never comes from the file, which is
/// committed with the policies: it comes from the environment (`PGPASSWORD`, or the URL in
/// `POLICYSITE_DATABASE_URL`), so a URL with a password is refused with that advice.
package struct DatabaseLocation: Sendable, Hashable {
    /// How the connection uses TLS, as libpq's `sslmode` says it.
    package enum TLSMode: String, Sendable, CaseIterable {
        /// No TLS.
        case disable
        /// TLS when the server offers it, without checking its certificate (libpq's default).
        case prefer
        /// TLS or no connection, without checking the certificate.
        case require
        /// TLS with a certificate signed by a trusted authority, whatever name it carries.
        case verifyCA = "verify-ca"
        /// TLS with a trusted certificate for the host's name.
        case verifyFull = "verify-full"
    }

    package var user: String
    package var host: String
    package var port: Int
    package var database: String
    package var tls: TLSMode

    /// Whether a setting's value names a database rather than a file.
    package static func isDatabaseURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// The URL without anything secret, as messages show it.
    package var display: String {
        "postgres://\(user)@\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)"
    }

    /// Reads a URL from `policysite.yml`; a password in it is refused (`allowsPassword` false).
    /// With `allowsPassword` (the environment's `POLICYSITE_DATABASE_URL`), returns it too.
    package static func parse(_ text: String, allowsPassword: Bool = false) -> Result<(location: DatabaseLocation, password: String?), Problem> {
        guard isDatabaseURL(text), let components = URLComponents(string: text) else {
            return .failure(Problem("is not a PostgreSQL URL such as postgres://USER@HOST:5432/DATABASE?sslmode=require"))
        }
        if components.password != nil && !allowsPassword {
            return .failure(Problem("must not hold a password, since policysite.yml is committed with the policies; remove it from the URL and set PGPASSWORD (or POLICYSITE_DATABASE_URL) in the environment instead"))
        }
        guard let user = components.user?.removingPercentEncoding, !user.isEmpty else {
            return .failure(Problem("names no user: write postgres://USER@HOST:PORT/DATABASE"))
        }
        guard let host = components.host, !host.isEmpty else {
            return .failure(Problem("names no host: write postgres://USER@HOST:PORT/DATABASE"))
        }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard let database = path.removingPercentEncoding, !database.isEmpty, !database.contains("/") else {
            return .failure(Problem("names no database: write postgres://USER@HOST:PORT/DATABASE"))
        }
        var tls = TLSMode.prefer
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode" else {
                return .failure(Problem("has the parameter '\(item.name)', which policysite does not take; only sslmode is read"))
            }
            guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                return .failure(Problem("has an sslmode that is not one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
            tls = mode
        }
        let bareHost = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let location = DatabaseLocation(user: user, host: bareHost, port: components.port ?? 5432, database: database, tls: tls)
        return .success((location, components.password?.removingPercentEncoding))
    }

    /// Whether two locations name one database as one user (the TLS mode aside).
    package func isSameDatabase(as other: DatabaseLocation) -> Bool {
        user == other.user && host.lowercased() == other.host.lowercased() && port == other.port && database == other.database
    }

    /// Why a URL cannot be used, as the end of a sentence that begins with what holds it.
    package struct Problem: Error, Sendable, Equatable {
        package let reason: String
        package init(_ reason: String) { self.reason = reason }
    }
}

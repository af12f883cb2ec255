import Foundation
import PolicySiteModel

/// The password for a database named in `policysite.yml`, which never holds one: the password of
/// `POLICYSITE_DATABASE_URL` when that URL names the same user and database, else `PGPASSWORD`,
/// else none (the server may trust the connection).
package enum DatabaseCredentials {
    /// The password for `location` from `environment`; throws why `POLICYSITE_DATABASE_URL`
    /// cannot be used (never its password).
    package static func password(for location: DatabaseLocation, setting: String,
                                 environment: [String: String] = ProcessInfo.processInfo.environment) throws(PostgresProblem) -> String? {
        if let url = environment["POLICYSITE_DATABASE_URL"], !url.isEmpty {
            switch DatabaseLocation.parse(url, allowsPassword: true) {
            case .failure(let problem):
                throw PostgresProblem("POLICYSITE_DATABASE_URL \(problem.reason)")
            case .success(let given):
                guard given.location.isSameDatabase(as: location) else {
                    throw PostgresProblem("POLICYSITE_DATABASE_URL names \(given.location.display), not the database of '\(setting)' (\(location.display)); its password is given only to that database, so set it to the same user, host, port and database, or use PGPASSWORD")
                }
                if let password = given.password { return password }
            }
        }
        if let password = environment["PGPASSWORD"], !password.isEmpty { return password }
        return nil
    }
}

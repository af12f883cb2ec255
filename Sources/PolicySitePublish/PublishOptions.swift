import Foundation
import PolicySiteModel

/// What `policysite publish` is asked to do.
package struct PublishOptions: Sendable {
    package var paths: SitePaths
    /// A local or mounted folder (`/var/www/policies`), or a remote one (`deploy@host:/var/www/policies`).
    package var destination: String
    /// Releases kept for `--rollback`, the current one included.
    package var keep: Int
    /// The remote shell for a remote destination, as rsync's `-e` takes it.
    package var remoteShell: String
    /// The clock, for release names and for today, which the site must have been built as of.
    package var now: @Sendable () -> Date
    /// The environment, for `SOURCE_DATE_EPOCH` (whose day is then today).
    package var environment: [String: String]
    /// Publish a site built as of another day than today (`--allow-as-of`).
    package var allowAsOf: Bool

    package init(paths: SitePaths, destination: String, keep: Int = 5, remoteShell: String = "ssh",
                now: @escaping @Sendable () -> Date = Date.init, environment: [String: String] = [:], allowAsOf: Bool = false) {
        self.paths = paths
        self.environment = environment
        self.allowAsOf = allowAsOf
        self.destination = destination
        self.keep = max(1, keep)
        self.remoteShell = remoteShell
        self.now = now
    }

    /// `host:path` when the destination names a remote host: a `:` before the first `/`.
    var remote: (host: String, path: String)? {
        guard let colon = destination.firstIndex(of: ":"), !destination[..<colon].contains("/") else { return nil }
        return (String(destination[..<colon]), String(destination[destination.index(after: colon)...]))
    }
}

/// What a publish did.
package struct PublishReport: Sendable {
    /// The release now served.
    package var release: String
    /// Releases removed because more than `keep` were left.
    package var removed: [String]
}

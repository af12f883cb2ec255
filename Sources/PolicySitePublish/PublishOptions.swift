import Foundation
import PolicySiteModel

/// What `policysite publish` is asked to do.
public struct PublishOptions: Sendable {
    public var paths: SitePaths
    /// A local or mounted folder (`/var/www/policies`), or a remote one (`deploy@host:/var/www/policies`).
    public var destination: String
    /// Releases kept for `--rollback`, the current one included.
    public var keep: Int
    /// The remote shell for a remote destination, as rsync's `-e` takes it.
    public var remoteShell: String
    /// The clock, for release names and for today, which the site must have been built as of.
    public var now: @Sendable () -> Date
    /// The environment, for `SOURCE_DATE_EPOCH` (whose day is then today).
    public var environment: [String: String]
    /// Publish a site built as of another day than today (`--allow-as-of`).
    public var allowAsOf: Bool

    public init(paths: SitePaths, destination: String, keep: Int = 5, remoteShell: String = "ssh",
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
public struct PublishReport: Sendable {
    /// The release now served.
    public var release: String
    /// Releases removed because more than `keep` were left.
    public var removed: [String]
}

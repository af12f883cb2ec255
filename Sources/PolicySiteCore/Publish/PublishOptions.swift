import Foundation

/// What `policysite publish` is asked to do.
public struct PublishOptions: Sendable {
    public var paths: SitePaths
    /// A local or mounted folder (`/var/www/policies`), or a remote one (`deploy@host:/var/www/policies`).
    public var destination: String
    /// Releases kept for `--rollback`, the current one included.
    public var keep: Int
    /// The remote shell for a remote destination, as rsync's `-e` takes it.
    public var remoteShell: String
    /// The clock, for release names.
    public var now: @Sendable () -> Date

    public init(paths: SitePaths, destination: String, keep: Int = 5, remoteShell: String = "ssh",
                now: @escaping @Sendable () -> Date = Date.init) {
        self.paths = paths
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

/// Where a version stands on the build's day (SPEC section 2).
package enum VersionStatus: String, Sendable, Hashable, Codable {
    /// Its published day is later: not rendered, nobody told.
    case scheduled
    /// Published, and its effective day is later.
    case upcoming
    /// The latest version whose effective day has come.
    case current
    /// An earlier version.
    case superseded

    /// Whether the version appears on the site.
    package var isPublished: Bool { self != .scheduled }
}

/// An earlier version than the previous one that some users last accepted (the `accepted`
/// column): their email compares the new version with it, as its changes page
/// `<policy>/versions/<v>/changes/<from>/` does, rather than with the version just before.
package struct StartingVersion: Sendable, Hashable, Codable {
    /// The starting version's label.
    package var version: String
    /// Its URL segment, which `accepted` is matched by (so `1.3` and `V1.3` are one version).
    package var segment: String
    /// The changes page from it to the new version.
    package var changesURL: String
    /// What changed from it to the new version, with links into that page.
    package var changes: Notice.Changes

    /// A comparison from `version` as the build found it.
    package init(version: String, segment: String, changesURL: String, changes: Notice.Changes) {
        self.version = version
        self.segment = segment
        self.changesURL = changesURL
        self.changes = changes
    }

    enum CodingKeys: String, CodingKey {
        case version, segment, changesURL = "changes_url", changes
    }
}

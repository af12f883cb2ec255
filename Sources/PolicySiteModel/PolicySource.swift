/// A policy as read from `policies/<id>/`: its settings and its versions, oldest first.
package struct PolicySource: Sendable, Hashable {
    /// The folder name, which is also the policy's URL segment.
    package var id: String
    package var title: String?
    package var description: String?
    /// `policy.yml`'s title and description in the site's other languages, by tag; a language
    /// without one uses `title` and `description`.
    package var localizedTitles: [String: String] = [:]
    package var localizedDescriptions: [String: String] = [:]
    /// Where the policy stands on the index; policies without one follow, by id.
    package var order: Int?
    /// Every version, sorted by effective day.
    package var versions: [VersionSource]

    /// A policy as read from its folder, with its versions in order.
    package init(id: String, title: String?, description: String?, order: Int?, versions: [VersionSource]) {
        self.id = id
        self.title = title
        self.description = description
        self.order = order
        self.versions = versions
    }

    /// The rule a policy folder name follows: `[a-z0-9][a-z0-9-]*`.
    package static func isValidID(_ name: String) -> Bool {
        guard let first = name.utf8.first, isLowerAlphanumeric(first) else { return false }
        return name.utf8.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    /// Names a policy cannot take because the site's own files use them.
    package static let reservedIDs: Set<String> = ["assets"]

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}

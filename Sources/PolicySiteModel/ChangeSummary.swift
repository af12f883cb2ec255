/// What changed from one version of a policy to the next, as data: the changes page, the feeds,
/// `policies.json` and the notice email all show it.
package struct ChangeSummary: Sendable, Hashable, Codable {
    /// A section by its heading, with the anchor that leads to it on the changes page.
    package struct Section: Sendable, Hashable, Codable {
        package var title: String
        package var anchor: String

        /// A link to a section: its title and its anchor on the version's page.
        package init(title: String, anchor: String) {
            self.title = title
            self.anchor = anchor
        }

        /// The fragment that leads to the section on the changes page: its anchor, or the start
        /// of the marked text for the text before the first heading.
        package var fragment: String { anchor.isEmpty ? "ps-redline" : anchor }
    }

    package var sectionsAdded: [Section] = []
    package var sectionsRemoved: [Section] = []
    package var sectionsChanged: [Section] = []
    package var wordsInserted = 0
    package var wordsDeleted = 0

    /// A summary of no change, to be added to as the redline is written.
    package init() {}

    /// Whether the two texts are the same (an editorial version may change only its summary).
    package var isUnchanged: Bool {
        sectionsAdded.isEmpty && sectionsRemoved.isEmpty && sectionsChanged.isEmpty && wordsInserted == 0 && wordsDeleted == 0
    }

    enum CodingKeys: String, CodingKey {
        case sectionsAdded = "sections_added"
        case sectionsRemoved = "sections_removed"
        case sectionsChanged = "sections_changed"
        case wordsInserted = "words_inserted"
        case wordsDeleted = "words_deleted"
    }
}

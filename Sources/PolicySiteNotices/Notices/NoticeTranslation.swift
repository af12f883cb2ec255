/// A notice in one language of the site, for the emails of the recipients who read it: the
/// version's title and summary in that language, and the links to that language's pages. The
/// default language comes first; `notify` writes each recipient's email in the first language
/// their `locale` falls back to (`LanguageTag.resolve`), else in the default.
package struct NoticeTranslation: Sendable, Hashable, Codable {
    /// The language's tag as the site names it: `en`, `de`, `pt-BR`.
    package var language: String
    /// The policy's title in this language.
    package var policyTitle: String
    /// The version's title in this language.
    package var title: String
    package var summary: String?
    package var versionURL: String
    /// The changes page from the previous version; nil for a policy's first version.
    package var changesURL: String?
    /// What that page shows changed: its sections' titles and links in this language.
    package var changes: Notice.Changes?
    /// The comparisons from each starting version of `Notice.startingVersions`, on this
    /// language's pages.
    package var startingVersions: [StartingVersion]

    /// A notice's text and links in `language`.
    package init(language: String, policyTitle: String, title: String, summary: String?, versionURL: String, changesURL: String?,
                 changes: Notice.Changes?, startingVersions: [StartingVersion] = []) {
        self.language = language
        self.policyTitle = policyTitle
        self.title = title
        self.summary = summary
        self.versionURL = versionURL
        self.changesURL = changesURL
        self.changes = changes
        self.startingVersions = startingVersions
    }

    /// Every key is written, with null where there is no value, as in the rest of `notice.json`.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(language, forKey: .language)
        try container.encode(policyTitle, forKey: .policyTitle)
        try container.encode(title, forKey: .title)
        try container.encode(summary, forKey: .summary)
        try container.encode(versionURL, forKey: .versionURL)
        try container.encode(changesURL, forKey: .changesURL)
        try container.encode(changes, forKey: .changes)
        try container.encode(startingVersions, forKey: .startingVersions)
    }

    enum CodingKeys: String, CodingKey {
        case language, policyTitle = "policy_title", title, summary, versionURL = "version_url", changesURL = "changes_url", changes,
             startingVersions = "starting_versions"
    }
}

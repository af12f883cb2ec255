/// A notice in one language of the site, for the emails of the recipients who read it: the
/// version's title and summary in that language, and the links to that language's pages. The
/// default language comes first; `notify` writes each recipient's email in the first language
/// their `locale` falls back to (`RecipientLanguage`), else in the default.
package struct NoticeTranslation: Sendable, Hashable, Codable {
    /// The language's tag as the site names it: `en`, `de`, `pt-BR`.
    package var language: String
    /// The version's title in this language.
    package var title: String
    package var summary: String?
    package var versionURL: String
    /// The changes page from the previous version; nil for a policy's first version.
    package var changesURL: String?
    /// The changes page from each starting version of `Notice.startingVersions`, by its label.
    package var startingVersionURLs: [String: String]

    /// A notice's text and links in `language`.
    package init(language: String, title: String, summary: String?, versionURL: String, changesURL: String?, startingVersionURLs: [String: String] = [:]) {
        self.language = language
        self.title = title
        self.summary = summary
        self.versionURL = versionURL
        self.changesURL = changesURL
        self.startingVersionURLs = startingVersionURLs
    }

    /// Every key is written, with null where there is no value, as in the rest of `notice.json`.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(language, forKey: .language)
        try container.encode(title, forKey: .title)
        try container.encode(summary, forKey: .summary)
        try container.encode(versionURL, forKey: .versionURL)
        try container.encode(changesURL, forKey: .changesURL)
        try container.encode(startingVersionURLs, forKey: .startingVersionURLs)
    }

    enum CodingKeys: String, CodingKey {
        case language, title, summary, versionURL = "version_url", changesURL = "changes_url", startingVersionURLs = "starting_version_urls"
    }
}

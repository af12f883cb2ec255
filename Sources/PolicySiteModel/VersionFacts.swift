/// What rendering a published version found out, kept (small) for the pages and records built
/// from every version: history, index, feeds, `policies.json`, sitemap.
package struct VersionFacts: Sendable, Hashable {
    /// The version's title, resolved from front matter, `policy.yml` or the text's first heading.
    package var title: String
    /// SHA-256 of the Markdown body's UTF-8 bytes (everything after the closing `---` line), hex.
    package var bodySHA256: String
    /// What changed from the published version before; nil for the first.
    package var changes: ChangeSummary?

    /// The facts of a rendered version, for its pages and its record.
    package init(title: String, bodySHA256: String, changes: ChangeSummary?) {
        self.title = title
        self.bodySHA256 = bodySHA256
        self.changes = changes
    }

}

/// What rendering a published version found out, kept (small) for the pages and records built
/// from every version: history, index, feeds, `policies.json`, sitemap.
struct VersionFacts: Sendable, Hashable {
    /// The version's title, resolved from front matter, `policy.yml` or the text's first heading.
    var title: String
    /// SHA-256 of the Markdown body's UTF-8 bytes (everything after the closing `---` line), hex.
    var bodySHA256: String
    /// What changed from the published version before; nil for the first.
    var changes: ChangeSummary?
}

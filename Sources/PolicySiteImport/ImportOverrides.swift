import PolicySiteModel

/// What the command line (or, for `--git`, the commit) settles for a document, over what its
/// text says.
package struct ImportOverrides: Sendable, Hashable {
    package var version: String?
    package var effective: CalendarDay?
    package var published: CalendarDay?
    /// Where the effective day comes from, for the notes.
    var effectiveOrigin = "from --effective"
    var versionOrigin = "from --version"
    var publishedOrigin = "from --published"

    package init(version: String? = nil, effective: CalendarDay? = nil, published: CalendarDay? = nil) {
        self.version = version
        self.effective = effective
        self.published = published
    }
}

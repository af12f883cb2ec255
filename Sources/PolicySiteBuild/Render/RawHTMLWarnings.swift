import PolicySiteModel
import PolicySiteSupport

/// The warnings for raw HTML that a version's page leaves out. A text exported from a CMS can hold
/// hundreds of tags, and an archive thousands of such versions: one line per file, with the
/// count and the first lines, unless `--verbose` asks for one line per piece.
enum RawHTMLWarnings {
    /// What the page keeps, for the messages.
    static let allowed = "only <br>, <sup> and <sub> without attributes are kept"

    /// Adds the warnings for `lines` (1-based lines of `version`'s body, one per piece left out).
    static func add(_ lines: [Int], of version: VersionSource, verbose: Bool, _ diagnostics: inout Diagnostics) {
        let fileLines = lines.map { version.bodyFirstLine + $0 - 1 }
        guard let first = fileLines.min() else { return }
        if verbose || lines.count == 1 {
            for line in fileLines {
                diagnostics.warning(version.path, line: line, "raw HTML is left out of the page (\(allowed)); write it as Markdown")
            }
            return
        }
        let distinct = Set(fileLines).sorted()
        let shown = distinct.prefix(5).map(String.init).joined(separator: ", ") + (distinct.count > 5 ? ", ..." : "")
        diagnostics.warning(version.path, line: first,
                            "\(lines.count) pieces of raw HTML are left out of the page (lines \(shown); \(allowed)); write them as Markdown, or build with --verbose to list each")
    }
}

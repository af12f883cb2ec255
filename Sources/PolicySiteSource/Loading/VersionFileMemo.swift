import PolicySiteModel
import PolicySiteSupport

/// What reading and parsing one version file gave: the version, unless the file holds an error,
/// and every problem found.
package struct ParsedVersionFile: Sendable {
    package var version: VersionSource?
    package var found: Diagnostics

    package init(version: VersionSource?, found: Diagnostics) {
        self.version = version
        self.found = found
    }
}

/// Version files parsed by earlier builds, so that a rebuild does not read and parse the files
/// that did not change (the build's cache keeps them). The loader hands it each file, by its real
/// path and the path shown in messages, with how to parse it; the memo either gives back what an
/// earlier parse of the unchanged file gave, or parses it and remembers the result.
package protocol VersionFileMemo: Sendable {
    func parsed(real: String, display: String, parse: () -> ParsedVersionFile) -> ParsedVersionFile
}

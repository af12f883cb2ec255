import Foundation
import PolicySiteModel
import PolicySiteSupport

/// Reads a version's Markdown body again from its file, at render time.
package enum VersionBody {
    /// The body with its control characters removed, or nil when the file cannot be read.
    package static func read(_ version: VersionSource, _ diagnostics: inout Diagnostics) -> String? {
        guard let source = SourceText.read(version.file, displayPath: version.path, &diagnostics),
              let split = FrontMatter.split(source.text, path: version.path, &diagnostics) else { return nil }
        // Control characters are removed, with a warning from `VersionFileParser`.
        return ControlCharacters.removed(from: String(split.body)).text
    }
}

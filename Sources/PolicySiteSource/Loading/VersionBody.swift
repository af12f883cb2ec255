import Crypto
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

    /// The SHA-256 of the body as the file holds it now (as `VersionFileParser` computes
    /// `bodySHA256`), or nil when it cannot be read: whether a version's file changed since the
    /// build planned it, before the build's cache keeps what it rendered under the planned hash.
    package static func currentSHA256(_ version: VersionSource) -> String? {
        var ignored = Diagnostics()
        guard let source = SourceText.read(version.file, displayPath: version.path, &ignored),
              let split = FrontMatter.split(source.text, path: version.path, &ignored) else { return nil }
        return Hex.encode(SHA256.hash(data: Data(split.body.utf8)))
    }
}

import Crypto
import Foundation
import PolicySiteModel
import PolicySiteSupport

/// Reads a version's Markdown body again from its file, at render time.
package enum VersionBody {
    /// How `read` begins its error when the file no longer holds the body the build planned with.
    package static let changedDuringBuild = "this file changed while the site was being built"

    /// The body with its control characters removed, or nil when the file cannot be read, or
    /// when it no longer holds the body the build planned with (`bodySHA256`, which the lock
    /// checked): a page never shows a text other than the one checked.
    package static func read(_ version: VersionSource, _ diagnostics: inout Diagnostics) -> String? {
        read(version, reportsUnreadable: true, &diagnostics)
    }

    /// The body, read for a page of another version (a comparison): a file that cannot be read is
    /// reported by its own version's page, and only one that changed during the build here too,
    /// since no page may be left out in silence.
    package static func readForAnother(_ version: VersionSource, _ diagnostics: inout Diagnostics) -> String? {
        read(version, reportsUnreadable: false, &diagnostics)
    }

    private static func read(_ version: VersionSource, reportsUnreadable: Bool, _ diagnostics: inout Diagnostics) -> String? {
        var unreadable = Diagnostics()
        defer { if reportsUnreadable { diagnostics.add(unreadable) } }
        guard let source = SourceText.read(version.file, displayPath: version.path, &unreadable),
              let split = FrontMatter.split(source.text, path: version.path, &unreadable) else { return nil }
        guard Hex.encode(SHA256.hash(data: Data(split.body.utf8))) == version.bodySHA256 else {
            diagnostics.error(version.path, "\(changedDuringBuild); build again once it is saved")
            return nil
        }
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

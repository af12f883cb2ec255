import Foundation

/// Where a site's files are, and how to name them in messages: relative to the folder the user
/// named with `--root`, prefixed with that folder as typed.
package struct SitePaths: Sendable, Hashable {
    package let root: URL
    /// `--root` as typed, or empty for the current folder.
    let displayPrefix: String

    package init(root: URL, displayRoot: String? = nil) {
        self.root = root.standardizedFileURL
        let shown = displayRoot ?? ""
        if shown.isEmpty || shown == "." || shown == "./" {
            displayPrefix = ""
        } else {
            displayPrefix = shown.hasSuffix("/") ? shown : shown + "/"
        }
    }

    /// A path relative to the site root, as shown in messages.
    package func display(_ relative: String) -> String { displayPrefix + relative }

    package func url(_ relative: String) -> URL {
        relative.hasPrefix("/") ? URL(fileURLWithPath: relative).standardizedFileURL
            : root.appending(path: relative).standardizedFileURL
    }

    /// The name of the lock, the record of what was published and notified, at the site root.
    /// Here rather than with `PolicyLock`, so that reading the sources, which must never
    /// publish the lock, does not depend on the lock.
    package static let lockFileName = "policysite.lock"

    package var config: URL { root.appending(path: SiteConfig.fileName) }
    package var policies: URL { root.appending(path: "policies", directoryHint: .isDirectory) }
    package var themes: URL { root.appending(path: "themes", directoryHint: .isDirectory) }
}

import Crypto
import Foundation
import PolicySiteModel
import PolicySiteSupport

/// A fingerprint of everything a site is built from (`policysite.yml`, `policysite.lock`,
/// `policies/`, `themes/`): each file's path, size and modification time. It changes when a source
/// is added, removed or saved, which is what `serve` watches for and `publish` checks.
package enum SourceFingerprint {
    /// The fingerprint of the site at `paths`, in lower-case hex.
    package static func of(_ paths: SitePaths) -> String {
        var hasher = SHA256()
        var entries: [String] = []
        for name in [SiteConfig.fileName, SitePaths.lockFileName] {
            entries.append(entry(paths.root.appending(path: name), relative: name))
        }
        for (folder, base) in [("policies", paths.policies), ("themes", paths.themes)] {
            let files = FileTree.regularFiles(below: base.path) ?? []  // a missing folder has no files
            entries += files.map { entry(base.appending(path: $0), relative: "\(folder)/\($0)") }
        }
        for entry in entries { hasher.update(data: Data((entry + "\n").utf8)) }
        return Hex.encode(hasher.finalize())
    }

    private static func entry(_ url: URL, relative: String) -> String {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return "\(relative) -" }
        let modified = FileTimes.modified(info)
        return "\(relative) \(info.st_size) \(modified.tv_sec).\(modified.tv_nsec)"
    }
}

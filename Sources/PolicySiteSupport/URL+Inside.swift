import Foundation

extension URL {
    /// Whether this file URL is `folder` or lies under it, compared after resolving `..` and the
    /// symbolic links of the parts that exist (`resolvedComponents`).
    package func isInside(_ folder: URL) -> Bool {
        resolvedComponents.starts(with: folder.resolvedComponents)
    }

    /// The path's components with the longest existing prefix resolved by `realpath` (symbolic
    /// links followed) and the rest appended: a link in a folder that exists counts even when the
    /// path below it is not made yet (an outbox `sl/ob` where `sl` links to the output folder).
    package var resolvedComponents: [String] {
        var existing = standardizedFileURL.pathComponents
        var missing: [String] = []
        while existing.count > 1 {
            let path = NSString.path(withComponents: existing)
            if let resolved = realpath(path, nil) {
                defer { free(resolved) }
                return URL(fileURLWithPath: String(cString: resolved)).pathComponents + missing.reversed()
            }
            missing.append(existing.removeLast())
        }
        return existing + missing.reversed()
    }
}

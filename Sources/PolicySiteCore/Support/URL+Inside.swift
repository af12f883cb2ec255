import Foundation

extension URL {
    /// Whether this file URL is `folder` or lies under it, compared after resolving `..` and
    /// symbolic links of the parts that exist.
    func isInside(_ folder: URL) -> Bool {
        resolvingSymlinksInPath().standardizedFileURL.pathComponents
            .starts(with: folder.resolvingSymlinksInPath().standardizedFileURL.pathComponents)
    }
}

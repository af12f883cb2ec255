import PolicySiteModel
import PolicySiteSupport

extension PolicyLock {
    /// The lock of a site as the build reads it, for commands that only look at it (`import`
    /// checks a new version against it); nil when there is none yet. Throws its problem.
    package static func read(_ paths: SitePaths) throws(Diagnostics) -> PolicyLock? {
        try LockFile.read(paths)?.lock
    }
}

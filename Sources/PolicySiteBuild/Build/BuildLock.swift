import Foundation
import PolicySiteModel
import PolicySiteSupport

/// One `build` at a time per site root: a `ProcessLock` on `.policysite/build.lock`.
enum BuildLock {
    static let path = ".policysite/build.lock"

    /// Takes the lock, or fails naming the process that holds it.
    static func acquire(_ paths: SitePaths, now: Date = Date()) throws(Diagnostics) -> ProcessLock {
        do {
            return try ProcessLock.acquire(paths.root.appending(path: path), now: now)
        } catch {
            switch error {
            case .held(let holder):
                throw Diagnostics([.error(paths.display(path), "another build of this site is running (\(holder)); wait until it has finished, then build again")])
            case .unusable(let reason):
                throw Diagnostics([.error(paths.display(path), "cannot take the build lock: \(reason)")])
            }
        }
    }
}

import Foundation
import PolicySiteMarkdown
import PolicySiteSupport

/// What a cached page depends on in policysite itself: the cache's format, cmark-gfm's version
/// and extensions, and this very program (its executable's size, modification time and inode,
/// so that any other build of policysite, whatever its version number, renders everything again).
enum EngineIdentity {
    /// Nil when the executable cannot be found: then nothing is cached.
    static let current: String? = {
        let executable = Bundle.main.executablePath ?? "/proc/self/exe"
        var info = stat()
        guard stat(executable, &info) == 0 else { return nil }
        let modified = FileTimes.modified(info)
        return "\(CacheEntry.format); \(MarkdownRenderer.identity); executable \(info.st_size) \(info.st_ino) \(modified.tv_sec).\(modified.tv_nsec)"
    }()
}

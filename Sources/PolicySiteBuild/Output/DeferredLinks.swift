import Synchronization

/// The links from the previous site that a `LinkingSink` owes its staging folder, put off until
/// every page has been written: a rebuild that writes nothing new and finds the previous site
/// holding exactly its files makes none of them, and leaves that site in place (`BuildCaching`).
/// By relative path, with the file's SHA-256.
final class DeferredLinks: Sendable {
    private let pending = Mutex<[String: String]>([:])
    private let wroteAnew = Atomic<Bool>(false)

    /// A file found unchanged in the previous site, to be linked if the site is staged.
    func add(_ relativePath: String, digest: String) {
        pending.withLock { $0[relativePath] = digest }
    }

    /// A file written into the staging folder: no link is owed for its path any more, and the
    /// staged site is no longer the previous one.
    func wrote(_ relativePath: String) {
        wroteAnew.store(true, ordering: .relaxed)
        pending.withLock { _ = $0.removeValue(forKey: relativePath) }
    }

    /// Whether any file was written rather than found in the previous site.
    var hasWrittenAnew: Bool { wroteAnew.load(ordering: .relaxed) }

    /// The links owed, sorted by path, and none afterwards.
    func take() -> [(path: String, digest: String)] {
        pending.withLock { pending in
            defer { pending = [:] }
            return pending.sorted { $0.key < $1.key }.map { (path: $0.key, digest: $0.value) }
        }
    }
}

import Crypto
import Foundation
import PolicySiteModel
import PolicySiteSupport
import Synchronization

/// The build's cache folder, `.policysite/cache/` in the site root: entries named by a key, each
/// checked when read (`CacheEntry`), each written to a temporary file and renamed into place, so
/// that a build killed while writing, or two builds at once, never leave an entry that is used.
///
/// The cache is an optimisation and never a source of errors: a folder that is a symbolic link,
/// not a folder, unreadable or unwritable makes `at` give nil, and the build goes cold; an
/// entry that is missing, damaged or cannot be written is a miss.
struct CacheStore: Sendable {
    /// The cache's folder, relative to the site root.
    static let folder = ".policysite/cache"
    /// The prefix of an entry being written: `<prefix><pid>-<n>`, removed by a later build when
    /// its process is gone (`Leftovers`).
    static let temporaryPrefix = ".writing-"
    /// The largest entry read: anything larger is damaged, not a cache entry.
    static let largestEntry = 256 << 20

    let root: String

    /// Opens (making it when missing) `.policysite/cache/<kind>/`; nil when it cannot be used.
    /// Neither `.policysite` nor `cache` nor the kind's folder may be a symbolic link or anything
    /// but a folder: a cache that points out of the site root is not followed.
    /// `makesRoot` false (a preview, which records nothing in the site root): nil when the site
    /// root has no `.policysite/` yet, rather than making one.
    static func at(_ paths: SitePaths, kind: String, makesRoot: Bool = true) -> CacheStore? {
        opening(paths.root.path, [".policysite", "cache", kind], makesFirst: makesRoot)
    }

    /// The cache of the kind that `options` asks for: the site root's (a preview's only when
    /// `.policysite/` is already there), else one in `BuildOptions.cacheFolder` when it is set.
    static func of(_ options: BuildOptions, kind: String) -> CacheStore? {
        if let store = at(options.paths, kind: kind, makesRoot: !options.isPreview) { return store }
        guard let folder = options.cacheFolder else { return nil }
        return opening(folder.deletingLastPathComponent().path, [folder.lastPathComponent, kind], makesFirst: true)
    }

    private static func opening(_ base: String, _ components: [String], makesFirst: Bool) -> CacheStore? {
        var path = base
        for (position, component) in components.enumerated() {
            path += "/" + component
            var info = stat()
            if lstat(path, &info) != 0 {
                guard errno == ENOENT, makesFirst || position > 0, mkdir(path, 0o755) == 0 || errno == EEXIST, lstat(path, &info) == 0 else { return nil }
            }
            guard info.st_mode & S_IFMT == S_IFDIR, access(path, R_OK | W_OK | X_OK) == 0 else { return nil }
        }
        Leftovers.removeStale(in: URL(fileURLWithPath: path, isDirectory: true), prefix: temporaryPrefix)
        return CacheStore(root: path)
    }

    /// The entry's payload, when it is there, whole and as written; nil otherwise.
    func read(_ key: String) -> Data? {
        let path = root + "/" + key
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size <= Self.largestEntry,
              case .success(let data) = DescriptorReading.readToEnd(descriptor, size: Int(info.st_size)) else { return nil }
        return CacheEntry.payload(of: data)
    }

    /// Writes the entry: to a temporary file, then renamed over any earlier one. Failing (a full
    /// disk, a folder made read-only meanwhile) leaves no entry and no temporary file.
    func write(_ key: String, _ payload: Data) {
        let temporary = root + "/" + Self.temporaryPrefix + "\(getpid())-" + Self.nextSuffix()
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return }
        let entry = CacheEntry.encode(payload)
        let failed = entry.withUnsafeBytes { DescriptorWriting.writeAll($0, to: descriptor) } != nil
        if close(descriptor) != 0 || failed || rename(temporary, root + "/" + key) != 0 {
            unlink(temporary)
        }
    }

    /// Removes an entry (a damaged one, or one no longer used).
    func remove(_ key: String) {
        unlink(root + "/" + key)
    }

    /// The names of the entries, without the temporary files being written.
    func keys() -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: root) else { return [] }
        return names.filter { !$0.hasPrefix(".") }
    }

    private static let counter = Atomic<Int>(0)

    /// A number unique in this process, so that two threads never share a temporary file.
    private static func nextSuffix() -> String {
        String(counter.wrappingAdd(1, ordering: .relaxed).oldValue)
    }
}

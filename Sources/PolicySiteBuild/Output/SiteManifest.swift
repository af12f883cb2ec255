import Foundation
import PolicySiteSupport

/// The SHA-256 of every file under a built site, by path relative to it: recorded by `build` in
/// `.policysite/last-build.json` and checked by `publish`, so that a site edited, trimmed or added
/// to after its build does not go live.
package enum SiteManifest {
    /// What the manifest holds for a folder, where a file has its SHA-256.
    package static let folder = "folder"

    /// Every entry under `folder`, hidden ones included, by sorted relative path: the SHA-256 of a
    /// regular file, `folder` for a folder, or `symbolic-link`/`not-a-file` for anything else
    /// (which a build never writes).
    /// `known`: the SHA-256 of files the caller has just staged there itself (`LinkingSink`), by
    /// relative path, which are not read again.
    package static func of(folder: URL, jobs: Int = ParallelWork.defaultJobs, known: [String: String] = [:]) throws -> [String: String] {
        let root = folder.path
        // The top folder first, then its folders' trees on every core: a site's 60,000 entries
        // took about a tenth of a rebuild to list on one.
        var (files, others) = try entries(of: root, below: "", recursive: false)
        let trees = others.filter { $0.value == Self.folder }.keys.sorted()
        let listed = ParallelWork.map(count: trees.count, jobs: jobs) { index in
            Result { () throws(FileOperationError) in try entries(of: root, below: trees[index], recursive: true) }
        }
        for tree in listed {
            let (treeFiles, treeOthers) = try tree.get()
            files += treeFiles
            others.merge(treeOthers) { first, _ in first }
        }
        var manifest = others
        let paths = files.filter { path in
            guard let digest = known[path] else { return true }
            manifest[path] = digest
            return false
        }
        let hashes = ParallelWork.map(count: paths.count, jobs: jobs) { index in
            Result { () throws(FileOperationError) in try sha256(of: root + "/" + paths[index]) }
        }
        for (file, hash) in zip(paths, hashes) { manifest[file] = try hash.get() }
        return manifest
    }

    /// The entries below `relative` (the top folder when empty): regular files by relative path,
    /// and everything else by its kind; with `recursive`, those of every folder below too.
    private static func entries(of root: String, below relative: String, recursive: Bool) throws(FileOperationError) -> (files: [String], others: [String: String]) {
        var files: [String] = []
        var others: [String: String] = [:]
        var pending: [String] = [relative]
        while let relative = pending.popLast() {
            let path = relative.isEmpty ? root : root + "/" + relative
            guard let directory = opendir(path) else { throw FileOperationError("cannot read the folder \(path)", code: errno) }
            defer { closedir(directory) }
            while let item = readdir(directory) {
                let name = withUnsafeBytes(of: item.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                let child = relative.isEmpty ? name : relative + "/" + name
                switch try kind(of: item.pointee.d_type, at: root + "/" + child) {
                case S_IFDIR:
                    // Folders count too: an empty one added after the build would go live.
                    others[child] = Self.folder
                    if recursive { pending.append(child) }
                case S_IFREG: files.append(child)
                case S_IFLNK: others[child] = "symbolic-link"
                default: others[child] = "not-a-file"
                }
            }
        }
        return (files, others)
    }

    /// The `S_IFMT` bits of an entry, from its directory entry's type when the file system gives
    /// one (a `lstat` per entry was a fiftieth of a rebuild), else from `lstat`.
    private static func kind(of type: UInt8, at path: String) throws(FileOperationError) -> mode_t {
        if let kind = FileTree.entryKind(type) { return kind }
        var info = stat()
        guard lstat(path, &info) == 0 else { throw FileOperationError("cannot read \(path)", code: errno) }
        return info.st_mode & S_IFMT
    }

    private static func sha256(of path: String) throws(FileOperationError) -> String {
        switch FileDigest.sha256(of: path) {
        case .success(let digest): return digest
        case .failure(.cannotOpen(let code)), .failure(.cannotRead(let code)): throw FileOperationError("cannot read \(path)", code: code)
        case .failure(.notARegularFile): throw FileOperationError("\(path) is not a regular file")
        }
    }

    /// What differs between a recorded manifest and the folder's: paths edited, deleted and added.
    package static func differences(recorded: [String: String], found: [String: String]) -> (edited: [String], deleted: [String], added: [String]) {
        let edited = recorded.keys.filter { found[$0] != nil && found[$0] != recorded[$0] }.sorted()
        let deleted = recorded.keys.filter { found[$0] == nil }.sorted()
        let added = found.keys.filter { recorded[$0] == nil }.sorted()
        return (edited, deleted, added)
    }
}

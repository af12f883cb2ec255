import Crypto
import Foundation
import PolicySiteSupport

/// What the last build put in an output folder: each file's SHA-256 and its identity after the
/// build (`FileIdentity`), and each folder's identity. The next build links a file of the previous
/// site into its staging folder instead of writing it again when the new file's SHA-256 is the
/// recorded one and the previous file's identity is unchanged: so a rebuild creates only the
/// files that changed, and the staged site is still swapped in whole. When every file is
/// unchanged and no folder's identity changed (nothing was added to one, removed or renamed),
/// the previous site is the new one and stays (`BuildCaching.previousSiteIfSame`).
/// Kept in the cache, one entry per output folder.
struct OutputIndex: Sendable {
    struct File: Sendable, Hashable {
        var digest: String
        var identity: FileIdentity
    }

    /// The output folder, absolute.
    var output: String
    /// By path relative to the output folder.
    var files: [String: File]
    /// By path relative to the output folder, the output folder itself as `.`.
    var folders: [String: FileIdentity] = [:]

    /// The folders that hold `paths` (relative paths of files), each folder on the way, by
    /// relative path; the output folder itself not among them.
    static func folders(holding paths: some Sequence<String>) -> Set<String> {
        var folders: Set<String> = []
        for path in paths {
            var folder = Substring(path)
            while let slash = folder.lastIndex(of: "/") {
                folder = folder[..<slash]
                guard folders.insert(String(folder)).inserted else { break }
            }
        }
        return folders
    }

    /// The cache entry's name for an output folder.
    static func key(for output: String) -> String {
        "output-" + Hex.encode(SHA256.hash(data: Data(output.utf8)))
    }

    /// Reads the index of `output`; nil when there is none, or it is damaged or another folder's.
    static func read(_ store: CacheStore, output: String) -> OutputIndex? {
        guard let payload = store.read(key(for: output)) else { return nil }
        return parse(payload, output: output)
    }

    /// Records the files under `output` whose SHA-256 `digests` holds (by relative path), as they
    /// are now: called once the new site is in place.
    /// The files are looked up on every core: one `lstat` each, tens of thousands of them, at the
    /// end of a rebuild that has nothing else left to do.
    /// Their folders are recorded too.
    static func record(_ store: CacheStore, output: String, digests: [String: String], jobs: Int) {
        let entries = (digests.map { (path: $0.key, digest: $0.value) }
            + (Array(folders(holding: digests.keys)) + ["."]).map { (path: $0, digest: SiteManifest.folder) }).sorted { $0.path < $1.path }
        let parts = max(1, min(jobs * 4, entries.count / 1024))
        let lines = ParallelWork.map(count: parts, jobs: jobs) { part in
            var text = ""
            for (path, digest) in entries[(entries.count * part / parts)..<(entries.count * (part + 1) / parts)] {
                let at = output + "/" + path
                guard let identity = FileIdentity(path: at, kind: digest == SiteManifest.folder ? S_IFDIR : S_IFREG) else { continue }
                text += "\(digest) \(identity.device) \(identity.inode) \(identity.size) \(identity.modified) \(identity.changed) \(path)\n"
            }
            return text
        }
        store.write(key(for: output), Data((output + "\n" + lines.joined()).utf8))
    }

    /// Forgets the index of `output` (its files are about to change outside the cache's view).
    static func forget(_ store: CacheStore, output: String) {
        store.remove(key(for: output))
    }

    /// One line per file: `digest device inode size modified changed path` (the path last, since
    /// it may hold spaces; a build never writes a file whose name has a line feed), and one per
    /// folder, with `folder` for the digest. Read byte by byte: a rebuild reads one line per file
    /// of the site before anything else, and splitting them as Strings was a twentieth of a
    /// rebuild with nothing to do.
    private static func parse(_ payload: Data, output: String) -> OutputIndex? {
        let bytes = [UInt8](payload)
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)[...]
        guard let first = lines.popFirst(), String(decoding: first, as: UTF8.self) == output else { return nil }
        var files: [String: File] = [:]
        var folders: [String: FileIdentity] = [:]
        files.reserveCapacity(lines.count)
        for line in lines where !line.isEmpty {
            var fields = line.split(separator: UInt8(ascii: " "), maxSplits: 6, omittingEmptySubsequences: false)[...]
            guard fields.count == 7, let digest = fields.popFirst(), let device = number(fields.popFirst()), let inode = number(fields.popFirst()),
                  let size = number(fields.popFirst()), let modified = number(fields.popFirst()), let changed = number(fields.popFirst()),
                  let path = fields.popFirst(), !path.isEmpty else { return nil }
            let identity = FileIdentity(device: UInt64(bitPattern: device), inode: UInt64(bitPattern: inode), size: size,
                                        modified: modified, changed: changed)
            if digest.elementsEqual(SiteManifest.folder.utf8) {
                folders[String(decoding: path, as: UTF8.self)] = identity
            } else {
                files[String(decoding: path, as: UTF8.self)] = File(digest: String(decoding: digest, as: UTF8.self), identity: identity)
            }
        }
        return OutputIndex(output: output, files: files, folders: folders)
    }

    /// A decimal number as `record` writes it: a UInt64 (device, inode) comes back as its bit
    /// pattern, an Int64 (size, times) as itself; nil for anything else.
    private static func number(_ digits: ArraySlice<UInt8>?) -> Int64? {
        guard let digits, !digits.isEmpty, digits.count <= 20 else { return nil }
        var rest = digits[...]
        let negative = rest.first == UInt8(ascii: "-")
        if negative { rest = rest.dropFirst() }
        guard !rest.isEmpty else { return nil }
        var value: UInt64 = 0
        for digit in rest {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") else { return nil }
            let (times, overflowTimes) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowSum) = times.addingReportingOverflow(UInt64(digit - UInt8(ascii: "0")))
            guard !overflowTimes, !overflowSum else { return nil }
            value = sum
        }
        if negative {
            guard value <= UInt64(Int64.max) else { return nil }
            return -Int64(value)
        }
        return Int64(bitPattern: value)
    }
}

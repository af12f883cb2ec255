import Crypto
import Foundation
import PolicySiteSupport

/// What the last build put in an output folder: each file's SHA-256 and its identity after the
/// build (`FileIdentity`). The next build links a file of the previous site into its staging
/// folder instead of writing it again when the new file's SHA-256 is the recorded one and the
/// previous file's identity is unchanged: so a rebuild creates only the files that changed, and
/// the staged site is still swapped in whole. Kept in the cache, one entry per output folder.
struct OutputIndex: Sendable {
    struct File: Sendable, Hashable {
        var digest: String
        var identity: FileIdentity
    }

    /// The output folder, absolute.
    var output: String
    /// By path relative to the output folder.
    var files: [String: File]

    /// The cache entry's name for an output folder.
    static func key(for output: String) -> String {
        "output-" + Hex.encode(SHA256.hash(data: Data(output.utf8)))
    }

    /// Reads the index of `output`; nil when there is none, or it is damaged or another folder's.
    static func read(_ store: CacheStore, output: String) -> OutputIndex? {
        guard let payload = store.read(key(for: output)) else { return nil }
        return parse(String(decoding: payload, as: UTF8.self), output: output)
    }

    /// Records the files under `output` whose SHA-256 `digests` holds (by relative path), as they
    /// are now: called once the new site is in place.
    static func record(_ store: CacheStore, output: String, digests: [String: String]) {
        var text = output + "\n"
        for (path, digest) in digests.sorted(by: { $0.key < $1.key }) {
            guard let identity = FileIdentity(path: output + "/" + path) else { continue }
            text += "\(digest) \(identity.device) \(identity.inode) \(identity.size) \(identity.modified) \(identity.changed) \(path)\n"
        }
        store.write(key(for: output), Data(text.utf8))
    }

    /// Forgets the index of `output` (its files are about to change outside the cache's view).
    static func forget(_ store: CacheStore, output: String) {
        store.remove(key(for: output))
    }

    /// One line per file: `digest device inode size modified changed path` (the path last, since
    /// it may hold spaces; a build never writes a file whose name has a line feed).
    private static func parse(_ text: String, output: String) -> OutputIndex? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first.map({ String($0) }) == output else { return nil }
        lines.removeFirst()
        var files: [String: File] = [:]
        files.reserveCapacity(lines.count)
        for line in lines where !line.isEmpty {
            let fields = line.split(separator: " ", maxSplits: 6)
            guard fields.count == 7, let device = UInt64(fields[1]), let inode = UInt64(fields[2]), let size = Int64(fields[3]),
                  let modified = Int64(fields[4]), let changed = Int64(fields[5]) else { return nil }
            files[String(fields[6])] = File(digest: String(fields[0]), identity: FileIdentity(
                device: device, inode: inode, size: size, modified: modified, changed: changed))
        }
        return OutputIndex(output: output, files: files)
    }
}

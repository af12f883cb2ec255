import Crypto
import Foundation
import PolicySiteSupport
import Synchronization

/// Writes a build's files into its staging folder, as `FolderSink` does, except that a file the
/// previous site already holds with the same bytes is hard-linked from it instead of written
/// again (`OutputIndex` says which, without reading them). The staging folder is still a whole
/// site swapped in at once, so a failed or killed build leaves the previous one as it was; a
/// rebuild only creates the files that changed, which on a disk costs far more than linking.
///
/// Files are created exclusively and a link is never written through: a path already staged is
/// unlinked first, so a file shared with the previous site is never changed in place.
/// Records the SHA-256 of every file it stages, for the build's manifest and the next index.
struct LinkingSink: PageSink {
    /// The staging folder.
    let staging: String
    /// The previous site and what the last build recorded of it; nil for a cold build.
    let previous: (folder: String, index: OutputIndex)?
    let digests: StagedDigests

    init(staging: URL, previous: (folder: URL, index: OutputIndex)?) {
        self.staging = staging.path
        self.previous = previous.map { ($0.folder.path, $0.index) }
        digests = StagedDigests()
    }

    func write(_ bytes: UnsafeRawBufferPointer, to relativePath: String) throws {
        _ = try writeReturningDigest(bytes, to: relativePath)
    }

    /// Writes (or links) the file; its SHA-256.
    func writeReturningDigest(_ bytes: UnsafeRawBufferPointer, to relativePath: String) throws -> String {
        let digest = Hex.encode(SHA256.hash(data: bytes))
        if linkUnchanged(relativePath, digest: digest) { return digest }
        let path = staging + "/" + relativePath
        let descriptor = try Self.createExclusively(path)
        defer { close(descriptor) }
        if let code = DescriptorWriting.writeAll(bytes, to: descriptor) { throw POSIXError(code, path: path) }
        digests.record(relativePath, digest)
        return digest
    }

    /// Links every file of `files` (relative path and SHA-256) from the previous site, when each
    /// is there unchanged; false, having linked none or only some, when one is not (the caller
    /// then writes them all, which replaces what was linked).
    func linkAll(_ files: [(path: String, digest: String)]) -> Bool {
        guard files.allSatisfy({ isUnchanged($0.path, digest: $0.digest) }) else { return false }
        // Checked just above: each file is looked up once, not again before its link.
        return files.allSatisfy { linkFromPrevious($0.path, digest: $0.digest) }
    }

    /// Whether the previous site holds `relativePath` with these bytes, as the last build left it.
    private func isUnchanged(_ relativePath: String, digest: String) -> Bool {
        guard let previous, let file = previous.index.files[relativePath], file.digest == digest else { return false }
        return FileIdentity(path: previous.folder + "/" + relativePath) == file.identity
    }

    /// Links the previous site's file into the staging folder when it is unchanged; whether it did.
    private func linkUnchanged(_ relativePath: String, digest: String) -> Bool {
        isUnchanged(relativePath, digest: digest) && linkFromPrevious(relativePath, digest: digest)
    }

    /// Links the previous site's file into the staging folder (found unchanged); whether it did.
    private func linkFromPrevious(_ relativePath: String, digest: String) -> Bool {
        guard let previous else { return false }
        let source = previous.folder + "/" + relativePath
        let target = staging + "/" + relativePath
        var result = link(source, target)
        if result != 0, errno == ENOENT, (try? FolderSink.makeFolder(FolderSink.parent(of: target))) != nil {
            result = link(source, target)
        }
        if result != 0, errno == EEXIST, unlink(target) == 0 {
            result = link(source, target)
        }
        guard result == 0 else { return false }
        digests.record(relativePath, digest)
        return true
    }

    /// A new file at `path`, made with its folders; one already there is unlinked first.
    private static func createExclusively(_ path: String) throws -> Int32 {
        let flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC
        var descriptor = open(path, flags, 0o644)
        if descriptor < 0, errno == ENOENT {
            try FolderSink.makeFolder(FolderSink.parent(of: path))
            descriptor = open(path, flags, 0o644)
        }
        if descriptor < 0, errno == EEXIST, unlink(path) == 0 {
            descriptor = open(path, flags, 0o644)
        }
        guard descriptor >= 0 else { throw POSIXError(errno, path: path) }
        return descriptor
    }
}

/// The SHA-256 of each file staged, by relative path, from every worker.
final class StagedDigests: Sendable {
    private let digests = Mutex<[String: String]>([:])

    func record(_ path: String, _ digest: String) {
        digests.withLock { $0[path] = digest }
    }

    var all: [String: String] { digests.withLock { $0 } }
}

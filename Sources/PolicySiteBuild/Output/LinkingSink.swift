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
/// The links are put off (`StagedFiles` notes them as owed) until every page is written, and made
/// by `makeDeferredLinks`: when nothing was written anew, the previous site may be the new one, and
/// then no link is made at all.
///
/// Files are created exclusively and a link is never written through: a path already staged is
/// unlinked first, so a file shared with the previous site is never changed in place.
/// Records the SHA-256 of every file of the new site, staged or owed, for the build's manifest and
/// the next index.
struct LinkingSink: PageSink {
    /// The staging folder.
    let staging: String
    /// The previous site and what the last build recorded of it; nil for a cold build.
    let previous: (folder: String, index: OutputIndex)?
    let files: StagedFiles

    init(staging: URL, previous: (folder: URL, index: OutputIndex)?) {
        self.staging = staging.path
        self.previous = previous.map { ($0.folder.path, $0.index) }
        files = StagedFiles()
    }

    func write(_ bytes: UnsafeRawBufferPointer, to relativePath: String) throws {
        _ = try writeReturningDigest(bytes, to: relativePath)
    }

    /// Writes (or links) the file; its SHA-256.
    func writeReturningDigest(_ bytes: UnsafeRawBufferPointer, to relativePath: String) throws -> String {
        let digest = Hex.encode(SHA256.hash(data: bytes))
        if isUnchanged(relativePath, digest: digest) {
            files.owe(relativePath, digest)
            return digest
        }
        try create(staging + "/" + relativePath, holding: bytes)
        files.wrote(relativePath, digest)
        return digest
    }

    /// Takes every file of `files` (relative path and SHA-256) from the previous site, when each
    /// is there unchanged; false, having taken none, when one is not (the caller then writes them).
    func linkAll(_ files: [(path: String, digest: String)]) -> Bool {
        guard files.allSatisfy({ isUnchanged($0.path, digest: $0.digest) }) else { return false }
        for file in files { self.files.owe(file.path, file.digest) }
        return true
    }

    /// Makes the links put off, on every core: once every page is written, when the staged site
    /// is to replace the previous one. A file that cannot be linked (a file system without hard
    /// links, a file linked too many times) is copied, and its bytes checked against its SHA-256.
    /// Throws when one can be neither: the previous site changed during the build.
    func makeDeferredLinks(jobs: Int) throws(FileOperationError) {
        let links = files.owed()
        let parts = max(1, min(jobs * 4, links.count / 256))
        let failures = ParallelWork.map(count: parts, jobs: jobs) { part -> String? in
            for link in links[(links.count * part / parts)..<(links.count * (part + 1) / parts)] {
                if let failure = linkOrCopy(link.path, digest: link.digest) { return failure }
            }
            return nil
        }
        if let failure = failures.compactMap({ $0 }).first { throw FileOperationError(failure) }
    }

    /// Whether the previous site holds `relativePath` with these bytes, as the last build left it.
    private func isUnchanged(_ relativePath: String, digest: String) -> Bool {
        guard let previous, let file = previous.index.files[relativePath], file.digest == digest else { return false }
        return FileIdentity(path: previous.folder + "/" + relativePath) == file.identity
    }

    /// Links the previous site's file (found unchanged) into the staging folder, or copies it;
    /// nil when done, else what went wrong.
    private func linkOrCopy(_ relativePath: String, digest: String) -> String? {
        guard let previous else { return "\(relativePath): no previous site to take it from" }
        let source = previous.folder + "/" + relativePath
        let target = staging + "/" + relativePath
        // Checked again: the page was written long ago, and a file changed since is copied and its
        // bytes checked, not linked (its record would then pair the old SHA-256 with the new file).
        if isUnchanged(relativePath, digest: digest) {
            var result = link(source, target)
            if result != 0, errno == ENOENT, (try? FolderSink.makeFolder(FolderSink.parent(of: target))) != nil {
                result = link(source, target)
            }
            if result != 0, errno == EEXIST, unlink(target) == 0 {
                result = link(source, target)
            }
            if result == 0 { return nil }
        }
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: source))
        } catch {
            return "cannot read \(source): \(FileOperationError.describe(error))"
        }
        guard Hex.encode(SHA256.hash(data: bytes)) == digest else { return "\(source) was changed during the build" }
        do {
            try bytes.withUnsafeBytes { try create(target, holding: $0) }
        } catch {
            return FileOperationError.describe(error)
        }
        return nil
    }

    /// Writes a new file at `path`.
    private func create(_ path: String, holding bytes: UnsafeRawBufferPointer) throws {
        let descriptor = try Self.createExclusively(path)
        defer { close(descriptor) }
        if let code = DescriptorWriting.writeAll(bytes, to: descriptor) { throw POSIXError(code, path: path) }
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

/// The SHA-256 of each file of the new site, by relative path, from every worker; and which of
/// them are owed, found unchanged in the previous site and not yet linked from it.
final class StagedFiles: Sendable {
    private struct State {
        var digests: [String: String] = [:]
        var owed: [String: String] = [:]
    }

    private let state = Mutex(State())

    /// A file written into the staging folder; no link is owed for its path any more.
    func wrote(_ path: String, _ digest: String) {
        state.withLock {
            $0.digests[path] = digest
            $0.owed[path] = nil
        }
    }

    /// A file found unchanged in the previous site, to be linked if the site is staged.
    func owe(_ path: String, _ digest: String) {
        state.withLock {
            $0.digests[path] = digest
            $0.owed[path] = digest
        }
    }

    var all: [String: String] { state.withLock { $0.digests } }

    /// Whether a file was written rather than owed: then the staged site is not the previous one.
    /// Asked before the owed links are taken (`owed()` empties them).
    var hasWrittenAnew: Bool { state.withLock { $0.digests.count > $0.owed.count } }

    /// The links owed, sorted by path; none are owed afterwards.
    func owed() -> [(path: String, digest: String)] {
        state.withLock { state in
            defer { state.owed = [:] }
            return state.owed.sorted { $0.key < $1.key }.map { (path: $0.key, digest: $0.value) }
        }
    }
}

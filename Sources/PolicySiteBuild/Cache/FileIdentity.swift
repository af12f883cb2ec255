import Foundation
import PolicySiteSupport

/// A regular file as `lstat(2)` sees it: device, inode, size, and the times of its last change of
/// content (modification) and of its inode (status change, which no user can set back). A file of
/// the previous site whose identity is what the build recorded holds what the build wrote there,
/// so it can be linked into the next site without being read again.
struct FileIdentity: Sendable, Hashable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modified: Int64
    var changed: Int64

    /// The identity of the entry at `path` when it is of `kind` (a regular file, or `S_IFDIR` for a
    /// folder, whose times change when an entry is added to it, removed or renamed); nil for
    /// anything else (a link is not followed) or when it is missing.
    init?(path: String, kind: mode_t = S_IFREG) {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == kind else { return nil }
        self.init(info)
    }

    /// The identity `lstat` or `fstat` gave.
    init(_ info: stat) {
        let modified = FileTimes.modified(info)
        #if canImport(Darwin)
        let changed = info.st_ctimespec
        #else
        let changed = info.st_ctim
        #endif
        self.init(device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
                  modified: Int64(modified.tv_sec) * 1_000_000_000 + Int64(modified.tv_nsec),
                  changed: Int64(changed.tv_sec) * 1_000_000_000 + Int64(changed.tv_nsec))
    }

    init(device: UInt64, inode: UInt64, size: Int64, modified: Int64, changed: Int64) {
        self.device = device
        self.inode = inode
        self.size = size
        self.modified = modified
        self.changed = changed
    }
}

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

    /// The identity of the regular file at `path`; nil for anything else or when it is missing.
    init?(path: String) {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        self.init(info)
    }

    /// The identity of the folder at `path` (not a link to one); nil for anything else or when it
    /// is missing. A folder's times change when an entry is added to it, removed or renamed.
    init?(folder path: String) {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return nil }
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

import Foundation

/// What a file is, in words, for the messages that refuse one that is not a regular file (a
/// source, the lock, the users file, a notice's list).
package enum FileKind {
    /// "a named pipe (FIFO)", "a socket", "a device", "a folder", "a special file".
    package static func name(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: "a named pipe (FIFO)"
        case S_IFSOCK: "a socket"
        case S_IFCHR, S_IFBLK: "a device"
        case S_IFDIR: "a folder"
        default: "a special file"
        }
    }
}

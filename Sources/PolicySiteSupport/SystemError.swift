import Foundation

/// System calls whose failure is an `errno`, and an `errno` in words a person reads in a
/// message: "permission denied", not "Operation not permitted (error 1)" or a Foundation error
/// domain.
package enum SystemError {
    /// An `errno` value in words.
    package static func phrase(_ code: Int32) -> String {
        switch code {
        case EACCES, EPERM: return "permission denied"
        case EROFS: return "the file system is read-only"
        case ENOTDIR: return "a part of the path is a file, not a folder"
        case ENOENT: return "no such file or folder"
        case ENOSPC, EDQUOT: return "the disk is full"
        case EEXIST: return "it exists already"
        default:
            let text = String(cString: strerror(code))
            return text.prefix(1).lowercased() + text.dropFirst()
        }
    }

    /// `mkdir -p` (new folders 0700); the `errno` of what failed, or nil.
    package static func makeFolders(_ path: String) -> Int32? {
        if mkdir(path, 0o700) == 0 { return nil }
        let code = errno
        var info = stat()
        if code == EEXIST { return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR ? nil : ENOTDIR }
        guard code == ENOENT else { return code }
        let parent = (path as NSString).deletingLastPathComponent
        guard parent != path, !parent.isEmpty else { return ENOENT }
        if let failure = makeFolders(parent) { return failure }
        return mkdir(path, 0o700) == 0 || errno == EEXIST ? nil : errno
    }

    /// Writes a new file, readable by its owner only (it may hold a user's address); the `errno`
    /// of what failed, or nil.
    package static func writeNewFile(_ bytes: [UInt8], at path: String) -> Int32? {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return errno }
        let failure = bytes.withUnsafeBytes { DescriptorWriting.writeAll($0, to: descriptor) }
        let closed = close(descriptor) == 0 ? nil : errno
        return failure ?? closed
    }
}

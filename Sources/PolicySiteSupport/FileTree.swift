import Foundation

/// Listing the files of a folder tree, for the source fingerprint (which only looks at sizes and
/// times; the sources themselves are read through `SourceAccess`).
package enum FileTree {
    /// The regular files below `folder`, as sorted paths relative to it, leaving out hidden names;
    /// nil when `folder` cannot be opened. A plain `readdir` walk: Foundation's enumerator and
    /// resource values cost a tenth of a second per thousand files. Symbolic links to files count
    /// as files; links to folders are not followed.
    package static func regularFiles(below folder: String) -> [String]? {
        guard let root = opendir(folder) else { return nil }
        closedir(root)
        var found: [String] = []
        var pending: [String] = [""]
        while let relative = pending.popLast() {
            let path = relative.isEmpty ? folder : folder + "/" + relative
            guard let directory = opendir(path) else { continue }
            defer { closedir(directory) }
            while let item = readdir(directory) {
                let name = withUnsafeBytes(of: item.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                guard !name.hasPrefix(".") else { continue }
                let child = relative.isEmpty ? name : relative + "/" + name
                let kind = entryKind(item.pointee.d_type)
                switch kind {
                case S_IFDIR: pending.append(child)
                case S_IFREG: found.append(child)
                default:
                    var info = stat()
                    guard stat(folder + "/" + child, &info) == 0 else { continue }
                    if info.st_mode & S_IFMT == S_IFREG {
                        found.append(child)
                    } else if info.st_mode & S_IFMT == S_IFDIR && kind == nil {
                        pending.append(child)
                    }
                }
            }
        }
        return found.sorted()
    }

    /// The `S_IFMT` bits of a directory entry's type (`dirent.d_type`), which spares a `stat`
    /// per entry; nil when the file system does not say (`DT_UNKNOWN`).
    package static func entryKind(_ type: UInt8) -> mode_t? {
        switch Int32(type) {
        case Int32(DT_DIR): S_IFDIR
        case Int32(DT_REG): S_IFREG
        case Int32(DT_LNK): S_IFLNK
        case Int32(DT_FIFO): S_IFIFO
        case Int32(DT_SOCK): S_IFSOCK
        case Int32(DT_CHR): S_IFCHR
        case Int32(DT_BLK): S_IFBLK
        default: nil
        }
    }
}

import Foundation

/// A file's modification time from `stat(2)`, whose field is named differently per C library:
/// `st_mtim` in glibc (built and tested here), `st_mtimespec` on Darwin (not built here).
package enum FileTimes {
    /// The modification time in `info`, on Linux and macOS alike.
    package static func modified(_ info: stat) -> timespec {
        #if canImport(Glibc)
        return info.st_mtim
        #elseif canImport(Darwin)
        return info.st_mtimespec
        #else
        return info.st_mtim
        #endif
    }
}

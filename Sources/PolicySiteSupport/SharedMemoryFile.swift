import Foundation

/// A file in shared memory (`shm_open`, /dev/shm on Linux), already unlinked, open for reading
/// and writing and close-on-exec: a message's bytes for a child's standard input without
/// touching the disk.
package enum SharedMemoryFile {
    /// The descriptor, or nil where there is none (then use an unlinked temporary file). Darwin
    /// gets nil: its `shm_open` is variadic in C, which Swift cannot call.
    package static func openUnlinked(prefix: String) -> Int32? {
        #if canImport(Glibc)
        for _ in 0..<4 {
            let name = "\(prefix)-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
            let descriptor = shm_open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if descriptor >= 0 {
                shm_unlink(name)
                return descriptor
            }
        }
        return nil
        #else
        return nil
        #endif
    }
}

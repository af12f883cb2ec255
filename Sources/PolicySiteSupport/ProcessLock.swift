import Foundation

/// An exclusive `flock` on a lock file that says who holds it (`<pid> <ISO time>`), held for as
/// long as the value lives. The kernel releases it when its holder ends, however it ends (even by
/// kill -9), so a lock is never left stale. `build` and `notify` each take one.
package final class ProcessLock: Sendable {
    /// Why the lock was not taken.
    package enum Failure: Error {
        /// Another process holds it: `process 12345, since 2026-12-01T08:00:00Z`, as far as the
        /// lock file says.
        case held(by: String)
        /// The lock file could not be made, opened or locked: the system's reason, in words.
        case unusable(String)
    }

    private let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Takes the lock on `file` (making its folder if need be); with `wait`, waits for it after
    /// calling `waiting` once with who holds it.
    package static func acquire(_ file: URL, wait: Bool = false, now: Date, waiting: (String) -> Void = { _ in }) throws(Failure) -> ProcessLock {
        if let code = SystemError.makeFolders(file.deletingLastPathComponent().path) {
            throw .unusable("cannot make its folder: \(SystemError.phrase(code))")
        }
        let descriptor = open(file.path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw .unusable("cannot open it: \(SystemError.phrase(errno))") }
        var taken = lock(descriptor, blocking: false)
        // A process that this one (or the holder) is starting keeps a copy of the holder's
        // descriptor from fork until exec, which closes it: the lock can look held for a moment
        // after its holder let go. A real holder holds it far longer than this.
        for _ in 0..<5 where !taken && errno == EWOULDBLOCK {
            usleep(10_000)
            taken = lock(descriptor, blocking: false)
        }
        if !taken && errno == EWOULDBLOCK {
            let holder = holder(of: descriptor)
            guard wait else {
                close(descriptor)
                throw .held(by: holder)
            }
            waiting(holder)
            taken = lock(descriptor, blocking: true)
        }
        guard taken else {
            let code = errno
            close(descriptor)
            throw .unusable("cannot lock it: \(SystemError.phrase(code))")
        }
        let record = Array("\(getpid()) \(UTCTimestamp.iso(now))\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = record.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        return ProcessLock(descriptor: descriptor)
    }

    /// `flock`, again after a signal; false when it is held elsewhere (or could not be taken).
    private static func lock(_ descriptor: Int32, blocking: Bool) -> Bool {
        while true {
            if flock(descriptor, LOCK_EX | (blocking ? 0 : LOCK_NB)) == 0 { return true }
            if errno != EINTR { return false }
        }
    }

    /// Who holds the lock, as the lock file says.
    private static func holder(of descriptor: Int32) -> String {
        // The holder writes the file right after taking the lock: give it a moment to.
        for attempt in 0..<20 {
            var buffer = [UInt8](repeating: 0, count: 128)
            let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
            let fields = String(decoding: buffer.prefix(max(0, count)), as: UTF8.self).split(whereSeparator: \.isWhitespace)
            if fields.count == 2, let pid = Int32(fields[0]) {
                return "process \(pid), since \(fields[1])"
            }
            if attempt < 19 { usleep(10_000) }
        }
        return "another process"
    }
}

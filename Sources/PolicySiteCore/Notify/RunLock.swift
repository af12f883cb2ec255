import Foundation

/// The lock that lets one `notify` at a time work on the SQLite ledger: an exclusive `flock` on
/// `ledger.lock` beside `ledger.sqlite`, held for the whole run. The file says who holds it (the
/// process id and since when), for the run that finds it taken. The kernel releases the lock when
/// its holder ends, however it ends (even by kill -9), so a lock is never left stale, and rows a
/// previous run left in flight are ownerless once this lock is taken.
final class RunLock: Sendable {
    static let fileName = "ledger.lock"
    private let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Takes the outbox's lock, waiting for it with `wait` (calling `waiting` once, with who holds
    /// it), else failing with who holds it.
    static func acquire(outbox: URL, wait: Bool, now: Date, waiting: (String) -> Void) throws(BuildFailure) -> RunLock {
        let url = outbox.appending(path: fileName)
        if let code = SystemError.makeFolders(outbox.path) {
            throw BuildFailure([.error(outbox.path, "cannot make the outbox folder: \(SystemError.phrase(code))")])
        }
        let descriptor = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else {
            throw BuildFailure([.error(url.path, "cannot open the ledger's lock: \(SystemError.phrase(errno)); notify needs to write in the outbox")])
        }
        var taken = lock(descriptor, blocking: false)
        if !taken {
            let holder = holder(of: descriptor)
            guard wait else {
                close(descriptor)
                throw BuildFailure([.error(outbox.appending(path: DeliveryLedger.fileName).path,
                                           "the ledger is held by \(holder); wait for it, or pass --wait")])
            }
            waiting(holder)
            taken = lock(descriptor, blocking: true)
        }
        guard taken else {
            let code = errno
            close(descriptor)
            throw BuildFailure([.error(url.path, "cannot lock the ledger: \(SystemError.phrase(code))")])
        }
        let record = Array("\(getpid()) \(MailDate.iso(now))\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = record.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        return RunLock(descriptor: descriptor)
    }

    /// `flock`, again after a signal; false when it is held elsewhere (or could not be taken).
    private static func lock(_ descriptor: Int32, blocking: Bool) -> Bool {
        while true {
            if flock(descriptor, LOCK_EX | (blocking ? 0 : LOCK_NB)) == 0 { return true }
            if errno != EINTR { return false }
        }
    }

    /// Who holds the lock, as the lock file says: `policysite notify, process 12345, since …`.
    private static func holder(of descriptor: Int32) -> String {
        // The holder writes the file right after taking the lock: give it a moment to.
        for attempt in 0..<20 {
            var buffer = [UInt8](repeating: 0, count: 128)
            let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
            let fields = String(decoding: buffer.prefix(max(0, count)), as: UTF8.self).split(whereSeparator: \.isWhitespace)
            if fields.count == 2, let pid = Int32(fields[0]) {
                return "policysite notify, process \(pid), since \(fields[1])"
            }
            if attempt < 19 { usleep(10_000) }
        }
        return "another policysite notify"
    }
}

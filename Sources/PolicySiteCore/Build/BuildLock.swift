import Foundation

/// One `build` at a time per site root: an exclusive `flock` on `.policysite/build.lock`, which
/// holds the pid and start time of the build that has it. The kernel releases it when that process
/// ends, however it ends, so a killed build never leaves the site locked.
final class BuildLock: Sendable {
    static let path = ".policysite/build.lock"

    private let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Takes the lock, or fails naming the process that holds it.
    static func acquire(_ paths: SitePaths, now: Date = Date()) throws(Diagnostic) -> BuildLock {
        let display = paths.display(path)
        let url = paths.root.appending(path: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw .error(display, "cannot create the folder for the build lock: \(FileOperationError.describe(error))")
        }
        let descriptor = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .error(display, "cannot open the build lock: \(FileOperationError.reason(errno))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            let holder = String(decoding: FileManager.default.contents(atPath: url.path) ?? Data(), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            close(descriptor)
            guard code == EWOULDBLOCK else {
                throw .error(display, "cannot take the build lock: \(FileOperationError.reason(code))")
            }
            throw .error(display, "another build of this site is running (\(describe(holder))); wait until it has finished, then build again")
        }
        let started = MailDate.iso(now)
        let text = "pid \(getpid()) started \(started)\n"
        if ftruncate(descriptor, 0) == 0 {
            var bytes = text
            _ = bytes.withUTF8 { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        }
        return BuildLock(descriptor: descriptor)
    }

    /// `process 4242, started 2026-12-01T08:00:00Z`, from the holder's line in the lock file.
    private static func describe(_ holder: String) -> String {
        let words = holder.split(separator: " ")
        guard words.count == 4, words[0] == "pid", words[2] == "started", Int32(words[1]) != nil else { return "another process" }
        return "process \(words[1]), started \(words[3])"
    }
}

import Foundation
import Synchronization

/// A program run with `posix_spawn`, as a mail program must be run: with an empty signal mask
/// and every signal at its default action (whatever notify's threads block or ignore, such as
/// SIGPIPE, so that the program's own timeouts and signals work), in a process group of its own
/// (so that ending it ends what it started), with standard output and error on one pipe that is
/// read while waiting (a program that writes much never blocks on a full pipe).
struct ChildProcess: Sendable {
    /// How a child ended.
    enum Reason: Sendable, Hashable {
        case exited(Int32)
        case signaled(Int32)
        /// Ran past the timeout and was ended.
        case timedOut
    }

    struct Ending: Sendable {
        var reason: Reason
        /// The last bytes the child wrote on standard output and error.
        var output: [UInt8]
    }

    /// Why a child could not be started: an `errno`.
    struct SpawnFailure: Error {
        var code: Int32
    }

    let pid: pid_t
    /// The read end of the child's standard output and error.
    private let output: Int32

    /// The bytes of output kept for the report.
    private static let tailLength = 1024

    /// Starts `path` with `arguments` (without a shell) and `standardInput` as its standard input.
    static func spawn(_ path: String, arguments: [String], standardInput: Int32) -> Result<ChildProcess, SpawnFailure> {
        creatingDescriptors { spawnLocked(path, arguments: arguments, standardInput: standardInput) }
    }

    /// Serialises the making of descriptors that are not close-on-exec from the start with the
    /// starting of children: `pipe2` and `mkostemp` are not available here, and a child started by
    /// another worker between `pipe` and `fcntl(FD_CLOEXEC)` would inherit the pipe and keep it open.
    static func creatingDescriptors<T>(_ body: () -> T) -> T {
        spawning.withLock { _ in body() }
    }

    private static let spawning = Mutex(())

    /// Sets close-on-exec; call within `creatingDescriptors`.
    static func closeOnExec(_ descriptor: Int32) {
        _ = fcntl(descriptor, F_SETFD, fcntl(descriptor, F_GETFD) | FD_CLOEXEC)
    }

    private static func spawnLocked(_ path: String, arguments: [String], standardInput: Int32) -> Result<ChildProcess, SpawnFailure> {
        var pipeEnds: [Int32] = [-1, -1]
        guard pipe(&pipeEnds) == 0 else { return .failure(SpawnFailure(code: errno)) }
        closeOnExec(pipeEnds[0])
        closeOnExec(pipeEnds[1])
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, standardInput, 0)
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 1)
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))

        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid = pid_t()
        let code = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        close(pipeEnds[1])
        guard code == 0 else {
            close(pipeEnds[0])
            return .failure(SpawnFailure(code: code))
        }
        return .success(ChildProcess(pid: pid, output: pipeEnds[0]))
    }

    /// Waits for the child to end, reading its output meanwhile. After `timeout` seconds its
    /// process group is sent TERM, and KILL `grace` seconds later. Call once.
    func wait(timeout: Double, grace: Double) -> Ending {
        defer { close(output) }
        _ = fcntl(output, F_SETFL, fcntl(output, F_GETFL) | O_NONBLOCK)
        var tail: [UInt8] = []
        var isOpen = true
        let start = ProcessInfo.processInfo.systemUptime

        /// Waits until `deadline` (seconds since `start`) for the child; nil when it still runs.
        func waitUntil(_ deadline: Double) -> Reason? {
            var pause: UInt32 = 1000
            while true {
                if let reason = reap(blocking: false) {
                    if isOpen { isOpen = readAvailable(into: &tail) }
                    return reason
                }
                let remaining = deadline - (ProcessInfo.processInfo.systemUptime - start)
                if remaining <= 0 { return nil }
                if isOpen {
                    // Output, its end, or at most 100 ms: the child may exit and leave the pipe
                    // open in a process it started.
                    var ready = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
                    if poll(&ready, 1, Int32(min(100, max(1, (remaining * 1000).rounded(.up))))) > 0 {
                        isOpen = readAvailable(into: &tail)
                    }
                } else {
                    usleep(UInt32(min(Double(pause), remaining * 1_000_000 + 1)))
                    pause = min(pause * 2, 50_000)
                }
            }
        }

        if let reason = waitUntil(timeout) { return Ending(reason: reason, output: tail) }
        kill(-pid, SIGTERM)
        if waitUntil(timeout + grace) == nil {
            kill(-pid, SIGKILL)
            _ = reap(blocking: true)
        }
        // What it started and left behind in its group goes too.
        kill(-pid, SIGKILL)
        return Ending(reason: .timedOut, output: tail)
    }

    /// The child's ending once it has ended (with `blocking`, waits for it).
    private func reap(blocking: Bool) -> Reason? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, blocking ? 0 : WNOHANG)
            if result == pid { break }
            if result == 0 { return nil }
            if errno == EINTR { continue }
            return .exited(-1)  // ECHILD: not ours to wait for any more
        }
        // The <sys/wait.h> macros: low 7 bits the signal, or 0 and the exit status above.
        let signal = status & 0x7F
        return signal == 0 ? .exited((status >> 8) & 0xFF) : .signaled(signal)
    }

    /// Reads what is there; false at the end of the output.
    private func readAvailable(into tail: inout [UInt8]) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(output, $0.baseAddress, $0.count) }
            if count > 0 {
                tail += buffer.prefix(count)
                if tail.count > Self.tailLength { tail.removeFirst(tail.count - Self.tailLength) }
            } else if count == 0 {
                return false
            } else if errno == EINTR {
                continue
            } else {
                return errno == EAGAIN || errno == EWOULDBLOCK
            }
        }
    }
}

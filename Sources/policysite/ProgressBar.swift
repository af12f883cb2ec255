import Foundation
import PolicySiteMail
import PolicySiteSupport
import Synchronization

/// A progress bar on a terminal (counts and rate, redrawn at most ten times a second), or
/// nothing until the summary elsewhere.
final class ProgressBar: Sendable {
    private let isTerminal: Bool
    private let state = Mutex<(lastDraw: Double, started: Double)>((0, 0))

    init(isTerminal: Bool) {
        self.isTerminal = isTerminal
    }

    func update(_ progress: NotifyProgress) {
        guard isTerminal else { return }
        let now = ProcessInfo.processInfo.systemUptime
        let shouldDraw = state.withLock { state -> Bool in
            if state.started == 0 { state.started = now }
            guard now - state.lastDraw >= 0.1 || progress.done == progress.total else { return false }
            state.lastDraw = now
            return true
        }
        guard shouldDraw else { return }
        let elapsed = max(0.001, now - state.withLock { $0.started })
        let width = 30
        let filled = progress.total == 0 ? width : width * progress.done / progress.total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let line = "\r\(ControlCharacters.escaped(progress.notice)) [\(bar)] \(progress.done)/\(progress.total) · \(progress.sent) sent, \(progress.deferred) deferred, \(progress.failed) failed · \(Int(Double(progress.done) / elapsed)) msg/s "
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

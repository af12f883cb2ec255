import Foundation
import Synchronization

/// SIGINT, SIGTERM and SIGHUP during a run: the first one stops the run gently (no new message
/// is handed off; those in flight, whose mail programs run in their own process groups and so
/// do not get the terminal's signal, finish and are recorded, so a rerun does not send them
/// again); a second one ends the process at once.
enum InterruptSignals {
    private static let signal = Atomic<Int32>(0)

    /// The signal received, or 0.
    static var received: Int32 { signal.load(ordering: .relaxed) }

    static func install() {
        for number in [SIGINT, SIGTERM, SIGHUP] {
            _ = Foundation.signal(number) { number in
                InterruptSignals.signal.store(number, ordering: .relaxed)
                _ = Foundation.signal(number, SIG_DFL)
            }
        }
    }
}

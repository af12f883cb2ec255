import Dispatch
import Synchronization

/// Passes values from one thread to another in the order sent, holding at most `capacity` of
/// them: a sender that gets that far ahead waits, so that memory stays bounded whatever the two
/// threads' speeds. Plain threads block on it; it is not for the cooperative pool's tasks.
package final class HandOff<Value: Sendable>: Sendable {
    private let waiting = Mutex<[Value]>([])
    private let free: DispatchSemaphore
    private let ready = DispatchSemaphore(value: 0)

    /// A hand-off holding at most `capacity` (at least 1) values not yet received.
    /// It may be released with values never received: libdispatch stops a process that frees a
    /// semaphore holding less than it was made with, so `free` is made empty and filled here.
    package init(capacity: Int) {
        free = DispatchSemaphore(value: 0)
        for _ in 0..<max(1, capacity) { free.signal() }
    }

    /// Adds a value, first waiting while `capacity` values are not yet received.
    package func send(_ value: Value) {
        free.wait()
        waiting.withLock { $0.append(value) }
        ready.signal()
    }

    /// The oldest value sent and not yet received, waiting for one when there is none.
    package func receive() -> Value {
        ready.wait()
        let value = waiting.withLock { $0.removeFirst() }
        free.signal()
        return value
    }
}

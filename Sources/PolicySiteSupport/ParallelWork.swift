import Foundation
import Synchronization

/// Runs work items on a fixed number of threads and returns their results in input order, so that
/// output never depends on scheduling. Plain threads rather than the cooperative pool, because a
/// worker may block on the Markdown lock while another has reading or writing to do.
package enum ParallelWork {
    /// Runs `body` for each index below `count` on up to `jobs` threads; the results are in index order.
    package static func map<Result: Sendable>(count: Int, jobs: Int, _ body: @escaping @Sendable (Int) -> Result) -> [Result] {
        let state = SharedState<Result>(count: count)
        let workers = max(1, min(jobs, count))
        let group = DispatchGroup()
        for _ in 0..<workers {
            group.enter()
            let thread = Thread {
                // Kept by the worker and stored at once: a lock taken per result made the
                // workers of many small items (a lookup per file) wait on each other.
                var done: [(index: Int, result: Result)] = []
                while let index = state.claimNext() {
                    done.append((index, body(index)))
                }
                state.store(done)
                group.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        group.wait()
        return state.collect()
    }

    /// The number of worker threads used when none is asked for: one per core, at least two so
    /// that templating and writing overlap the Markdown lock. (More threads than cores measured slower.)
    package static var defaultJobs: Int { max(2, ProcessInfo.processInfo.activeProcessorCount) }

    private final class SharedState<Result: Sendable>: Sendable {
        private let next = Atomic<Int>(0)
        private let results: Mutex<[Result?]>
        private let count: Int

        init(count: Int) {
            self.count = count
            results = Mutex(Array(repeating: nil, count: count))
        }

        func claimNext() -> Int? {
            let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
            return index < count ? index : nil
        }

        func store(_ done: [(index: Int, result: Result)]) {
            results.withLock { results in
                for (index, result) in done { results[index] = result }
            }
        }

        /// Every result; called once all workers are done, when each slot has been stored.
        func collect() -> [Result] {
            results.withLock { $0.compactMap { $0 } }
        }
    }
}

import Foundation

/// Folders removed in the background while the caller goes on, for what is already out of the
/// way and only costs time to delete (a site just replaced: tens of thousands of entries), and
/// work that must wait for those removals (`afterAll`). The owner calls `waitForAll` before it
/// returns, so that nothing is still running when a command ends; a process killed before then
/// leaves the folder under a name that marks it as its own (`Leftovers`), which the next run
/// removes.
package final class BackgroundRemovals: Sendable {
    private let jobs: Int
    private let removing = DispatchGroup()
    private let following = DispatchGroup()

    /// Removals that share the folder's entries among up to `jobs` threads (a file system unlinks
    /// in different folders at once).
    package init(jobs: Int = ParallelWork.defaultJobs) {
        self.jobs = jobs
    }

    /// Starts removing the folder at `path` and everything in it; failures are ignored, as the
    /// next run removes what is left.
    package func remove(_ path: String) {
        removing.enter()
        Thread { [removing, jobs] in
            // A folder that cannot be listed is left to the single removal below.
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            _ = ParallelWork.map(count: entries.count, jobs: jobs) { index in
                try? FileManager.default.removeItem(atPath: path + "/" + entries[index])
            }
            try? FileManager.default.removeItem(atPath: path)  // what stays is removed by the next run
            removing.leave()
        }.start()
    }

    /// Runs `work` on a thread of its own once every removal started so far has finished (at
    /// once when there is none).
    package func afterAll(_ work: @escaping @Sendable () -> Void) {
        following.enter()
        Thread { [removing, following] in
            removing.wait()
            work()
            following.leave()
        }.start()
    }

    /// Returns once every removal and every `afterAll` work started has finished.
    package func waitForAll() {
        removing.wait()
        following.wait()
    }
}

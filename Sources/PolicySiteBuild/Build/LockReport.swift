import Foundation

/// What a build did to `policysite.lock`.
package struct LockReport: Sendable {
    /// Whether this build wrote the first lock, recording every published version as the baseline.
    package var isBaseline: Bool
    /// Versions recorded by this build.
    package var recorded: Int
    /// Whether the lock file changed.
    package var isChanged: Bool
    /// New versions whose notice an earlier, interrupted build had already written.
    package var keptNotices: Int
    /// Whether the site configures a users file; without one, new versions get no list.
    package var hasUsersFile: Bool
    /// Backdated versions recorded with `--insert`, without a notice.
    package var inserted: Int
    /// Recorded versions whose notice this build wrote (`policysite notice`).
    package var lateNotices: Int

    init(update: LockUpdate, keptNotices: Int, hasUsersFile: Bool) {
        isBaseline = update.isBaseline
        recorded = update.isBaseline ? update.lock.policies.values.reduce(0) { $0 + $1.count } : update.newVersions.count
        inserted = update.inserted
        lateNotices = update.lateNotices.count
        isChanged = update.isChanged
        self.keptNotices = keptNotices
        self.hasUsersFile = hasUsersFile
    }
}

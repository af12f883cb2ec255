/// What a build does to the lock: the lock it will write and the versions that are new and get
/// a notice. Computed before anything is rendered or written.
struct LockUpdate: Sendable {
    /// The lock as the build will write it.
    var lock: PolicyLock
    /// Whether `lock` differs from the file on disk (or there was none).
    var isChanged: Bool
    /// Whether this is the first build: no lock yet, so every published version is the baseline.
    var isBaseline: Bool
    /// Newly published versions that get a notice, in site order.
    var newVersions: [PublishedVersions.Entry]
    /// Recorded versions whose notice this build writes (`policysite notice`), in site order.
    var lateNotices: [PublishedVersions.Entry] = []
    /// Backdated versions recorded with `--insert`, which get no notice.
    var inserted = 0
}

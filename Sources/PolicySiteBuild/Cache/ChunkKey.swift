import PolicySiteModel
import PolicySiteSource

/// The cache key of one chunk of versions (`VersionChunk`): the SHA-256 of everything its pages
/// and its report are made from. That is the build's common part (`common`: policysite itself,
/// cmark-gfm, the theme's every file, the site's settings that pages show, the as-of day, whether
/// warnings are verbose) and the whole policy: every version's front matter and the SHA-256 of
/// its body, its status as of the day, its corrections in the lock, the policy's title, and
/// which versions the chunk holds. A page of one version links to others of its policy (the
/// current one, the next, the comparisons), so any change to the policy changes every chunk's key.
enum ChunkKey {
    /// The part of every chunk's key that does not depend on the policy; nil when policysite's
    /// own identity is unknown, and then nothing is cached.
    static func common(theme: Theme, config: SiteConfig, asOf: CalendarDay, verbose: Bool) -> String? {
        guard let engine = EngineIdentity.current else { return nil }
        var hasher = KeyHasher()
        hasher.add(engine)
        hasher.add(theme.name)
        hasher.add(theme.fingerprint)
        hasher.add(config.title)
        hasher.add(config.organization)
        hasher.add(config.baseURL)
        hasher.add(asOf.description)
        hasher.add(verbose)
        return hasher.finalize()
    }

    static func of(_ chunk: VersionChunk, timeline: PolicyTimeline, policyTitle: String, lock: PolicyLock, common: String) -> String {
        var hasher = KeyHasher()
        hasher.add(common)
        let policy = timeline.policy
        hasher.add(policy.id)
        hasher.add(policy.title)
        hasher.add(policy.description)
        hasher.add(policy.order)
        hasher.add(policyTitle)
        hasher.add(policy.versions.count)
        for (index, version) in policy.versions.enumerated() {
            for field in [version.path, version.file.path, version.label, version.segment, version.effective.description,
                          version.published.description, timeline.statuses[index].rawValue, version.bodySHA256] {
                hasher.add(field)
            }
            hasher.add(version.title)
            hasher.add(version.summary)
            hasher.add(version.material)
            hasher.add(version.noticeWaived)
            hasher.add(version.bodyFirstLine)
            let locked = lock[policy.id, version.segment]
            hasher.add(locked.map { String(describing: $0.corrections) })
            if let inserted = locked?.inserted { hasher.add(String(describing: inserted)) } else { hasher.add(nil as String?) }
        }
        hasher.add(timeline.currentIndex)
        hasher.add(timeline.upcomingIndex)
        hasher.add(chunk.versions.map(String.init).joined(separator: ","))
        return "chunk-" + hasher.finalize()
    }
}

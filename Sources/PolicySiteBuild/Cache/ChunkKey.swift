import PolicySiteModel
import PolicySiteSource

/// The cache key of one chunk of versions (`VersionChunk`): the SHA-256 of everything its pages
/// and its report are made from. That is the build's common part (`common`: policysite itself,
/// cmark-gfm, the theme's every file, the site's settings that pages show, the as-of day, whether
/// warnings are verbose, the site's languages and authoritative notes), the language of its pages,
/// and the whole policy as that language shows it: every version's front matter and the SHA-256
/// of its body (a translation's, where it has one), its status as of the day, its corrections
/// and its translation's record in the lock, the policy's title, and which versions the chunk
/// holds. A page of one version links to others of its policy (the current one, the next, the
/// comparisons), so any change to the policy changes every chunk's key.
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
        // Every page links to its versions in every language and carries the authoritative note.
        hasher.add(config.languages.joined(separator: ","))
        for (language, note) in config.authoritativeNotes.sorted(by: { $0.key < $1.key }) {
            hasher.add(language)
            hasher.add(note)
        }
        return hasher.finalize()
    }

    /// `timeline` is the policy as `language` shows it: each translated version with its
    /// translation's file, title, summary and hash.
    static func of(_ chunk: VersionChunk, timeline: PolicyTimeline, policyTitle: String, lock: PolicyLock, language: String, common: String) -> String {
        var hasher = hashing(timeline, policyTitle: policyTitle, lock: lock, language: language, common: common)
        hasher.add(chunk.versions.map(String.init).joined(separator: ","))
        return "chunk-" + hasher.finalize()
    }

    /// The key of one policy's history page and feed in `language`: the policy as the language
    /// shows it, with its title. They are made from its versions' facts and comparisons, which
    /// are what the policy's chunks render, so the policy's inputs stand for them.
    static func history(_ timeline: PolicyTimeline, policyTitle: String, lock: PolicyLock, language: String, common: String) -> String {
        let hasher = hashing(timeline, policyTitle: policyTitle, lock: lock, language: language, common: common)
        return "history-" + hasher.finalize()
    }

    /// A hasher holding one policy's pages' inputs in `language`, for a key of its pages.
    private static func hashing(_ timeline: PolicyTimeline, policyTitle: String, lock: PolicyLock, language: String, common: String) -> KeyHasher {
        var hasher = KeyHasher()
        hasher.add(common)
        hasher.add(language)
        add(timeline, policyTitle: policyTitle, lock: lock, language: language, to: &hasher)
        return hasher
    }

    /// The key of one language's site-wide lists (`SiteRenderer`'s index and 404 page and site
    /// feed, and with the last language `policies.json` and the sitemap): every policy as the
    /// language shows it, with its title, standing for the facts and comparisons its chunks render.
    /// `earlier` holds the lists keys of the languages rendered before, for the last language,
    /// whose `policies.json` and sitemap list theirs too; nil for any other.
    static func lists(_ timelines: [PolicyTimeline], titles: [String], lock: PolicyLock, language: String, earlier: [String]?, common: String) -> String {
        var hasher = KeyHasher()
        hasher.add(common)
        hasher.add(language)
        hasher.add(timelines.count)
        for (timeline, title) in zip(timelines, titles) {
            add(timeline, policyTitle: title, lock: lock, language: language, to: &hasher)
        }
        hasher.add(earlier?.joined(separator: ","))
        return "lists-" + hasher.finalize()
    }

    /// Adds what a policy's pages are made of, as `language` shows it.
    private static func add(_ timeline: PolicyTimeline, policyTitle: String, lock: PolicyLock, language: String, to hasher: inout KeyHasher) {
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
            // The record of this language's translation only: no page of one language shows another's.
            let translation = locked?.translations[language]
            hasher.add(translation?.sha256)
            hasher.add(translation?.recorded.description)
            hasher.add(translation.map { String(describing: $0.corrections) })
        }
        hasher.add(timeline.currentIndex)
        hasher.add(timeline.upcomingIndex)
    }
}

/// A policy's versions placed against one day: which are published, which is current, which
/// are upcoming and superseded, and what succeeds what. Versions are named by their index in
/// `policy.versions` (oldest first), as every page and record that uses the timeline does.
package struct PolicyTimeline: Sendable {
    package let policy: PolicySource
    package let asOf: CalendarDay
    /// The status of each version, in the order of `policy.versions`.
    package let statuses: [VersionStatus]
    /// The published versions (upcoming, current, superseded), oldest first.
    package let publishedIndices: [Int]
    /// The latest version whose effective day has come.
    package let currentIndex: Int?
    /// The first published version that has not yet taken effect.
    package let upcomingIndex: Int?

    package init(policy: PolicySource, asOf: CalendarDay) {
        self.policy = policy
        self.asOf = asOf
        let current = policy.versions.lastIndex { $0.effective <= asOf }
        let statuses = policy.versions.indices.map { index -> VersionStatus in
            let version = policy.versions[index]
            if version.published > asOf { return .scheduled }
            if version.effective > asOf { return .upcoming }
            return index == current ? .current : .superseded
        }
        self.statuses = statuses
        publishedIndices = statuses.indices.filter { statuses[$0].isPublished }
        currentIndex = current
        upcomingIndex = statuses.firstIndex(of: .upcoming)
    }

    /// The version a reader is sent to as "the current one": the current version, or, before any
    /// has taken effect, the first upcoming one. A policy without one is not on the site.
    package var featuredIndex: Int? { currentIndex ?? upcomingIndex }

    package var featured: VersionSource? { featuredIndex.map { policy.versions[$0] } }

    /// The published version that follows the one at `index`, if any.
    package func publishedSuccessor(of index: Int) -> Int? {
        publishedIndices.first { $0 > index }
    }

    /// The versions that get a changes page from each earlier published version
    /// (`<v>/changes/<from>/`): the current and the upcoming one, when published.
    package var comparisonTargets: [Int] {
        [currentIndex, upcomingIndex].compactMap { $0 }.filter { statuses[$0].isPublished }
    }

    /// The published versions before `target`, oldest first: each gets a changes page to it.
    package func comparisonSources(for target: Int) -> [Int] {
        publishedIndices.filter { $0 < target }
    }

    /// The published version before the one at `index`, if any.
    package func publishedPredecessor(of index: Int) -> Int? {
        publishedIndices.last { $0 < index }
    }
}

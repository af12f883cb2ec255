/// A policy's versions placed against one day: which are published, which is current, which
/// are upcoming and superseded, and what succeeds what.
public struct PolicyTimeline: Sendable {
    public let policy: PolicySource
    public let asOf: CalendarDay
    /// The status of each version, in the order of `policy.versions` (oldest first).
    public let statuses: [VersionStatus]

    public init(policy: PolicySource, asOf: CalendarDay) {
        self.policy = policy
        self.asOf = asOf
        let currentIndex = policy.versions.lastIndex { $0.effective <= asOf }
        statuses = policy.versions.indices.map { index in
            let version = policy.versions[index]
            if version.published > asOf { return .scheduled }
            if version.effective > asOf { return .upcoming }
            return index == currentIndex ? .current : .superseded
        }
    }

    /// The published versions, oldest first, with their statuses.
    public var published: [(version: VersionSource, status: VersionStatus)] {
        zip(policy.versions, statuses).filter { $0.1.isPublished }.map { ($0.0, $0.1) }
    }

    public var current: VersionSource? {
        statuses.firstIndex(of: .current).map { policy.versions[$0] }
    }

    /// The first published version that has not yet taken effect.
    public var nextUpcoming: VersionSource? {
        statuses.firstIndex(of: .upcoming).map { policy.versions[$0] }
    }

    /// The version a reader is sent to as "the current one": the current version, or, before any
    /// has taken effect, the first upcoming one.
    public var featured: VersionSource? { featuredIndex.map { policy.versions[$0] } }

    /// The index of the published version that follows the one at `index`, if any.
    public func publishedSuccessor(of index: Int) -> Int? {
        policy.versions.indices.dropFirst(index + 1).first { statuses[$0].isPublished }
    }

    /// The index of the published version before the one at `index`, if any.
    public func publishedPredecessor(of index: Int) -> Int? {
        policy.versions.indices.prefix(index).last { statuses[$0].isPublished }
    }

    /// The index of the featured version.
    public var featuredIndex: Int? {
        statuses.firstIndex(of: .current) ?? statuses.firstIndex(of: .upcoming)
    }
}

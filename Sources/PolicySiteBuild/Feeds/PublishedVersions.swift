import Foundation
import PolicySiteModel

/// Every published version with what rendering found out about it: what the feeds,
/// `policies.json` and the sitemap are written from.
struct PublishedVersions: Sendable {
    let config: SiteConfig
    let asOf: CalendarDay
    let timelines: [PolicyTimeline]
    /// Each policy's title.
    let titles: [String]
    /// Per policy, the facts of each published version by index in its timeline.
    let facts: [[Int: VersionFacts]]
    /// The lock as this build writes it.
    let lock: PolicyLock
    /// The language of these pages and records; `config` has its base URL.
    let language: SiteLanguage
    /// Per policy, what changed to each comparison target (the current and the upcoming version,
    /// by index) from each earlier published version (by index), as its `changes/<from>/` page shows.
    var comparisons: [[Int: [Int: ChangeSummary]]] = []

    /// The policies on the site (with a version in effect or announced), in index order.
    var listed: [Int] { timelines.indices.filter { timelines[$0].featured != nil } }

    /// A published version of a policy.
    struct Entry: Sendable, Hashable {
        let policy: Int
        let version: Int
    }

    /// The published versions of the listed policies, oldest first within each policy.
    func entries(of policy: Int) -> [Entry] {
        timelines[policy].publishedIndices.map { Entry(policy: policy, version: $0) }
    }

    func source(_ entry: Entry) -> VersionSource { timelines[entry.policy].policy.versions[entry.version] }
    func status(_ entry: Entry) -> VersionStatus { timelines[entry.policy].statuses[entry.version] }
    func facts(_ entry: Entry) -> VersionFacts? { facts[entry.policy][entry.version] }
    func policyID(_ entry: Entry) -> String { timelines[entry.policy].policy.id }
    func corrections(_ entry: Entry) -> [Correction] { lock[policyID(entry), source(entry).segment]?.corrections ?? [] }
    func inserted(_ entry: Entry) -> Acknowledgement? { lock[policyID(entry), source(entry).segment]?.inserted }

    func url(_ path: SitePath) -> String { config.baseURL + path.folder }

    func versionURL(_ entry: Entry) -> String { url(.version(policyID(entry), source(entry).segment)) }

    /// The page comparing a version with an earlier one, `<v>/changes/<from>/`.
    func comparisonURL(_ entry: Entry, from: Int) -> String {
        url(.comparison(policyID(entry), source(entry).segment, from: timelines[entry.policy].policy.versions[from].segment))
    }

    /// The changes page of a version, or nil for the first published one.
    func changesURL(_ entry: Entry) -> String? {
        timelines[entry.policy].publishedPredecessor(of: entry.version) == nil ? nil : url(.changes(policyID(entry), source(entry).segment))
    }

    // MARK: When pages last changed

    /// The last day, up to the build day, on which a version's page changed: it was published,
    /// took effect, or was superseded.
    func lastChange(_ entry: Entry) -> CalendarDay {
        let version = source(entry)
        var days = [version.published]
        if version.effective <= asOf { days.append(version.effective) }
        if let next = timelines[entry.policy].publishedSuccessor(of: entry.version) {
            let effective = timelines[entry.policy].policy.versions[next].effective
            if effective <= asOf { days.append(effective) }
        }
        return days.max() ?? version.published
    }

    /// The last day a policy's current page or history changed.
    func lastChange(ofPolicy policy: Int) -> CalendarDay {
        entries(of: policy).map { entry in
            let version = source(entry)
            return version.effective <= asOf ? max(version.published, version.effective) : version.published
        }.max() ?? asOf
    }
}

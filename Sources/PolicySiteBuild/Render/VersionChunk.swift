import PolicySiteModel

/// Consecutive published versions of one policy, rendered in order by one worker: the piece of
/// the parallel work over versions. The first version of a chunk renders its predecessor's text
/// again to compare with, so longer chunks repeat less work and shorter ones spread better over
/// the workers.
struct VersionChunk: Sendable {
    /// The policy, by index in the site.
    var policy: Int
    /// The versions, by index in the policy's timeline, oldest first.
    var versions: [Int]

    /// Versions rendered by one worker in a row when there are few policies.
    static let length = 16

    /// Policies per worker from which each chunk is a whole policy: enough policies to keep every
    /// worker busy, so no version is rendered twice.
    static let policiesPerJobForWholeChunks = 4

    /// The longest chunk for `policyCount` policies: a whole policy when there are at least
    /// `policiesPerJobForWholeChunks` per worker, else `length`.
    static func length(policyCount: Int, jobs: Int) -> Int {
        policyCount >= policiesPerJobForWholeChunks * max(jobs, 1) ? Int.max : length
    }

    /// Every published version of the timelines, in chunks, policy by policy.
    static func chunks(of timelines: [PolicyTimeline], jobs: Int) -> [VersionChunk] {
        let length = length(policyCount: timelines.filter { !$0.publishedIndices.isEmpty }.count, jobs: jobs)
        return timelines.indices.flatMap { policy in
            let published = timelines[policy].publishedIndices
            return stride(from: 0, to: published.count, by: length).map {
                VersionChunk(policy: policy, versions: Array(published[$0..<($0 + min(length, published.count - $0))]))
            }
        }
    }
}

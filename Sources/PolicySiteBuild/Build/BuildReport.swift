import Foundation
import PolicySiteNotices
import PolicySiteSupport

/// What a successful build did.
package struct BuildReport: Sendable {
    package var outputFolder: URL
    package var pageCount: Int
    package var policyCount: Int
    package var versionCount: Int
    /// Warnings: problems that did not stop the build.
    package var diagnostics: [Diagnostic]
    package var lock: LockReport
    /// The notices written to the outbox, with their counts.
    package var notices: [Notice]
    package var outbox: URL
    /// Set when the build recorded nothing because of its as-of day.
    package var preview: AsOfPreview?
    /// The SHA-256 of every file in the new site (`SiteManifest`), for the build record.
    var files: [String: String] = [:]
    /// Chunks of versions replayed from the build's cache, and chunks rendered (`ChunkCache`).
    package var cachedChunks = (replayed: 0, rendered: 0)
    /// Policies' histories and feeds (one per policy and language) replayed from the cache, and
    /// those written.
    package var cachedHistories = (replayed: 0, rendered: 0)
    /// Languages whose site-wide lists (index, site feed, records) were replayed from the cache,
    /// and languages whose lists were written.
    package var cachedLists = (replayed: 0, rendered: 0)
}
